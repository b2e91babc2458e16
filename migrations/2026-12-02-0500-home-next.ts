import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports app code. The Home tab's "Waiting for a reflection" list lets an
// organiser say a one-to-one needs no reflection (issue 9): that one-to-one leaves the list and
// the suggestions for good. A column on the one-to-one rather than a table of its own, so that
// forgetting a person, retention and a team's erasure take it with the row, with nothing to add.
// An ISO-8601 UTC instant as text, null while not dismissed: portable to PostgreSQL.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('one_to_ones').addColumn('reflection_dismissed_at', 'text').execute();
  // The Home tab counts what is waiting as mine − my reflections − my dismissed-and-unreflected:
  // dismissals are few, so a partial index keeps that last count from reading every row of mine.
  await db.schema
    .createIndex('one_to_ones_reflection_dismissed_idx')
    .on('one_to_ones')
    .columns(['team_id', 'organiser_id'])
    .where(sql.ref('reflection_dismissed_at'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('one_to_ones_reflection_dismissed_idx').ifExists().execute();
  await db.schema.alterTable('one_to_ones').dropColumn('reflection_dismissed_at').execute();
}
