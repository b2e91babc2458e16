import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/**
 * The digest's aggregates. Each query is bounded by a date range (last week, or the chart's
 * 8 weeks) on an index that starts with team_id, and restricted to the team's organisers, so its
 * cost follows the rows in that window and never the workspace's history. None of them selects a
 * text column of a one-to-one or reflection, or a person's name.
 */

/** Bound parameters per IN list: far below SQLite's 32,766 and PostgreSQL's 65,535 limits. */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The team: those of `userIds` who have logged at least one one-to-one in this workspace, with
 * their weekly goals. An organisers row alone is not enough: one appears as soon as a member
 * opens /onetoone (its time zone is cached there), and a bystander is not part of the team. The
 * EXISTS reads the (team_id, organiser_id, met_on) index only.
 */
export async function findTeamOrganisers(
  db: Kysely<Database>,
  teamId: string,
  userIds: readonly string[],
): Promise<{ user_id: string; weekly_goal: number }[]> {
  const out: { user_id: string; weekly_goal: number }[] = [];
  for (const ids of chunks(userIds)) {
    out.push(
      ...(await db
        .selectFrom('organisers')
        .select(['organisers.user_id', 'organisers.weekly_goal'])
        .where('organisers.team_id', '=', teamId)
        .where('organisers.user_id', 'in', ids)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('one_to_ones')
              .select((eb) => eb.lit(1).as('one'))
              .whereRef('one_to_ones.team_id', '=', 'organisers.team_id')
              .whereRef('one_to_ones.organiser_id', '=', 'organisers.user_id'),
          ),
        )
        .execute()),
    );
  }
  return out.sort((a, b) => (a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : 0));
}

/** Last week's one-to-ones of one organiser, added up. */
export interface OrganiserWeek {
  organiserId: string;
  held: number;
  minutes: number;
  /** With a next step agreed (any kind but none). */
  agreed: number;
  introductions: number;
}

/** PostgreSQL answers count and sum as strings (bigint/numeric); SUM of no rows is null. */
const num = (v: unknown): number => Number(v ?? 0);

/**
 * The team's one-to-ones met in [from, to] (YYYY-MM-DD), added up per organiser in SQL: one
 * range of one_to_ones_team_week_idx, index pages only, no row leaves the database.
 */
export async function weekByOrganiser(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[],
  from: string,
  to: string,
): Promise<OrganiserWeek[]> {
  const out: OrganiserWeek[] = [];
  for (const ids of chunks(organiserIds)) {
    const rows = await db
      .selectFrom('one_to_ones')
      .select((eb) => [
        'organiser_id',
        eb.fn.countAll().as('held'),
        eb.fn.sum('duration_minutes').as('minutes'),
        eb.fn.sum(eb.case().when('next_step_kind', '<>', 'none').then(1).else(0).end()).as('agreed'),
        eb.fn
          .sum(eb.case().when('next_step_kind', '=', 'introduction').then(1).else(0).end())
          .as('introductions'),
      ])
      .where('team_id', '=', teamId)
      .where('met_on', '>=', from)
      .where('met_on', '<=', to)
      .where('organiser_id', 'in', ids)
      .groupBy('organiser_id')
      .execute();
    for (const r of rows) {
      out.push({
        organiserId: r.organiser_id,
        held: num(r.held),
        minutes: num(r.minutes),
        agreed: num(r.agreed),
        introductions: num(r.introductions),
      });
    }
  }
  return out;
}

/**
 * People the team met in [from, to] for the first time: whose earliest one-to-one of the week is
 * their first ever (no one-to-one on an earlier day, asked of the (person_id, met_on) index once
 * per person). Their ids, so that chunks of organisers add up without counting a person twice.
 */
export async function weekFirstMeetings(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[],
  from: string,
  to: string,
): Promise<string[]> {
  const out = new Set<string>();
  for (const ids of chunks(organiserIds)) {
    const rows = await db
      .selectFrom((eb) =>
        eb
          .selectFrom('one_to_ones')
          .select((e) => ['person_id', e.fn.min('met_on').as('first_on')])
          .where('team_id', '=', teamId)
          .where('met_on', '>=', from)
          .where('met_on', '<=', to)
          .where('organiser_id', 'in', ids)
          .groupBy('person_id')
          .as('w'),
      )
      .select('w.person_id')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('one_to_ones as e')
              .select(eb.lit(1).as('one'))
              .whereRef('e.person_id', '=', 'w.person_id')
              .whereRef('e.met_on', '<', 'w.first_on'),
          ),
        ),
      )
      .execute();
    for (const r of rows) out.add(r.person_id);
  }
  return [...out];
}

/** Institutions (ids) of the people the team met in [from, to]. */
export async function weekInstitutions(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[],
  from: string,
  to: string,
): Promise<string[]> {
  const out = new Set<string>();
  for (const ids of chunks(organiserIds)) {
    const rows = await db
      .selectFrom('one_to_ones as o')
      .innerJoin('people as p', 'p.id', 'o.person_id')
      .select('p.institution_id')
      .distinct()
      .where('o.team_id', '=', teamId)
      .where('o.met_on', '>=', from)
      .where('o.met_on', '<=', to)
      .where('o.organiser_id', 'in', ids)
      .where('p.institution_id', 'is not', null)
      .execute();
    for (const r of rows) if (r.institution_id !== null) out.add(r.institution_id);
  }
  return [...out];
}

/**
 * For each of the team's one-to-ones met in [from, to] that has a reflection written between
 * the week's first log and 48 hours after its last (a reflection counts only within 48 hours of
 * its one-to-one being logged): when it was logged and when it was reflected on (ISO instants).
 * Two ranges read on covering indexes (one_to_ones_team_week_idx, reflections_team_created_idx)
 * and paired here: a lookup per one-to-one in the reflections table costs more than both.
 */
export async function weekReflections(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[],
  from: string,
  to: string,
  windowMs: number,
): Promise<{ logged_at: string; reflected_at: string }[]> {
  const logged = new Map<string, string>();
  let first: string | undefined;
  let last: string | undefined;
  for (const ids of chunks(organiserIds)) {
    const rows = await db
      .selectFrom('one_to_ones')
      .select(['id', 'created_at'])
      .where('team_id', '=', teamId)
      .where('met_on', '>=', from)
      .where('met_on', '<=', to)
      .where('organiser_id', 'in', ids)
      .execute();
    for (const r of rows) {
      logged.set(r.id, r.created_at);
      if (first === undefined || r.created_at < first) first = r.created_at;
      if (last === undefined || r.created_at > last) last = r.created_at;
    }
  }
  if (first === undefined || last === undefined) return [];
  const until = new Date(Date.parse(last) + windowMs).toISOString();
  const out: { logged_at: string; reflected_at: string }[] = [];
  for (const ids of chunks(organiserIds)) {
    const rows = await db
      .selectFrom('reflections')
      .select(['one_to_one_id', 'created_at'])
      .where('team_id', '=', teamId)
      .where('created_at', '>=', first)
      .where('created_at', '<=', until)
      .where('organiser_id', 'in', ids)
      .execute();
    for (const r of rows) {
      const at = logged.get(r.one_to_one_id);
      if (at !== undefined) out.push({ logged_at: at, reflected_at: r.created_at });
    }
  }
  return out;
}

/** One-to-ones per met_on date in [from, to]: covered by the (team_id, organiser_id, met_on) index. */
export async function countDigestDays(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[],
  from: string,
  to: string,
): Promise<{ met_on: string; held: number }[]> {
  const byDay = new Map<string, number>();
  for (const ids of chunks(organiserIds)) {
    const rows = await db
      .selectFrom('one_to_ones')
      .select((eb) => ['met_on', eb.fn.countAll().as('held')])
      .where('team_id', '=', teamId)
      .where('organiser_id', 'in', ids)
      .where('met_on', '>=', from)
      .where('met_on', '<=', to)
      .groupBy('met_on')
      .execute();
    for (const r of rows) byDay.set(r.met_on, (byDay.get(r.met_on) ?? 0) + Number(r.held));
  }
  return [...byDay].map(([met_on, held]) => ({ met_on, held }));
}

/** Sums a count over chunks of `ids`: one `count(*)` query per chunk, built by `countChunk`. */
async function sumOverChunks(
  ids: readonly string[],
  countChunk: (chunk: string[]) => Promise<{ n: number | string | bigint } | undefined>,
): Promise<number> {
  let total = 0;
  for (const chunk of chunks(ids)) total += Number((await countChunk(chunk))?.n ?? 0);
  return total;
}

/**
 * Next steps marked done in [from, to) (ISO instants), whenever their one-to-one was. A step can
 * only be done, or have a due date, when one was agreed (the services clear both with 'none'), so
 * these two counts need no next_step_kind filter and read only their covering indexes.
 */
export function countStepsCompleted(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[],
  from: string,
  to: string,
): Promise<number> {
  return sumOverChunks(organiserIds, (ids) =>
    db
      .selectFrom('one_to_ones')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('team_id', '=', teamId)
      .where('next_step_done_at', '>=', from)
      .where('next_step_done_at', '<', to)
      .where('organiser_id', 'in', ids)
      .executeTakeFirst(),
  );
}

/** Open next steps due in [from, to] (YYYY-MM-DD): overdue once `to` has passed. */
export function countStepsOpenDue(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[],
  from: string,
  to: string,
): Promise<number> {
  return sumOverChunks(organiserIds, (ids) =>
    db
      .selectFrom('one_to_ones')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('team_id', '=', teamId)
      .where('next_step_due_on', '>=', from)
      .where('next_step_due_on', '<=', to)
      .where('next_step_done_at', 'is', null)
      .where('organiser_id', 'in', ids)
      .executeTakeFirst(),
  );
}

/**
 * Of `institutionIds` (reached last week), the names of those first named in the workspace within
 * [from, to): new on the map this week. Reads the few institutions created that week
 * (institutions_team_created_idx) rather than looking up every one reached.
 */
export async function newInstitutionNames(
  db: Kysely<Database>,
  teamId: string,
  institutionIds: readonly string[],
  from: string,
  to: string,
): Promise<string[]> {
  if (!institutionIds.length) return [];
  const reached = new Set(institutionIds);
  const rows = await db
    .selectFrom('institutions')
    .select(['id', 'name'])
    .where('team_id', '=', teamId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .execute();
  return rows.filter((r) => reached.has(r.id)).map((r) => r.name);
}
