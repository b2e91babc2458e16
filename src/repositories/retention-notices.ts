import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { type ClaimResult, claimLedgerRow } from './ledger-claim.js';

/**
 * One DM per organiser and pending retention date, telling them what will be blanked. Claimed
 * before sending (the primary key lets one of two racing instances win); a failed send may be
 * tried again by the next run, a sent one never.
 */
const NOTICES = {
  table: 'retention_notices',
  keyColumns: ['team_id', 'user_id', 'effective_on'],
  status: 'status',
  token: 'claim_token',
  claimedAt: 'claimed_at',
  attempts: 'attempts',
} as const;

/** A DM attempt that has not finished in this long is taken to have died with its process. */
const LEASE_MS = 10 * 60_000;
const MAX_ATTEMPTS = 3;

export async function claimRetentionNotice(
  db: Kysely<Database>,
  key: { teamId: string; userId: string; effectiveOn: string },
  months: number,
  token: string,
  now: Date,
): Promise<ClaimResult> {
  return claimLedgerRow(
    db,
    NOTICES,
    { team_id: key.teamId, user_id: key.userId, effective_on: key.effectiveOn },
    {
      token,
      now: now.toISOString(),
      staleBefore: new Date(now.getTime() - LEASE_MS).toISOString(),
      maxAttempts: MAX_ATTEMPTS,
      claimed: { months },
    },
  );
}

export async function finishRetentionNotice(
  db: Kysely<Database>,
  key: { teamId: string; userId: string; effectiveOn: string },
  token: string,
  outcome: 'sent' | 'failed',
  now: string,
): Promise<void> {
  await db
    .updateTable('retention_notices')
    .set({ status: outcome, sent_at: outcome === 'sent' ? now : null, updated_at: now })
    .where('team_id', '=', key.teamId)
    .where('user_id', '=', key.userId)
    .where('effective_on', '=', key.effectiveOn)
    .where('claim_token', '=', token)
    .execute();
}
