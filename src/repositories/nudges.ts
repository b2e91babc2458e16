import type { Kysely } from 'kysely';
import type { Database, NudgeDay, NudgeDayStatus, NudgeLedgerEntry } from '../db/schema.js';
import { newId } from '../domain/keys.js';

/**
 * The nudge ledger, the one-DM-per-local-day key and nudge settings. Claims are conditional
 * writes (insert-or-nothing, then update-where-reclaimable), so two instances sharing the
 * database never both win the same key, on SQLite or PostgreSQL.
 */

export interface DayKey {
  teamId: string;
  userId: string;
  localDate: string;
}

export interface NudgeKey {
  teamId: string;
  userId: string;
  kind: string;
  subjectId: string;
  dueOn: string;
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
  const inserted = await db
    .insertInto('nudge_days')
    .values({
      team_id: key.teamId,
      user_id: key.userId,
      local_date: key.localDate,
      status: 'claimed',
      claim_token: token,
      claimed_at: now,
      attempts: 1,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['team_id', 'user_id', 'local_date']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return true;
  const updated = await db
    .updateTable('nudge_days')
    .set((eb) => ({
      status: 'claimed',
      claim_token: token,
      claimed_at: now,
      attempts: eb('attempts', '+', 1),
      error: null,
      updated_at: now,
    }))
    .where('team_id', '=', key.teamId)
    .where('user_id', '=', key.userId)
    .where('local_date', '=', key.localDate)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'failed'),
        eb.and([eb('status', '=', 'claimed'), eb('claimed_at', '<', staleBefore)]),
      ]),
    )
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/** Records the day's outcome; only the claim holder may. */
export async function finishDay(
  db: Kysely<Database>,
  key: DayKey,
  token: string,
  status: NudgeDayStatus,
  now: string,
  extra: { channel?: string; ts?: string; error?: string } = {},
): Promise<void> {
  await db
    .updateTable('nudge_days')
    .set({
      status,
      updated_at: now,
      ...(status === 'sent' ? { sent_at: now, channel: extra.channel ?? null, ts: extra.ts ?? null } : {}),
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

/** Claims one nudge for today's DM; returns its ledger id when ours. */
export async function claimNudge(
  db: Kysely<Database>,
  key: NudgeKey,
  localDate: string,
  token: string,
  now: string,
  staleBefore: string,
): Promise<string | undefined> {
  const inserted = await db
    .insertInto('nudge_ledger')
    .values({
      id: newId(),
      team_id: key.teamId,
      user_id: key.userId,
      kind: key.kind,
      subject_id: key.subjectId,
      due_on: key.dueOn,
      status: 'claimed',
      local_date: localDate,
      claim_token: token,
      claimed_at: now,
      attempts: 1,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['team_id', 'user_id', 'kind', 'subject_id', 'due_on']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return inserted.id;
  const updated = await db
    .updateTable('nudge_ledger')
    .set((eb) => ({
      status: 'claimed',
      local_date: localDate,
      claim_token: token,
      claimed_at: now,
      attempts: eb('attempts', '+', 1),
      updated_at: now,
    }))
    .where('team_id', '=', key.teamId)
    .where('user_id', '=', key.userId)
    .where('kind', '=', key.kind)
    .where('subject_id', '=', key.subjectId)
    .where('due_on', '=', key.dueOn)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'failed'),
        eb.and([eb('status', '=', 'claimed'), eb('claimed_at', '<', staleBefore)]),
      ]),
    )
    .returning('id')
    .executeTakeFirst();
  return updated?.id;
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

export async function listPreferences(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
): Promise<{ kind: string; enabled: number }[]> {
  return db
    .selectFrom('nudge_preferences')
    .select(['kind', 'enabled'])
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .execute();
}

export async function setPreference(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  kind: string,
  enabled: boolean,
  now: string,
): Promise<void> {
  const flag = enabled ? 1 : 0;
  await db
    .insertInto('nudge_preferences')
    .values({ team_id: teamId, user_id: userId, kind, enabled: flag, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['team_id', 'user_id', 'kind']).doUpdateSet({ enabled: flag, updated_at: now }),
    )
    .execute();
}

/** Organisers who switched an opt-in kind on (through nudge_preferences_kind_idx). */
export async function listOptedIn(
  db: Kysely<Database>,
  kind: string,
): Promise<{ team_id: string; user_id: string }[]> {
  return db
    .selectFrom('nudge_preferences')
    .select(['team_id', 'user_id'])
    .where('kind', '=', kind)
    .where('enabled', '=', 1)
    .execute();
}
