import type { Deps } from '../../deps.js';
import { newId } from '../../domain/keys.js';
import { globalDueWindow, isDueOn, sendSlot } from '../../domain/nudge-timing.js';
import { isValidTimeZone, localDate, toLocal } from '../../domain/time.js';
import {
  claimDay,
  type DayKey,
  findDay,
  finishDay,
  releaseDay,
  skipDay,
} from '../../repositories/nudge-days.js';
import {
  claimNudge,
  findLedgerEntry,
  findOpenSentEntries,
  finishNudges,
  listMessageEntries,
  setOutcome,
} from '../../repositories/nudge-ledger.js';
import { listPreferences, setPreference } from '../../repositories/nudge-preferences.js';
import { findOrganiser, setTimeZone } from '../../repositories/organisers.js';
import { MAX_CARDS_PER_MESSAGE, type NudgeCardView, type NudgeSettingsView } from '../../views/nudges.js';
import { NotYoursError } from '../one-to-ones.js';
import { type Actor, organiserTimeZone } from '../organisers.js';
import { reflectKind } from './kinds/reflect.js';
import { findKind, NUDGE_KINDS } from './registry.js';
import type { AnyNudgeKind, DueCandidate, LocalContext, NudgeEffect } from './types.js';

/**
 * DM nudges: finding what is due, deciding whether (and when) an organiser gets today's DM,
 * claiming it in the ledger before it is sent, recording the send, and the buttons.
 *
 * Never the same nudge twice: each nudge is a ledger row keyed by (team, user, kind, subject,
 * due date) and each DM a row keyed by (team, user, local date); both are claimed before
 * sending and marked sent after. A failed send marks them failed, so a later tick claims them
 * again; a claim left by a process that died mid-send is taken over after STALE_CLAIM_MS.
 */

/** How long a claim may stand before another tick takes it over (a crash between claim and send). */
export const STALE_CLAIM_MS = 60 * 60 * 1000;
/** As organiserTimeZone: a cached time zone is trusted for a day. */
const TIME_ZONE_TTL_MS = 24 * 60 * 60 * 1000;
/** Slack errors meaning the person cannot get a DM any more: skipped, not retried today. */
export const INACTIVE_USER_ERRORS = new Set([
  'user_not_found',
  'user_disabled',
  'account_inactive',
  'deleted',
]);

export interface DueItem {
  kind: AnyNudgeKind;
  candidate: DueCandidate;
}

export interface DueOrganiser {
  teamId: string;
  userId: string;
  due: DueItem[];
}

/** Everything due anywhere now, by organiser: one index-driven query per kind. */
export async function findDueNudges(deps: Deps, now: Date): Promise<DueOrganiser[]> {
  const scan = { now, window: globalDueWindow(now), settings: deps.config.nudges };
  const byOrganiser = new Map<string, DueOrganiser>();
  for (const kind of NUDGE_KINDS) {
    for (const candidate of await kind.findDue(deps.db, scan)) {
      const key = `${candidate.teamId}\u0000${candidate.userId}`;
      let org = byOrganiser.get(key);
      if (!org) {
        org = { teamId: candidate.teamId, userId: candidate.userId, due: [] };
        byOrganiser.set(key, org);
      }
      org.due.push({ kind, candidate });
    }
  }
  return [...byOrganiser.values()];
}

export type Recipient = { active: true; timeZone: string } | { active: false; reason: string };

function slackError(error: unknown): string {
  const e = error as { data?: { error?: string }; code?: string; message?: string };
  return e.data?.error ?? e.code ?? 'unknown_error';
}

/**
 * Whether the organiser can get a DM, and their time zone. Like organiserTimeZone (same cache),
 * but it also needs users.info's `deleted` and its error codes, to skip people who left.
 */
export async function nudgeRecipient(deps: Deps, actor: Actor, now: Date): Promise<Recipient> {
  const organiser = await findOrganiser(deps.db, actor.teamId, actor.userId);
  const checked = organiser?.time_zone_checked_at ? Date.parse(organiser.time_zone_checked_at) : 0;
  if (organiser?.time_zone && now.getTime() - checked < TIME_ZONE_TTL_MS) {
    return { active: true, timeZone: organiser.time_zone };
  }
  const info = await deps.slack.userInfo(actor.teamId, actor.userId);
  if (info && !info.active) return { active: false, reason: info.inactiveReason ?? 'deleted' };
  const tz = info?.timeZone;
  if (tz && isValidTimeZone(tz)) {
    await setTimeZone(deps.db, actor.teamId, actor.userId, tz, now.toISOString());
    return { active: true, timeZone: tz };
  }
  return { active: true, timeZone: organiser?.time_zone ?? deps.config.defaultTimeZone };
}

/** Whether each kind is on for this organiser ('*' off: none). */
async function enabledKinds(deps: Deps, actor: Actor): Promise<{ allOn: boolean; on: Set<string> }> {
  const prefs = new Map(
    (await listPreferences(deps.db, actor.teamId, actor.userId)).map((p) => [p.kind, p.enabled === 1]),
  );
  const on = new Set(NUDGE_KINDS.filter((k) => prefs.get(k.name) ?? k.setting.defaultOn).map((k) => k.name));
  return { allOn: prefs.get('*') ?? true, on };
}

export interface PreparedItem extends DueItem {
  item: unknown;
}

export interface PreparedDm {
  actor: Actor;
  day: DayKey;
  local: LocalContext;
  items: PreparedItem[];
}

export type Preparation =
  | { status: 'ready'; dm: PreparedDm }
  | { status: 'skipped'; reason: 'off' | 'nothing_due' | 'already_sent' | 'inactive' | 'outside_hours' };

/** A day already used (sent, skipped) or being used right now by another tick or instance. */
function dayTaken(day: { status: string; claimed_at: string | null } | undefined, now: Date): boolean {
  if (!day || day.status === 'failed') return false;
  if (day.status === 'claimed') return Date.parse(day.claimed_at ?? '') >= now.getTime() - STALE_CLAIM_MS;
  return true;
}

/**
 * Decides whether this organiser gets a DM now and with what: settings, the daily key, whether
 * they are still in Slack, their working hours, and each kind's own "still due today?".
 * Writes nothing except the time-zone cache, and a skipped day for a deactivated user (not in a dry run).
 */
export async function prepareNudgeDm(
  deps: Deps,
  org: DueOrganiser,
  now: Date,
  dryRun: boolean,
): Promise<Preparation> {
  const actor = { teamId: org.teamId, userId: org.userId };
  const settings = await enabledKinds(deps, actor);
  if (!settings.allOn) return { status: 'skipped', reason: 'off' };
  const wanted = org.due.filter((d) => settings.on.has(d.kind.name));
  if (wanted.length === 0) return { status: 'skipped', reason: 'nothing_due' };

  // Cheap first: today's DM already sent? (No Slack call for organisers done for the day.)
  const cached = (await findOrganiser(deps.db, actor.teamId, actor.userId))?.time_zone;
  const guessTz = cached ?? deps.config.defaultTimeZone;
  const guessDay = { ...actor, localDate: localDate(now, guessTz) };
  if (dayTaken(await findDay(deps.db, guessDay), now)) return { status: 'skipped', reason: 'already_sent' };

  const recipient = await nudgeRecipient(deps, actor, now);
  if (!recipient.active) {
    if (!dryRun) await skipDay(deps.db, guessDay, now.toISOString(), recipient.reason);
    return { status: 'skipped', reason: 'inactive' };
  }
  const { nudges: hours } = deps.config;
  const slot = sendSlot(now, recipient.timeZone, {
    startHour: hours.workdayStartHour,
    endHour: hours.workdayEndHour,
  });
  if (!slot) return { status: 'skipped', reason: 'outside_hours' };
  const day = { ...actor, localDate: slot.localDate };
  if (day.localDate !== guessDay.localDate && dayTaken(await findDay(deps.db, day), now)) {
    return { status: 'skipped', reason: 'already_sent' };
  }

  const local: LocalContext = {
    now,
    today: slot.localDate,
    weekday: toLocal(now, recipient.timeZone).weekday,
    settings: deps.config.nudges,
  };
  const seen = new Set<string>();
  const items: PreparedItem[] = [];
  const order = (d: DueItem) => NUDGE_KINDS.indexOf(d.kind);
  const sorted = [...wanted].sort(
    (a, b) => order(a) - order(b) || a.candidate.dueOn.localeCompare(b.candidate.dueOn),
  );
  for (const d of sorted) {
    if (items.length >= MAX_CARDS_PER_MESSAGE) break;
    const confirmed = d.kind.confirm
      ? await d.kind.confirm(deps.db, d.candidate, local)
      : isDueOn(d.candidate.dueOn, local.today)
        ? d.candidate
        : undefined;
    if (!confirmed) continue;
    const key = `${d.kind.name}\u0000${confirmed.subjectId}\u0000${confirmed.dueOn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const item = await d.kind.load(deps.db, confirmed, deps.config.nudges);
    if (item !== undefined) items.push({ kind: d.kind, candidate: confirmed, item });
  }
  if (items.length === 0) return { status: 'skipped', reason: 'nothing_due' };
  return { status: 'ready', dm: { actor, day, local, items } };
}

export interface ClaimedDm {
  token: string;
  day: DayKey;
  items: (PreparedItem & { ledgerId: string })[];
}

/** Claims today's DM and each nudge in it; undefined when another tick or instance has them. */
export async function claimNudgeDm(deps: Deps, dm: PreparedDm, now: Date): Promise<ClaimedDm | undefined> {
  const token = newId();
  const at = now.toISOString();
  const staleBefore = new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
  if (!(await claimDay(deps.db, dm.day, token, at, staleBefore))) return undefined;
  const items: ClaimedDm['items'] = [];
  for (const i of dm.items) {
    const ledgerId = await claimNudge(
      deps.db,
      { ...dm.actor, kind: i.kind.name, subjectId: i.candidate.subjectId, dueOn: i.candidate.dueOn },
      dm.day.localDate,
      token,
      at,
      staleBefore,
    );
    if (ledgerId) items.push({ ...i, ledgerId });
  }
  if (items.length === 0) {
    await releaseDay(deps.db, dm.day, token);
    return undefined;
  }
  return { token, day: dm.day, items };
}

export async function recordNudgeDmSent(
  deps: Deps,
  claimed: ClaimedDm,
  channel: string,
  ts: string,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const ids = claimed.items.map((i) => i.ledgerId);
    await finishNudges(trx, ids, claimed.token, { status: 'sent', channel, ts }, at);
    await finishDay(trx, claimed.day, claimed.token, 'sent', at, { channel, ts });
  });
}

/**
 * A send that failed: the nudges go back to 'failed' (claimed again by a later tick). The day
 * is 'failed' too (retried), or 'skipped' when Slack says the person is gone.
 */
export async function recordNudgeDmFailed(
  deps: Deps,
  claimed: ClaimedDm,
  error: unknown,
  now: Date,
): Promise<{ code: string; inactive: boolean }> {
  const code = slackError(error);
  const inactive = INACTIVE_USER_ERRORS.has(code);
  const at = now.toISOString();
  await deps.db.transaction().execute(async (trx) => {
    await finishNudges(
      trx,
      claimed.items.map((i) => i.ledgerId),
      claimed.token,
      { status: 'failed' },
      at,
    );
    await finishDay(trx, claimed.day, claimed.token, inactive ? 'skipped' : 'failed', at, { error: code });
  });
  return { code, inactive };
}

/** The cards of a DM about to be sent (ledger ids known), or of a dry run (placeholder ids). */
export function cardsFor(items: (PreparedItem & { ledgerId?: string })[]): NudgeCardView[] {
  return items.map((i, n) => ({
    kind: i.kind.name,
    ledgerId: i.ledgerId ?? `dry-run-${n}`,
    card: i.kind.card(i.item, null),
  }));
}

export interface NudgeMessageRef {
  channel: string;
  ts: string;
  cards: NudgeCardView[];
}

/** Re-reads every nudge one DM carries, with what was done with each: for chat.update. */
async function messageCards(
  deps: Deps,
  entry: { team_id: string; user_id: string; local_date: string; channel: string; ts: string },
): Promise<NudgeMessageRef> {
  const entries = await listMessageEntries(
    deps.db,
    entry.team_id,
    entry.user_id,
    entry.local_date,
    entry.channel,
    entry.ts,
  );
  const cards: NudgeCardView[] = [];
  for (const e of entries) {
    const kind = findKind(e.kind);
    const candidate = { teamId: e.team_id, userId: e.user_id, subjectId: e.subject_id, dueOn: e.due_on };
    const item = kind ? await kind.load(deps.db, candidate, deps.config.nudges) : undefined;
    cards.push({
      kind: e.kind,
      ledgerId: e.id,
      card: kind && item !== undefined ? kind.card(item, e.outcome) : undefined,
    });
  }
  return { channel: entry.channel, ts: entry.ts, cards };
}

export interface NudgeButtonResult {
  effect?: NudgeEffect;
  /** The nudge's DM (from the ledger, not the payload). */
  source?: { channel: string; ts: string };
  /** The DM to update in place (no stale buttons), when something was done. */
  update?: NudgeMessageRef;
}

/**
 * A nudge button. Only the nudge's recipient may use it (the ledger row names them), and each
 * kind acts through services that check the record's owner. A nudge already acted on changes
 * nothing more: the DM is simply shown as it is.
 */
export async function useNudgeButton(
  deps: Deps,
  actor: Actor,
  press: { kind: string; verb: string; ledgerId: string },
): Promise<NudgeButtonResult> {
  const entry = press.ledgerId ? await findLedgerEntry(deps.db, actor.teamId, press.ledgerId) : undefined;
  const kind = findKind(press.kind);
  if (
    !entry ||
    !kind ||
    entry.user_id !== actor.userId ||
    entry.kind !== press.kind ||
    entry.status !== 'sent' ||
    !entry.channel ||
    !entry.ts
  ) {
    throw new NotYoursError();
  }
  const ref = { ...entry, channel: entry.channel, ts: entry.ts };
  if (entry.outcome) return { update: await messageCards(deps, ref) };
  const candidate = {
    teamId: entry.team_id,
    userId: entry.user_id,
    subjectId: entry.subject_id,
    dueOn: entry.due_on,
  };
  const now = deps.clock.now();
  const item = await kind.load(deps.db, candidate, deps.config.nudges);
  if (item === undefined) {
    await setOutcome(deps.db, actor.teamId, actor.userId, entry.id, 'gone', now.toISOString());
    return { update: await messageCards(deps, ref) };
  }
  const tz = await organiserTimeZone(deps, actor);
  const local = toLocal(now, tz);
  const effect = await kind.act(deps, actor, press.verb, item, candidate, {
    now,
    today: local.date,
    weekday: local.weekday,
    settings: deps.config.nudges,
  });
  if (!effect) throw new NotYoursError();
  const source = { channel: ref.channel, ts: ref.ts };
  if (!('outcome' in effect)) return { effect, source };
  await setOutcome(deps.db, actor.teamId, actor.userId, entry.id, effect.outcome, now.toISOString());
  return { effect, source, update: await messageCards(deps, ref) };
}

/**
 * After a reflection is saved (from the nudge's button or any other way): its reflect nudge,
 * if one was sent, shows as done. Returns the DMs to update in place.
 */
export async function settleReflectNudges(
  deps: Deps,
  actor: Actor,
  oneToOneId: string,
): Promise<NudgeMessageRef[]> {
  const entries = await findOpenSentEntries(
    deps.db,
    actor.teamId,
    actor.userId,
    reflectKind.name,
    oneToOneId,
  );
  const refs: NudgeMessageRef[] = [];
  const now = deps.clock.now().toISOString();
  for (const e of entries) {
    if (!e.channel || !e.ts) continue;
    await setOutcome(deps.db, actor.teamId, actor.userId, e.id, 'reflected', now);
    refs.push(await messageCards(deps, { ...e, channel: e.channel, ts: e.ts }));
  }
  return refs;
}

export async function nudgeSettings(deps: Deps, actor: Actor): Promise<NudgeSettingsView> {
  const { allOn, on } = await enabledKinds(deps, actor);
  return {
    allOn,
    kinds: NUDGE_KINDS.map((k) => ({ word: k.setting.word, label: k.setting.label, on: on.has(k.name) })),
  };
}

/** `kind` is a kind's name, or '*' for all nudges. */
export async function setNudgeSetting(deps: Deps, actor: Actor, kind: string, on: boolean): Promise<void> {
  await setPreference(deps.db, actor.teamId, actor.userId, kind, on, deps.clock.now().toISOString());
}
