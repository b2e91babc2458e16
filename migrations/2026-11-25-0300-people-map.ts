import type { Kysely } from 'kysely';

// Frozen in time: never imports app code. The power map: a person can be a leader, the organiser
// can correct the relationship stage computed from what they log, and an institution has a type.
// Flags are 0/1 integers and the stage/type are text codes, portable to PostgreSQL.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('people')
    .addColumn('is_leader', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // null: the stage is computed from the one-to-ones logged; set: the organiser's correction.
  await db.schema.alterTable('people').addColumn('stage_override', 'text').execute();
  await db.schema.alterTable('institutions').addColumn('type', 'text').execute();

  // The power map aggregates a whole team's people by institution.
  await db.schema
    .createIndex('people_team_institution_idx')
    .on('people')
    .columns(['team_id', 'institution_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('people_team_institution_idx').ifExists().execute();
  await db.schema.alterTable('institutions').dropColumn('type').execute();
  await db.schema.alterTable('people').dropColumn('stage_override').execute();
  await db.schema.alterTable('people').dropColumn('is_leader').execute();
}
