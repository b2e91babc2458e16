import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface RetentionTeam {
  team_id: string;
  /** The period in force; null while only a pending (confirmed, in grace) period is set. */
  retention_months: number | null;
  time_zone: string | null;
  retention_pending_months: number | null;
  retention_pending_on: string | null;
}

/** Teams with a retention period in force or confirmed and waiting out its grace period. */
export async function listRetentionTeams(db: Kysely<Database>): Promise<RetentionTeam[]> {
  const rows = await db
    .selectFrom('workspace_settings')
    .select(['team_id', 'retention_months', 'time_zone', 'retention_pending_months', 'retention_pending_on'])
    .where((eb) =>
      eb.or([eb('retention_months', 'is not', null), eb('retention_pending_months', 'is not', null)]),
    )
    .orderBy('team_id')
    .execute();
  // PostgreSQL may hand integers back as strings.
  const num = (n: number | null) => (n === null ? null : Number(n));
  return rows.map((r) => ({
    ...r,
    retention_months: num(r.retention_months),
    retention_pending_months: num(r.retention_pending_months),
  }));
}

/*
 * The free-text columns retention blanks; choices, dates and durations stay (they are the counts).
 * "Still holds text" is written exactly as the WHERE of the partial indexes created by migration
 * 2026-11-25-0400 (one_to_ones_text_met_idx, reflections_text_idx, introductions_why_idx): a
 * partial index is only used when the query repeats its condition, and with it a nightly run
 * touches only rows that still hold text, not the whole history.
 */
const ONE_TO_ONE_HAS_TEXT = sql<boolean>`(setting is not null or self_interest_needs is not null or self_interest_meaning is not null or stories is not null or values_motivations is not null or mutual_interests is not null or next_step_note is not null)`;
const REFLECTION_HAS_TEXT = sql<boolean>`(motivations is not null or contribution is not null or differently is not null)`;
const INTRODUCTION_HAS_TEXT = sql<boolean>`(why is not null)`;

export interface RetentionCounts {
  oneToOnes: number;
  reflections: number;
  introductions: number;
}

function oldOneToOnes(db: Kysely<Database>, teamId: string, cutoff: string) {
  return db
    .selectFrom('one_to_ones')
    .select('id')
    .where('team_id', '=', teamId)
    .where('met_on', '<', cutoff)
    .where(ONE_TO_ONE_HAS_TEXT);
}

function oldReflections(db: Kysely<Database>, teamId: string, cutoff: string) {
  return db
    .selectFrom('reflections')
    .innerJoin('one_to_ones', 'one_to_ones.id', 'reflections.one_to_one_id')
    .select('reflections.id')
    .where('reflections.team_id', '=', teamId)
    .where(REFLECTION_HAS_TEXT)
    .where('one_to_ones.met_on', '<', cutoff);
}

function oldIntroductions(db: Kysely<Database>, teamId: string, cutoff: string) {
  return db
    .selectFrom('introductions')
    .select('id')
    .where('team_id', '=', teamId)
    .where('introduced_on', '<', cutoff)
    .where(INTRODUCTION_HAS_TEXT);
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
  const [oto, refl, intro] = await Promise.all([
    oldOneToOnes(db, teamId, cutoff)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
    oldReflections(db, teamId, cutoff)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
    oldIntroductions(db, teamId, cutoff)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
  ]);
  // PostgreSQL returns counts as strings.
  return {
    oneToOnes: Number(oto?.n ?? 0),
    reflections: Number(refl?.n ?? 0),
    introductions: Number(intro?.n ?? 0),
  };
}

export interface OrganiserRetentionCounts extends RetentionCounts {
  organiser_id: string;
}

/**
 * What `cutoff` would blank, per organiser whose text it is: the admin's confirmation shows how
 * many organisers, and each of them is told by DM about their own rows only.
 */
export async function countOldTextByOrganiser(
  db: Kysely<Database>,
  teamId: string,
  cutoff: string,
): Promise<OrganiserRetentionCounts[]> {
  const [oto, refl, intro] = await Promise.all([
    oldOneToOnes(db, teamId, cutoff)
      .clearSelect()
      .select((eb) => ['organiser_id', eb.fn.countAll<number>().as('n')])
      .groupBy('organiser_id')
      .execute(),
    oldReflections(db, teamId, cutoff)
      .clearSelect()
      .select((eb) => ['reflections.organiser_id', eb.fn.countAll<number>().as('n')])
      .groupBy('reflections.organiser_id')
      .execute(),
    oldIntroductions(db, teamId, cutoff)
      .clearSelect()
      .select((eb) => ['organiser_id', eb.fn.countAll<number>().as('n')])
      .groupBy('organiser_id')
      .execute(),
  ]);
  const by = new Map<string, OrganiserRetentionCounts>();
  const entry = (id: string) => {
    let e = by.get(id);
    if (!e) {
      e = { organiser_id: id, oneToOnes: 0, reflections: 0, introductions: 0 };
      by.set(id, e);
    }
    return e;
  };
  for (const r of oto) entry(r.organiser_id).oneToOnes = Number(r.n);
  for (const r of refl) entry(r.organiser_id).reflections = Number(r.n);
  for (const r of intro) entry(r.organiser_id).introductions = Number(r.n);
  return [...by.values()].sort((a, b) => a.organiser_id.localeCompare(b.organiser_id));
}

/*
 * The id-list statements below take ids that a team-scoped query of the same run just returned,
 * and filter by primary key only: given `team_id = ? and id in (…)`, SQLite without statistics
 * walks the whole team's index instead of the 500 keys, which made a run quadratic.
 *
 * Blanking runs in batches, one short transaction each (SQLite has one writer: a first run over
 * years of history must not hold the bot's writes up for seconds). Each batch resumes after the
 * previous one (keyset: by date for one-to-ones and introductions, by one-to-one id for
 * reflections), so a run reads each row at most once whatever plan the database picks.
 */

/** Up to `limit` one-to-ones met in [fromMetOn, cutoff) that still hold text, oldest first. */
export async function oneToOnesWithOldText(
  db: Kysely<Database>,
  teamId: string,
  cutoff: string,
  fromMetOn: string,
  limit: number,
): Promise<{ id: string; met_on: string }[]> {
  return db
    .selectFrom('one_to_ones')
    .select(['id', 'met_on'])
    .where('team_id', '=', teamId)
    .where('met_on', '<', cutoff)
    .where('met_on', '>=', fromMetOn)
    .where(ONE_TO_ONE_HAS_TEXT)
    .orderBy('met_on')
    .limit(limit)
    .execute();
}

export async function blankOneToOnes(db: Kysely<Database>, ids: string[], now: string): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('one_to_ones')
    .set({
      setting: null,
      self_interest_needs: null,
      self_interest_meaning: null,
      stories: null,
      values_motivations: null,
      mutual_interests: null,
      next_step_note: null,
      updated_at: now,
    })
    .where('id', 'in', ids)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Up to `limit` of a team's reflections that still hold text, after `afterOneToOneId`. */
export async function reflectionsWithText(
  db: Kysely<Database>,
  teamId: string,
  afterOneToOneId: string,
  limit: number,
): Promise<{ id: string; one_to_one_id: string }[]> {
  return db
    .selectFrom('reflections')
    .select(['id', 'one_to_one_id'])
    .where('team_id', '=', teamId)
    .where(REFLECTION_HAS_TEXT)
    .where('one_to_one_id', '>', afterOneToOneId)
    .orderBy('one_to_one_id')
    .limit(limit)
    .execute();
}

/** Which of these one-to-ones were met before `cutoff`. */
export async function metBefore(
  db: Kysely<Database>,
  oneToOneIds: string[],
  cutoff: string,
): Promise<Set<string>> {
  if (oneToOneIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('one_to_ones')
    .select('id')
    .where('id', 'in', oneToOneIds)
    .where('met_on', '<', cutoff)
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function blankReflections(db: Kysely<Database>, ids: string[], now: string): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('reflections')
    .set({ motivations: null, contribution: null, differently: null, updated_at: now })
    .where('id', 'in', ids)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Up to `limit` introductions made in [fromDate, cutoff) whose why is still there, oldest first. */
export async function introductionsWithOldText(
  db: Kysely<Database>,
  teamId: string,
  cutoff: string,
  fromDate: string,
  limit: number,
): Promise<{ id: string; introduced_on: string }[]> {
  return db
    .selectFrom('introductions')
    .select(['id', 'introduced_on'])
    .where('team_id', '=', teamId)
    .where('introduced_on', '<', cutoff)
    .where('introduced_on', '>=', fromDate)
    .where(INTRODUCTION_HAS_TEXT)
    .orderBy('introduced_on')
    .limit(limit)
    .execute();
}

export async function blankIntroductions(db: Kysely<Database>, ids: string[], now: string): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('introductions')
    .set({ why: null, updated_at: now })
    .where('id', 'in', ids)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
