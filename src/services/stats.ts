import type { Deps } from '../deps.js';
import { lastWeeks, localDate } from '../domain/time.js';
import { countOwnedByDate } from '../repositories/one-to-ones.js';
import { type Actor, organiserTimeZone, weeklyGoal } from './organisers.js';

export interface WeekCount {
  start: string;
  held: number;
}

export interface MyStats {
  today: string;
  goal: number;
  thisWeek: number;
  /** Oldest first, the current week last. */
  weeks: WeekCount[];
  /** Share of the last 8 weeks' one-to-ones that have a reflection; null when there were none. */
  reflectionRate: number | null;
  heldInPeriod: number;
}

export const STATS_WEEKS = 8;

/** `/onetoone stats`: this week against my goal, the last 8 weeks, my reflection rate. */
export async function myStats(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'slack' | 'logger' | 'timeZones'>,
  actor: Actor,
): Promise<MyStats> {
  const tz = await organiserTimeZone(deps, actor);
  const today = localDate(deps.clock.now(), tz);
  const weeks = lastWeeks(today, STATS_WEEKS);
  const rows = await countOwnedByDate(
    deps.db,
    actor.teamId,
    actor.userId,
    weeks[0]!.start,
    weeks.at(-1)!.end,
  );
  const counts: WeekCount[] = weeks.map((w) => ({
    start: w.start,
    held: rows.filter((r) => r.met_on >= w.start && r.met_on <= w.end).reduce((s, r) => s + r.held, 0),
  }));
  const held = rows.reduce((s, r) => s + r.held, 0);
  const reflected = rows.reduce((s, r) => s + r.reflected, 0);
  return {
    today,
    goal: await weeklyGoal(deps, actor),
    thisWeek: counts.at(-1)!.held,
    weeks: counts,
    reflectionRate: held ? reflected / held : null,
    heldInPeriod: held,
  };
}
