import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import type { Database, PeopleTable, Person } from '../db/schema.js';

export interface PersonWithInstitution extends Person {
  institution_name: string | null;
}

function withInstitution(db: Kysely<Database>) {
  return db
    .selectFrom('people')
    .leftJoin('institutions', 'institutions.id', 'people.institution_id')
    .selectAll('people')
    .select('institutions.name as institution_name');
}

/** A person, only if `organiserId` owns it: other organisers' people do not exist for them. */
export async function findOwnedPerson(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  personId: string,
): Promise<PersonWithInstitution | undefined> {
  return withInstitution(db)
    .where('people.team_id', '=', teamId)
    .where('people.organiser_id', '=', organiserId)
    .where('people.id', '=', personId)
    .executeTakeFirst();
}

export async function findPersonBySlackUser(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  slackUserId: string,
): Promise<Person | undefined> {
  return db
    .selectFrom('people')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('slack_user_id', '=', slackUserId)
    .executeTakeFirst();
}

/** Which of these Slack members are already among the organiser's people. */
export async function linkedSlackUsers(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  slackUserIds: string[],
): Promise<string[]> {
  if (slackUserIds.length === 0) return [];
  const rows = await db
    .selectFrom('people')
    .select('slack_user_id')
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('slack_user_id', 'in', slackUserIds)
    .execute();
  return rows.flatMap((r) => (r.slack_user_id ? [r.slack_user_id] : []));
}

export async function findPersonByKeys(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  nameKey: string,
  institutionKey: string,
): Promise<Person | undefined> {
  return db
    .selectFrom('people')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('name_key', '=', nameKey)
    .where('institution_key', '=', institutionKey)
    .executeTakeFirst();
}

export async function insertPerson(db: Kysely<Database>, person: Insertable<PeopleTable>): Promise<void> {
  await db.insertInto('people').values(person).execute();
}

export async function updatePerson(
  db: Kysely<Database>,
  teamId: string,
  personId: string,
  patch: Updateable<PeopleTable>,
): Promise<void> {
  await db
    .updateTable('people')
    .set(patch)
    .where('team_id', '=', teamId)
    .where('id', '=', personId)
    .execute();
}

/** Escapes LIKE wildcards so a search for "50%" means the characters. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** My people whose name or institution contains `query` (lower-cased), most recently updated first. */
export async function searchOwnedPeople(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  queryKey: string,
  limit: number,
): Promise<PersonWithInstitution[]> {
  let q = withInstitution(db)
    .where('people.team_id', '=', teamId)
    .where('people.organiser_id', '=', organiserId);
  if (queryKey) {
    const pattern = likePattern(queryKey);
    // ESCAPE spelled out: SQLite has no default LIKE escape character (PostgreSQL's is backslash).
    q = q.where(
      sql<boolean>`(people.name_key like ${pattern} escape '\\' or people.institution_key like ${pattern} escape '\\')`,
    );
  }
  return q.orderBy('people.updated_at', 'desc').orderBy('people.id').limit(limit).execute();
}
