import type { Kysely } from 'kysely';
import type { Database, ImportsTable } from '../db/schema.js';
import { locksRowsOnRead } from './row-lock.js';

/** Pending `/onetoone import` dry runs (issue 12). Always read by (team, organiser, id). */

export async function insertPendingImport(
  db: Kysely<Database>,
  row: Omit<ImportsTable, 'status' | 'finished_at'>,
): Promise<void> {
  await db
    .insertInto('imports')
    .values({ ...row, status: 'pending', finished_at: null })
    .execute();
}

/** The organiser's own import (another organiser's id finds nothing), locking it in a transaction. */
export async function findOwnedImport(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  id: string,
): Promise<Pick<ImportsTable, 'id' | 'status' | 'plan' | 'expires_at' | 'counts'> | undefined> {
  let q = db
    .selectFrom('imports')
    .select(['id', 'status', 'plan', 'expires_at', 'counts'])
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('id', '=', id);
  if (locksRowsOnRead(db)) q = q.forUpdate();
  return q.executeTakeFirst();
}

/**
 * Moves a pending import to `status`, clearing its plan; false when it was not pending any more
 * (applied or cancelled by a second click, or expired). The where on status is the claim.
 */
export async function finishImport(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  id: string,
  status: 'applied' | 'cancelled' | 'expired',
  now: string,
  counts?: string,
): Promise<boolean> {
  const result = await db
    .updateTable('imports')
    .set({ status, plan: null, finished_at: now, ...(counts === undefined ? {} : { counts }) })
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Clears every pending import past its expiry (any workspace): their private text goes. */
export async function expirePendingImports(db: Kysely<Database>, now: string): Promise<number> {
  const result = await db
    .updateTable('imports')
    .set({ status: 'expired', plan: null, finished_at: now })
    .where('status', '=', 'pending')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
