import type { Insertable, Kysely } from 'kysely';
import type { Database, ErasuresTable } from '../db/schema.js';

/** What `/onetoone forget` removes for one person (all scoped to the owning organiser). */
export interface PersonDataCounts {
  oneToOnes: number;
  reflections: number;
  nextSteps: number;
  introductions: number;
}

export async function countPersonData(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  personId: string,
): Promise<PersonDataCounts> {
  const oto = await db
    .selectFrom('one_to_ones')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>(eb.case().when('next_step_kind', '!=', 'none').then(1).else(0).end()).as('steps'),
    ])
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  const refl = await db
    .selectFrom('reflections')
    .innerJoin('one_to_ones', 'one_to_ones.id', 'reflections.one_to_one_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('one_to_ones.team_id', '=', teamId)
    .where('one_to_ones.organiser_id', '=', organiserId)
    .where('one_to_ones.person_id', '=', personId)
    .executeTakeFirst();
  const intro = await db
    .selectFrom('introductions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where((eb) => eb.or([eb('person_a_id', '=', personId), eb('person_b_id', '=', personId)]))
    .executeTakeFirst();
  // PostgreSQL returns counts as strings; SUM of no rows is null.
  return {
    oneToOnes: Number(oto?.n ?? 0),
    nextSteps: Number(oto?.steps ?? 0),
    reflections: Number(refl?.n ?? 0),
    introductions: Number(intro?.n ?? 0),
  };
}

/** Ids of the person's one-to-ones and introductions: the subjects of any pending nudges. */
export async function personSubjectIds(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  personId: string,
): Promise<{ oneToOneIds: string[]; introductionIds: string[] }> {
  const oneToOnes = await db
    .selectFrom('one_to_ones')
    .select('id')
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('person_id', '=', personId)
    .execute();
  const introductions = await db
    .selectFrom('introductions')
    .select('id')
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where((eb) => eb.or([eb('person_a_id', '=', personId), eb('person_b_id', '=', personId)]))
    .execute();
  return { oneToOneIds: oneToOnes.map((r) => r.id), introductionIds: introductions.map((r) => r.id) };
}

/**
 * Deletes the person and everything hanging off them, children first (so it does not depend
 * on foreign-key cascades being on). Returns how many rows of each kind went.
 */
export async function deletePersonData(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  personId: string,
): Promise<{ people: number; oneToOnes: number; reflections: number; introductions: number }> {
  const mine = db
    .selectFrom('one_to_ones')
    .select('id')
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('person_id', '=', personId);
  const reflections = await db
    .deleteFrom('reflections')
    .where('team_id', '=', teamId)
    .where('one_to_one_id', 'in', mine)
    .executeTakeFirst();
  const introductions = await db
    .deleteFrom('introductions')
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where((eb) => eb.or([eb('person_a_id', '=', personId), eb('person_b_id', '=', personId)]))
    .executeTakeFirst();
  const oneToOnes = await db
    .deleteFrom('one_to_ones')
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  const people = await db
    .deleteFrom('people')
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('id', '=', personId)
    .executeTakeFirst();
  return {
    people: Number(people.numDeletedRows),
    oneToOnes: Number(oneToOnes.numDeletedRows),
    reflections: Number(reflections.numDeletedRows),
    introductions: Number(introductions.numDeletedRows),
  };
}

export async function insertErasure(db: Kysely<Database>, row: Insertable<ErasuresTable>): Promise<void> {
  await db.insertInto('erasures').values(row).execute();
}

/** Nudges about these subjects not yet answered (queued, failed, or sent without a click). */
export async function countPendingNudges(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  subjectIds: string[],
): Promise<number> {
  if (subjectIds.length === 0) return 0;
  const row = await db
    .selectFrom('nudge_ledger')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .where('subject_id', 'in', subjectIds)
    .where('outcome', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Deletes every nudge ledger row about these subjects (answered ones too: they point at rows
 * that are going). The ledger holds ids and dates, no text. Returns rows deleted.
 */
export async function deleteNudgesAbout(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  subjectIds: string[],
): Promise<number> {
  if (subjectIds.length === 0) return 0;
  const result = await db
    .deleteFrom('nudge_ledger')
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .where('subject_id', 'in', subjectIds)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
