import type { Deps } from '../deps.js';
import { goalsInForce } from '../domain/goals.js';
import { DEFAULT_WEEKLY_GOAL, parseGoal } from '../domain/one-to-one.js';
import { type IsoDate, isValidTimeZone, localDate, weekStart } from '../domain/time.js';
import {
  goalChanges,
  hasGoalHistory,
  recordGoal,
  recordGoalSinceAlways,
} from '../repositories/goal-history.js';
import { findOrganiser, setTimeZone, setWeeklyGoal } from '../repositories/organisers.js';

export interface Actor {
  teamId: string;
  userId: string;
}

/**
 * Slack gives an interaction 3 seconds to be acknowledged, so a users.info made before an ack
 * (the organiser's time zone, a chosen member's name) waits at most this long (the port's
 * `budgetMs`); past it the caller goes on without the answer. Two lookups and the save still
 * fit in the 3 seconds.
 */
export const SLACK_LOOKUP_BUDGET_MS = 1000;

/** How long a cached time zone is trusted before users.info is asked again (people travel). */
const TIME_ZONE_TTL_MS = 24 * 60 * 60 * 1000;

type TimeZoneDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'slack' | 'logger' | 'timeZones'>;

/**
 * The organiser's time zone, from Slack's users.info, cached in the organisers table. If Slack
 * cannot be asked, the cached value (or the configured default) is used rather than failing.
 */
export async function organiserTimeZone(deps: TimeZoneDeps, actor: Actor): Promise<string> {
  const { db, clock, config, slack, logger, timeZones } = deps;
  const nowMs = clock.now().getTime();
  const memo = timeZones.get(actor.teamId, actor.userId, nowMs, TIME_ZONE_TTL_MS);
  if (memo) return memo;
  const organiser = await findOrganiser(db, actor.teamId, actor.userId);
  const checked = organiser?.time_zone_checked_at ? Date.parse(organiser.time_zone_checked_at) : 0;
  if (organiser?.time_zone && nowMs - checked < TIME_ZONE_TTL_MS) {
    timeZones.set(actor.teamId, actor.userId, organiser.time_zone, checked);
    return organiser.time_zone;
  }
  const info = await slack.userInfo(actor.teamId, actor.userId, { budgetMs: SLACK_LOOKUP_BUDGET_MS });
  const tz = info?.timeZone;
  if (tz && isValidTimeZone(tz)) {
    await setTimeZone(db, actor.teamId, actor.userId, tz, clock.now().toISOString());
    timeZones.set(actor.teamId, actor.userId, tz, nowMs);
    return tz;
  }
  if (!info) logger.warn('using the cached or default time zone');
  return organiser?.time_zone ?? config.defaultTimeZone;
}

/** The organiser's local date today. */
export async function organiserToday(deps: TimeZoneDeps, actor: Actor): Promise<string> {
  return localDate(deps.clock.now(), await organiserTimeZone(deps, actor));
}

export async function weeklyGoal(deps: Pick<Deps, 'db'>, actor: Actor): Promise<number> {
  const organiser = await findOrganiser(deps.db, actor.teamId, actor.userId);
  return organiser?.weekly_goal ?? DEFAULT_WEEKLY_GOAL;
}

/**
 * The goal in force in each of `weeks` (Mondays, oldest first): each week is judged against the
 * goal it had (goal_history), so a change never rewrites the weeks before it.
 */
export async function weeklyGoals(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  weeks: readonly IsoDate[],
): Promise<number[]> {
  const current = await weeklyGoal(deps, actor);
  if (weeks.length === 0) return [];
  // biome-ignore lint/complexity/useMathMinMax: ISO dates compare as text; Math.max would give NaN.
  const through = weeks.reduce((a, b) => (a > b ? a : b));
  const changes = await goalChanges(deps.db, actor.teamId, [actor.userId], through);
  return goalsInForce(changes.get(actor.userId) ?? [], weeks, current);
}

/**
 * Sets my weekly goal from this week on (my own local week): the weeks before keep the goal
 * they had. The first change also records the goal before it, as having held since always.
 */
export async function changeWeeklyGoal(deps: TimeZoneDeps, actor: Actor, goal: number): Promise<void> {
  const fromWeek = weekStart(await organiserToday(deps, actor));
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    if (!(await hasGoalHistory(trx, actor.teamId, actor.userId))) {
      const before = await findOrganiser(trx, actor.teamId, actor.userId);
      await recordGoalSinceAlways(
        trx,
        actor.teamId,
        actor.userId,
        before?.weekly_goal ?? DEFAULT_WEEKLY_GOAL,
        now,
      );
    }
    await recordGoal(trx, actor.teamId, actor.userId, fromWeek, goal, now);
    await setWeeklyGoal(trx, actor.teamId, actor.userId, goal, now);
  });
}

export type GoalOutcome =
  | { kind: 'current'; goal: number }
  | { kind: 'changed'; goal: number }
  | { kind: 'invalid'; message: string };

/** `/onetoone goal [N]`: says my weekly goal, or sets it to N. */
export async function setMyWeeklyGoal(deps: TimeZoneDeps, actor: Actor, text: string): Promise<GoalOutcome> {
  if (!text.trim()) return { kind: 'current', goal: await weeklyGoal(deps, actor) };
  const parsed = parseGoal(text);
  if (!parsed.ok) return { kind: 'invalid', message: parsed.message };
  await changeWeeklyGoal(deps, actor, parsed.goal);
  return { kind: 'changed', goal: parsed.goal };
}

/**
 * Whether the actor is a Slack workspace admin or owner (users.info), for settings that apply to
 * everyone in the workspace. Undefined when Slack cannot say: callers then change nothing.
 */
export async function isWorkspaceAdmin(
  deps: Pick<Deps, 'slack'>,
  actor: Actor,
): Promise<boolean | undefined> {
  const u = await deps.slack.userInfo(actor.teamId, actor.userId);
  if (!u) return undefined;
  return u.active && u.isAdmin;
}
