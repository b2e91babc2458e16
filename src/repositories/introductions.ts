import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, Introduction, IntroductionsTable } from '../db/schema.js';
import { locksRowsOnRead } from './row-lock.js';

/** An introduction with the names a message needs (only ever shown to its organiser). */
export type IntroductionDetail = Introduction & {
  person_a_name: string;
  person_a_institution: string | null;
  person_b_name: string;
  person_b_institution: string | null;
};

/** Inserts unless a row from the same Slack view exists; returns the row id and whether it is new. */
export async function insertIntroductionOnce(
  db: Kysely<Database>,
  row: Insertable<IntroductionsTable>,
): Promise<{ id: string; created: boolean }> {
  const inserted = await db
    .insertInto('introductions')
    .values(row)
    .onConflict((oc) => oc.columns(['team_id', 'source_view_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await db
    .selectFrom('introductions')
    .select('id')
    .where('team_id', '=', row.team_id)
    .where('source_view_id', '=', row.source_view_id ?? '')
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

function details(db: Kysely<Database>) {
  return db
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
    ]);
}

/** One introduction, only for the organiser who brokered it. */
export async function findOwnedIntroduction(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  id: string,
): Promise<IntroductionDetail | undefined> {
  return (
    details(db)
      .where('introductions.team_id', '=', teamId)
      .where('introductions.organiser_id', '=', organiserId)
      .where('introductions.id', '=', id)
      // A repeated outcome click waits for the first and then sees it (see row-lock.ts).
      .$if(locksRowsOnRead(db), (qb) => qb.forUpdate('introductions'))
      .executeTakeFirst()
  );
}

/** All my introductions, oldest first (for export). */
export async function listOwnedIntroductions(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
): Promise<IntroductionDetail[]> {
  return details(db)
    .where('introductions.team_id', '=', teamId)
    .where('introductions.organiser_id', '=', organiserId)
    .orderBy('introductions.introduced_on')
    .orderBy('introductions.created_at')
    .execute();
}

export async function updateOwnedIntroduction(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  id: string,
  patch: Updateable<IntroductionsTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('introductions')
    .set(patch)
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface IntroductionCounts {
  /** Introductions made in the week (introduced_on in it). */
  agreed: number;
  /** Of those, between people at two different institutions. */
  acrossInstitutions: number;
  /** Introductions marked "They met" during the week (whenever they were made). */
  happened: number;
}

/** Bound parameters per IN list: far below SQLite's and PostgreSQL's limits. */
const CHUNK = 500;

/**
 * A team's brokered introductions for the weekly digest, restricted to `organiserIds` (the
 * channel's organisers): made in [fromDate, toDate] (local dates), and "met" answers recorded in
 * [fromInstant, toInstant). Counts only: no names, no text.
 */
export async function countTeamIntroductions(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[],
  week: { fromDate: string; toDate: string; fromInstant: string; toInstant: string },
): Promise<IntroductionCounts> {
  const out: IntroductionCounts = { agreed: 0, acrossInstitutions: 0, happened: 0 };
  for (let i = 0; i < organiserIds.length; i += CHUNK) {
    const ids = organiserIds.slice(i, i + CHUNK);
    const made = await db
      .selectFrom('introductions')
      .select((eb) => [
        eb.fn.countAll<number>().as('agreed'),
        eb.fn.sum<number>('across_institutions').as('across'),
      ])
      .where('team_id', '=', teamId)
      .where('organiser_id', 'in', ids)
      .where('introduced_on', '>=', week.fromDate)
      .where('introduced_on', '<=', week.toDate)
      .executeTakeFirst();
    const met = await db
      .selectFrom('introductions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('team_id', '=', teamId)
      .where('organiser_id', 'in', ids)
      .where('status', '=', 'met')
      .where('outcome_at', '>=', week.fromInstant)
      .where('outcome_at', '<', week.toInstant)
      .executeTakeFirst();
    // PostgreSQL returns count/sum as strings; SUM of no rows is null.
    out.agreed += Number(made?.agreed ?? 0);
    out.acrossInstitutions += Number(made?.across ?? 0);
    out.happened += Number(met?.n ?? 0);
  }
  return out;
}
