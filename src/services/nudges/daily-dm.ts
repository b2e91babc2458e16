import type { Deps } from '../../deps.js';
import { newId } from '../../domain/keys.js';
import { isDueOn, sendSlot } from '../../domain/nudge-timing.js';
import { isValidTimeZone, localDate, toLocal } from '../../domain/time.js';
import { slackErrorCode } from '../../errors.js';
import { INACTIVE_USER_ERRORS } from '../../ports/slack.js';
import {
  claimDay,
  type DayKey,
  findDay,
  finishDay,
  releaseDay,
  skipDay,
} from '../../repositories/nudge-days.js';
import { claimNudge, finishNudges } from '../../repositories/nudge-ledger.js';
import { findOrganiser, setTimeZone } from '../../repositories/organisers.js';
import { MAX_CARDS_PER_MESSAGE } from '../../views/nudges.js';
import type { Actor } from '../organisers.js';
import type { DueItem, DueOrganiser } from './due.js';
import { NUDGE_KINDS } from './registry.js';
import { enabledKinds } from './settings.js';
import type { LocalContext } from './types.js';

/**
 * The daily DM: deciding whether (and when) an organiser gets today's DM and with what,
 * claiming it in the ledger before it is sent, and recording the send.
 *
 * Never the same nudge twice: each nudge is a ledger row keyed by (team, user, kind, subject,
 * due date) and each DM a row keyed by (team, user, local date); both are claimed before
 * sending (src/repositories/ledger-claim.ts) and marked sent after. A failed send marks them
 * failed, so a later tick claims them again; a claim left by a process that died mid-send is
 * taken over after STALE_CLAIM_MS.
 */

/** How long a claim may stand before another tick takes it over (a crash between claim and send). */
export const STALE_CLAIM_MS = 60 * 60 * 1000;
/** As organiserTimeZone: a cached time zone is trusted for a day. */
const TIME_ZONE_TTL_MS = 24 * 60 * 60 * 1000;

export type Recipient = { active: true; timeZone: string } | { active: false; reason: string };

/**
 * Whether the organiser can get a DM, and their time zone. Like organiserTimeZone (same cache),
 * but it also needs to know who left: the port's userInfo says so (`active: false`).
 */
export async function nudgeRecipient(
  deps: Pick<Deps, 'db' | 'config' | 'slack'>,
  actor: Actor,
  now: Date,
): Promise<Recipient> {
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
  deps: Pick<Deps, 'db' | 'config' | 'slack'>,
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
export async function claimNudgeDm(
  deps: Pick<Deps, 'db'>,
  dm: PreparedDm,
  now: Date,
): Promise<ClaimedDm | undefined> {
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
  deps: Pick<Deps, 'db'>,
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
      claimed.items.map((i) => i.ledgerId),
      claimed.token,
      { status: 'failed' },
      at,
    );
    await finishDay(trx, claimed.day, claimed.token, inactive ? 'skipped' : 'failed', at, { error: code });
  });
  return { code, inactive };
}
