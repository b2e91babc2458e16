import type { Kysely } from 'kysely';
import type { Database, NextStepKind } from '../db/schema.js';

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

/** Organisers (people who have used the bot) among `userIds`, with their weekly goals. */
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
        .select(['user_id', 'weekly_goal'])
        .where('team_id', '=', teamId)
        .where('user_id', 'in', ids)
        .execute()),
    );
  }
  return out.sort((a, b) => (a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : 0));
}

export interface DigestRow {
  organiser_id: string;
  person_id: string;
  met_on: string;
  duration_minutes: number;
  next_step_kind: NextStepKind;
  created_at: string;
  reflected_at: string | null;
  institution_id: string | null;
  /** 2: met this person before the week; 1: earlier within the week only; 0: a first meeting. */
  earlier: number;
}

/**
 * The team's one-to-ones met in [from, to] (YYYY-MM-DD), with what the digest counts. Whether a
 * relationship is new asks the (person_id, met_on) index: the common answers ("met before the
 * week", "met earlier") read index pages only; only a same-day tie reads the rows themselves.
 */
export async function findDigestRows(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[],
  from: string,
  to: string,
): Promise<DigestRow[]> {
  const out: DigestRow[] = [];
  for (const ids of chunks(organiserIds)) {
    const rows = await db
      .selectFrom('one_to_ones as o')
      .innerJoin('people as p', 'p.id', 'o.person_id')
      .leftJoin('reflections as r', 'r.one_to_one_id', 'o.id')
      .select((eb) => {
        const others = () =>
          eb.selectFrom('one_to_ones as e').select('e.id').whereRef('e.person_id', '=', 'o.person_id');
        return [
          'o.organiser_id',
          'o.person_id',
          'o.met_on',
          'o.duration_minutes',
          'o.next_step_kind',
          'o.created_at',
          'r.created_at as reflected_at',
          'p.institution_id',
          eb
            .case()
            .when(eb.exists(others().where('e.met_on', '<', from)))
            .then(2)
            .when(eb.exists(others().whereRef('e.met_on', '<', 'o.met_on')))
            .then(1)
            // Two on the same day: the one logged first is the first meeting (ids break a tie).
            .when(
              eb.exists(
                others()
                  .whereRef('e.met_on', '=', 'o.met_on')
                  .where((w) =>
                    w.or([
                      w('e.created_at', '<', w.ref('o.created_at')),
                      w.and([w('e.created_at', '=', w.ref('o.created_at')), w('e.id', '<', w.ref('o.id'))]),
                    ]),
                  ),
              ),
            )
            .then(1)
            .else(0)
            .end()
            .as('earlier'),
        ];
      })
      .where('o.team_id', '=', teamId)
      .where('o.organiser_id', 'in', ids)
      .where('o.met_on', '>=', from)
      .where('o.met_on', '<=', to)
      .execute();
    out.push(...rows.map((r) => ({ ...r, earlier: Number(r.earlier) })));
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

/**
 * Next steps marked done in [from, to) (ISO instants), whenever their one-to-one was. A step can
 * only be done, or have a due date, when one was agreed (the services clear both with 'none'), so
 * these two counts need no next_step_kind filter and read only their covering indexes.
 */
export async function countStepsCompleted(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[],
  from: string,
  to: string,
): Promise<number> {
  let total = 0;
  for (const ids of chunks(organiserIds)) {
    const row = await db
      .selectFrom('one_to_ones')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('team_id', '=', teamId)
      .where('next_step_done_at', '>=', from)
      .where('next_step_done_at', '<', to)
      .where('organiser_id', 'in', ids)
      .executeTakeFirst();
    total += Number(row?.n ?? 0);
  }
  return total;
}

/** Open next steps due in [from, to] (YYYY-MM-DD): overdue once `to` has passed. */
export async function countStepsOpenDue(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[],
  from: string,
  to: string,
): Promise<number> {
  let total = 0;
  for (const ids of chunks(organiserIds)) {
    const row = await db
      .selectFrom('one_to_ones')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('team_id', '=', teamId)
      .where('next_step_due_on', '>=', from)
      .where('next_step_due_on', '<=', to)
      .where('next_step_done_at', 'is', null)
      .where('organiser_id', 'in', ids)
      .executeTakeFirst();
    total += Number(row?.n ?? 0);
  }
  return total;
}

/**
 * Of `institutionIds`, those the team had reached before `before`: one of its organisers had a
 * one-to-one with someone there. Called only for institutions none of last week's rows already
 * prove known, so it reads the people at a handful of institutions (people_institution_idx,
 * covering), then asks the (person_id, met_on) index about each of the team's people there.
 */
export async function institutionsReachedBefore(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[],
  institutionIds: readonly string[],
  before: string,
): Promise<Set<string>> {
  const reached = new Set<string>();
  if (institutionIds.length === 0 || organiserIds.length === 0) return reached;
  const team = new Set(organiserIds);
  const people: { id: string; institution_id: string | null }[] = [];
  for (const insts of chunks(institutionIds)) {
    const rows = await db
      .selectFrom('people')
      .select(['id', 'institution_id', 'organiser_id'])
      .where('institution_id', 'in', insts)
      .where('team_id', '=', teamId)
      .execute();
    people.push(...rows.filter((p) => team.has(p.organiser_id)));
  }
  const institutionOf = new Map(people.map((p) => [p.id, p.institution_id]));
  for (const ids of chunks(people.map((p) => p.id))) {
    const met = await db
      .selectFrom('one_to_ones')
      .select('person_id')
      .distinct()
      .where('person_id', 'in', ids)
      .where('met_on', '<', before)
      .execute();
    for (const m of met) {
      const institution = institutionOf.get(m.person_id);
      if (institution) reached.add(institution);
    }
  }
  return reached;
}

/** Institution names by id, within one workspace (institutions are public bodies, shared team-wide). */
export async function institutionNames(
  db: Kysely<Database>,
  teamId: string,
  ids: readonly string[],
): Promise<string[]> {
  const out: string[] = [];
  for (const chunk of chunks(ids)) {
    const rows = await db
      .selectFrom('institutions')
      .select('name')
      .where('team_id', '=', teamId)
      .where('id', 'in', chunk)
      .execute();
    out.push(...rows.map((r) => r.name));
  }
  return out;
}
