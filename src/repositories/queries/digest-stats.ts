import type { Kysely } from 'kysely';
import type { Database, NextStepKind } from '../../db/schema.js';

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
              .select('one_to_ones.id')
              .whereRef('one_to_ones.team_id', '=', 'organisers.team_id')
              .whereRef('one_to_ones.organiser_id', '=', 'organisers.user_id'),
          ),
        )
        .execute()),
    );
  }
  return out.sort((a, b) => (a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : 0));
}

export interface DigestRow {
  id: string;
  organiser_id: string;
  person_id: string;
  met_on: string;
  duration_minutes: number;
  next_step_kind: NextStepKind;
  created_at: string;
  institution_id: string | null;
  /** 1 when the organiser met the same person on an earlier day. */
  earlier_day: number;
}

/**
 * The team's one-to-ones met in [from, to] (YYYY-MM-DD), with what the digest counts. Whether a
 * relationship is new asks the (person_id, met_on) index about earlier days, reading index pages
 * only; two first meetings on the same day are told apart from these rows (countFirstMeetings).
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
      .select((eb) => [
        'o.id',
        'o.organiser_id',
        'o.person_id',
        'o.met_on',
        'o.duration_minutes',
        'o.next_step_kind',
        'o.created_at',
        'p.institution_id',
        eb
          .case()
          .when(
            eb.exists(
              eb
                .selectFrom('one_to_ones as e')
                .select('e.id')
                .whereRef('e.person_id', '=', 'o.person_id')
                .whereRef('e.met_on', '<', 'o.met_on'),
            ),
          )
          .then(1)
          .else(0)
          .end()
          .as('earlier_day'),
      ])
      .where('o.team_id', '=', teamId)
      .where('o.organiser_id', 'in', ids)
      .where('o.met_on', '>=', from)
      .where('o.met_on', '<=', to)
      .execute();
    out.push(...rows.map((r) => ({ ...r, earlier_day: Number(r.earlier_day) })));
  }
  return out;
}

/**
 * When reflections were written, for those written in [from, to] (ISO instants) by the team's
 * organisers: one range on (team_id, created_at, organiser_id, one_to_one_id), index pages only.
 */
export async function findReflectionTimes(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[],
  from: string,
  to: string,
): Promise<{ one_to_one_id: string; created_at: string }[]> {
  const out: { one_to_one_id: string; created_at: string }[] = [];
  for (const ids of chunks(organiserIds)) {
    out.push(
      ...(await db
        .selectFrom('reflections')
        .select(['one_to_one_id', 'created_at'])
        .where('team_id', '=', teamId)
        .where('created_at', '>=', from)
        .where('created_at', '<=', to)
        .where('organiser_id', 'in', ids)
        .execute()),
    );
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
 * [from, to): new on the map this week. By primary key, so it costs what last week reached.
 */
export async function newInstitutionNames(
  db: Kysely<Database>,
  teamId: string,
  institutionIds: readonly string[],
  from: string,
  to: string,
): Promise<string[]> {
  const out: string[] = [];
  for (const chunk of chunks(institutionIds)) {
    const rows = await db
      .selectFrom('institutions')
      .select('name')
      .where('team_id', '=', teamId)
      .where('id', 'in', chunk)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .execute();
    out.push(...rows.map((r) => r.name));
  }
  return out;
}
