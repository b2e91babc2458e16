import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  DEFAULT_RHYTHM,
  formatWorkingDays,
  type NudgeRhythm,
  parseWorkingDays,
} from '../domain/nudge-rhythm.js';

/** The nudge_settings table: each organiser's working days and daily-summary choice. */

export async function findRhythm(db: Kysely<Database>, teamId: string, userId: string): Promise<NudgeRhythm> {
  const row = await db
    .selectFrom('nudge_settings')
    .select(['working_days', 'daily_summary'])
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return { ...DEFAULT_RHYTHM, workingDays: [...DEFAULT_RHYTHM.workingDays] };
  return { workingDays: parseWorkingDays(row.working_days), dailySummary: row.daily_summary === 1 };
}

export async function saveRhythm(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  rhythm: NudgeRhythm,
  now: string,
): Promise<void> {
  const values = {
    working_days: formatWorkingDays(rhythm.workingDays),
    daily_summary: rhythm.dailySummary ? 1 : 0,
  };
  await db
    .insertInto('nudge_settings')
    .values({ team_id: teamId, user_id: userId, ...values, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ ...values, updated_at: now }))
    .execute();
}
