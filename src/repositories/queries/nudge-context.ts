import type { Kysely } from 'kysely';
import type { Database, NextStepKind, NudgeLedgerEntry, Reflection } from '../../db/schema.js';
import type { IntroductionDetail } from '../introductions.js';
import type { OneToOneDetailRow } from '../one-to-ones.js';
import type { PersonWithInstitution } from '../people.js';

/**
 * The nudge tick's reads for one workspace's organisers at once (src/services/nudges/daily-dm.ts):
 * each table's rows for a batch of organisers in one query, by the tables' primary keys (or the
 * (team, user) prefix of their unique keys), instead of one query per organiser and table.
 */

/** Ids per query: far below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const IDS_PER_QUERY = 500;

export interface NudgeContextRows {
  organisers: { user_id: string; time_zone: string | null; time_zone_checked_at: string | null }[];
  preferences: { user_id: string; kind: string; enabled: number }[];
  settings: { user_id: string; working_days: string; daily_summary: number }[];
  /** Pauses that cover some date in [fromDate, toDate]. */
  pauses: { user_id: string; starts_on: string; until_on: string }[];
  /** The day rows of the dates asked for. */
  days: { user_id: string; local_date: string; status: string; claimed_at: string | null }[];
  /** Every ledger row of `ledgerKind` (the back-off's questions). */
  ledger: NudgeLedgerEntry[];
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDS_PER_QUERY) out.push(items.slice(i, i + IDS_PER_QUERY));
  return out;
}

export async function loadNudgeContextRows(
  db: Kysely<Database>,
  teamId: string,
  userIds: readonly string[],
  dates: { fromDate: string; toDate: string; days: readonly string[] },
  ledgerKind: string,
): Promise<NudgeContextRows> {
  const rows: NudgeContextRows = {
    organisers: [],
    preferences: [],
    settings: [],
    pauses: [],
    days: [],
    ledger: [],
  };
  if (userIds.length === 0) return rows;
  for (const ids of chunks([...new Set(userIds)])) {
    const [organisers, preferences, settings, pauses, days, ledger] = await Promise.all([
      db
        .selectFrom('organisers')
        .select(['user_id', 'time_zone', 'time_zone_checked_at'])
        .where('team_id', '=', teamId)
        .where('user_id', 'in', ids)
        .execute(),
      db
        .selectFrom('nudge_preferences')
        .select(['user_id', 'kind', 'enabled'])
        .where('team_id', '=', teamId)
        .where('user_id', 'in', ids)
        .execute(),
      db
        .selectFrom('nudge_settings')
        .select(['user_id', 'working_days', 'daily_summary'])
        .where('team_id', '=', teamId)
        .where('user_id', 'in', ids)
        .execute(),
      db
        .selectFrom('pauses')
        .select(['user_id', 'starts_on', 'until_on'])
        .where('team_id', '=', teamId)
        .where('user_id', 'in', ids)
        .where('starts_on', '<=', dates.toDate)
        .where('until_on', '>', dates.fromDate)
        .execute(),
      dates.days.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('nudge_days')
            .select(['user_id', 'local_date', 'status', 'claimed_at'])
            .where('team_id', '=', teamId)
            .where('user_id', 'in', ids)
            .where('local_date', 'in', [...dates.days])
            .execute(),
      db
        .selectFrom('nudge_ledger')
        .selectAll()
        .where('team_id', '=', teamId)
        .where('user_id', 'in', ids)
        .where('kind', '=', ledgerKind)
        .execute(),
    ]);
    rows.organisers.push(...organisers);
    rows.preferences.push(...preferences);
    rows.settings.push(...settings);
    rows.pauses.push(...pauses);
    rows.days.push(...days);
    rows.ledger.push(...ledger);
  }
  return rows;
}

/*
 * The records a batch of DMs shows (the kinds' loadMany, src/services/nudges/kinds/): each by
 * id for one workspace in one query, instead of one find per card. The owner is part of each
 * row, for the kind to check (a record is only ever shown to its owner).
 */

/** One-to-ones by id, with their person and institution (as findOwnedOneToOne). */
export async function listOneToOnesByIds(
  db: Kysely<Database>,
  teamId: string,
  ids: readonly string[],
): Promise<OneToOneDetailRow[]> {
  const out: OneToOneDetailRow[] = [];
  for (const part of chunks([...new Set(ids)])) {
    out.push(
      ...(await db
        .selectFrom('one_to_ones')
        .innerJoin('people', 'people.id', 'one_to_ones.person_id')
        .leftJoin('institutions', 'institutions.id', 'people.institution_id')
        .selectAll('one_to_ones')
        .select([
          'people.name as person_name',
          'institutions.name as institution_name',
          'people.slack_user_id',
        ])
        .where('one_to_ones.team_id', '=', teamId)
        .where('one_to_ones.id', 'in', part)
        .execute()),
    );
  }
  return out;
}

/** House meetings' follow-ups by id, with their person (as findOwnedFollowUp). */
export async function listFollowUpsByIds(
  db: Kysely<Database>,
  teamId: string,
  ids: readonly string[],
): Promise<
  {
    id: string;
    organiser_id: string;
    person_id: string;
    person_name: string;
    institution_name: string | null;
    next_step_kind: NextStepKind;
    due_on: string;
    done_at: string | null;
  }[]
> {
  const out = [];
  for (const part of chunks([...new Set(ids)])) {
    out.push(
      ...(await db
        .selectFrom('house_meeting_follow_ups as f')
        .innerJoin('people', 'people.id', 'f.person_id')
        .leftJoin('institutions', 'institutions.id', 'people.institution_id')
        .select([
          'f.id',
          'f.organiser_id',
          'f.person_id',
          'people.name as person_name',
          'institutions.name as institution_name',
          'f.next_step_kind',
          'f.due_on',
          'f.done_at',
        ])
        .where('f.team_id', '=', teamId)
        .where('f.id', 'in', part)
        .execute()),
    );
  }
  return out;
}

/** Reflections on these one-to-ones (as findOwnedReflection). */
export async function listReflectionsOn(
  db: Kysely<Database>,
  teamId: string,
  oneToOneIds: readonly string[],
): Promise<Reflection[]> {
  const out: Reflection[] = [];
  for (const part of chunks([...new Set(oneToOneIds)])) {
    out.push(
      ...(await db
        .selectFrom('reflections')
        .selectAll()
        .where('team_id', '=', teamId)
        .where('one_to_one_id', 'in', part)
        .execute()),
    );
  }
  return out;
}

/** People by id, with their institution's name (as findOwnedPerson). */
export async function listPeopleByIds(
  db: Kysely<Database>,
  teamId: string,
  ids: readonly string[],
): Promise<PersonWithInstitution[]> {
  const out: PersonWithInstitution[] = [];
  for (const part of chunks([...new Set(ids)])) {
    out.push(
      ...(await db
        .selectFrom('people')
        .leftJoin('institutions', 'institutions.id', 'people.institution_id')
        .selectAll('people')
        .select('institutions.name as institution_name')
        .where('people.team_id', '=', teamId)
        .where('people.id', 'in', part)
        .execute()),
    );
  }
  return out;
}

/** Introductions by id, with both people (as findOwnedIntroduction). */
export async function listIntroductionsByIds(
  db: Kysely<Database>,
  teamId: string,
  ids: readonly string[],
): Promise<IntroductionDetail[]> {
  const out: IntroductionDetail[] = [];
  for (const part of chunks([...new Set(ids)])) {
    out.push(
      ...(await db
        .selectFrom('introductions')
        .innerJoin('people as a', 'a.id', 'introductions.person_a_id')
        .innerJoin('people as b', 'b.id', 'introductions.person_b_id')
        .leftJoin('institutions as ia', 'ia.id', 'a.institution_id')
        .leftJoin('institutions as ib', 'ib.id', 'b.institution_id')
        .selectAll('introductions')
        .select([
          'a.name as person_a_name',
          'ia.name as person_a_institution',
          'b.name as person_b_name',
          'ib.name as person_b_institution',
        ])
        .where('introductions.team_id', '=', teamId)
        .where('introductions.id', 'in', part)
        .execute()),
    );
  }
  return out;
}

/**
 * One-to-ones held from `from` to `to` by each of these organisers, counted as countOwnedByDate
 * counts them (its rows summed over the dates): one query for the lot.
 */
export async function countHeldBy(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[],
  from: string,
  to: string,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunks([...new Set(organiserIds)])) {
    const rows = await db
      .selectFrom('one_to_ones')
      .leftJoin('reflections', 'reflections.one_to_one_id', 'one_to_ones.id')
      .select((eb) => ['one_to_ones.organiser_id', eb.fn.countAll<number>().as('held')])
      .where('one_to_ones.team_id', '=', teamId)
      .where('one_to_ones.organiser_id', 'in', part)
      .where('one_to_ones.met_on', '>=', from)
      .where('one_to_ones.met_on', '<=', to)
      .groupBy('one_to_ones.organiser_id')
      .execute();
    // PostgreSQL returns counts as strings (bigint); SQLite as numbers.
    for (const r of rows) out.set(r.organiser_id, Number(r.held));
  }
  return out;
}

/** These organisers' weekly goals; absent: no organisers row. */
export async function listWeeklyGoals(
  db: Kysely<Database>,
  teamId: string,
  userIds: readonly string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const part of chunks([...new Set(userIds)])) {
    const rows = await db
      .selectFrom('organisers')
      .select(['user_id', 'weekly_goal'])
      .where('team_id', '=', teamId)
      .where('user_id', 'in', part)
      .execute();
    for (const r of rows) out.set(r.user_id, r.weekly_goal);
  }
  return out;
}
