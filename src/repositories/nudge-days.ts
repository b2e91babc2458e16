import type { Kysely } from 'kysely';
import type { Database, NudgeDay, NudgeDayStatus } from '../db/schema.js';
import { claimLedgerRow, type LedgerClaimTable } from './ledger-claim.js';

/**
 * The nudge_days table: at most one nudge DM per organiser and local day. Claims are conditional
 * writes (insert-or-nothing, then update-where-reclaimable), so two instances sharing the
 * database never both win the same key, on SQLite or PostgreSQL.
 */

const NUDGE_DAYS: LedgerClaimTable<'nudge_days', 'team_id' | 'user_id' | 'local_date'> = {
  table: 'nudge_days',
  keyColumns: ['team_id', 'user_id', 'local_date'],
  status: 'status',
  token: 'claim_token',
  claimedAt: 'claimed_at',
  attempts: 'attempts',
};

export interface DayKey {
  teamId: string;
  userId: string;
  localDate: string;
}

export async function findDay(db: Kysely<Database>, key: DayKey): Promise<NudgeDay | undefined> {
  return db
    .selectFrom('nudge_days')
    .selectAll()
    .where('team_id', '=', key.teamId)
    .where('user_id', '=', key.userId)
    .where('local_date', '=', key.localDate)
    .executeTakeFirst();
}

/**
 * Claims the day's DM for this organiser: true when ours. A failed day, or a claim older than
 * `staleBefore` (a process that died mid-send), may be claimed again.
 */
export async function claimDay(
  db: Kysely<Database>,
  key: DayKey,
  token: string,
  now: string,
  staleBefore: string,
): Promise<boolean> {
  const claim = await claimLedgerRow(
    db,
    NUDGE_DAYS,
    { team_id: key.teamId, user_id: key.userId, local_date: key.localDate },
    { token, now, staleBefore, takeover: { error: null } },
  );
  return claim.held;
}

/** Rows per multi-row insert: far below either database's bound-parameter limit. */
const ROWS_PER_INSERT = 200;

/**
 * Claims many organisers' days at once (in `claims` order: true where ours). Days with no row
 * when the caller last looked go in one multi-row insert (the unique key lets one racing
 * instance win each; a loser learns it from the same statement); a day whose row was there
 * (`reclaim`: it failed, or its claim outlived its lease) is taken over as claimDay does.
 */
export async function claimDays(
  db: Kysely<Database>,
  claims: readonly { key: DayKey; token: string; reclaim?: boolean }[],
  now: string,
  staleBefore: string,
): Promise<boolean[]> {
  if (claims.length === 0) return [];
  const keyOf = (teamId: string, userId: string, localDate: string) =>
    `${teamId}\u0000${userId}\u0000${localDate}`;
  const won = new Set<string>();
  const fresh = claims.filter((c) => !c.reclaim);
  for (let i = 0; i < fresh.length; i += ROWS_PER_INSERT) {
    const inserted = await db
      .insertInto('nudge_days')
      .values(
        fresh.slice(i, i + ROWS_PER_INSERT).map(({ key, token }) => ({
          team_id: key.teamId,
          user_id: key.userId,
          local_date: key.localDate,
          status: 'claimed' as const,
          claim_token: token,
          claimed_at: now,
          attempts: 1,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['team_id', 'user_id', 'local_date']).doNothing())
      .returning(['team_id', 'user_id', 'local_date'])
      .execute();
    for (const r of inserted) won.add(keyOf(r.team_id, r.user_id, r.local_date));
  }
  const out: boolean[] = [];
  for (const { key, token, reclaim } of claims) {
    out.push(
      reclaim
        ? await claimDay(db, key, token, now, staleBefore)
        : won.has(keyOf(key.teamId, key.userId, key.localDate)),
    );
  }
  return out;
}

/** Records the day's outcome; only the claim holder may. */
export async function finishDay(
  db: Kysely<Database>,
  key: DayKey,
  token: string,
  status: NudgeDayStatus,
  now: string,
  extra: { channel?: string; ts?: string; error?: string; extras?: string } = {},
): Promise<void> {
  await db
    .updateTable('nudge_days')
    .set({
      status,
      updated_at: now,
      ...(status === 'sent'
        ? {
            sent_at: now,
            channel: extra.channel ?? null,
            ts: extra.ts ?? null,
            extras: extra.extras ?? null,
          }
        : {}),
      ...(extra.error ? { error: extra.error } : {}),
    })
    .where('team_id', '=', key.teamId)
    .where('user_id', '=', key.userId)
    .where('local_date', '=', key.localDate)
    .where('claim_token', '=', token)
    .execute();
}

/** Gives up a day claim that ended up carrying nothing, so a later tick today may use it. */
export async function releaseDay(db: Kysely<Database>, key: DayKey, token: string): Promise<void> {
  await db
    .deleteFrom('nudge_days')
    .where('team_id', '=', key.teamId)
    .where('user_id', '=', key.userId)
    .where('local_date', '=', key.localDate)
    .where('claim_token', '=', token)
    .where('status', '=', 'claimed')
    .execute();
}

/** Records a day as skipped (a deactivated user), unless something already holds it. */
export async function skipDay(db: Kysely<Database>, key: DayKey, now: string, error: string): Promise<void> {
  await db
    .insertInto('nudge_days')
    .values({
      team_id: key.teamId,
      user_id: key.userId,
      local_date: key.localDate,
      status: 'skipped',
      error,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['team_id', 'user_id', 'local_date']).doNothing())
    .execute();
}

/** When the organiser's last DM went out (through nudge_days_sent_idx), if ever. */
export async function lastSentAt(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('nudge_days')
    .select('sent_at')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .where('sent_at', 'is not', null)
    .orderBy('sent_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.sent_at ?? undefined;
}
