import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { OrganiserWeek, PersonMilestones } from '../../domain/digest.js';

/**
 * The digest's aggregates. Each reads one week (or the chart's 8 weeks) of facts kept on write
 * (src/repositories/digest-facts.ts: per-week totals, people's and institutions' first meetings,
 * the institution on each one-to-one) on an index that starts with (team_id, a date), keeping the
 * team's organisers, so its cost follows that week's rows and never the workspace's history.
 * None of them selects a text column of a one-to-one or reflection, or a person's name.
 */

/** Bound parameters per IN list: far below SQLite's 32,766 and PostgreSQL's 65,535 limits. */
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** PostgreSQL answers count and sum as strings (bigint/numeric); SUM of no rows is null. */
const num = (v: unknown): number => Number(v ?? 0);

export interface TeamOrganiserRow {
  user_id: string;
  weekly_goal: number;
  /** When they first used the bot (ISO instant): the team's first week of use. */
  created_at: string;
}

/**
 * The team: those of `userIds` who have logged at least one one-to-one in this workspace, with
 * their current weekly goals. An organisers row alone is not enough: one appears as soon as a
 * member opens /onetoone (its time zone is cached there), and a bystander is not part of the
 * team. The EXISTS reads the (team_id, organiser_id, met_on) index only.
 */
export async function findTeamOrganisers(
  db: Kysely<Database>,
  teamId: string,
  userIds: readonly string[],
): Promise<TeamOrganiserRow[]> {
  const out: TeamOrganiserRow[] = [];
  for (const ids of chunks(userIds)) {
    out.push(
      ...(await db
        .selectFrom('organisers')
        .select(['organisers.user_id', 'organisers.weekly_goal', 'organisers.created_at'])
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

/**
 * The reads below take the workspace's rows for one week (or the chart's weeks) on an index that
 * starts (team_id, date) and keep the team's organisers here, rather than asking for each
 * organiser in SQL: one range read of index pages instead of a probe per organiser, and the
 * planner is never tempted by a wider index on (team_id, organiser_id) that would read rows.
 */
function keepTeam<T extends { organiser_id: string }>(
  rows: readonly T[],
  organiserIds: readonly string[],
): T[] {
  const team = new Set(organiserIds);
  return rows.filter((r) => team.has(r.organiser_id));
}

/** Sums `n` over the rows of the team's organisers (per-organiser counts from a GROUP BY). */
function sumTeam(
  rows: readonly { organiser_id: string; n: unknown }[],
  organiserIds: readonly string[],
): number {
  return keepTeam(rows, organiserIds).reduce((s, r) => s + num(r.n), 0);
}

/**
 * Every organiser's totals in the workspace for the weeks starting in [fromWeek, toWeek]
 * (Mondays): the caller keeps its team's, and can tell whether anyone outside it was active.
 */
export async function workspaceWeeks(
  db: Kysely<Database>,
  teamId: string,
  fromWeek: string,
  toWeek: string,
): Promise<OrganiserWeek[]> {
  const rows = await db
    .selectFrom('one_to_one_weeks')
    .select(['organiser_id', 'week_start', 'held', 'minutes', 'steps_agreed'])
    .where('team_id', '=', teamId)
    .where('week_start', '>=', fromWeek)
    .where('week_start', '<=', toWeek)
    .execute();
  return rows.map((r) => ({
    organiserId: r.organiser_id,
    weekStart: r.week_start,
    held: num(r.held),
    minutes: num(r.minutes),
    stepsAgreed: num(r.steps_agreed),
  }));
}

/**
 * The first week (a Monday) any of the organisers held a one-to-one, if it is before `week`;
 * undefined otherwise. One probe of the primary key per organiser.
 */
export async function firstWeekBefore(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[],
  week: string,
): Promise<string | undefined> {
  let first: string | undefined;
  for (const ids of chunks(organiserIds)) {
    const row = await db
      .selectFrom('one_to_one_weeks')
      .select((eb) => eb.fn.min('week_start').as('first'))
      .where('team_id', '=', teamId)
      .where('organiser_id', 'in', ids)
      .where('week_start', '<', week)
      .executeTakeFirst();
    const found = row?.first ?? undefined;
    if (found && (first === undefined || found < first)) first = found;
  }
  return first;
}

/**
 * How many distinct institutions anyone in the workspace met in [from, to] (YYYY-MM-DD): the
 * team's count when nobody outside the team held a one-to-one that week. Index pages only. A
 * DISTINCT subquery rather than count(DISTINCT …): PostgreSQL then hashes the ids instead of
 * sorting them under the text collation (about 5 ms → 2 ms for a week of 6,400 one-to-ones).
 */
export async function countInstitutionsMet(
  db: Kysely<Database>,
  teamId: string,
  from: string,
  to: string,
): Promise<number> {
  const row = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('one_to_ones')
        .select('institution_id')
        .distinct()
        .where('team_id', '=', teamId)
        .where('met_on', '>=', from)
        .where('met_on', '<=', to)
        .where('institution_id', 'is not', null)
        .as('met'),
    )
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return num(row?.n);
}

/** Distinct institutions (ids) the organisers met in [from, to] (YYYY-MM-DD): index pages only. */
export async function institutionsReached(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[],
  from: string,
  to: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('one_to_ones')
    .select(['organiser_id', 'institution_id'])
    .distinct()
    .where('team_id', '=', teamId)
    .where('met_on', '>=', from)
    .where('met_on', '<=', to)
    .where('institution_id', 'is not', null)
    .execute();
  return [...new Set(keepTeam(rows, organiserIds).map((r) => r.institution_id!))];
}

/** Institutions of the workspace whose first one-to-one (anyone's) is in [from, to]: new on the map. */
export async function institutionsFirstMet(
  db: Kysely<Database>,
  teamId: string,
  from: string,
  to: string,
): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('institutions')
    .select(['id', 'name'])
    .where('team_id', '=', teamId)
    .where('first_met_on', '>=', from)
    .where('first_met_on', '<=', to)
    .execute();
}

/**
 * The organisers' people with a milestone in the week (met a second time, first introduced to
 * others, first in an action), with all their milestones, so the domain can tell whether their
 * stage rose. People whose stage the organiser set by hand are left out: a correction has no date.
 * The SQL needs no organiser, so `organiserIds` may still be being read (a promise): the digest
 * starts this while Slack lists the channel's members.
 */
export async function stageMoveCandidates(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[] | Promise<readonly string[]>,
  week: { fromDate: string; toDate: string; fromInstant: string; toInstant: string },
): Promise<PersonMilestones[]> {
  const base = () =>
    db
      .selectFrom('people')
      .select(['id', 'organiser_id', 'first_met_on', 'second_met_on', 'introduced_at', 'action_at'])
      .where('team_id', '=', teamId)
      // The partial indexes' own condition, so each range is read from one covering index.
      .where('stage_override', 'is', null);
  // One statement (one round trip on PostgreSQL); each arm keeps its own index range.
  const rows = await base()
    .where('second_met_on', '>=', week.fromDate)
    .where('second_met_on', '<=', week.toDate)
    .unionAll(
      base().where('introduced_at', '>=', week.fromInstant).where('introduced_at', '<', week.toInstant),
    )
    .unionAll(base().where('action_at', '>=', week.fromInstant).where('action_at', '<', week.toInstant))
    .execute();
  const found = new Map<string, PersonMilestones>();
  for (const r of keepTeam(rows, await organiserIds)) {
    found.set(r.id, {
      firstMetOn: r.first_met_on,
      secondMetOn: r.second_met_on,
      introducedAt: r.introduced_at,
      actionAt: r.action_at,
    });
  }
  return [...found.values()];
}

/** The arms of teamWeekCounts, typed as number (not literals): unioned selections share one type. */
const NEW: number = 1;
const REFLECTIONS: number = 2;
const COMPLETED: number = 3;
const OPEN: number = 4;

export interface TeamWeekCounts {
  /** The organisers' people first met in the week: new relationships. */
  newRelationships: number;
  /** Reflections the organisers wrote in the week (instants). */
  reflections: number;
  /** Next steps marked done in the week (instants), whenever their one-to-one was. */
  stepsCompleted: number;
  /** Next steps due in the chart's weeks up to the week's end and not done: still open. */
  stepsStillOpen: number;
}

/**
 * The week's four counts in one statement (one round trip on PostgreSQL, one prepared statement
 * on SQLite): a UNION ALL of per-organiser counts, each arm on its own covering index that
 * starts (team_id, a date) (people_team_first_met_on_idx, reflections_team_created_idx,
 * one_to_ones_team_done_idx, one_to_ones_team_open_due_idx), the team's organisers kept here.
 *
 * A step can only be done, or have a due date, when one was agreed (the services clear both with
 * 'none'), so the two step counts need no next_step_kind filter. `next_step_done_at is null` is
 * the open-steps partial index's own condition, so only open steps are read. As with
 * stageMoveCandidates, `organiserIds` may be a promise: the SQL does not need them.
 */
export async function teamWeekCounts(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[] | Promise<readonly string[]>,
  week: { fromDate: string; toDate: string; fromInstant: string; toInstant: string },
  openFrom: string,
): Promise<TeamWeekCounts> {
  const rows = await db
    .selectFrom('people')
    .select((eb) => [eb.lit(NEW).as('kind'), 'organiser_id', eb.fn.countAll().as('n')])
    .where('team_id', '=', teamId)
    .where('first_met_on', '>=', week.fromDate)
    .where('first_met_on', '<=', week.toDate)
    .groupBy('organiser_id')
    .unionAll(
      db
        .selectFrom('reflections')
        .select((eb) => [eb.lit(REFLECTIONS).as('kind'), 'organiser_id', eb.fn.countAll().as('n')])
        .where('team_id', '=', teamId)
        .where('created_at', '>=', week.fromInstant)
        .where('created_at', '<', week.toInstant)
        .groupBy('organiser_id'),
    )
    .unionAll(
      db
        .selectFrom('one_to_ones')
        .select((eb) => [eb.lit(COMPLETED).as('kind'), 'organiser_id', eb.fn.countAll().as('n')])
        .where('team_id', '=', teamId)
        .where('next_step_done_at', '>=', week.fromInstant)
        .where('next_step_done_at', '<', week.toInstant)
        .groupBy('organiser_id'),
    )
    .unionAll(
      db
        .selectFrom('one_to_ones')
        .select((eb) => [eb.lit(OPEN).as('kind'), 'organiser_id', eb.fn.countAll().as('n')])
        .where('next_step_done_at', 'is', null)
        .where('team_id', '=', teamId)
        .where('next_step_due_on', '>=', openFrom)
        .where('next_step_due_on', '<=', week.toDate)
        .groupBy('organiser_id'),
    )
    .execute();
  const team = await organiserIds;
  const total = (kind: number) =>
    sumTeam(
      rows.filter((r) => Number(r.kind) === kind),
      team,
    );
  return {
    newRelationships: total(NEW),
    reflections: total(REFLECTIONS),
    stepsCompleted: total(COMPLETED),
    stepsStillOpen: total(OPEN),
  };
}
