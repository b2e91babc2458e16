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

/**
 * Up to `limit` of a team's institution names (newest first), to suggest close matches for a
 * name that found none. Institutions are a team's places, so a few hundred is typical.
 */
export async function listInstitutionNames(
  db: Kysely<Database>,
  teamId: string,
  limit: number,
): Promise<{ name: string; type: Institution['type'] }[]> {
  return db
    .selectFrom('institutions')
    .select(['name', 'type'])
    .where('team_id', '=', teamId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}
