import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { RelationshipStage } from '../../domain/relationship.js';
import { addDays } from '../../domain/time.js';

/**
 * A lead's view of the organisers who share with them (issue 12): counts only, for a list of
 * organisers at once. Nothing here selects a name, a role or any text anyone wrote: columns are
 * ids, dates, instants, stages and counts (and a campaign theme's label, only where the caller
 * has checked it was heard from the campaign's minimum of people). Every query is bounded by
 * the chart's weeks or by what is still open, read on the indexes the digest and Home tab use,
 * so its cost follows recent rows, not history (bench/lead.ts).
 */

/** Bound parameters per IN list: far below SQLite's and PostgreSQL's limits. */
const CHUNK = 500;

async function chunked<T>(ids: readonly string[], run: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await run(ids.slice(i, i + CHUNK))));
  return out;
}

/** Each organiser's current goal and cached time zone. */
export async function organiserBasics(db: Kysely<Database>, teamId: string, ids: readonly string[]) {
  return chunked(ids, (part) =>
    db
      .selectFrom('organisers')
      .select(['user_id', 'weekly_goal', 'time_zone'])
      .where('team_id', '=', teamId)
      .where('user_id', 'in', part)
      .execute(),
  );
}

/** One-to-ones per organiser and week (the totals kept on write, as the digest reads them). */
export async function heldByWeek(
  db: Kysely<Database>,
  teamId: string,
  ids: readonly string[],
  fromWeek: string,
  toWeek: string,
): Promise<{ organiser_id: string; week_start: string; held: number }[]> {
  const rows = await chunked(ids, (part) =>
    db
      .selectFrom('one_to_one_weeks')
      .select(['organiser_id', 'week_start', 'held'])
      .where('team_id', '=', teamId)
      .where('week_start', '>=', fromWeek)
      .where('week_start', '<=', toWeek)
      .where('organiser_id', 'in', part)
      .execute(),
  );
  return rows.map((r) => ({ ...r, held: Number(r.held) }));
}

/** House meetings per organiser and date in [from, to]. */
export async function houseMeetingsByDate(
  db: Kysely<Database>,
  teamId: string,
  ids: readonly string[],
  from: string,
  to: string,
): Promise<{ organiser_id: string; held_on: string; n: number }[]> {
  const rows = await chunked(ids, (part) =>
    db
      .selectFrom('house_meetings')
      .select((eb) => ['organiser_id', 'held_on', eb.fn.countAll<number>().as('n')])
      .where('team_id', '=', teamId)
      .where('organiser_id', 'in', part)
      .where('held_on', '>=', from)
      .where('held_on', '<=', to)
      .groupBy(['organiser_id', 'held_on'])
      .execute(),
  );
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/**
 * Open next steps due on or before `through`, one-to-ones' (on the organiser's open-step index,
 * which holds only what each step needs) and house meetings' "would like a one-to-one"
 * follow-ups: those due before `before` (everyone's past due) counted per organiser, with
 * `due_on: null`; from `before` on, per organiser and due date, for the caller to place in each
 * organiser's own today and week. (One row per open step and date would be thousands of rows for
 * an organiser who leaves steps open: the count is read on the index and only it comes back.)
 */
export async function openStepsByDue(
  db: Kysely<Database>,
  teamId: string,
  ids: readonly string[],
  before: string,
  through: string,
): Promise<{ organiser_id: string; due_on: string | null; n: number }[]> {
  const pastDue = await chunked(ids, (part) =>
    db
      .selectFrom('one_to_ones')
      .select((eb) => ['organiser_id', eb.fn.countAll<number>().as('n')])
      .where('team_id', '=', teamId)
      .where('organiser_id', 'in', part)
      .where('next_step_done_at', 'is', null)
      .where('next_step_due_on', 'is not', null)
      .where('next_step_due_on', '<', before)
      .groupBy('organiser_id')
      .execute(),
  );
  const steps = await chunked(ids, (part) =>
    db
      .selectFrom('one_to_ones')
      .select((eb) => ['organiser_id', 'next_step_due_on as due_on', eb.fn.countAll<number>().as('n')])
      .where('team_id', '=', teamId)
      .where('organiser_id', 'in', part)
      .where('next_step_done_at', 'is', null)
      .where('next_step_due_on', '>=', before)
      .where('next_step_due_on', '<=', through)
      .groupBy(['organiser_id', 'next_step_due_on'])
      .execute(),
  );
  const followUps = await chunked(ids, (part) =>
    db
      .selectFrom('house_meeting_follow_ups')
      .select((eb) => ['organiser_id', 'due_on', eb.fn.countAll<number>().as('n')])
      .where('team_id', '=', teamId)
      .where('organiser_id', 'in', part)
      .where('done_at', 'is', null)
      .where('due_on', '<=', through)
      .groupBy(['organiser_id', 'due_on'])
      .execute(),
  );
  return [
    ...pastDue.map((r) => ({ organiser_id: r.organiser_id, due_on: null, n: Number(r.n) })),
    ...[...steps, ...followUps].map((r) => ({
      organiser_id: r.organiser_id,
      due_on: String(r.due_on),
      n: Number(r.n),
    })),
  ];
}

/** Next steps marked done at or after `fromInstant` (this week's), one row each: organiser and when. */
export async function doneStepsSince(
  db: Kysely<Database>,
  teamId: string,
  ids: readonly string[],
  fromInstant: string,
): Promise<{ organiser_id: string; done_at: string }[]> {
  const steps = await chunked(ids, (part) =>
    db
      .selectFrom('one_to_ones')
      .select(['organiser_id', 'next_step_done_at as done_at'])
      .where('team_id', '=', teamId)
      .where('next_step_done_at', '>=', fromInstant)
      .where('organiser_id', 'in', part)
      .execute(),
  );
  const followUps = await chunked(ids, (part) =>
    db
      .selectFrom('house_meeting_follow_ups')
      .select(['organiser_id', 'done_at'])
      .where('team_id', '=', teamId)
      .where('organiser_id', 'in', part)
      .where('done_at', '>=', fromInstant)
      .execute(),
  );
  return [...steps, ...followUps].map((r) => ({ organiser_id: r.organiser_id, done_at: String(r.done_at) }));
}

/**
 * One-to-ones met on or after `fromDate` still waiting for a reflection (none written, not set
 * aside as needing none), per organiser and date. Two index ranges, paired by the database: the
 * window's one-to-ones on the digest's covering index, against the reflections written since
 * the day before `fromDate` on theirs (a reflection is written after its one-to-one is logged,
 * which is on or after the day met, and a local date starts at most 14 hours before UTC's), so
 * no reflection is looked up one by one across history and no table row is read. The few set
 * aside as needing no reflection come off the partial index that holds only them. The cost is
 * the window's size, not history's.
 */
export async function unreflectedByDate(
  db: Kysely<Database>,
  teamId: string,
  ids: readonly string[],
  fromDate: string,
): Promise<{ organiser_id: string; met_on: string; n: number }[]> {
  const since = `${addDays(fromDate, -1)}T00:00:00.000Z`;
  const count = (part: string[], setAside: boolean) => {
    let q = db
      .selectFrom('one_to_ones as o')
      .select((eb) => ['o.organiser_id', 'o.met_on', eb.fn.countAll<number>().as('n')])
      .where('o.team_id', '=', teamId)
      .where('o.organiser_id', 'in', part)
      .where('o.met_on', '>=', fromDate)
      .where('o.id', 'not in', (eb) =>
        eb
          .selectFrom('reflections as r')
          .select('r.one_to_one_id')
          .where('r.team_id', '=', teamId)
          .where('r.created_at', '>=', since)
          .where('r.organiser_id', 'in', part),
      );
    if (setAside) q = q.where('o.reflection_dismissed_at', 'is not', null);
    return q.groupBy(['o.organiser_id', 'o.met_on']).execute();
  };
  const rows = await chunked(ids, (part) => count(part, false));
  const setAside = await chunked(ids, (part) => count(part, true));
  return [
    ...rows.map((r) => ({ ...r, n: Number(r.n) })),
    ...setAside.map((r) => ({ ...r, n: -Number(r.n) })),
  ];
}

/**
 * People per organiser and stage: the organiser's correction, else the furthest step their
 * facts show (src/domain/relationship.ts computeStage, from the facts kept on write). Only people
 * met at least once, or given a stage by hand.
 */
export async function peopleByStage(
  db: Kysely<Database>,
  teamId: string,
  ids: readonly string[],
): Promise<{ organiser_id: string; stage: RelationshipStage; n: number }[]> {
  const stage = sql<RelationshipStage>`coalesce(stage_override, case
      when action_at is not null then 'action'
      when introduced_at is not null then 'introduced'
      when second_met_on is not null then 'met_again'
      else 'met_once' end)`;
  const rows = await chunked(ids, (part) =>
    db
      .selectFrom('people')
      .select((eb) => ['organiser_id', stage.as('stage'), eb.fn.countAll<number>().as('n')])
      .where('team_id', '=', teamId)
      .where('organiser_id', 'in', part)
      .where((eb) => eb.or([eb('first_met_on', 'is not', null), eb('stage_override', 'is not', null)]))
      .groupBy(['organiser_id', stage])
      .execute(),
  );
  return rows.map((r) => ({ organiser_id: r.organiser_id, stage: r.stage, n: Number(r.n) }));
}

/**
 * People who reached a stage at or after the given start (this week): met again (a date),
 * introduced to others and took part in an action (instants), one row each with the moment.
 */
export async function stageMovesSince(
  db: Kysely<Database>,
  teamId: string,
  ids: readonly string[],
  from: { date: string; instant: string },
): Promise<{ organiser_id: string; kind: 'metAgain' | 'introduced' | 'action'; at: string }[]> {
  const out: { organiser_id: string; kind: 'metAgain' | 'introduced' | 'action'; at: string }[] = [];
  const columns = [
    ['second_met_on', 'metAgain', from.date],
    ['introduced_at', 'introduced', from.instant],
    ['action_at', 'action', from.instant],
  ] as const;
  for (const [column, kind, since] of columns) {
    const rows = await chunked(ids, (part) =>
      db
        .selectFrom('people')
        .select(['organiser_id', `${column} as at`])
        .where('team_id', '=', teamId)
        .where(column, '>=', since)
        .where('organiser_id', 'in', part)
        // Someone the organiser set by hand below this step has not moved up.
        .where((eb) =>
          eb.or([
            eb('stage_override', 'is', null),
            eb('stage_override', '=', kind === 'metAgain' ? 'met_again' : kind),
          ]),
        )
        .execute(),
    );
    for (const r of rows) out.push({ organiser_id: r.organiser_id, kind, at: String(r.at) });
  }
  return out;
}

/** Introductions made on or after `fromDate`, one row each: organiser, date and whether they met. */
export async function introductionsSince(
  db: Kysely<Database>,
  teamId: string,
  ids: readonly string[],
  fromDate: string,
): Promise<{ organiser_id: string; introduced_on: string; status: string }[]> {
  return chunked(ids, (part) =>
    db
      .selectFrom('introductions')
      .select(['organiser_id', 'introduced_on', 'status'])
      .where('team_id', '=', teamId)
      .where('organiser_id', 'in', part)
      .where('introduced_on', '>=', fromDate)
      .execute(),
  );
}

/**
 * Per organiser and theme of the workspace's campaigns running on `today`: how many distinct
 * people the organiser heard it from, within the campaign's dates, with the campaign's minimum.
 * The caller shows a theme only at or above its minimum.
 */
export async function themePeople(
  db: Kysely<Database>,
  teamId: string,
  ids: readonly string[],
  today: string,
): Promise<{ organiser_id: string; theme_id: string; label: string; people: number; min_count: number }[]> {
  const campaigns = await db
    .selectFrom('campaigns')
    .select(['id', 'starts_on', 'ends_on', 'closed_on', 'min_count'])
    .where('team_id', '=', teamId)
    .where('starts_on', '<=', today)
    .where('ends_on', '>=', today)
    .where('closed_at', 'is', null)
    .execute();
  const out: { organiser_id: string; theme_id: string; label: string; people: number; min_count: number }[] =
    [];
  for (const c of campaigns) {
    // From the campaign's days of the organisers' one-to-ones (the digest's covering index holds
    // who was met), each joined to its themes on their primary key: no table row is read.
    const rows = await chunked(ids, (part) =>
      db
        .selectFrom('one_to_ones as o')
        .innerJoin('one_to_one_themes as ot', 'ot.one_to_one_id', 'o.id')
        .select((eb) => [
          'o.organiser_id',
          'ot.theme_id',
          eb.fn.count<number>('o.person_id').distinct().as('people'),
        ])
        .where('o.team_id', '=', teamId)
        .where('o.organiser_id', 'in', part)
        .where('o.met_on', '>=', c.starts_on)
        .where('o.met_on', '<=', c.closed_on && c.closed_on < c.ends_on ? c.closed_on : c.ends_on)
        .where('ot.campaign_id', '=', c.id)
        .groupBy(['o.organiser_id', 'ot.theme_id'])
        .execute(),
    );
    if (rows.length === 0) continue;
    const labels = new Map(
      (
        await db
          .selectFrom('campaign_themes')
          .select(['id', 'label'])
          .where('campaign_id', '=', c.id)
          .where('team_id', '=', teamId)
          .execute()
      ).map((t) => [t.id, t.label]),
    );
    for (const r of rows) {
      const label = labels.get(r.theme_id);
      if (label === undefined) continue;
      out.push({
        organiser_id: r.organiser_id,
        theme_id: r.theme_id,
        label,
        people: Number(r.people),
        min_count: Number(c.min_count),
      });
    }
  }
  return out;
}
