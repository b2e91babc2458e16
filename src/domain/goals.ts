import type { IsoDate } from './time.js';

/**
 * The weekly goal over time (issue 9: changing the goal must not rewrite the weeks already
 * lived). A change applies from the Monday of the week it was made in, the organiser's own
 * week, until the next change; each week is judged against the goal in force then. Pure.
 */

/** A goal that holds from `fromWeek` (a Monday) until the next change. */
export interface GoalChange {
  fromWeek: IsoDate;
  goal: number;
}

/** `fromWeek` of the goal an organiser had before they first changed it: it has held since always. */
export const GOAL_SINCE_ALWAYS: IsoDate = '0001-01-01';

/**
 * The goal in force in the week starting `week`: the latest change on or before it. With no
 * history at all (never changed), `current` has always held.
 */
export function goalInForce(changes: readonly GoalChange[], week: IsoDate, current: number): number {
  let best: GoalChange | undefined;
  for (const c of changes) {
    if (c.fromWeek <= week && (!best || c.fromWeek > best.fromWeek)) best = c;
  }
  return best?.goal ?? current;
}

/** The goal in force in each of `weeks` (Mondays), in their order. */
export function goalsInForce(
  changes: readonly GoalChange[],
  weeks: readonly IsoDate[],
  current: number,
): number[] {
  return weeks.map((w) => goalInForce(changes, w, current));
}

/**
 * Weeks in a row at or above each week's own goal, counting back from last week; the current
 * week adds one once it reaches its goal (an unfinished week does not break a streak). `held`
 * and `goals` are oldest first, the current week last, one entry per week.
 */
export function streakAtGoals(held: readonly number[], goals: readonly number[]): number {
  const met = (i: number) => (goals[i] ?? 0) > 0 && held[i]! >= goals[i]!;
  if (held.length === 0) return 0;
  let streak = 0;
  for (let i = held.length - 2; i >= 0 && met(i); i--) streak++;
  if (met(held.length - 1)) streak++;
  return streak;
}
