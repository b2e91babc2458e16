import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { GOAL_SINCE_ALWAYS, type GoalChange } from '../domain/goals.js';

/**
 * The goal_history table: each organiser's weekly goal from the week it was set (a Monday, their
 * local date). One row per (organiser, week): setting the goal twice in a week keeps the last.
 */

/** Bound parameters per IN list, far below SQLite's and PostgreSQL's limits. */
const CHUNK = 500;

/** Whether the organiser has any history yet (the first change also records the goal before it). */
export async function hasGoalHistory(db: Kysely<Database>, teamId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('goal_history')
    .select('from_week')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The goal from `fromWeek` on (the latest set that week wins). */
export async function recordGoal(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  fromWeek: string,
  goal: number,
  now: string,
): Promise<void> {
  await db
    .insertInto('goal_history')
    .values({
      team_id: teamId,
      user_id: userId,
      from_week: fromWeek,
      weekly_goal: goal,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['team_id', 'user_id', 'from_week']).doUpdateSet({ weekly_goal: goal, updated_at: now }),
    )
    .execute();
}

/** The goal an organiser had before any history: it has held since always. */
export function recordGoalSinceAlways(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  goal: number,
  now: string,
): Promise<void> {
  return recordGoal(db, teamId, userId, GOAL_SINCE_ALWAYS, goal, now);
}

/**
 * The changes that bear on weeks up to `throughWeek`, per organiser of `userIds`: every row from
 * on or before it (history is a few rows per organiser, read on the primary key).
 */
export async function goalChanges(
  db: Kysely<Database>,
  teamId: string,
  userIds: readonly string[],
  throughWeek: string,
): Promise<Map<string, GoalChange[]>> {
  const out = new Map<string, GoalChange[]>();
  for (let i = 0; i < userIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('goal_history')
      .select(['user_id', 'from_week', 'weekly_goal'])
      .where('team_id', '=', teamId)
      .where('user_id', 'in', userIds.slice(i, i + CHUNK))
      .where('from_week', '<=', throughWeek)
      .execute();
    for (const r of rows) {
      const list = out.get(r.user_id) ?? [];
      list.push({ fromWeek: r.from_week, goal: Number(r.weekly_goal) });
      out.set(r.user_id, list);
    }
  }
  return out;
}
