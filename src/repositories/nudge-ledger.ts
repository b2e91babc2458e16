import type { Kysely } from 'kysely';
import type { Database, NudgeLedgerEntry } from '../db/schema.js';
import { newId } from '../domain/keys.js';
import { claimLedgerRow, type LedgerClaimTable } from './ledger-claim.js';

/** The nudge_ledger table: one row per nudge (team, user, kind, subject, due date), claimed before sending. */

export interface NudgeKey {
  teamId: string;
  userId: string;
  kind: string;
  subjectId: string;
  dueOn: string;
}

const NUDGE_LEDGER: LedgerClaimTable<
  'nudge_ledger',
  'team_id' | 'user_id' | 'kind' | 'subject_id' | 'due_on'
> = {
  table: 'nudge_ledger',
  keyColumns: ['team_id', 'user_id', 'kind', 'subject_id', 'due_on'],
  idColumn: 'id',
  status: 'status',
  token: 'claim_token',
  claimedAt: 'claimed_at',
  attempts: 'attempts',
};

/** Claims one nudge for today's DM; returns its ledger id when ours. */
export async function claimNudge(
  db: Kysely<Database>,
  key: NudgeKey,
  localDate: string,
  token: string,
  now: string,
  staleBefore: string,
): Promise<string | undefined> {
  const claim = await claimLedgerRow(
    db,
    NUDGE_LEDGER,
    {
      team_id: key.teamId,
      user_id: key.userId,
      kind: key.kind,
      subject_id: key.subjectId,
      due_on: key.dueOn,
    },
    { token, now, staleBefore, insert: { id: newId() }, claimed: { local_date: localDate } },
  );
  return claim.held ? claim.id : undefined;
}

export async function finishNudges(
  db: Kysely<Database>,
  ids: string[],
  token: string,
  outcome: { status: 'sent'; channel: string; ts: string } | { status: 'failed' },
  now: string,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('nudge_ledger')
    .set(
      outcome.status === 'sent'
        ? { status: 'sent', channel: outcome.channel, ts: outcome.ts, sent_at: now, updated_at: now }
        : { status: 'failed', updated_at: now },
    )
    .where('id', 'in', ids)
    .where('claim_token', '=', token)
    .execute();
}

export async function findLedgerEntry(
  db: Kysely<Database>,
  teamId: string,
  id: string,
): Promise<NudgeLedgerEntry | undefined> {
  return db
    .selectFrom('nudge_ledger')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The nudges one DM carries, in the order they were claimed. */
export async function listMessageEntries(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  localDate: string,
  channel: string,
  ts: string,
): Promise<NudgeLedgerEntry[]> {
  return db
    .selectFrom('nudge_ledger')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .where('local_date', '=', localDate)
    .where('status', '=', 'sent')
    .where('channel', '=', channel)
    .where('ts', '=', ts)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Sent, still open nudges of a kind about one subject (e.g. the reflect reminder of a one-to-one). */
export async function findOpenSentEntries(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  kind: string,
  subjectId: string,
): Promise<NudgeLedgerEntry[]> {
  return db
    .selectFrom('nudge_ledger')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .where('user_id', '=', userId)
    .where('status', '=', 'sent')
    .where('outcome', 'is', null)
    .execute();
}

/** Records what was done with a nudge, once: a repeated click changes nothing. */
export async function setOutcome(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  id: string,
  outcome: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('nudge_ledger')
    .set({ outcome, outcome_at: now, updated_at: now })
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .where('outcome', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
