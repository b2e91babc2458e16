import type { Kysely, Selectable } from 'kysely';
import type { Database, LeadAccessLogTable, LeadAgendaLedgerTable, LeadSharesTable } from '../db/schema.js';
import type { LeadAccessKind, LeadShareStatus } from '../domain/lead.js';

/**
 * A lead organiser's access to an organiser's counts (issue 12): the pair's share, the access
 * log, the reflections shared one at a time, the organiser's agenda points and the agenda DMs'
 * ledger. Every read is scoped by team and by the organiser or the lead it is for.
 */

export type LeadShareRow = Selectable<LeadSharesTable>;
export type AccessLogRow = Selectable<LeadAccessLogTable>;
export type AgendaLedgerRow = Selectable<LeadAgendaLedgerTable>;

/** Bound parameters per IN list: far below SQLite's and PostgreSQL's limits. */
const CHUNK = 500;

export async function findShare(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  leadId: string,
): Promise<LeadShareRow | undefined> {
  return db
    .selectFrom('lead_shares')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('lead_id', '=', leadId)
    .executeTakeFirst();
}

export async function findShareById(
  db: Kysely<Database>,
  teamId: string,
  id: string,
): Promise<LeadShareRow | undefined> {
  return db
    .selectFrom('lead_shares')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Invites `leadId`: a new pair, or one declined or stopped before, becomes `invited` (with its
 * evaluation schedule cleared: a fresh start). An invitation pending or accepted is left as it
 * is. Returns the row after, and whether it is a new invitation.
 */
export async function inviteLead(
  db: Kysely<Database>,
  share: { id: string; teamId: string; organiserId: string; leadId: string; now: string },
): Promise<{ row: LeadShareRow; invited: boolean }> {
  const inserted = await db
    .insertInto('lead_shares')
    .values({
      id: share.id,
      team_id: share.teamId,
      organiser_id: share.organiserId,
      lead_id: share.leadId,
      status: 'invited',
      invited_at: share.now,
      accepted_at: null,
      ended_at: null,
      eval_weekday: null,
      eval_time: null,
      eval_time_zone: null,
      created_at: share.now,
      updated_at: share.now,
    })
    .onConflict((oc) => oc.columns(['team_id', 'organiser_id', 'lead_id']).doNothing())
    .executeTakeFirst();
  let invited = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  if (!invited) {
    const reopened = await db
      .updateTable('lead_shares')
      .set({
        status: 'invited',
        invited_at: share.now,
        accepted_at: null,
        ended_at: null,
        eval_weekday: null,
        eval_time: null,
        eval_time_zone: null,
        updated_at: share.now,
      })
      .where('team_id', '=', share.teamId)
      .where('organiser_id', '=', share.organiserId)
      .where('lead_id', '=', share.leadId)
      .where('status', 'in', ['declined', 'stopped'])
      .executeTakeFirst();
    invited = Number(reopened.numUpdatedRows) > 0;
  }
  const row = await findShare(db, share.teamId, share.organiserId, share.leadId);
  if (!row) throw new Error('lead share vanished after insert');
  return { row, invited };
}

/**
 * Moves a share from one of `from` to `to`, conditionally (two clicks, or two instances, change
 * it once). `who` says whose move it is: only the lead answers an invitation, only the
 * organiser stops. Returns whether it changed.
 */
export async function moveShare(
  db: Kysely<Database>,
  key: { teamId: string; id: string; organiserId?: string; leadId?: string },
  from: readonly LeadShareStatus[],
  to: LeadShareStatus,
  now: string,
): Promise<boolean> {
  let q = db
    .updateTable('lead_shares')
    .set({
      status: to,
      updated_at: now,
      ...(to === 'accepted' ? { accepted_at: now, ended_at: null } : { ended_at: now }),
    })
    .where('team_id', '=', key.teamId)
    .where('id', '=', key.id)
    .where('status', 'in', [...from]);
  if (key.organiserId !== undefined) q = q.where('organiser_id', '=', key.organiserId);
  if (key.leadId !== undefined) q = q.where('lead_id', '=', key.leadId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The organisers who share with a lead now (accepted), oldest acceptance first. */
export async function listAcceptedForLead(
  db: Kysely<Database>,
  teamId: string,
  leadId: string,
): Promise<LeadShareRow[]> {
  return db
    .selectFrom('lead_shares')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('lead_id', '=', leadId)
    .where('status', '=', 'accepted')
    .orderBy('accepted_at')
    .orderBy('organiser_id')
    .execute();
}

/** An organiser's shares in any state, newest first. */
export async function listSharesOfOrganiser(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
): Promise<LeadShareRow[]> {
  return db
    .selectFrom('lead_shares')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .orderBy('updated_at', 'desc')
    .execute();
}

/** Sets (or, with null, clears) the evaluation of the organiser's accepted shares (one lead, or all). */
export async function setEvaluationSchedule(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  leadId: string | undefined,
  schedule: { weekday: number; time: string; timeZone: string } | null,
  now: string,
): Promise<number> {
  let q = db
    .updateTable('lead_shares')
    .set({
      eval_weekday: schedule?.weekday ?? null,
      eval_time: schedule?.time ?? null,
      eval_time_zone: schedule?.timeZone ?? null,
      updated_at: now,
    })
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('status', '=', 'accepted');
  if (leadId !== undefined) q = q.where('lead_id', '=', leadId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Every accepted pair with an evaluation schedule (the evaluation job). */
export async function listScheduledShares(db: Kysely<Database>): Promise<LeadShareRow[]> {
  return db
    .selectFrom('lead_shares')
    .selectAll()
    .where('status', '=', 'accepted')
    .where('eval_weekday', 'is not', null)
    .orderBy('team_id')
    .orderBy('id')
    .execute();
}

/** Writes one access-log entry per organiser whose figures were shown. */
export async function logAccess(
  db: Kysely<Database>,
  entries: readonly {
    id: string;
    teamId: string;
    organiserId: string;
    leadId: string;
    what: LeadAccessKind;
    at: string;
  }[],
): Promise<void> {
  for (let i = 0; i < entries.length; i += CHUNK) {
    const rows = entries.slice(i, i + CHUNK).map((e) => ({
      id: e.id,
      team_id: e.teamId,
      organiser_id: e.organiserId,
      lead_id: e.leadId,
      what: e.what,
      at: e.at,
    }));
    if (rows.length) await db.insertInto('lead_access_log').values(rows).execute();
  }
}

/** The organiser's access log, newest first. */
export async function listAccess(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  limit: number,
): Promise<AccessLogRow[]> {
  return db
    .selectFrom('lead_access_log')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .orderBy('at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Shares one of the organiser's reflections with each of `leadIds` (again: nothing new). */
export async function shareReflection(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  reflectionId: string,
  leadIds: readonly string[],
  now: string,
): Promise<void> {
  if (leadIds.length === 0) return;
  await db
    .insertInto('lead_shared_reflections')
    .values(
      leadIds.map((leadId) => ({
        team_id: teamId,
        organiser_id: organiserId,
        lead_id: leadId,
        reflection_id: reflectionId,
        shared_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['team_id', 'lead_id', 'reflection_id']).doNothing())
    .execute();
}

/** Stops sharing one of the organiser's reflections (with every lead); how many shares went. */
export async function unshareReflection(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  reflectionId: string,
): Promise<number> {
  const result = await db
    .deleteFrom('lead_shared_reflections')
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('reflection_id', '=', reflectionId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The leads one of the organiser's reflections is shared with now. */
export async function listReflectionLeads(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  reflectionId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('lead_shared_reflections')
    .select('lead_id')
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('reflection_id', '=', reflectionId)
    .orderBy('shared_at')
    .orderBy('lead_id')
    .execute();
  return rows.map((r) => r.lead_id);
}

/** Everything the organiser shared with one lead goes when they stop sharing. */
export async function unshareAllWith(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  leadId: string,
): Promise<void> {
  await db
    .deleteFrom('lead_shared_reflections')
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('lead_id', '=', leadId)
    .execute();
}

/** What the organiser shares, for `/onetoone shared`: which reflection (its date), with whom, since when. */
export async function listSharedByOrganiser(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
): Promise<{ reflection_id: string; lead_id: string; shared_at: string; met_on: string }[]> {
  return db
    .selectFrom('lead_shared_reflections as s')
    .innerJoin('reflections as r', 'r.id', 's.reflection_id')
    .innerJoin('one_to_ones as o', 'o.id', 'r.one_to_one_id')
    .select(['s.reflection_id', 's.lead_id', 's.shared_at', 'o.met_on'])
    .where('s.team_id', '=', teamId)
    .where('s.organiser_id', '=', organiserId)
    .orderBy('s.shared_at', 'desc')
    .limit(20)
    .execute();
}

/** The reflections one organiser shared with this lead, with their text: the lead's read-only view. */
export async function listSharedWithLead(
  db: Kysely<Database>,
  teamId: string,
  leadId: string,
  organiserId: string,
  limit: number,
) {
  return (
    db
      .selectFrom('lead_shared_reflections as s')
      .innerJoin('reflections as r', 'r.id', 's.reflection_id')
      .innerJoin('one_to_ones as o', 'o.id', 'r.one_to_one_id')
      .select([
        's.reflection_id',
        's.shared_at',
        'o.met_on',
        'r.motivations',
        'r.contribution',
        'r.differently',
        'r.depth',
      ])
      .where('s.team_id', '=', teamId)
      .where('s.lead_id', '=', leadId)
      .where('s.organiser_id', '=', organiserId)
      // The reflection is still the organiser's own (a crafted row could not point elsewhere).
      .where('r.organiser_id', '=', organiserId)
      .orderBy('s.shared_at', 'desc')
      .limit(limit)
      .execute()
  );
}

/** Per organiser of `organiserIds`: how many reflections they share with this lead. */
export async function countSharedWithLead(
  db: Kysely<Database>,
  teamId: string,
  leadId: string,
  organiserIds: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < organiserIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('lead_shared_reflections')
      .select((eb) => ['organiser_id', eb.fn.countAll<number>().as('n')])
      .where('team_id', '=', teamId)
      .where('lead_id', '=', leadId)
      .where('organiser_id', 'in', organiserIds.slice(i, i + CHUNK))
      .groupBy('organiser_id')
      .execute();
    for (const r of rows) out.set(r.organiser_id, Number(r.n));
  }
  return out;
}

export async function saveAgendaPoints(
  db: Kysely<Database>,
  key: { teamId: string; shareId: string; evalOn: string },
  points: string | null,
  now: string,
): Promise<void> {
  if (points === null) {
    await db
      .deleteFrom('lead_agenda_points')
      .where('share_id', '=', key.shareId)
      .where('eval_on', '=', key.evalOn)
      .execute();
    return;
  }
  await db
    .insertInto('lead_agenda_points')
    .values({
      team_id: key.teamId,
      share_id: key.shareId,
      eval_on: key.evalOn,
      points,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['share_id', 'eval_on']).doUpdateSet({ points, updated_at: now }))
    .execute();
}

export async function findAgendaPoints(
  db: Kysely<Database>,
  shareId: string,
  evalOn: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('lead_agenda_points')
    .select('points')
    .where('share_id', '=', shareId)
    .where('eval_on', '=', evalOn)
    .executeTakeFirst();
  return row?.points ?? null;
}

export interface AgendaKey {
  teamId: string;
  shareId: string;
  evalOn: string;
  recipient: 'organiser' | 'lead';
}

/**
 * Claims one agenda DM before it is sent: the unique key lets one of two racing instances win;
 * a failed send, or a claim older than `staleBefore` (its process died), may be taken over, up
 * to `maxAttempts`. A sent one never.
 */
export async function claimAgenda(
  db: Kysely<Database>,
  key: AgendaKey,
  claim: { id: string; token: string; now: string; staleBefore: string; maxAttempts: number },
): Promise<boolean> {
  const inserted = await db
    .insertInto('lead_agenda_ledger')
    .values({
      id: claim.id,
      team_id: key.teamId,
      share_id: key.shareId,
      eval_on: key.evalOn,
      recipient: key.recipient,
      status: 'claimed',
      claim_token: claim.token,
      claimed_at: claim.now,
      attempts: 1,
      channel: null,
      ts: null,
      sent_at: null,
      created_at: claim.now,
      updated_at: claim.now,
    })
    .onConflict((oc) => oc.columns(['share_id', 'eval_on', 'recipient']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return true;
  const taken = await db
    .updateTable('lead_agenda_ledger')
    .set((eb) => ({
      status: 'claimed',
      claim_token: claim.token,
      claimed_at: claim.now,
      attempts: eb('attempts', '+', 1),
      updated_at: claim.now,
    }))
    .where('share_id', '=', key.shareId)
    .where('eval_on', '=', key.evalOn)
    .where('recipient', '=', key.recipient)
    .where('attempts', '<', claim.maxAttempts)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'failed'),
        eb.and([eb('status', '=', 'claimed'), eb('claimed_at', '<', claim.staleBefore)]),
      ]),
    )
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) > 0;
}

export async function finishAgenda(
  db: Kysely<Database>,
  key: AgendaKey,
  token: string,
  outcome: { sent: { channel: string; ts: string } } | 'failed',
  now: string,
): Promise<void> {
  await db
    .updateTable('lead_agenda_ledger')
    .set(
      outcome === 'failed'
        ? { status: 'failed', updated_at: now }
        : {
            status: 'sent',
            channel: outcome.sent.channel,
            ts: outcome.sent.ts,
            sent_at: now,
            updated_at: now,
          },
    )
    .where('share_id', '=', key.shareId)
    .where('eval_on', '=', key.evalOn)
    .where('recipient', '=', key.recipient)
    .where('claim_token', '=', token)
    .execute();
}

export async function findAgendaEntry(
  db: Kysely<Database>,
  key: AgendaKey,
): Promise<AgendaLedgerRow | undefined> {
  return db
    .selectFrom('lead_agenda_ledger')
    .selectAll()
    .where('share_id', '=', key.shareId)
    .where('eval_on', '=', key.evalOn)
    .where('recipient', '=', key.recipient)
    .executeTakeFirst();
}
