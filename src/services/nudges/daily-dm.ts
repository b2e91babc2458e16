import type { NudgeLedgerEntry } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import { newId } from '../../domain/keys.js';
import type { DmExtras } from '../../domain/nudge-card.js';
import { MAX_CARDS_PER_DM, type NudgeRhythm, parseWorkingDays } from '../../domain/nudge-rhythm.js';
import { isDueOn, sendSlot } from '../../domain/nudge-timing.js';
import { addDays, isValidTimeZone, localDate, toLocal } from '../../domain/time.js';
import { slackErrorCode } from '../../errors.js';
import { INACTIVE_USER_ERRORS } from '../../ports/slack.js';
import { claimDay, type DayKey, finishDay, releaseDay, skipDay } from '../../repositories/nudge-days.js';
import { claimNudges, finishNudges } from '../../repositories/nudge-ledger.js';
import { setTimeZone } from '../../repositories/organisers.js';
import { loadNudgeContextRows } from '../../repositories/queries/nudge-context.js';
import type { Actor } from '../organisers.js';
import { askState, ignoredInARow } from './back-off.js';
import type { DueItem, DueOrganiser } from './due.js';
import { KEEP_ASK_DUE, KEEP_ASKING } from './kinds/keep-asking.js';
import { reflectKind } from './kinds/reflect.js';
import { cardOrder, KEEP_ASKING_KIND } from './registry.js';
import { kindsEnabledBy } from './settings.js';
import { dailySummary } from './summary.js';
import type { AnyNudgeKind, DueCandidate, LocalContext } from './types.js';

/**
 * The daily DM: deciding whether (and when) an organiser gets today's DM and with what,
 * claiming it in the ledger before it is sent, and recording the send.
 *
 * Rare and kind (issue 9): only on the organiser's working days and outside a pause; at most
 * MAX_CARDS_PER_DM cards, in one stable order, the rest one line pointing at the Home tab;
 * reflection reminders for meetings logged long after they were held folded into one line; a
 * kind nobody uses asked about once (src/services/nudges/back-off.ts); and the daily summary of
 * what was logged (src/services/nudges/summary.ts), so there is one DM a day, not one per log.
 *
 * Never the same nudge twice: each nudge is a ledger row keyed by (team, user, kind, subject,
 * due date) and each DM a row keyed by (team, user, local date); both are claimed before
 * sending (src/repositories/ledger-claim.ts) and marked sent after. A failed send marks them
 * failed, so a later tick claims them again; a claim left by a process that died mid-send is
 * taken over after STALE_CLAIM_MS.
 *
 * At scale (issue 10: 20,000 organisers in one tick, several instances): what the cheap checks
 * need (time zones, settings, pauses, today's day rows, the back-off's questions) is read for a
 * whole workspace at once (loadNudgeContext); the tick claims the days of a batch of organisers
 * BEFORE their DMs are put together (src/services/nudges/batch.ts, with planDay and composeDm
 * from here), so an instance that loses a claim does no further work for that organiser, and
 * Slack is asked for a time zone only when the stored one is stale.
 */

/** How long a claim may stand before another tick takes it over (a crash between claim and send). */
export const STALE_CLAIM_MS = 60 * 60 * 1000;
/** As organiserTimeZone: a cached time zone is trusted for a day. */
const TIME_ZONE_TTL_MS = 24 * 60 * 60 * 1000;

export type Recipient = { active: true; timeZone: string } | { active: false; reason: string };

/** One organiser's share of a workspace's batch reads. */
export interface OrganiserNudgeState {
  /** The stored time zone and when Slack last confirmed it (epoch ms; 0: never). */
  timeZone?: string;
  checkedAt: number;
  kinds: { allOn: boolean; on: Set<string> };
  rhythm: NudgeRhythm;
  pauses: { startsOn: string; untilOn: string }[];
  /** Day rows by local date (the dates around `now` in every zone). */
  days: Map<string, { status: string; claimed_at: string | null }>;
  /** The back-off's questions (KEEP_ASKING ledger rows). */
  asks: NudgeLedgerEntry[];
}

/** What a workspace's DMs need, read once for all of its organisers in the tick. */
export interface NudgeContext {
  teamId: string;
  organiser(userId: string): OrganiserNudgeState;
  /** The app's id in this workspace (for the Home tab link), asked of Slack at most once. */
  appId(): Promise<string | undefined>;
}

/**
 * Reads what the checks need for these organisers of one workspace: a handful of queries for
 * the whole batch instead of several per organiser.
 */
export async function loadNudgeContext(
  deps: Pick<Deps, 'db' | 'slack'>,
  teamId: string,
  userIds: readonly string[],
  now: Date,
): Promise<NudgeContext> {
  // Somewhere on Earth it is the UTC date's day before or after (UTC−12 … UTC+14).
  const utc = now.toISOString().slice(0, 10);
  const days = [addDays(utc, -1), utc, addDays(utc, 1)];
  const rows = await loadNudgeContextRows(
    deps.db,
    teamId,
    userIds,
    { fromDate: days[0]!, toDate: days[2]!, days },
    KEEP_ASKING,
  );
  const byUser = <R extends { user_id: string }>(list: R[]) => {
    const map = new Map<string, R[]>();
    for (const r of list) map.set(r.user_id, [...(map.get(r.user_id) ?? []), r]);
    return map;
  };
  const organisers = new Map(rows.organisers.map((r) => [r.user_id, r]));
  const preferences = byUser(rows.preferences);
  const settings = new Map(rows.settings.map((r) => [r.user_id, r]));
  const pauses = byUser(rows.pauses);
  const dayRows = byUser(rows.days);
  const asks = byUser(rows.ledger);
  let appId: Promise<string | undefined> | undefined;
  return {
    teamId,
    organiser(userId) {
      const o = organisers.get(userId);
      const s = settings.get(userId);
      return {
        ...(o?.time_zone ? { timeZone: o.time_zone } : {}),
        checkedAt: o?.time_zone_checked_at ? Date.parse(o.time_zone_checked_at) : 0,
        kinds: kindsEnabledBy(preferences.get(userId) ?? []),
        // As findRhythm: no row is Monday–Friday with the summary on.
        rhythm: {
          workingDays: parseWorkingDays(s?.working_days),
          dailySummary: s ? s.daily_summary === 1 : true,
        },
        pauses: (pauses.get(userId) ?? []).map((p) => ({ startsOn: p.starts_on, untilOn: p.until_on })),
        days: new Map((dayRows.get(userId) ?? []).map((d) => [d.local_date, d])),
        asks: asks.get(userId) ?? [],
      };
    },
    appId() {
      // One ask per workspace however many of its DMs need the link at once.
      appId ??= deps.slack.appId(teamId);
      return appId;
    },
  };
}

export function zoneIsFresh(state: OrganiserNudgeState, now: Date): boolean {
  return Boolean(state.timeZone) && now.getTime() - state.checkedAt < TIME_ZONE_TTL_MS;
}

/**
 * Whether the organiser can get a DM, and their time zone, from Slack's users.info (cached in
 * the organisers table, as organiserTimeZone). It also tells who left (`active: false`).
 */
async function askRecipient(
  deps: Pick<Deps, 'db' | 'config' | 'slack'>,
  actor: Actor,
  stored: string | undefined,
  now: Date,
): Promise<Recipient> {
  const info = await deps.slack.userInfo(actor.teamId, actor.userId);
  if (info && !info.active) return { active: false, reason: info.inactiveReason ?? 'deleted' };
  const tz = info?.timeZone;
  if (tz && isValidTimeZone(tz)) {
    await setTimeZone(deps.db, actor.teamId, actor.userId, tz, now.toISOString());
    return { active: true, timeZone: tz };
  }
  return { active: true, timeZone: stored ?? deps.config.defaultTimeZone };
}

/** Whether the organiser can get a DM, and their time zone: stored if fresh, else from Slack. */
export async function nudgeRecipient(
  deps: Pick<Deps, 'db' | 'config' | 'slack'>,
  actor: Actor,
  now: Date,
  context?: NudgeContext,
): Promise<Recipient> {
  const ctx = context ?? (await loadNudgeContext(deps, actor.teamId, [actor.userId], now));
  const state = ctx.organiser(actor.userId);
  if (zoneIsFresh(state, now)) return { active: true, timeZone: state.timeZone! };
  return askRecipient(deps, actor, state.timeZone, now);
}

export interface PreparedItem extends DueItem {
  item: unknown;
}

export interface PreparedDm {
  actor: Actor;
  day: DayKey;
  local: LocalContext;
  /** The cards, in the DM's order. */
  items: PreparedItem[];
  /** Due items shown only as a count (claimed and recorded as sent, folded). */
  folded: PreparedItem[];
  extras: DmExtras;
}

export type SkipReason =
  | 'off'
  | 'nothing_due'
  | 'already_sent'
  | 'inactive'
  | 'outside_hours'
  | 'not_working_day'
  | 'paused';

export type Preparation = { status: 'ready'; dm: PreparedDm } | { status: 'skipped'; reason: SkipReason };

/** A day already used (sent, skipped) or being used right now by another tick or instance. */
function dayTaken(day: { status: string; claimed_at: string | null } | undefined, now: Date): boolean {
  if (!day || day.status === 'failed') return false;
  if (day.status === 'claimed') return Date.parse(day.claimed_at ?? '') >= now.getTime() - STALE_CLAIM_MS;
  return true;
}

/** The deep link to the app's Home tab (Slack's documented `slack://app?team=&id=&tab=home`). */
function homeUrl(teamId: string, appId: string): string {
  return `slack://app?team=${encodeURIComponent(teamId)}&id=${encodeURIComponent(appId)}&tab=home`;
}

/** A day that may get a DM now: the checks passed, in this time zone. */
export interface DayPlan {
  day: DayKey;
  timeZone: string;
  wanted: DueItem[];
  summarise: boolean;
  kinds: Set<string>;
}

type Planned = { status: 'go'; plan: DayPlan } | { status: 'skipped'; reason: SkipReason };

/**
 * The cheap checks, in memory from the workspace's batch: settings, something due, today's DM
 * not already used, working hours and days, a pause. In the time zone given.
 */
export function planDay(
  deps: Pick<Deps, 'config'>,
  org: DueOrganiser,
  state: OrganiserNudgeState,
  timeZone: string,
  now: Date,
): Planned {
  const actor = { teamId: org.teamId, userId: org.userId };
  if (!state.kinds.allOn) return { status: 'skipped', reason: 'off' };
  const wanted = org.due.filter((d) => state.kinds.on.has(d.kind.name));
  const summarise = state.rhythm.dailySummary && org.summary === true;
  if (wanted.length === 0 && !summarise) return { status: 'skipped', reason: 'nothing_due' };
  // Cheap first: today's DM already sent? (No Slack call for organisers done for the day.)
  const today = localDate(now, timeZone);
  if (dayTaken(state.days.get(today), now)) return { status: 'skipped', reason: 'already_sent' };
  const { nudges: hours } = deps.config;
  const slot = sendSlot(now, timeZone, { startHour: hours.workdayStartHour, endHour: hours.workdayEndHour });
  if (!slot) return { status: 'skipped', reason: 'outside_hours' };
  if (!(state.rhythm.workingDays as readonly number[]).includes(slot.local.weekday)) {
    return { status: 'skipped', reason: 'not_working_day' };
  }
  if (state.pauses.some((p) => p.startsOn <= slot.localDate && p.untilOn > slot.localDate)) {
    return { status: 'skipped', reason: 'paused' };
  }
  return {
    status: 'go',
    plan: {
      day: { ...actor, localDate: slot.localDate },
      timeZone,
      wanted,
      summarise,
      kinds: state.kinds.on,
    },
  };
}

/** The organiser's clock for a planned day (what each kind's confirm and fold see). */
export function localFor(deps: Pick<Deps, 'config'>, plan: DayPlan, now: Date): LocalContext {
  return {
    now,
    today: plan.day.localDate,
    weekday: toLocal(now, plan.timeZone).weekday,
    timeZone: plan.timeZone,
    settings: deps.config.nudges,
  };
}

/**
 * What a batch of DMs read ahead (src/services/nudges/batch.ts: the kinds' confirmMany and
 * loadMany, the back-off's recent rows), each lookup undefined for what it did not read.
 */
export interface Preloaded {
  confirmed(kind: AnyNudgeKind, c: DueCandidate): { candidate: DueCandidate | undefined } | undefined;
  item(kind: AnyNudgeKind, c: DueCandidate): { item: unknown } | undefined;
  /** The organiser's listRecentOfKind rows for the kind, before their day's date. */
  recent(userId: string, kind: string): NudgeLedgerEntry[] | undefined;
}

/**
 * What the day's DM carries: each kind's own "still due today?", the daily summary, the
 * back-off, the order and the cap. Writes nothing except a question left a week unanswered
 * (its kind goes off; not in a dry run).
 */
export async function composeDm(
  deps: Pick<Deps, 'db' | 'config' | 'slack'>,
  plan: DayPlan,
  state: OrganiserNudgeState,
  ctx: NudgeContext,
  now: Date,
  dryRun: boolean,
  /** What the batch read ahead for its DMs; anything not in it is read here. */
  preloaded?: Preloaded,
): Promise<Preparation> {
  const { day } = plan;
  const actor = { teamId: day.teamId, userId: day.userId };
  const local = localFor(deps, plan, now);
  const summary = plan.summarise
    ? await dailySummary(deps, actor, { now, today: local.today, timeZone: plan.timeZone })
    : undefined;
  // The summary's recent meetings bring their reflection reminders forward into it.
  const due: DueItem[] = [...plan.wanted];
  if (summary && plan.kinds.has(reflectKind.name)) {
    for (const candidate of summary.reflect) due.push({ kind: reflectKind, candidate });
  }

  const seen = new Set<string>();
  const shown: PreparedItem[] = [];
  const folded: PreparedItem[] = [];
  for (const d of due) {
    const read = preloaded?.confirmed(d.kind, d.candidate);
    const confirmed = read
      ? read.candidate
      : d.kind.confirm
        ? await d.kind.confirm(deps.db, d.candidate, local)
        : isDueOn(d.candidate.dueOn, local.today)
          ? d.candidate
          : undefined;
    if (!confirmed) continue;
    const key = `${d.kind.name}\u0000${confirmed.subjectId}\u0000${confirmed.dueOn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const loaded = preloaded?.item(d.kind, confirmed);
    const item = loaded ? loaded.item : await d.kind.load(deps.db, confirmed, deps.config.nudges);
    if (item === undefined) continue;
    const prepared = { kind: d.kind, candidate: confirmed, item };
    (d.kind.fold?.(item, local) ? folded : shown).push(prepared);
  }

  // Back-off: a kind waiting for its answer is held; one ignored three times is asked about.
  const asks = await askState(deps, actor, now, { dryRun, rows: state.asks });
  const kept: PreparedItem[] = [];
  const questions: PreparedItem[] = [];
  const byKind = new Map<string, PreparedItem[]>();
  for (const p of shown) byKind.set(p.kind.name, [...(byKind.get(p.kind.name) ?? []), p]);
  for (const [name, items] of byKind) {
    if (asks.open.has(name) || asks.stopped.has(name)) continue;
    const kind = items[0]!.kind;
    const recent = preloaded?.recent(actor.userId, name);
    if (
      !asks.asked.has(name) &&
      (await ignoredInARow(deps, actor, kind, local.today, recent, (c) => preloaded?.item(kind, c)))
    ) {
      const candidate = { ...actor, subjectId: name, dueOn: KEEP_ASK_DUE };
      const item = await KEEP_ASKING_KIND.load(deps.db, candidate, deps.config.nudges);
      if (item !== undefined) questions.push({ kind: KEEP_ASKING_KIND, candidate, item });
      continue;
    }
    kept.push(...items);
  }
  const heldFolds = folded.filter((f) => !asks.open.has(f.kind.name) && !asks.stopped.has(f.kind.name));

  const ordered = [...kept, ...questions].sort((a, b) =>
    cardOrder(
      { kind: a.kind.name, dueOn: a.candidate.dueOn, subjectId: a.candidate.subjectId },
      { kind: b.kind.name, dueOn: b.candidate.dueOn, subjectId: b.candidate.subjectId },
    ),
  );
  // A question is never left out for want of room: it goes first among what is cut.
  const cards = [
    ...ordered.filter((p) => p.kind === KEEP_ASKING_KIND),
    ...ordered.filter((p) => p.kind !== KEEP_ASKING_KIND),
  ].slice(0, MAX_CARDS_PER_DM);
  const more = ordered.length - cards.length;
  if (cards.length === 0 && heldFolds.length === 0 && !summary) {
    return { status: 'skipped', reason: 'nothing_due' };
  }
  const appId = more > 0 || heldFolds.length > 0 ? await ctx.appId() : undefined;
  const extras: DmExtras = {
    ...(summary ? { summary: summary.extras } : {}),
    folded: heldFolds.length,
    more,
    ...(appId ? { homeUrl: homeUrl(actor.teamId, appId) } : {}),
  };
  return { status: 'ready', dm: { actor, day, local, items: cards, folded: heldFolds, extras } };
}

/**
 * Decides whether this organiser gets a DM now and with what, claiming nothing: settings, the
 * daily key, whether they are still in Slack, their working hours and days, a pause, each
 * kind's own "still due today?", the back-off, and the daily summary. For dry runs (and tests
 * of the claim); the tick itself claims first (src/services/nudges/batch.ts). Writes nothing except
 * the time-zone cache, a skipped day for a deactivated user (not in a dry run), and a question
 * left a week unanswered (its kind goes off; not in a dry run).
 */
export async function prepareNudgeDm(
  deps: Pick<Deps, 'db' | 'config' | 'slack'>,
  org: DueOrganiser,
  now: Date,
  dryRun: boolean,
  context?: NudgeContext,
): Promise<Preparation> {
  const ctx = context ?? (await loadNudgeContext(deps, org.teamId, [org.userId], now));
  const state = ctx.organiser(org.userId);
  const stored = state.timeZone ?? deps.config.defaultTimeZone;
  let planned = planDay(deps, org, state, stored, now);
  if (planned.status === 'skipped') return planned;
  if (!zoneIsFresh(state, now)) {
    const recipient = await askRecipient(deps, org, state.timeZone, now);
    if (!recipient.active) {
      if (!dryRun) await skipDay(deps.db, planned.plan.day, now.toISOString(), recipient.reason);
      return { status: 'skipped', reason: 'inactive' };
    }
    planned = planDay(deps, org, state, recipient.timeZone, now);
    if (planned.status === 'skipped') return planned;
  }
  return composeDm(deps, planned.plan, state, ctx, now, dryRun);
}

export interface ClaimedDm {
  token: string;
  day: DayKey;
  items: (PreparedItem & { ledgerId: string })[];
  folded: string[];
  extras: DmExtras;
}

/** Claims the day's DM; the claim's token when ours. */
async function claimDayNow(deps: Pick<Deps, 'db'>, day: DayKey, now: Date): Promise<string | undefined> {
  const token = newId();
  const staleBefore = new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
  return (await claimDay(deps.db, day, token, now.toISOString(), staleBefore)) ? token : undefined;
}

/**
 * Claims each nudge of a DM whose day `token` holds; releases the day when none is ours and
 * there is no summary (a later tick today may use it). Undefined then.
 */
async function claimItems(
  deps: Pick<Deps, 'db'>,
  dm: PreparedDm,
  token: string,
  now: Date,
): Promise<ClaimedDm | undefined> {
  const at = now.toISOString();
  const staleBefore = new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
  const all = [...dm.items, ...dm.folded];
  const ids = await claimNudges(
    deps.db,
    all.map((i) => ({
      ...dm.actor,
      kind: i.kind.name,
      subjectId: i.candidate.subjectId,
      dueOn: i.candidate.dueOn,
    })),
    dm.day.localDate,
    token,
    at,
    staleBefore,
  );
  const items: ClaimedDm['items'] = [];
  dm.items.forEach((i, n) => {
    const ledgerId = ids[n];
    if (ledgerId) items.push({ ...i, ledgerId });
  });
  const folded = ids.slice(dm.items.length).filter((id): id is string => Boolean(id));
  const extras = { ...dm.extras, folded: folded.length };
  if (items.length === 0 && folded.length === 0 && !extras.summary) {
    await releaseDay(deps.db, dm.day, token);
    return undefined;
  }
  return { token, day: dm.day, items, folded, extras };
}

/** Claims today's DM and each nudge in it; undefined when another tick or instance has them. */
export async function claimNudgeDm(
  deps: Pick<Deps, 'db'>,
  dm: PreparedDm,
  now: Date,
): Promise<ClaimedDm | undefined> {
  const token = await claimDayNow(deps, dm.day, now);
  return token ? claimItems(deps, dm, token, now) : undefined;
}

/**
 * A send that failed: the nudges go back to 'failed' (claimed again by a later tick). The day
 * is 'failed' too (retried), or 'skipped' when Slack says the person is gone.
 */
export async function recordNudgeDmFailed(
  deps: Pick<Deps, 'db'>,
  claimed: ClaimedDm,
  error: unknown,
  now: Date,
): Promise<{ code: string; inactive: boolean }> {
  const code = slackErrorCode(error);
  const inactive = INACTIVE_USER_ERRORS.has(code);
  const at = now.toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await finishNudges(
      trx,
      [...claimed.items.map((i) => i.ledgerId), ...claimed.folded],
      claimed.token,
      { status: 'failed' },
      at,
    );
    await finishDay(trx, claimed.day, claimed.token, inactive ? 'skipped' : 'failed', at, { error: code });
  });
  return { code, inactive };
}
