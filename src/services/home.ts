import type { Deps } from '../deps.js';
import type { HomeData } from '../domain/home.js';
import { goingColdCutoff, streakAtGoal } from '../domain/relationship.js';
import { lastWeeks, localDate } from '../domain/time.js';
import {
  countHeldByDate,
  dueNextSteps,
  goingColdPeople,
  unreflectedOneToOnes,
} from '../repositories/queries/home.js';
import { type Actor, organiserTimeZone, weeklyGoal } from './organisers.js';

/**
 * What the Home tab shows, gathered in a handful of bounded queries (lists are capped), as the
 * app's HomeData (src/domain/home.ts), which the view draws.
 */

/** Items per Home list; the view says "and N more" for the rest (a Home view holds BLOCK_KIT.homeBlocks, 100). */
export const HOME_LIST_CAP = 8;
/** How far back a streak is counted; the view shows "52+" beyond. */
export const STREAK_WEEKS = 52;

/** What showHome uses: the database, the going-cold setting, and the organiser's zone and goal. */
export type HomeDeps = Pick<Deps, 'db' | 'clock' | 'config'> &
  Parameters<typeof organiserTimeZone>[0] &
  Parameters<typeof weeklyGoal>[0];

/** The organiser opened (or changed something on) their Home tab. */
export async function showHome(deps: HomeDeps, actor: Actor, cap = HOME_LIST_CAP): Promise<HomeData> {
  const { db } = deps;
  const { teamId, userId } = actor;
  const tz = await organiserTimeZone(deps, actor);
  const today = localDate(deps.clock.now(), tz);
  const goal = await weeklyGoal(deps, actor);
  // The current week plus STREAK_WEEKS before it: one grouped query, summed per week here.
  const weeks = lastWeeks(today, STREAK_WEEKS + 1);
  const perDate = await countHeldByDate(db, teamId, userId, weeks[0]!.start, weeks.at(-1)!.end);
  const held = weeks.map((w) =>
    perDate.filter((r) => r.met_on >= w.start && r.met_on <= w.end).reduce((s, r) => s + r.held, 0),
  );
  const streak = streakAtGoal(held, goal);
  const goingColdWeeks = deps.config.nudges.goingColdWeeks;

  const [due, unreflected, cold] = [
    await dueNextSteps(db, teamId, userId, today, cap),
    await unreflectedOneToOnes(db, teamId, userId, cap),
    await goingColdPeople(db, teamId, userId, goingColdCutoff(today, goingColdWeeks), cap),
  ];
  return {
    today,
    goal,
    thisWeek: held.at(-1)!,
    streak: Math.min(streak, STREAK_WEEKS),
    streakCapped: streak >= STREAK_WEEKS,
    goingColdWeeks,
    dueSteps: {
      total: due.total,
      items: due.items.map((r) => ({
        oneToOneId: r.id,
        personName: r.person_name,
        institutionName: r.institution_name,
        kind: r.next_step_kind,
        dueOn: r.next_step_due_on,
        note: r.next_step_note,
      })),
    },
    unreflected: {
      total: unreflected.total,
      items: unreflected.items.map((r) => ({
        oneToOneId: r.id,
        personName: r.person_name,
        institutionName: r.institution_name,
        metOn: r.met_on,
      })),
    },
    goingCold: {
      total: cold.total,
      items: cold.items.map((r) => ({
        personId: r.person_id,
        personName: r.person_name,
        institutionName: r.institution_name,
        meetings: r.meetings,
        lastMetOn: r.last_met_on,
      })),
    },
  };
}
