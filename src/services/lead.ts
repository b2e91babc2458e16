import type { Deps } from '../deps.js';
import { goalsInForce } from '../domain/goals.js';
import { newId } from '../domain/keys.js';
import {
  ACCESS_LOG_SHOWN,
  type Agenda,
  type EvaluationSchedule,
  emptyLadder,
  evaluationThisWeek,
  HOME_ROWS_MAX,
  LEAD_WEEKS,
  type LeadAccessKind,
  type LeadShare,
  type LeadTeamView,
  nextEvaluation,
  type OrganiserFigures,
  type ReflectionSharing,
  type SharedOverview,
  type SharedReflection,
  validateAgendaPoints,
} from '../domain/lead.js';
import { DEFAULT_WEEKLY_GOAL, type ReflectionForm } from '../domain/one-to-one.js';
import { type IsoDate, lastWeeks, localDate, zonedTimeToInstant } from '../domain/time.js';
import { ErrorCode, errorCode, isRefusal, type Refusal, refused } from '../errors.js';
import type { PostedMessage } from '../ports/slack.js';
import { goalChanges } from '../repositories/goal-history.js';
import {
  type AgendaKey,
  claimAgenda,
  countSharedWithLead,
  findAgendaEntry,
  findAgendaPoints,
  findShare,
  findShareById,
  finishAgenda,
  inviteLead as inviteLeadRow,
  type LeadShareRow,
  listAcceptedForLead,
  listAccess,
  listReflectionLeads,
  listScheduledShares,
  listSharedByOrganiser,
  listSharedWithLead,
  listSharesOfOrganiser,
  logAccess,
  moveShare,
  saveAgendaPoints,
  setEvaluationSchedule,
  shareReflection,
  unshareAllWith,
  unshareReflection,
} from '../repositories/lead-shares.js';
import {
  doneStepsSince,
  heldByWeek,
  houseMeetingsByDate,
  introductionsSince,
  openStepsByDue,
  organiserBasics,
  peopleByStage,
  stageMovesSince,
  themePeople,
  unreflectedByDate,
} from '../repositories/queries/lead-figures.js';
import { findOwnedReflection } from '../repositories/reflections.js';
import type { Message } from '../views/block-kit.js';
import {
  agendaMessage,
  leadInviteMessage,
  leadToldScheduleMessage,
  leadToldStoppedMessage,
  organiserToldAnswerMessage,
  shareOfferMessage,
} from '../views/lead-messages.js';
import { type Actor, organiserTimeZone, SLACK_LOOKUP_BUDGET_MS } from './organisers.js';
import { openReflectionForm } from './reflections.js';

/**
 * A lead organiser's view, only with the organiser's consent (issue 12). The organiser invites a
 * lead; the lead accepts in a DM; from then the lead sees the organiser's counts (never a name,
 * never a word written, except one reflection at a time the organiser shares and the points they
 * write for their evaluation), every showing is logged for the organiser to read, and the
 * organiser can stop at once. Every use case checks the pair itself: a payload naming someone
 * else's share, reflection or figures is refused, revealing nothing.
 */

type LeadDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'slack' | 'logger' | 'timeZones'>;

export function toLeadShare(row: LeadShareRow): LeadShare {
  return {
    id: row.id,
    teamId: row.team_id,
    organiserId: row.organiser_id,
    leadId: row.lead_id,
    status: row.status,
    invitedAt: row.invited_at,
    acceptedAt: row.accepted_at,
    endedAt: row.ended_at,
    schedule: scheduleOf(row),
  };
}

function scheduleOf(row: LeadShareRow): EvaluationSchedule | null {
  if (row.eval_weekday === null || row.eval_time === null) return null;
  return {
    weekday: Number(row.eval_weekday),
    time: row.eval_time,
    timeZone: row.eval_time_zone ?? 'UTC',
  };
}

/** A DM that must not fail the use case that sends it: logged by its code only. */
async function dm(deps: Pick<Deps, 'slack' | 'logger'>, teamId: string, userId: string, message: Message) {
  try {
    return await deps.slack.postDm(teamId, userId, message);
  } catch (error) {
    deps.logger.warn('lead DM not sent', { code: errorCode(error) });
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Inviting, answering, stopping.

export type InviteOutcome =
  | { kind: 'invited'; leadId: string; dmSent: boolean }
  | { kind: 'alreadyInvited' | 'alreadyAccepted'; leadId: string }
  | { kind: 'inactive' | 'slackUnavailable'; leadId: string }
  | Refusal;

/** `/onetoone share with @lead`: invites a member (a person, not a bot, not me) to be my lead. */
export async function inviteLead(deps: LeadDeps, actor: Actor, leadId: string): Promise<InviteOutcome> {
  if (leadId === actor.userId) return refused(ErrorCode.SelfMember);
  const info = await deps.slack.userInfo(actor.teamId, leadId, { budgetMs: SLACK_LOOKUP_BUDGET_MS });
  if (!info) return { kind: 'slackUnavailable', leadId };
  if (info.isBot) return refused(ErrorCode.BotMember);
  if (!info.active) return { kind: 'inactive', leadId };
  const now = deps.clock.now().toISOString();
  const { row, invited } = await inviteLeadRow(deps.db, {
    id: newId(),
    teamId: actor.teamId,
    organiserId: actor.userId,
    leadId,
    now,
  });
  if (!invited) return { kind: row.status === 'accepted' ? 'alreadyAccepted' : 'alreadyInvited', leadId };
  const sent = await dm(
    deps,
    actor.teamId,
    leadId,
    leadInviteMessage({ organiserId: actor.userId, shareId: row.id }),
  );
  return { kind: 'invited', leadId, dmSent: sent !== undefined };
}

export type AnswerOutcome =
  | { kind: 'accepted' | 'declined'; organiserId: string }
  | { kind: 'unchanged'; organiserId: string; status: LeadShare['status'] }
  | Refusal;

/** The lead's Accept or Decline in the invitation DM: only the invited lead, only while invited. */
export async function answerInvitation(
  deps: LeadDeps,
  actor: Actor,
  shareId: string,
  accept: boolean,
): Promise<AnswerOutcome> {
  const row = await findShareById(deps.db, actor.teamId, shareId);
  if (!row || row.lead_id !== actor.userId) return refused(ErrorCode.NotYours);
  const now = deps.clock.now().toISOString();
  const moved = await moveShare(
    deps.db,
    { teamId: actor.teamId, id: shareId, leadId: actor.userId },
    ['invited'],
    accept ? 'accepted' : 'declined',
    now,
  );
  if (!moved) {
    const current = await findShareById(deps.db, actor.teamId, shareId);
    return { kind: 'unchanged', organiserId: row.organiser_id, status: current?.status ?? row.status };
  }
  await dm(
    deps,
    actor.teamId,
    row.organiser_id,
    organiserToldAnswerMessage({ leadId: actor.userId, accepted: accept }),
  );
  return { kind: accept ? 'accepted' : 'declined', organiserId: row.organiser_id };
}

export type StopOutcome =
  | { kind: 'stopped'; leadId: string; wasAccepted: boolean }
  | { kind: 'notSharing'; leadId: string };

/**
 * `/onetoone share stop @lead`: at once. The share ends, every reflection shared with that lead
 * is unshared, and the lead is told kindly. Their next `/onetoone team` no longer shows me.
 */
export async function stopSharing(deps: LeadDeps, actor: Actor, leadId: string): Promise<StopOutcome> {
  const now = deps.clock.now().toISOString();
  const result = await deps.db.transaction().execute(async (trx) => {
    const row = await findShare(trx, actor.teamId, actor.userId, leadId);
    if (!row || (row.status !== 'accepted' && row.status !== 'invited')) return undefined;
    const moved = await moveShare(
      trx,
      { teamId: actor.teamId, id: row.id, organiserId: actor.userId },
      ['invited', 'accepted'],
      'stopped',
      now,
    );
    if (!moved) return undefined;
    await unshareAllWith(trx, actor.teamId, actor.userId, leadId);
    return { wasAccepted: row.status === 'accepted' };
  });
  if (!result) return { kind: 'notSharing', leadId };
  await dm(
    deps,
    actor.teamId,
    leadId,
    leadToldStoppedMessage({ organiserId: actor.userId, wasAccepted: result.wasAccepted }),
  );
  return { kind: 'stopped', leadId, wasAccepted: result.wasAccepted };
}

export type ScheduleOutcome =
  | { kind: 'set'; schedule: EvaluationSchedule; next: { evalOn: IsoDate; at: string }; leadIds: string[] }
  | { kind: 'cleared'; leadIds: string[] }
  | { kind: 'noLead' };

/**
 * `/onetoone share schedule [@lead] friday 10:00` (or `off`): the organiser sets the weekly
 * evaluation with their accepted lead(s), on their own wall clock and zone; the lead is told.
 */
export async function scheduleEvaluation(
  deps: LeadDeps,
  actor: Actor,
  request: { leadId?: string; weekday: number; time: string } | { leadId?: string; off: true },
): Promise<ScheduleOutcome> {
  const now = deps.clock.now();
  const schedule =
    'off' in request
      ? null
      : { weekday: request.weekday, time: request.time, timeZone: await organiserTimeZone(deps, actor) };
  const changed = await setEvaluationSchedule(
    deps.db,
    actor.teamId,
    actor.userId,
    request.leadId,
    schedule,
    now.toISOString(),
  );
  if (changed === 0) return { kind: 'noLead' };
  const leadIds = (await listSharesOfOrganiser(deps.db, actor.teamId, actor.userId))
    .filter((s) => s.status === 'accepted' && (request.leadId === undefined || s.lead_id === request.leadId))
    .map((s) => s.lead_id);
  for (const leadId of leadIds) {
    await dm(deps, actor.teamId, leadId, leadToldScheduleMessage({ organiserId: actor.userId, schedule }));
  }
  if (!schedule) return { kind: 'cleared', leadIds };
  const next = nextEvaluation(now, schedule);
  return { kind: 'set', schedule, next: { evalOn: next.evalOn, at: next.at.toISOString() }, leadIds };
}

// ---------------------------------------------------------------------------------------------
// What the organiser sees of their sharing.

/** `/onetoone shared`: whom I share with and since when, what I shared, and every time they looked. */
export async function sharedOverview(deps: LeadDeps, actor: Actor): Promise<SharedOverview> {
  const [shares, access, reflections, timeZone] = await Promise.all([
    listSharesOfOrganiser(deps.db, actor.teamId, actor.userId),
    listAccess(deps.db, actor.teamId, actor.userId, ACCESS_LOG_SHOWN),
    listSharedByOrganiser(deps.db, actor.teamId, actor.userId),
    organiserTimeZone(deps, actor),
  ]);
  return {
    leads: shares
      .filter((s) => s.status === 'accepted' || s.status === 'invited')
      .map((s) => ({
        leadId: s.lead_id,
        status: s.status,
        since: s.status === 'accepted' ? (s.accepted_at ?? s.invited_at) : s.invited_at,
        schedule: scheduleOf(s),
      })),
    access: access.map((a) => ({ leadId: a.lead_id, what: a.what, at: a.at })),
    reflections: reflections.map((r) => ({
      reflectionId: r.reflection_id,
      leadId: r.lead_id,
      metOn: r.met_on,
      sharedAt: r.shared_at,
    })),
    timeZone,
  };
}

// ---------------------------------------------------------------------------------------------
// The lead's view.

/**
 * The lead's view of every organiser who shares with them now (accepted), at most `max` of
 * them, each showing logged for its organiser (`what`: the team view or the Home tab).
 */
export async function teamFigures(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  actor: Actor,
  what: Extract<LeadAccessKind, 'team' | 'home'>,
  max: number,
): Promise<LeadTeamView> {
  const shares = await listAcceptedForLead(deps.db, actor.teamId, actor.userId);
  if (shares.length === 0) return { rows: [], more: 0 };
  const shown = shares.slice(0, max);
  const rows = await organiserFigures(
    deps,
    actor.teamId,
    shown.map((s) => s.organiser_id),
    actor.userId,
  );
  const at = deps.clock.now().toISOString();
  await logAccess(
    deps.db,
    rows.map((r) => ({
      id: newId(),
      teamId: actor.teamId,
      organiserId: r.organiserId,
      leadId: actor.userId,
      what,
      at,
    })),
  );
  return { rows, more: shares.length - shown.length };
}

/**
 * The lead's Home tab section: nothing for someone who is no one's lead (one indexed probe), else
 * the figures of up to HOME_ROWS_MAX organisers, each showing logged as seen on the Home tab.
 */
export async function leadHomeFigures(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  actor: Actor,
): Promise<{ lead?: LeadTeamView }> {
  const view = await teamFigures(deps, actor, 'home', HOME_ROWS_MAX);
  return view.rows.length ? { lead: view } : {};
}

type Window = {
  tz: string;
  today: IsoDate;
  weeks: { start: IsoDate; end: IsoDate }[];
  /** The instant this week began, in the organiser's zone. */
  weekFrom: string;
};

/**
 * The figures of `organiserIds` (counts only), each in their own week (their cached zone; the
 * lead's view never asks Slack for 40 zones). `leadId`: also how many reflections each shares
 * with that lead.
 */
export async function organiserFigures(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  teamId: string,
  organiserIds: readonly string[],
  leadId?: string,
): Promise<OrganiserFigures[]> {
  if (organiserIds.length === 0) return [];
  const { db } = deps;
  const now = deps.clock.now();
  const basics = new Map((await organiserBasics(db, teamId, organiserIds)).map((b) => [b.user_id, b]));
  const windows = new Map<string, Window>();
  for (const id of organiserIds) {
    const tz = basics.get(id)?.time_zone ?? deps.config.defaultTimeZone;
    const today = localDate(now, tz);
    const weeks = lastWeeks(today, LEAD_WEEKS);
    windows.set(id, {
      tz,
      today,
      weeks,
      weekFrom: zonedTimeToInstant(weeks.at(-1)!.start, '00:00', tz).toISOString(),
    });
  }
  const all = [...windows.values()];
  // ISO dates and instants compare as text.
  const minOf = (xs: string[]) => [...xs].sort()[0]!;
  const maxOf = (xs: string[]) => [...xs].sort().at(-1)!;
  const fromWeek = minOf(all.map((w) => w.weeks[0]!.start));
  const toWeek = maxOf(all.map((w) => w.weeks.at(-1)!.start));
  const toDate = maxOf(all.map((w) => w.weeks.at(-1)!.end));
  const thisWeekFrom = minOf(all.map((w) => w.weeks.at(-1)!.start));
  const weekFromInstant = minOf(all.map((w) => w.weekFrom));
  const latestToday = maxOf(all.map((w) => w.today));

  const [held, changes, meetings, open, done, unreflected, stages, moves, intros, themes, shared] =
    await Promise.all([
      heldByWeek(db, teamId, organiserIds, fromWeek, toWeek),
      goalChanges(db, teamId, organiserIds, toWeek),
      houseMeetingsByDate(db, teamId, organiserIds, fromWeek, toDate),
      openStepsByDue(db, teamId, organiserIds, minOf(all.map((w) => w.today)), toDate),
      doneStepsSince(db, teamId, organiserIds, weekFromInstant),
      unreflectedByDate(db, teamId, organiserIds, fromWeek),
      peopleByStage(db, teamId, organiserIds),
      stageMovesSince(db, teamId, organiserIds, { date: thisWeekFrom, instant: weekFromInstant }),
      introductionsSince(db, teamId, organiserIds, fromWeek),
      themePeople(db, teamId, organiserIds, latestToday),
      leadId
        ? countSharedWithLead(db, teamId, leadId, organiserIds)
        : Promise.resolve(new Map<string, number>()),
    ]);

  const out = new Map<string, OrganiserFigures>();
  for (const id of organiserIds) {
    const w = windows.get(id)!;
    const current = basics.get(id)?.weekly_goal ?? DEFAULT_WEEKLY_GOAL;
    const goals = goalsInForce(
      changes.get(id) ?? [],
      w.weeks.map((x) => x.start),
      Number(current),
    );
    out.set(id, {
      organiserId: id,
      today: w.today,
      goal: Number(current),
      thisWeek: 0,
      weeks: w.weeks.map((x, i) => ({ start: x.start, held: 0, goal: goals[i] ?? Number(current) })),
      houseMeetings: { thisWeek: 0, inWeeks: 0 },
      nextSteps: { dueThisWeek: 0, stillOpen: 0, doneThisWeek: 0 },
      reflectionsPending: 0,
      ladder: emptyLadder(),
      movedUp: { metAgain: 0, introduced: 0, action: 0 },
      introductions: { made: 0, met: 0 },
      themes: [],
      sharedReflections: shared.get(id) ?? 0,
    });
  }
  const at = (id: string) => ({ f: out.get(id), w: windows.get(id) });

  for (const r of held) {
    const { f } = at(r.organiser_id);
    const week = f?.weeks.find((x) => x.start === r.week_start);
    if (week) week.held += r.held;
  }
  for (const f of out.values()) f.thisWeek = f.weeks.at(-1)!.held;
  for (const r of meetings) {
    const { f, w } = at(r.organiser_id);
    if (!f || !w) continue;
    const thisWeek = w.weeks.at(-1)!;
    if (r.held_on >= w.weeks[0]!.start && r.held_on <= thisWeek.end) f.houseMeetings.inWeeks += r.n;
    if (r.held_on >= thisWeek.start && r.held_on <= thisWeek.end) f.houseMeetings.thisWeek += r.n;
  }
  for (const r of open) {
    const { f, w } = at(r.organiser_id);
    if (!f || !w) continue;
    if (r.due_on === null || r.due_on < w.today) f.nextSteps.stillOpen += r.n;
    else if (r.due_on <= w.weeks.at(-1)!.end) f.nextSteps.dueThisWeek += r.n;
  }
  for (const r of done) {
    const { f, w } = at(r.organiser_id);
    if (f && w && r.done_at >= w.weekFrom) f.nextSteps.doneThisWeek++;
  }
  for (const r of unreflected) {
    const { f, w } = at(r.organiser_id);
    if (f && w && r.met_on >= w.weeks[0]!.start) f.reflectionsPending += r.n;
  }
  for (const r of stages) {
    const { f } = at(r.organiser_id);
    if (f && r.stage in f.ladder) f.ladder[r.stage] += r.n;
  }
  for (const r of moves) {
    const { f, w } = at(r.organiser_id);
    if (!f || !w) continue;
    const since = r.kind === 'metAgain' ? w.weeks.at(-1)!.start : w.weekFrom;
    if (r.at >= since) f.movedUp[r.kind]++;
  }
  for (const r of intros) {
    const { f, w } = at(r.organiser_id);
    if (!f || !w || r.introduced_on < w.weeks[0]!.start) continue;
    f.introductions.made++;
    if (r.status === 'met') f.introductions.met++;
  }
  for (const r of themes) {
    const { f } = at(r.organiser_id);
    // A theme heard from fewer people than the campaign's minimum could point at someone.
    if (f && r.people >= r.min_count) f.themes.push({ label: r.label, people: r.people });
  }
  for (const f of out.values())
    f.themes.sort((a, b) => b.people - a.people || a.label.localeCompare(b.label));
  return organiserIds.map((id) => out.get(id)!);
}

export type SharedReadOutcome = { ok: true; organiserId: string; reflections: SharedReflection[] } | Refusal;

/**
 * The lead opens the reflections an organiser shared with them (read-only). Only while the
 * organiser shares with this lead; anyone else, or a crafted organiser id, is refused.
 */
export async function readSharedReflections(
  deps: LeadDeps,
  actor: Actor,
  organiserId: string,
): Promise<SharedReadOutcome> {
  const share = await findShare(deps.db, actor.teamId, organiserId, actor.userId);
  if (share?.status !== 'accepted') return refused(ErrorCode.NotYours);
  const rows = await listSharedWithLead(deps.db, actor.teamId, actor.userId, organiserId, 10);
  if (rows.length === 0) return refused(ErrorCode.NotYours);
  await logAccess(deps.db, [
    {
      id: newId(),
      teamId: actor.teamId,
      organiserId,
      leadId: actor.userId,
      what: 'reflection',
      at: deps.clock.now().toISOString(),
    },
  ]);
  return {
    ok: true,
    organiserId,
    reflections: rows.map((r) => ({
      reflectionId: r.reflection_id,
      metOn: r.met_on,
      sharedAt: r.shared_at,
      motivations: r.motivations,
      contribution: r.contribution,
      differently: r.differently,
      depth: r.depth,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Sharing one reflection.

export type ShareReflectionOutcome = { kind: 'shared'; leadIds: string[] } | { kind: 'noLead' } | Refusal;

/** "Share with my lead" under one of my reflections: that one, with each lead I share with now. */
export async function shareReflectionWithLead(
  deps: LeadDeps,
  actor: Actor,
  oneToOneId: string,
): Promise<ShareReflectionOutcome> {
  const reflection = await findOwnedReflection(deps.db, actor.teamId, actor.userId, oneToOneId);
  if (!reflection) return refused(ErrorCode.NotYours);
  const leads = (await listSharesOfOrganiser(deps.db, actor.teamId, actor.userId))
    .filter((s) => s.status === 'accepted')
    .map((s) => s.lead_id);
  if (leads.length === 0) return { kind: 'noLead' };
  await shareReflection(
    deps.db,
    actor.teamId,
    actor.userId,
    reflection.id,
    leads,
    deps.clock.now().toISOString(),
  );
  return { kind: 'shared', leadIds: leads };
}

/** "Stop sharing" beside a shared reflection in `/onetoone shared`: at once, with every lead. */
export async function unshareMyReflection(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  reflectionId: string,
): Promise<{ kind: 'unshared' | 'notShared' }> {
  const n = await unshareReflection(deps.db, actor.teamId, actor.userId, reflectionId);
  return { kind: n > 0 ? 'unshared' : 'notShared' };
}

/**
 * Where I read one of my reflections again (the reflection modal, reopened to edit it): whether
 * it is shared and with whom, so it can be shared or stopped there. Undefined when it is not my
 * reflection, or when I have no lead and it is shared with nobody (nothing to offer).
 */
export async function reflectionSharing(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  oneToOneId: string,
): Promise<ReflectionSharing | undefined> {
  const reflection = await findOwnedReflection(deps.db, actor.teamId, actor.userId, oneToOneId);
  if (!reflection) return undefined;
  const [shares, sharedWith] = await Promise.all([
    listSharesOfOrganiser(deps.db, actor.teamId, actor.userId),
    listReflectionLeads(deps.db, actor.teamId, actor.userId, reflection.id),
  ]);
  const leadIds = shares.filter((s) => s.status === 'accepted').map((s) => s.lead_id);
  if (leadIds.length === 0 && sharedWith.length === 0) return undefined;
  return { oneToOneId, leadIds, sharedWith };
}

export type ModalSharingOutcome =
  | { ok: true; form: ReflectionForm; sharing: ReflectionSharing | undefined }
  | Refusal;

/**
 * "Share with my lead" or "Stop sharing" in the reflection modal: the change (only my own
 * reflection; sharing needs a lead who accepted), then the modal's data to redraw it with.
 */
export async function changeReflectionSharing(
  deps: LeadDeps,
  actor: Actor,
  oneToOneId: string,
  share: boolean,
): Promise<ModalSharingOutcome> {
  const form = await openReflectionForm(deps, actor, oneToOneId);
  if (!form.ok) return form;
  if (share) {
    const shared = await shareReflectionWithLead(deps, actor, oneToOneId);
    if (isRefusal(shared)) return shared;
  } else {
    const reflection = await findOwnedReflection(deps.db, actor.teamId, actor.userId, oneToOneId);
    if (!reflection) return refused(ErrorCode.NotYours);
    await unshareReflection(deps.db, actor.teamId, actor.userId, reflection.id);
  }
  return { ok: true, form: form.value, sharing: await reflectionSharing(deps, actor, oneToOneId) };
}

/**
 * After I save a reflection: if I share with a lead, a DM offering to share this one (it is
 * shared only when I press the button). Nothing when I have no lead, nor when I edited one I
 * share already (the DM would say only I can read it; the modal shows who can).
 */
export async function offerReflectionShare(
  deps: LeadDeps,
  actor: Actor,
  oneToOneId: string,
): Promise<boolean> {
  const leads = (await listSharesOfOrganiser(deps.db, actor.teamId, actor.userId)).filter(
    (s) => s.status === 'accepted',
  );
  if (leads.length === 0) return false;
  const reflection = await findOwnedReflection(deps.db, actor.teamId, actor.userId, oneToOneId);
  if (!reflection) return false;
  if ((await listReflectionLeads(deps.db, actor.teamId, actor.userId, reflection.id)).length > 0)
    return false;
  const sent = await dm(
    deps,
    actor.teamId,
    actor.userId,
    shareOfferMessage({ oneToOneId, leadIds: leads.map((l) => l.lead_id) }),
  );
  return sent !== undefined;
}

// ---------------------------------------------------------------------------------------------
// The weekly evaluation.

export const AGENDA_LEASE_MS = 10 * 60_000;
export const AGENDA_MAX_ATTEMPTS = 5;

async function buildAgenda(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  share: LeadShareRow,
  schedule: EvaluationSchedule,
  evalOn: IsoDate,
  at: Date,
): Promise<Agenda> {
  const [figures] = await organiserFigures(deps, share.team_id, [share.organiser_id]);
  return {
    shareId: share.id,
    organiserId: share.organiser_id,
    leadId: share.lead_id,
    evalOn,
    at: at.toISOString(),
    schedule,
    figures: figures!,
    points: await findAgendaPoints(deps.db, share.id, evalOn),
  };
}

export interface EvaluationCounts {
  scheduled: number;
  notDue: number;
  alreadySent: number;
  busy: number;
  sent: number;
  failed: number;
  previewed: number;
}

/**
 * One tick of the evaluation job at `now`: for each accepted pair with a schedule whose
 * evaluation starts within the hour, the agenda DM to the organiser and to the lead, each once
 * (claimed before sending behind (share, evaluation date, recipient)), however many instances
 * run. A send that fails is released for a later tick, until the evaluation starts.
 */
export async function runEvaluations(
  deps: Deps,
  now: Date,
  dryRun: boolean,
  shares?: readonly LeadShareRow[],
): Promise<{ counts: EvaluationCounts; messages: { channel: string; message: Message }[] }> {
  const counts: EvaluationCounts = {
    scheduled: 0,
    notDue: 0,
    alreadySent: 0,
    busy: 0,
    sent: 0,
    failed: 0,
    previewed: 0,
  };
  const messages: { channel: string; message: Message }[] = [];
  const pairs = shares ?? (await listScheduledShares(deps.db));
  counts.scheduled = pairs.length;
  for (const share of pairs) {
    const schedule = scheduleOf(share);
    if (!schedule) continue;
    const timing = evaluationThisWeek(now, schedule);
    if (!timing.due) {
      counts.notDue++;
      continue;
    }
    let agenda: Agenda | undefined;
    for (const recipient of ['organiser', 'lead'] as const) {
      const key: AgendaKey = { teamId: share.team_id, shareId: share.id, evalOn: timing.evalOn, recipient };
      const entry = await findAgendaEntry(deps.db, key);
      if (entry?.status === 'sent') {
        counts.alreadySent++;
        continue;
      }
      const to = recipient === 'organiser' ? share.organiser_id : share.lead_id;
      if (dryRun) {
        agenda ??= await buildAgenda(deps, share, schedule, timing.evalOn, timing.at);
        messages.push({ channel: to, message: agendaMessage(agenda, recipient) });
        counts.previewed++;
        continue;
      }
      const token = newId();
      const claimed = await claimAgenda(deps.db, key, {
        id: newId(),
        token,
        now: now.toISOString(),
        staleBefore: new Date(now.getTime() - AGENDA_LEASE_MS).toISOString(),
        maxAttempts: AGENDA_MAX_ATTEMPTS,
      });
      if (!claimed) {
        counts.busy++;
        continue;
      }
      agenda ??= await buildAgenda(deps, share, schedule, timing.evalOn, timing.at);
      let posted: PostedMessage;
      try {
        posted = await deps.slack.postDm(share.team_id, to, agendaMessage(agenda, recipient));
      } catch (error) {
        deps.logger.warn('evaluation agenda not sent', { team: share.team_id, code: errorCode(error) });
        await finishAgenda(deps.db, key, token, 'failed', now.toISOString());
        counts.failed++;
        continue;
      }
      await finishAgenda(deps.db, key, token, { sent: posted }, now.toISOString());
      if (recipient === 'lead') {
        await logAccess(deps.db, [
          {
            id: newId(),
            teamId: share.team_id,
            organiserId: share.organiser_id,
            leadId: share.lead_id,
            what: 'agenda',
            at: now.toISOString(),
          },
        ]);
      }
      counts.sent++;
    }
  }
  return { counts, messages };
}

export interface PointsForm {
  shareId: string;
  evalOn: IsoDate;
  leadId: string;
  points: string | null;
}

/** "Add my points" in my agenda DM: the modal opens with what I wrote so far. Only the organiser's. */
export async function openAgendaPoints(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  shareId: string,
  evalOn: string,
): Promise<{ ok: true; value: PointsForm } | Refusal> {
  const share = await findShareById(deps.db, actor.teamId, shareId);
  if (!share || share.organiser_id !== actor.userId || share.status !== 'accepted')
    return refused(ErrorCode.NotYours);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(evalOn)) return refused(ErrorCode.BadPayload);
  return {
    ok: true,
    value: {
      shareId,
      evalOn,
      leadId: share.lead_id,
      points: await findAgendaPoints(deps.db, shareId, evalOn),
    },
  };
}

export type PointsOutcome =
  | { kind: 'saved'; leadUpdated: boolean }
  | { kind: 'invalid'; message: string }
  | { kind: 'refused'; refusal: Refusal };

/**
 * The points modal's submission: checked, saved as the organiser's own words for the lead; if
 * the lead's agenda DM has gone out already, it is redrawn with them (the lead is shown the
 * figures again, so that is logged too).
 */
export async function submitAgendaPoints(
  deps: LeadDeps,
  actor: Actor,
  form: { shareId: string | undefined; evalOn: string | undefined; raw: unknown },
): Promise<PointsOutcome> {
  const check = validateAgendaPoints(form.raw);
  if (!check.ok) return { kind: 'invalid', message: check.message };
  if (!form.shareId || !form.evalOn) return { kind: 'refused', refusal: refused(ErrorCode.BadPayload) };
  const opened = await openAgendaPoints(deps, actor, form.shareId, form.evalOn);
  if (!opened.ok) return { kind: 'refused', refusal: opened };
  const now = deps.clock.now();
  await saveAgendaPoints(
    deps.db,
    { teamId: actor.teamId, shareId: form.shareId, evalOn: form.evalOn },
    check.points,
    now.toISOString(),
  );
  return { kind: 'saved', leadUpdated: false };
}

/** After the points are saved (and acked): the lead's agenda DM, if sent, shows them. */
export async function refreshLeadAgenda(
  deps: LeadDeps,
  actor: Actor,
  shareId: string,
  evalOn: string,
): Promise<boolean> {
  const share = await findShareById(deps.db, actor.teamId, shareId);
  if (!share || share.organiser_id !== actor.userId || share.status !== 'accepted') return false;
  const schedule = scheduleOf(share);
  const entry = await findAgendaEntry(deps.db, { teamId: actor.teamId, shareId, evalOn, recipient: 'lead' });
  if (!schedule || entry?.status !== 'sent' || !entry.channel || !entry.ts) return false;
  const at = zonedTimeToInstant(evalOn, schedule.time, schedule.timeZone);
  const agenda = await buildAgenda(deps, share, schedule, evalOn, at);
  try {
    await deps.slack.updateMessage(
      actor.teamId,
      { channel: entry.channel, ts: entry.ts },
      agendaMessage(agenda, 'lead'),
    );
  } catch (error) {
    deps.logger.warn('lead agenda not updated', { code: errorCode(error) });
    return false;
  }
  await logAccess(deps.db, [
    {
      id: newId(),
      teamId: actor.teamId,
      organiserId: actor.userId,
      leadId: share.lead_id,
      what: 'agenda',
      at: deps.clock.now().toISOString(),
    },
  ]);
  return true;
}
