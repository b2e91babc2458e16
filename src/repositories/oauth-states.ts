import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * The oauth_states table (issue 10): hashes of OAuth `state` values already used, so the same
 * state is accepted once across every instance sharing the database.
 */

/** Records a state as used; false if it was used before (a replay). */
export async function insertUsedState(
  db: Kysely<Database>,
  stateHash: string,
  usedAt: string,
  expiresAt: string,
): Promise<boolean> {
  const result = await db
    .insertInto('oauth_states')
    .values({ state_hash: stateHash, used_at: usedAt, expires_at: expiresAt })
    .onConflict((oc) => oc.column('state_hash').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Deletes rows for states that have expired anyway (an expired state is refused on its own). */
export async function deleteExpiredStates(db: Kysely<Database>, now: string): Promise<number> {
  const result = await db.deleteFrom('oauth_states').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
