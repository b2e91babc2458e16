import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * The one claim every send ledger uses (nudge_days, nudge_ledger, digest_ledger,
 * retention_notices): claim a key by
 * inserting it (the unique key lets exactly one of two racing instances win), or take over an
 * existing row whose last attempt failed or whose claim outlived its lease (a process that died
 * between claim and send), never once sent, skipped, or past `maxAttempts`. Both writes are
 * conditional on the row's state, so they are atomic on SQLite and PostgreSQL alike.
 */

/** The ledgers that carry a claim; each has a unique key and these claim columns. */
export type ClaimableTable = 'nudge_days' | 'nudge_ledger' | 'digest_ledger' | 'retention_notices';

type ColumnOf<T extends ClaimableTable> = keyof Database[T] & string;

export interface LedgerClaimTable<T extends ClaimableTable, K extends ColumnOf<T>> {
  table: T;
  /** The columns of the table's unique key, in its ON CONFLICT order. */
  keyColumns: readonly K[];
  /** A surrogate id to hand back to the holder (nudge_ledger's id), read with RETURNING. */
  idColumn?: ColumnOf<T>;
  status: ColumnOf<T>;
  token: ColumnOf<T>;
  claimedAt: ColumnOf<T>;
  attempts: ColumnOf<T>;
}

type ColumnValue = string | number | null;

export interface LedgerClaim<T extends ClaimableTable> {
  token: string;
  now: string;
  /** A claim taken before this instant has outlived its lease and may be taken over. */
  staleBefore: string;
  /** Absent: no limit (a failed row may always be tried again). */
  maxAttempts?: number;
  /** Further columns a new row is inserted with (e.g. its id). */
  insert?: Partial<Record<ColumnOf<T>, ColumnValue>>;
  /** Further columns set on both a new and a taken-over row (e.g. the DM's local date). */
  claimed?: Partial<Record<ColumnOf<T>, ColumnValue>>;
  /** Further columns set only when taking a row over (e.g. clearing its last error). */
  takeover?: Partial<Record<ColumnOf<T>, ColumnValue>>;
}

export type ClaimResult = { held: true; token: string; id?: string } | { held: false };

// The table is chosen at run time; the config's column names are checked against the schema above.
type LooseDb = Record<string, Record<string, ColumnValue>>;

export async function claimLedgerRow<T extends ClaimableTable, K extends ColumnOf<T>>(
  db: Kysely<Database>,
  ledger: LedgerClaimTable<T, K>,
  key: Record<K, string>,
  claim: LedgerClaim<T>,
): Promise<ClaimResult> {
  const loose = db as unknown as Kysely<LooseDb>;
  const table = ledger.table as string;
  const keyValues = key as Record<string, string>;
  const keyColumns: string[] = [...ledger.keyColumns];
  const idColumn: string | undefined = ledger.idColumn;
  const {
    status,
    token,
    claimedAt,
    attempts,
  }: Record<'status' | 'token' | 'claimedAt' | 'attempts', string> = ledger;
  const held = (id?: unknown): ClaimResult =>
    id === undefined
      ? { held: true, token: claim.token }
      : { held: true, token: claim.token, id: String(id) };

  const insertValues: Record<string, ColumnValue> = {
    ...claim.insert,
    ...keyValues,
    ...claim.claimed,
    [status]: 'claimed',
    [token]: claim.token,
    [claimedAt]: claim.now,
    [attempts]: 1,
    created_at: claim.now,
    updated_at: claim.now,
  };
  const insert = loose
    .insertInto(table)
    .values(insertValues)
    .onConflict((oc) => oc.columns(keyColumns).doNothing());
  if (idColumn) {
    const row = await insert.returning(idColumn).executeTakeFirst();
    if (row) return held(row[idColumn]);
  } else {
    const inserted = await insert.executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return held();
  }

  let update = loose.updateTable(table).set((eb) => ({
    ...claim.claimed,
    ...claim.takeover,
    [status]: 'claimed',
    [token]: claim.token,
    [claimedAt]: claim.now,
    [attempts]: eb(attempts, '+', 1),
    updated_at: claim.now,
  }));
  for (const column of keyColumns) update = update.where(column, '=', keyValues[column]!);
  if (claim.maxAttempts !== undefined) update = update.where(attempts, '<', claim.maxAttempts);
  update = update.where((eb) =>
    eb.or([
      eb(status, '=', 'failed'),
      eb.and([eb(status, '=', 'claimed'), eb(claimedAt, '<', claim.staleBefore)]),
    ]),
  );
  if (idColumn) {
    const row = await update.returning(idColumn).executeTakeFirst();
    return row ? held(row[idColumn]) : { held: false };
  }
  const updated = await update.executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0 ? held() : { held: false };
}
