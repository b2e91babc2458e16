import { type Kysely, sql } from 'kysely';
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

/**
 * Claims the nudges of one DM at once (ids in `keys` order, undefined where not ours): see
 * claimNudgeBatch.
 */
export async function claimNudges(
  db: Kysely<Database>,
  keys: readonly NudgeKey[],
  localDate: string,
  token: string,
  now: string,
  staleBefore: string,
): Promise<(string | undefined)[]> {
  return claimNudgeBatch(
    db,
    keys.map((key) => ({ key, localDate, token })),
    now,
    staleBefore,
  );
}

/** Rows per multi-row insert: far below either database's bound-parameter limit. */
const ROWS_PER_INSERT = 200;

/**
 * Claims the nudges of several DMs at once, each under its own DM's token and local date (ids
 * in `claims` order, undefined where not ours): one multi-row insert for the keys new to the
 * ledger (the unique key lets one racing instance win each), then claimNudge's takeover for
 * each key already there (a failed or stale claim, or one another instance holds).
 */
export async function claimNudgeBatch(
  db: Kysely<Database>,
  claims: readonly { key: NudgeKey; localDate: string; token: string }[],
  now: string,
  staleBefore: string,
): Promise<(string | undefined)[]> {
  if (claims.length === 0) return [];
  const keyOf = (k: { team_id: string; user_id: string; kind: string; subject_id: string; due_on: string }) =>
    `${k.team_id}\u0000${k.user_id}\u0000${k.kind}\u0000${k.subject_id}\u0000${k.due_on}`;
  const row = ({ key: k }: { key: NudgeKey }) => ({
    team_id: k.teamId,
    user_id: k.userId,
    kind: k.kind,
    subject_id: k.subjectId,
    due_on: k.dueOn,
  });
  const ids = new Map<string, string>();
  for (let i = 0; i < claims.length; i += ROWS_PER_INSERT) {
    const inserted = await db
      .insertInto('nudge_ledger')
      .values(
        claims.slice(i, i + ROWS_PER_INSERT).map((c) => ({
          id: newId(),
          ...row(c),
          local_date: c.localDate,
          status: 'claimed' as const,
          claim_token: c.token,
          claimed_at: now,
          attempts: 1,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['team_id', 'user_id', 'kind', 'subject_id', 'due_on']).doNothing())
      .returning(['id', 'team_id', 'user_id', 'kind', 'subject_id', 'due_on'])
      .execute();
    for (const r of inserted) ids.set(keyOf(r), r.id);
  }
  const out: (string | undefined)[] = [];
  for (const c of claims) {
    const id = ids.get(keyOf(row(c)));
    out.push(id ?? (await claimNudge(db, c.key, c.localDate, c.token, now, staleBefore)));
  }
  return out;
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

/** The nudges one DM carries (the caller puts them in the DM's stable order). */
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
    .orderBy('kind')
    .orderBy('due_on')
    .orderBy('subject_id')
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

/** The outcome of a nudge sent folded into a line of its DM, not as a card. */
export const FOLDED = 'folded';

/** Marks claimed nudges with an outcome as they are sent (folded reminders: no card, no button). */
export async function setOutcomes(
  db: Kysely<Database>,
  ids: string[],
  token: string,
  outcome: string,
  now: string,
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('nudge_ledger')
    .set({ outcome, outcome_at: now, updated_at: now })
    .where('id', 'in', ids)
    .where('claim_token', '=', token)
    .where('outcome', 'is', null)
    .execute();
}

/**
 * The nudges of one kind sent to an organiser as cards (not folded into a line) on the last
 * `days` local dates that carried that kind before `beforeDate`: the back-off reads whether
 * any was acted on.
 */
export async function listRecentOfKind(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  kind: string,
  beforeDate: string,
  days: number,
): Promise<NudgeLedgerEntry[]> {
  const cards = db
    .selectFrom('nudge_ledger')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('status', '=', 'sent')
    .where((eb) => eb.or([eb('outcome', 'is', null), eb('outcome', '<>', FOLDED)]));
  const recent = cards
    .select('local_date')
    .distinct()
    .where('local_date', '<', beforeDate)
    .orderBy('local_date', 'desc')
    .limit(days);
  return cards.selectAll().where('local_date', 'in', recent).orderBy('local_date', 'desc').execute();
}

/**
 * listRecentOfKind for several organisers and kinds at once (a batch of DMs, one workspace):
 * for each (organiser, kind), the sent cards of its last `days` dates before `beforeDate`,
 * newest first. One query: the dates ranked within each organiser's kind by a window function.
 */
export async function listRecentOfKinds(
  db: Kysely<Database>,
  teamId: string,
  userIds: readonly string[],
  kinds: readonly string[],
  beforeDate: string,
  days: number,
): Promise<NudgeLedgerEntry[]> {
  if (userIds.length === 0 || kinds.length === 0) return [];
  const ranked = db
    .selectFrom('nudge_ledger')
    .selectAll()
    .select(
      sql<number>`dense_rank() over (partition by user_id, kind order by local_date desc)`.as('day_rank'),
    )
    .where('team_id', '=', teamId)
    .where('user_id', 'in', [...new Set(userIds)])
    .where('kind', 'in', [...new Set(kinds)])
    .where('status', '=', 'sent')
    .where((eb) => eb.or([eb('outcome', 'is', null), eb('outcome', '<>', FOLDED)]))
    .where('local_date', '<', beforeDate);
  const rows = await db
    .selectFrom(ranked.as('r'))
    .selectAll()
    .where('day_rank', '<=', days)
    .orderBy('local_date', 'desc')
    .execute();
  return rows.map(({ day_rank: _, ...row }) => row);
}

/** Every nudge of a kind sent to an organiser (the back-off's questions: one per asked kind). */
export async function listSentOfKind(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  kind: string,
): Promise<NudgeLedgerEntry[]> {
  return db
    .selectFrom('nudge_ledger')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .execute();
}
