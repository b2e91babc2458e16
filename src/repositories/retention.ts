import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** Teams that chose a retention period (workspace_settings.retention_months not null). */
export async function listRetentionTeams(
  db: Kysely<Database>,
): Promise<{ team_id: string; retention_months: number; time_zone: string | null }[]> {
  const rows = await db
    .selectFrom('workspace_settings')
    .select(['team_id', 'retention_months', 'time_zone'])
    .where('retention_months', 'is not', null)
    .orderBy('team_id')
    .execute();
  return rows.map((r) => ({ ...r, retention_months: Number(r.retention_months) }));
}

/** The free-text columns retention blanks; choices, dates and durations stay (they are the counts). */
const ONE_TO_ONE_TEXT = [
  'setting',
  'self_interest_needs',
  'self_interest_meaning',
  'stories',
  'values_motivations',
  'mutual_interests',
  'next_step_note',
] as const;
const REFLECTION_TEXT = ['motivations', 'contribution', 'differently'] as const;

export interface RetentionCounts {
  oneToOnes: number;
  reflections: number;
  introductions: number;
}

function oldOneToOnes(db: Kysely<Database>, teamId: string, cutoff: string) {
  return db.selectFrom('one_to_ones').select('id').where('team_id', '=', teamId).where('met_on', '<', cutoff);
}

/**
 * How many rows still hold text older than `cutoff` (met or introduced before it). A row whose
 * text is already blank does not count, so a second run finds nothing: the job is idempotent.
 */
export async function countOldText(
  db: Kysely<Database>,
  teamId: string,
  cutoff: string,
): Promise<RetentionCounts> {
  const oto = await db
    .selectFrom('one_to_ones')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('team_id', '=', teamId)
    .where('met_on', '<', cutoff)
    .where((eb) => eb.or(ONE_TO_ONE_TEXT.map((c) => eb(c, 'is not', null))))
    .executeTakeFirst();
  const refl = await db
    .selectFrom('reflections')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('team_id', '=', teamId)
    .where('one_to_one_id', 'in', oldOneToOnes(db, teamId, cutoff))
    .where((eb) => eb.or(REFLECTION_TEXT.map((c) => eb(c, 'is not', null))))
    .executeTakeFirst();
  const intro = await db
    .selectFrom('introductions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('team_id', '=', teamId)
    .where('introduced_on', '<', cutoff)
    .where('why', 'is not', null)
    .executeTakeFirst();
  return {
    oneToOnes: Number(oto?.n ?? 0),
    reflections: Number(refl?.n ?? 0),
    introductions: Number(intro?.n ?? 0),
  };
}

/** Blanks that text; rows, dates, durations, choices and counts stay. Returns rows changed. */
export async function blankOldText(
  db: Kysely<Database>,
  teamId: string,
  cutoff: string,
  now: string,
): Promise<RetentionCounts> {
  const nulls = <T extends string>(cols: readonly T[]) =>
    Object.fromEntries(cols.map((c) => [c, null])) as Record<T, null>;
  const reflections = await db
    .updateTable('reflections')
    .set({ ...nulls(REFLECTION_TEXT), updated_at: now })
    .where('team_id', '=', teamId)
    .where('one_to_one_id', 'in', oldOneToOnes(db, teamId, cutoff))
    .where((eb) => eb.or(REFLECTION_TEXT.map((c) => eb(c, 'is not', null))))
    .executeTakeFirst();
  const oneToOnes = await db
    .updateTable('one_to_ones')
    .set({ ...nulls(ONE_TO_ONE_TEXT), updated_at: now })
    .where('team_id', '=', teamId)
    .where('met_on', '<', cutoff)
    .where((eb) => eb.or(ONE_TO_ONE_TEXT.map((c) => eb(c, 'is not', null))))
    .executeTakeFirst();
  const introductions = await db
    .updateTable('introductions')
    .set({ why: null, updated_at: now })
    .where('team_id', '=', teamId)
    .where('introduced_on', '<', cutoff)
    .where('why', 'is not', null)
    .executeTakeFirst();
  return {
    oneToOnes: Number(oneToOnes.numUpdatedRows),
    reflections: Number(reflections.numUpdatedRows),
    introductions: Number(introductions.numUpdatedRows),
  };
}
