import { type Kysely, sql } from 'kysely';
import type { Database, Institution, InstitutionType, RelationshipStage } from '../../db/schema.js';
import { likePattern } from '../people.js';

/**
 * People as relationships (counts, last meeting, stage evidence), leaders, institution types, and
 * the team's power map. Everything about a person is scoped to its organiser; the map returns
 * institution-level aggregates only.
 */

export interface PersonActivityRow {
  id: string;
  name: string;
  role: string | null;
  is_leader: number;
  stage_override: RelationshipStage | null;
  institution_id: string | null;
  institution_name: string | null;
  institution_type: InstitutionType | null;
  meetings: number;
  last_met_on: string | null;
  introduction_done: number;
  action_done: number;
}

/** Per person: how many one-to-ones, the latest, and whether an introduction or action step was done. */
function activity(db: Kysely<Database>, teamId: string, organiserId: string) {
  return db
    .selectFrom('one_to_ones')
    .select((eb) => [
      'one_to_ones.person_id',
      eb.fn.countAll<number>().as('meetings'),
      eb.fn.max('one_to_ones.met_on').as('last_met_on'),
      eb.fn
        .max(
          eb
            .case()
            .when(
              eb.and([
                eb('one_to_ones.next_step_kind', '=', 'introduction'),
                eb('one_to_ones.next_step_done_at', 'is not', null),
              ]),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as('introduction_done'),
      eb.fn
        .max(
          eb
            .case()
            .when(
              eb.and([
                eb('one_to_ones.next_step_kind', '=', 'action'),
                eb('one_to_ones.next_step_done_at', 'is not', null),
              ]),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as('action_done'),
    ])
    .where('one_to_ones.team_id', '=', teamId)
    .where('one_to_ones.organiser_id', '=', organiserId)
    .groupBy('one_to_ones.person_id');
}

/**
 * My people with their activity: the select list and joins the list and the single lookup share.
 * `activitySource` is the grouped one-to-ones (narrowed to one person for a lookup).
 */
function peopleWithActivity(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  activitySource: ReturnType<typeof activity>,
) {
  return db
    .selectFrom('people')
    .leftJoin('institutions', 'institutions.id', 'people.institution_id')
    .leftJoin(activitySource.as('a'), 'a.person_id', 'people.id')
    .select([
      'people.id',
      'people.name',
      'people.role',
      'people.is_leader',
      'people.stage_override',
      'people.institution_id',
      'institutions.name as institution_name',
      'institutions.type as institution_type',
      'a.meetings',
      'a.last_met_on',
      'a.introduction_done',
      'a.action_done',
    ])
    .where('people.team_id', '=', teamId)
    .where('people.organiser_id', '=', organiserId);
}

type PeopleWithActivityRaw = Awaited<ReturnType<ReturnType<typeof peopleWithActivity>['execute']>>[number];

/** PostgreSQL returns counts as strings (bigint); people never met have no activity row. */
function toPersonActivityRow(r: PeopleWithActivityRaw): PersonActivityRow {
  return {
    ...r,
    is_leader: Number(r.is_leader),
    meetings: Number(r.meetings ?? 0),
    last_met_on: r.last_met_on ?? null,
    introduction_done: Number(r.introduction_done ?? 0),
    action_done: Number(r.action_done ?? 0),
  };
}

/**
 * My people whose name or institution contains `queryKey`, most recently met first (never-met
 * last, portable: '' sorts last descending on SQLite and PostgreSQL alike). One extra row tells
 * the caller whether there is a next page.
 */
export async function listPeopleWithActivity(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  options: { queryKey: string; limit: number; offset: number },
): Promise<PersonActivityRow[]> {
  let q = peopleWithActivity(db, teamId, organiserId, activity(db, teamId, organiserId));
  if (options.queryKey) {
    const pattern = likePattern(options.queryKey);
    // ESCAPE spelled out: SQLite has no default LIKE escape character (PostgreSQL's is backslash).
    q = q.where(
      sql<boolean>`(people.name_key like ${pattern} escape '\\' or people.institution_key like ${pattern} escape '\\')`,
    );
  }
  const rows = await q
    .orderBy(sql`coalesce(a.last_met_on, '')`, 'desc')
    .orderBy('people.name_key')
    .orderBy('people.id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  return rows.map(toPersonActivityRow);
}

/** One of my people with the same facts as the list, or undefined for anyone else's. */
export async function findPersonActivity(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  personId: string,
): Promise<PersonActivityRow | undefined> {
  // The activity is narrowed to this person too, so only their one-to-ones are grouped.
  const row = await peopleWithActivity(
    db,
    teamId,
    organiserId,
    activity(db, teamId, organiserId).where('one_to_ones.person_id', '=', personId),
  )
    .where('people.id', '=', personId)
    .executeTakeFirst();
  return row ? toPersonActivityRow(row) : undefined;
}

/** Sets a column of one of my people; false when the person is not mine (nothing changes). */
export async function updateOwnedPersonFlags(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  personId: string,
  patch: { is_leader?: number; stage_override?: RelationshipStage | null; updated_at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('people')
    .set(patch)
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('id', '=', personId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findInstitutionByKey(
  db: Kysely<Database>,
  teamId: string,
  nameKey: string,
): Promise<Institution | undefined> {
  return db
    .selectFrom('institutions')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('name_key', '=', nameKey)
    .executeTakeFirst();
}

export async function updateInstitutionType(
  db: Kysely<Database>,
  teamId: string,
  institutionId: string,
  type: InstitutionType,
): Promise<void> {
  await db
    .updateTable('institutions')
    .set({ type })
    .where('team_id', '=', teamId)
    .where('id', '=', institutionId)
    .execute();
}

export interface InstitutionAggregate {
  id: string;
  name: string;
  type: InstitutionType | null;
  organisers: number;
  leaders: number;
  last_contact: string | null;
}

/**
 * The power map: per institution of the team, how many organisers know someone there, how many of
 * those people are leaders, and the latest one-to-one. Aggregates only: no person's name or
 * anything written leaves this query.
 */
export async function teamInstitutionAggregates(
  db: Kysely<Database>,
  teamId: string,
): Promise<InstitutionAggregate[]> {
  const rows = await db
    .selectFrom('institutions')
    .leftJoin('people', (j) =>
      j.onRef('people.institution_id', '=', 'institutions.id').on('people.team_id', '=', teamId),
    )
    .leftJoin('one_to_ones', (j) =>
      // The organiser too: it lets the (team, organiser, person) index answer the join.
      j
        .onRef('one_to_ones.person_id', '=', 'people.id')
        .onRef('one_to_ones.organiser_id', '=', 'people.organiser_id')
        .on('one_to_ones.team_id', '=', teamId),
    )
    .select((eb) => [
      'institutions.id',
      'institutions.name',
      'institutions.type',
      eb.fn.count<number>('people.organiser_id').distinct().as('organisers'),
      eb.fn
        .count<number>(eb.case().when('people.is_leader', '=', 1).then(eb.ref('people.id')).end())
        .distinct()
        .as('leaders'),
      eb.fn.max('one_to_ones.met_on').as('last_contact'),
    ])
    .where('institutions.team_id', '=', teamId)
    .groupBy(['institutions.id', 'institutions.name', 'institutions.name_key', 'institutions.type'])
    .orderBy('institutions.name_key')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    type: r.type,
    organisers: Number(r.organisers),
    leaders: Number(r.leaders),
    last_contact: r.last_contact ?? null,
  }));
}
