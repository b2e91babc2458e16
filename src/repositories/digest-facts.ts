import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { addDays, weekStart } from '../domain/time.js';

/**
 * Facts the weekly digest reads, kept on write (issue 10: a digest over 1M one-to-ones reads a
 * week's handful of rows, not history): the institution on each one-to-one (the person's when
 * met), each person's first and second meeting dates and first introduction and action done,
 * each institution's first meeting date, and each organiser's totals per week
 * (one_to_one_weeks). Each is recomputed from the one-to-ones themselves, never incremented, so
 * calling a refresh twice, or for something that did not change, is harmless. Migration
 * 2026-12-02-0600 backfilled them.
 *
 * Writers call, in the same transaction as their write:
 * - recordOneToOneWrite after inserting or editing a one-to-one (src/services/one-to-ones.ts);
 * - refreshPersonFacts after marking a next step done (src/services/next-steps.ts);
 * - refreshOrganiserFacts after deleting one-to-ones, or writing many at once (forget, import).
 */

/** Bound parameters per IN list: far below SQLite's and PostgreSQL's limits. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

const defined = <T>(values: readonly (T | null | undefined)[]): T[] => [
  ...new Set(values.filter((v): v is T => v !== null && v !== undefined)),
];

/** PostgreSQL answers count and sum as strings; SUM of no rows is null. */
const num = (v: unknown): number => Number(v ?? 0);

/** What a one-to-one was before an edit (its row already holds the new values). */
export interface OneToOneBefore {
  personId: string;
  metOn: string;
}

/**
 * After a one-to-one was inserted or edited: its institution is the person's now (the person's
 * institution is set by the same save), and the facts of the people, institutions and weeks it
 * touched, before and after, are recomputed. `before` is what an edit changed from.
 */
export async function recordOneToOneWrite(
  db: Kysely<Database>,
  teamId: string,
  oneToOneId: string,
  now: string,
  before?: OneToOneBefore,
): Promise<void> {
  const row = await db
    .selectFrom('one_to_ones as o')
    .leftJoin('people as p', 'p.id', 'o.person_id')
    .select([
      'o.organiser_id',
      'o.person_id',
      'o.met_on',
      'o.institution_id as was_at',
      'p.institution_id as now_at',
    ])
    .where('o.team_id', '=', teamId)
    .where('o.id', '=', oneToOneId)
    .executeTakeFirst();
  if (!row) return;
  if (row.was_at !== row.now_at) {
    await db
      .updateTable('one_to_ones')
      .set({ institution_id: row.now_at })
      .where('team_id', '=', teamId)
      .where('id', '=', oneToOneId)
      .execute();
  }
  await refreshPersonFacts(db, teamId, defined([row.person_id, before?.personId]));
  await refreshInstitutionFacts(db, teamId, defined([row.was_at, row.now_at]));
  await refreshWeeks(
    db,
    teamId,
    row.organiser_id,
    defined([row.met_on, before?.metOn]).map((d) => weekStart(d)),
    now,
  );
}

/** Recomputes the people's first and second meetings and first introduction and action done. */
export async function refreshPersonFacts(
  db: Kysely<Database>,
  teamId: string,
  personIds: readonly string[],
): Promise<void> {
  for (const ids of chunks(defined(personIds))) {
    await updatePeopleFacts(db, teamId).where('id', 'in', ids).execute();
  }
}

/** The people facts update, before its WHERE: correlated on the (person_id, met_on) index. */
function updatePeopleFacts(db: Kysely<Database>, teamId: string) {
  return db
    .updateTable('people')
    .set((eb) => ({
      first_met_on: eb
        .selectFrom('one_to_ones as o')
        .select((e) => e.fn.min('o.met_on').as('d'))
        .whereRef('o.person_id', '=', 'people.id'),
      second_met_on: eb
        .selectFrom('one_to_ones as o')
        .select('o.met_on')
        .whereRef('o.person_id', '=', 'people.id')
        .orderBy('o.met_on')
        .limit(1)
        .offset(1),
      introduced_at: eb
        .selectFrom('one_to_ones as o')
        .select((e) => e.fn.min('o.next_step_done_at').as('d'))
        .whereRef('o.person_id', '=', 'people.id')
        .where('o.next_step_kind', '=', 'introduction'),
      action_at: eb
        .selectFrom('one_to_ones as o')
        .select((e) => e.fn.min('o.next_step_done_at').as('d'))
        .whereRef('o.person_id', '=', 'people.id')
        .where('o.next_step_kind', '=', 'action'),
    }))
    .where('team_id', '=', teamId);
}

/** Recomputes when each institution was first met (by anyone in the workspace). */
export async function refreshInstitutionFacts(
  db: Kysely<Database>,
  teamId: string,
  institutionIds: readonly string[],
): Promise<void> {
  for (const ids of chunks(defined(institutionIds))) {
    await updateInstitutionFacts(db, teamId).where('id', 'in', ids).execute();
  }
}

/** An institution's first meeting by anyone, on the (institution_id, met_on) index. */
function institutionFirstMet(eb: ExpressionBuilder<Database, 'institutions'>) {
  return eb
    .selectFrom('one_to_ones as o')
    .select((e) => e.fn.min('o.met_on').as('d'))
    .whereRef('o.institution_id', '=', 'institutions.id');
}

/** Writes only institutions whose first meeting moved: a workspace-wide refresh rewrites few rows. */
function updateInstitutionFacts(db: Kysely<Database>, teamId: string) {
  return db
    .updateTable('institutions')
    .set((eb) => ({ first_met_on: institutionFirstMet(eb) }))
    .where('team_id', '=', teamId)
    .where((eb) => eb('first_met_on', 'is distinct from', institutionFirstMet(eb)));
}

/** Recomputes an organiser's totals for the weeks starting on `weekStarts` (Mondays). */
export async function refreshWeeks(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  weekStarts: readonly string[],
  now: string,
): Promise<void> {
  for (const week of defined(weekStarts)) {
    const end = addDays(week, 6);
    const totals = await db
      .selectFrom('one_to_ones')
      .select((eb) => [
        eb.fn.countAll().as('held'),
        eb.fn.sum('duration_minutes').as('minutes'),
        eb.fn.sum(eb.case().when('next_step_kind', '<>', 'none').then(1).else(0).end()).as('agreed'),
      ])
      .where('team_id', '=', teamId)
      .where('organiser_id', '=', organiserId)
      .where('met_on', '>=', week)
      .where('met_on', '<=', end)
      .executeTakeFirst();
    await writeWeek(db, teamId, organiserId, week, now, {
      held: num(totals?.held),
      minutes: num(totals?.minutes),
      agreed: num(totals?.agreed),
    });
  }
}

async function writeWeek(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  week: string,
  now: string,
  t: { held: number; minutes: number; agreed: number },
): Promise<void> {
  if (t.held === 0) {
    await db
      .deleteFrom('one_to_one_weeks')
      .where('team_id', '=', teamId)
      .where('organiser_id', '=', organiserId)
      .where('week_start', '=', week)
      .execute();
    return;
  }
  const values = { held: t.held, minutes: t.minutes, steps_agreed: t.agreed, updated_at: now };
  await db
    .insertInto('one_to_one_weeks')
    .values({ team_id: teamId, organiser_id: organiserId, week_start: week, ...values })
    .onConflict((oc) => oc.columns(['team_id', 'organiser_id', 'week_start']).doUpdateSet(values))
    .execute();
}

/**
 * Recomputes every fact of one organiser (or, without one, of the whole workspace) from the
 * one-to-ones: after one-to-ones were deleted (a person forgotten) or written many at once (an
 * import), and by the benchmark after seeding. Costs in proportion to that organiser's history,
 * read on covering indexes, once.
 */
export async function refreshOrganiserFacts(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string | undefined,
  now: string,
): Promise<void> {
  // A one-to-one's institution is never refilled here: every writer stores it with the row (a
  // log, an edit, an import), and a null one was met with no institution. Refilling nulls from
  // the person's institution now would move old meetings to where the person went since.
  let people = updatePeopleFacts(db, teamId);
  if (organiserId !== undefined) people = people.where('organiser_id', '=', organiserId);
  await people.execute();
  // Which institution's first meeting moved is not known once rows are gone: all of the team's.
  await updateInstitutionFacts(db, teamId).execute();

  let days = db
    .selectFrom('one_to_ones')
    .select((eb) => [
      'organiser_id',
      'met_on',
      eb.fn.countAll().as('held'),
      eb.fn.sum('duration_minutes').as('minutes'),
      eb.fn.sum(eb.case().when('next_step_kind', '<>', 'none').then(1).else(0).end()).as('agreed'),
    ])
    .where('team_id', '=', teamId)
    .groupBy(['organiser_id', 'met_on']);
  if (organiserId !== undefined) days = days.where('organiser_id', '=', organiserId);
  const weeks = new Map<
    string,
    { organiser: string; week: string; held: number; minutes: number; agreed: number }
  >();
  for (const d of await days.execute()) {
    const week = weekStart(d.met_on);
    const key = `${d.organiser_id}\u0000${week}`;
    const w = weeks.get(key) ?? { organiser: d.organiser_id, week, held: 0, minutes: 0, agreed: 0 };
    w.held += num(d.held);
    w.minutes += num(d.minutes);
    w.agreed += num(d.agreed);
    weeks.set(key, w);
  }
  let clear = db.deleteFrom('one_to_one_weeks').where('team_id', '=', teamId);
  if (organiserId !== undefined) clear = clear.where('organiser_id', '=', organiserId);
  await clear.execute();
  const rows = [...weeks.values()].map((w) => ({
    team_id: teamId,
    organiser_id: w.organiser,
    week_start: w.week,
    held: w.held,
    minutes: w.minutes,
    steps_agreed: w.agreed,
    updated_at: now,
  }));
  for (const batch of chunks(rows)) await db.insertInto('one_to_one_weeks').values(batch).execute();
}
