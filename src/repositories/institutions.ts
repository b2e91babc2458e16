import type { Kysely } from 'kysely';
import type { Database, Institution } from '../db/schema.js';
import { nameKey, newId } from '../domain/keys.js';

/** Institutions are shared by a team (public bodies): one row per (team, name), whoever logs it first. */
export async function findOrCreateInstitution(
  db: Kysely<Database>,
  teamId: string,
  name: string,
  now: string,
): Promise<Institution> {
  const key = nameKey(name);
  await db
    .insertInto('institutions')
    .values({ id: newId(), team_id: teamId, name: name.trim(), name_key: key, created_at: now })
    .onConflict((oc) => oc.columns(['team_id', 'name_key']).doNothing())
    .execute();
  return db
    .selectFrom('institutions')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('name_key', '=', key)
    .executeTakeFirstOrThrow();
}
