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
 * A capped list over one filtered query: `first` selects and orders the first `limit` rows from
 * `base`, then the same `base` is counted for the total, unless fewer than `limit` came back
 * (then they are all there is).
 */
async function firstAndTotal<DB, TB extends keyof DB, O, T>(
  base: SelectQueryBuilder<DB, TB, O>,
  limit: number,
  first: (base: SelectQueryBuilder<DB, TB, O>) => Promise<T[]>,
): Promise<Capped<T>> {
  const items = await first(base);
  return { items, total: items.length < limit ? items.length : await countRows(base) };
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

/**
 * My open next steps due on or before `through` (today + DUE_AHEAD_DAYS for "the next 7 days"),
 * due soonest first: those still open from before come first, then today's, then the week's.
 */
export async function dueNextSteps(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  through: string,
  limit: number,
): Promise<Capped<DueStepRow>> {
  const base = db
    .selectFrom('one_to_ones')
    .where('one_to_ones.team_id', '=', teamId)
    .where('one_to_ones.organiser_id', '=', organiserId)
    .where('one_to_ones.next_step_kind', '!=', 'none')
    .where('one_to_ones.next_step_done_at', 'is', null)
    .where('one_to_ones.next_step_due_on', 'is not', null)
    .where('one_to_ones.next_step_due_on', '<=', through);
  return firstAndTotal(base, limit, async (q) => {
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

export interface DueFollowUpRow {
  id: string;
  person_name: string;
  institution_name: string | null;
  held_on: string;
  next_step_kind: NextStepKind;
  due_on: string;
}

/**
 * My open house-meeting follow-ups ("would like a one-to-one") due on or before `through`, due
 * soonest first: the Home tab lists them with the one-to-ones' next steps (on the open index).
 */
export async function dueFollowUps(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  through: string,
  limit: number,
): Promise<Capped<DueFollowUpRow>> {
  const base = db
    .selectFrom('house_meeting_follow_ups as f')
    .where('f.team_id', '=', teamId)
    .where('f.organiser_id', '=', organiserId)
    .where('f.done_at', 'is', null)
    .where('f.due_on', '<=', through);
  return firstAndTotal(base, limit, (q) =>
    q
      .innerJoin('people', 'people.id', 'f.person_id')
      .innerJoin('house_meetings as h', 'h.id', 'f.house_meeting_id')
      .leftJoin('institutions', 'institutions.id', 'people.institution_id')
      .select([
        'f.id',
        'people.name as person_name',
        'institutions.name as institution_name',
        'h.held_on',
        'f.next_step_kind',
        'f.due_on',
      ])
      .orderBy('f.due_on')
      .orderBy('f.id')
      .limit(limit)
      .execute(),
  );
}

export interface UnreflectedRow {
  id: string;
  person_name: string;
  institution_name: string | null;
  met_on: string;
}

/** What is waiting for a reflection, and how many one-to-ones I have logged in all. */
export interface Unreflected extends Capped<UnreflectedRow> {
  /** Every one-to-one of mine, reflected or not (0: I have logged nothing yet). */
  held: number;
}

/**
 * My one-to-ones with no reflection yet that I have not said need none (dismissed from the Home
 * tab), the most recent meeting first.
 */
export async function unreflectedOneToOnes(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  limit: number,
): Promise<Unreflected> {
  const items = await db
    .selectFrom('one_to_ones')
    .leftJoin('reflections', 'reflections.one_to_one_id', 'one_to_ones.id')
    .where('one_to_ones.team_id', '=', teamId)
    .where('one_to_ones.organiser_id', '=', organiserId)
    .where('reflections.id', 'is', null)
    .where('one_to_ones.reflection_dismissed_at', 'is', null)
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
    .orderBy('one_to_ones.id')
    .limit(limit)
    .execute();
  // One reflection per one-to-one, always by its author (services/reflections.ts), so the number
  // waiting is mine minus my reflections minus the dismissed ones not reflected on since: two
  // index-only counts and one over the few dismissed (a partial index), instead of a join per row.
  const held = await countRows(
    db.selectFrom('one_to_ones').where('team_id', '=', teamId).where('organiser_id', '=', organiserId),
  );
  // Fewer than asked for: they are all there is.
  if (items.length < limit) return { items, total: items.length, held };
  const reflected = await countRows(
    db.selectFrom('reflections').where('team_id', '=', teamId).where('organiser_id', '=', organiserId),
  );
  const dismissed = await countRows(
    db
      .selectFrom('one_to_ones as d')
      .where('d.team_id', '=', teamId)
      .where('d.organiser_id', '=', organiserId)
      .where('d.reflection_dismissed_at', 'is not', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('reflections as r')
              .select(sql.lit(1).as('one'))
              .whereRef('r.one_to_one_id', '=', 'd.id'),
          ),
        ),
      ),
  );
  return { items, total: Math.max(items.length, held - reflected - dismissed), held };
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
  return firstAndTotal(cold, limit, async (q) => {
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

export interface WaitingIntroductionRow {
  id: string;
  person_a_name: string;
  person_a_institution: string | null;
  person_b_name: string;
  person_b_institution: string | null;
  introduced_on: string;
  status: 'agreed' | 'not_yet';
  follow_up_due_on: string | null;
}

/**
 * Introductions I made that are waiting to hear back (no "they met" or "won't happen" yet): the
 * one I am to be asked about soonest first. An organiser makes few, so the (team, organiser,
 * introduced_on) index narrows them enough.
 */
export async function waitingIntroductions(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  limit: number,
): Promise<Capped<WaitingIntroductionRow>> {
  const base = db
    .selectFrom('introductions')
    .where('introductions.team_id', '=', teamId)
    .where('introductions.organiser_id', '=', organiserId)
    .where('introductions.status', 'in', ['agreed', 'not_yet']);
  return firstAndTotal(base, limit, async (q) => {
    const rows = await q
      .innerJoin('people as a', 'a.id', 'introductions.person_a_id')
      .innerJoin('people as b', 'b.id', 'introductions.person_b_id')
      .leftJoin('institutions as ia', 'ia.id', 'a.institution_id')
      .leftJoin('institutions as ib', 'ib.id', 'b.institution_id')
      .select([
        'introductions.id',
        'a.name as person_a_name',
        'ia.name as person_a_institution',
        'b.name as person_b_name',
        'ib.name as person_b_institution',
        'introductions.introduced_on',
        'introductions.status',
        'introductions.follow_up_due_on',
      ])
      .orderBy('introductions.follow_up_due_on')
      .orderBy('introductions.introduced_on')
      .orderBy('introductions.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, status: r.status === 'not_yet' ? 'not_yet' : 'agreed' }));
  });
}
