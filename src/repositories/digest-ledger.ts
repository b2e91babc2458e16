import type { Kysely } from 'kysely';
import type { Database, DigestLedgerEntry } from '../db/schema.js';
import { claimLedgerRow, type LedgerClaimTable } from './ledger-claim.js';

/** The digest_ledger table: one row per (team, channel, week), claimed before posting. */

export interface LedgerKey {
  teamId: string;
  channelId: string;
  weekStart: string;
}

const DIGEST_LEDGER: LedgerClaimTable<'digest_ledger', 'team_id' | 'channel_id' | 'week_start'> = {
  table: 'digest_ledger',
  keyColumns: ['team_id', 'channel_id', 'week_start'],
  status: 'status',
  token: 'claim_token',
  claimedAt: 'claimed_at',
  attempts: 'attempts',
};

export async function findLedgerEntry(
  db: Kysely<Database>,
  key: LedgerKey,
): Promise<DigestLedgerEntry | undefined> {
  return db
    .selectFrom('digest_ledger')
    .selectAll()
    .where('team_id', '=', key.teamId)
    .where('channel_id', '=', key.channelId)
    .where('week_start', '=', key.weekStart)
    .executeTakeFirst();
}

/**
 * Claims the right to post one digest. A new key is claimed by inserting it (the unique key lets
 * exactly one of two racing instances win); an existing one only when its last post failed, or
 * when a claim was left behind longer than the lease (a crash between claim and post), and never
 * once sent or after `maxAttempts` (the one ledger claim, ledger-claim.ts).
 */
export async function claimLedgerEntry(
  db: Kysely<Database>,
  key: LedgerKey,
  claim: { id: string; token: string; now: string; staleBefore: string; maxAttempts: number },
): Promise<boolean> {
  const result = await claimLedgerRow(
    db,
    DIGEST_LEDGER,
    { team_id: key.teamId, channel_id: key.channelId, week_start: key.weekStart },
    {
      token: claim.token,
      now: claim.now,
      staleBefore: claim.staleBefore,
      maxAttempts: claim.maxAttempts,
      insert: { id: claim.id },
    },
  );
  return result.held;
}

/** Records the post; only the holder of the claim can. */
export async function markLedgerSent(
  db: Kysely<Database>,
  key: LedgerKey,
  token: string,
  messageTs: string | null,
  now: string,
): Promise<void> {
  await db
    .updateTable('digest_ledger')
    .set({ status: 'sent', message_ts: messageTs, sent_at: now, last_error: null, updated_at: now })
    .where('team_id', '=', key.teamId)
    .where('channel_id', '=', key.channelId)
    .where('week_start', '=', key.weekStart)
    .where('claim_token', '=', token)
    .execute();
}

/** Releases the claim so a later tick retries; `error` is a Slack error code, never content. */
export async function markLedgerFailed(
  db: Kysely<Database>,
  key: LedgerKey,
  token: string,
  error: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('digest_ledger')
    .set({ status: 'failed', last_error: error.slice(0, 200), updated_at: now })
    .where('team_id', '=', key.teamId)
    .where('channel_id', '=', key.channelId)
    .where('week_start', '=', key.weekStart)
    .where('claim_token', '=', token)
    .where('status', '=', 'claimed')
    .execute();
}

/**
 * Claims the upload of a sent digest's trend picture: only once per digest (picture_status moves
 * from null to 'claimed' in one conditional write), so a retried or raced run never uploads twice.
 */
export async function claimLedgerPicture(
  db: Kysely<Database>,
  key: LedgerKey,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('digest_ledger')
    .set({ picture_status: 'claimed', updated_at: now })
    .where('team_id', '=', key.teamId)
    .where('channel_id', '=', key.channelId)
    .where('week_start', '=', key.weekStart)
    .where('status', '=', 'sent')
    .where('picture_status', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** What became of the picture: 'uploaded', or 'failed' (a Slack error code is logged, not stored here). */
export async function markLedgerPicture(
  db: Kysely<Database>,
  key: LedgerKey,
  status: 'uploaded' | 'failed',
  now: string,
): Promise<void> {
  await db
    .updateTable('digest_ledger')
    .set({ picture_status: status, updated_at: now })
    .where('team_id', '=', key.teamId)
    .where('channel_id', '=', key.channelId)
    .where('week_start', '=', key.weekStart)
    .where('picture_status', '=', 'claimed')
    .execute();
}
