import type { Insertable, Kysely, Updateable } from 'kysely';
import type { Database, OneToOne, OneToOnesTable } from '../db/schema.js';
import { locksRowsOnRead } from './row-lock.js';

/** A one-to-one with what a list or a message needs to name it. */
export interface OneToOneSummaryRow {
  id: string;
  person_id: string;
  person_name: string;
  institution_name: string | null;
  met_on: string;
  duration_minutes: number;
  next_step_kind: OneToOne['next_step_kind'];
  next_step_due_on: string | null;
  next_step_done_at: string | null;
  reflected: number;
  created_at: string;
}

export type OneToOneDetailRow = OneToOne & {
  person_name: string;
  institution_name: string | null;
  slack_user_id: string | null;
};

/** Inserts unless a row from the same Slack view exists; returns the row and whether it is new. */
export async function insertOneToOneOnce(
  db: Kysely<Database>,
  row: Insertable<OneToOnesTable>,
): Promise<{ id: string; created: boolean }> {
  const inserted = await db
    .insertInto('one_to_ones')
    .values(row)
    .onConflict((oc) => oc.columns(['team_id', 'source_view_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await db
    .selectFrom('one_to_ones')
    .select('id')
    .where('team_id', '=', row.team_id)
    .where('source_view_id', '=', row.source_view_id ?? '')
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}

export async function updateOwnedOneToOne(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  id: string,
  patch: Updateable<OneToOnesTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('one_to_ones')
    .set(patch)
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The full record, only for its author. */
export async function findOwnedOneToOne(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  id: string,
): Promise<OneToOneDetailRow | undefined> {
  return (
    db
      .selectFrom('one_to_ones')
      .innerJoin('people', 'people.id', 'one_to_ones.person_id')
      .leftJoin('institutions', 'institutions.id', 'people.institution_id')
      .selectAll('one_to_ones')
      .select(['people.name as person_name', 'institutions.name as institution_name', 'people.slack_user_id'])
      .where('one_to_ones.team_id', '=', teamId)
      .where('one_to_ones.organiser_id', '=', organiserId)
      .where('one_to_ones.id', '=', id)
      // Read-then-write callers (edit, Done, snooze, reflect) see the row as the last writer left it.
      .$if(locksRowsOnRead(db), (qb) => qb.forUpdate('one_to_ones'))
      .executeTakeFirst()
  );
}

function summaries(db: Kysely<Database>, teamId: string, organiserId: string) {
  return db
    .selectFrom('one_to_ones')
    .innerJoin('people', 'people.id', 'one_to_ones.person_id')
    .leftJoin('institutions', 'institutions.id', 'people.institution_id')
    .leftJoin('reflections', 'reflections.one_to_one_id', 'one_to_ones.id')
    .select((eb) => [
      'one_to_ones.id',
      'one_to_ones.person_id',
      'people.name as person_name',
      'institutions.name as institution_name',
      'one_to_ones.met_on',
      'one_to_ones.duration_minutes',
      'one_to_ones.next_step_kind',
      'one_to_ones.next_step_due_on',
      'one_to_ones.next_step_done_at',
      'one_to_ones.created_at',
      eb.case().when('reflections.id', 'is not', null).then(1).else(0).end().as('reflected'),
    ])
    .where('one_to_ones.team_id', '=', teamId)
    .where('one_to_ones.organiser_id', '=', organiserId);
}

/** My one-to-ones, newest first; optionally only with some people. Fetches one extra row to tell if there is a next page. */
export async function listOwnedOneToOnes(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  options: { personIds?: string[]; limit: number; offset: number },
): Promise<OneToOneSummaryRow[]> {
  let q = summaries(db, teamId, organiserId);
  if (options.personIds) {
    if (options.personIds.length === 0) return [];
    q = q.where('one_to_ones.person_id', 'in', options.personIds);
  }
  return (
    q
      .orderBy('one_to_ones.met_on', 'desc')
      .orderBy('one_to_ones.created_at', 'desc')
      // A unique last key: with ties, PostgreSQL may order rows differently on each page's query,
      // so OFFSET paging would repeat some rows and skip others.
      .orderBy('one_to_ones.id')
      .limit(options.limit)
      .offset(options.offset)
      .execute()
  );
}

/** My most recent one-to-one without a reflection, optionally with some people. */
export async function latestUnreflected(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  personIds?: string[],
): Promise<OneToOneSummaryRow | undefined> {
  let q = summaries(db, teamId, organiserId).where('reflections.id', 'is', null);
  if (personIds) {
    if (personIds.length === 0) return undefined;
    q = q.where('one_to_ones.person_id', 'in', personIds);
  } else {
    // "No reflection needed" (the Home tab): not offered again unless asked for by name.
    q = q.where('one_to_ones.reflection_dismissed_at', 'is', null);
  }
  return q
    .orderBy('one_to_ones.met_on', 'desc')
    .orderBy('one_to_ones.created_at', 'desc')
    .orderBy('one_to_ones.id')
    .limit(1)
    .executeTakeFirst();
}

/** My one-to-ones per met_on date in [from, to], with whether each is reflected; for stats. */
export async function countOwnedByDate(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  from: string,
  to: string,
): Promise<{ met_on: string; held: number; reflected: number }[]> {
  const rows = await db
    .selectFrom('one_to_ones')
    .leftJoin('reflections', 'reflections.one_to_one_id', 'one_to_ones.id')
    .select((eb) => [
      'one_to_ones.met_on',
      eb.fn.countAll<number>().as('held'),
      eb.fn.count<number>('reflections.id').as('reflected'),
    ])
    .where('one_to_ones.team_id', '=', teamId)
    .where('one_to_ones.organiser_id', '=', organiserId)
    .where('one_to_ones.met_on', '>=', from)
    .where('one_to_ones.met_on', '<=', to)
    .groupBy('one_to_ones.met_on')
    .execute();
  // PostgreSQL returns counts as strings (bigint); SQLite as numbers.
  return rows.map((r) => ({ met_on: r.met_on, held: Number(r.held), reflected: Number(r.reflected) }));
}
