import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** The nudge_preferences table: each organiser's on/off per nudge kind ('*': all). */

export async function listPreferences(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
): Promise<{ kind: string; enabled: number }[]> {
  return db
    .selectFrom('nudge_preferences')
    .select(['kind', 'enabled'])
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .execute();
}

export async function setPreference(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  kind: string,
  enabled: boolean,
  now: string,
): Promise<void> {
  const flag = enabled ? 1 : 0;
  await db
    .insertInto('nudge_preferences')
    .values({ team_id: teamId, user_id: userId, kind, enabled: flag, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['team_id', 'user_id', 'kind']).doUpdateSet({ enabled: flag, updated_at: now }),
    )
    .execute();
}

/** Organisers who switched an opt-in kind on (through nudge_preferences_kind_idx). */
export async function listOptedIn(
  db: Kysely<Database>,
  kind: string,
): Promise<{ team_id: string; user_id: string }[]> {
  return db
    .selectFrom('nudge_preferences')
    .select(['team_id', 'user_id'])
    .where('kind', '=', kind)
    .where('enabled', '=', 1)
    .execute();
}
