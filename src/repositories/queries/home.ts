import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Database, NextStepKind } from '../../db/schema.js';
import { GOING_COLD_RULE } from '../../domain/relationship.js';
import { stillContinuing } from './going-cold.js';

/**
 * The Home tab's lists: each returns the first `limit` rows and the total, so the view can say
 * "and N more" without fetching everything (an organiser may have thousands of records).
 */

export interface Capped<T> {
  items: T[];
  total: number;
}

/** How many rows `query` (nothing selected yet) matches; PostgreSQL returns count(*) as a string. */
async function countRows<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): Promise<number> {
  const row = await query
    .select((eb) => eb.fn.countAll().as('n'))
    // Kysely cannot resolve a selection's type over a generic DB: say what count(*) returns.
    .$castTo<{ n: number | string | bigint }>()
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * A capped list over one filtered query: `first` selects and orders the first rows from `base`,
 * then the same `base` is counted for the total.
 */
async function firstAndTotal<DB, TB extends keyof DB, O, T>(
  base: SelectQueryBuilder<DB, TB, O>,
  first: (base: SelectQueryBuilder<DB, TB, O>) => Promise<T[]>,
): Promise<Capped<T>> {
  const items = await first(base);
  return { items, total: await countRows(base) };
}

export interface DueStepRow {
  id: string;
  person_name: string;
  institution_name: string | null;
  met_on: string;
  next_step_kind: NextStepKind;
  next_step_due_on: string;
  next_step_note: string | null;
}

/** My open next steps due on or before `today`, most overdue first. */
export async function dueNextSteps(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  today: string,
  limit: number,
): Promise<Capped<DueStepRow>> {
  const base = db
    .selectFrom('one_to_ones')
    .where('one_to_ones.team_id', '=', teamId)
    .where('one_to_ones.organiser_id', '=', organiserId)
    .where('one_to_ones.next_step_kind', '!=', 'none')
    .where('one_to_ones.next_step_done_at', 'is', null)
    .where('one_to_ones.next_step_due_on', 'is not', null)
    .where('one_to_ones.next_step_due_on', '<=', today);
  return firstAndTotal(base, async (q) => {
    const rows = await q
      .innerJoin('people', 'people.id', 'one_to_ones.person_id')
      .leftJoin('institutions', 'institutions.id', 'people.institution_id')
      .select([
        'one_to_ones.id',
        'people.name as person_name',
        'institutions.name as institution_name',
        'one_to_ones.met_on',
        'one_to_ones.next_step_kind',
        'one_to_ones.next_step_due_on',
        'one_to_ones.next_step_note',
      ])
      .orderBy('one_to_ones.next_step_due_on')
      .orderBy('one_to_ones.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, next_step_due_on: r.next_step_due_on ?? '' }));
  });
}

export interface UnreflectedRow {
  id: string;
  person_name: string;
  institution_name: string | null;
  met_on: string;
}

/** My one-to-ones with no reflection yet, newest first. */
export async function unreflectedOneToOnes(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  limit: number,
): Promise<Capped<UnreflectedRow>> {
  const base = db
    .selectFrom('one_to_ones')
    .leftJoin('reflections', 'reflections.one_to_one_id', 'one_to_ones.id')
    .where('one_to_ones.team_id', '=', teamId)
    .where('one_to_ones.organiser_id', '=', organiserId)
    .where('reflections.id', 'is', null);
  const items = await base
    .innerJoin('people', 'people.id', 'one_to_ones.person_id')
    .leftJoin('institutions', 'institutions.id', 'people.institution_id')
    .select([
      'one_to_ones.id',
      'people.name as person_name',
      'institutions.name as institution_name',
      'one_to_ones.met_on',
    ])
    .orderBy('one_to_ones.met_on', 'desc')
    .orderBy('one_to_ones.created_at', 'desc')
    .limit(limit)
    .execute();
  // One reflection per one-to-one, always by its author (services/reflections.ts), so the number
  // waiting is mine minus my reflections: two index-only counts instead of a join per row.
  const held = await countRows(
    db.selectFrom('one_to_ones').where('team_id', '=', teamId).where('organiser_id', '=', organiserId),
  );
  const reflected = await countRows(
    db.selectFrom('reflections').where('team_id', '=', teamId).where('organiser_id', '=', organiserId),
  );
  return { items, total: Math.max(items.length, held - reflected) };
}

/** My one-to-ones per met_on date in [from, to] (the streak): index-only, no reflection join. */
export async function countHeldByDate(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  from: string,
  to: string,
): Promise<{ met_on: string; held: number }[]> {
  const rows = await db
    .selectFrom('one_to_ones')
    .select((eb) => ['met_on', eb.fn.countAll<number>().as('held')])
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('met_on', '>=', from)
    .where('met_on', '<=', to)
    .groupBy('met_on')
    .execute();
  return rows.map((r) => ({ met_on: r.met_on, held: Number(r.held) }));
}

export interface GoingColdRow {
  person_id: string;
  person_name: string;
  institution_name: string | null;
  meetings: number;
  last_met_on: string;
}

/**
 * My people going cold (the one rule, going-cold.ts, which the nudges use too): the last
 * one-to-one on or before `cutoff` (goingColdCutoff), met at least minMeetings times, unless
 * "do we continue?" was answered notContinuing at that last meeting. The most recently met
 * first: the easiest to warm up again.
 */
export async function goingColdPeople(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  cutoff: string,
  limit: number,
): Promise<Capped<GoingColdRow>> {
  // The grouped form of the rule (going-cold.ts): per person, how often and when last met, from
  // one scan of the (team, organiser, person, met_on) index; then the answer at that last meeting.
  const grouped = db
    .selectFrom('one_to_ones')
    .select((eb) => [
      'one_to_ones.person_id',
      eb.fn.countAll<number>().as('meetings'),
      eb.fn.max('one_to_ones.met_on').as('last_met_on'),
    ])
    .where('one_to_ones.team_id', '=', teamId)
    .where('one_to_ones.organiser_id', '=', organiserId)
    .groupBy('one_to_ones.person_id')
    .having((eb) => eb.fn.countAll(), '>=', GOING_COLD_RULE.minMeetings)
    .having((eb) => eb.fn.max('one_to_ones.met_on'), '<=', cutoff);
  const cold = db
    .selectFrom(grouped.as('c'))
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('one_to_ones as last')
          .select(sql.lit(1).as('one'))
          .where('last.team_id', '=', teamId)
          .where('last.organiser_id', '=', organiserId)
          .whereRef('last.person_id', '=', 'c.person_id')
          .whereRef('last.met_on', '=', 'c.last_met_on')
          .where(stillContinuing('last')),
      ),
    );
  return firstAndTotal(cold, async (q) => {
    const rows = await q
      .innerJoin('people', 'people.id', 'c.person_id')
      .leftJoin('institutions', 'institutions.id', 'people.institution_id')
      .select([
        'c.person_id',
        'people.name as person_name',
        'institutions.name as institution_name',
        'c.meetings',
        'c.last_met_on',
      ])
      .orderBy('c.last_met_on', 'desc')
      .orderBy('c.person_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, meetings: Number(r.meetings), last_met_on: r.last_met_on ?? '' }));
  });
}
