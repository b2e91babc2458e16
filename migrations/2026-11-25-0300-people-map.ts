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

  // The Home tab, for an organiser with thousands of records (bench/home.ts): going cold groups
  // my one-to-ones by person (covering, no temporary sort); open next steps are found by
  // (done_at is null, due_on <= today); unreflected = my one-to-ones - my reflections.
  await db.schema
    .createIndex('one_to_ones_organiser_person_idx')
    .on('one_to_ones')
    .columns(['team_id', 'organiser_id', 'person_id', 'met_on'])
    .execute();
  await db.schema
    .createIndex('one_to_ones_organiser_open_step_idx')
    .on('one_to_ones')
    .columns(['team_id', 'organiser_id', 'next_step_done_at', 'next_step_due_on'])
    .execute();
  await db.schema
    .createIndex('reflections_organiser_idx')
    .on('reflections')
    .columns(['team_id', 'organiser_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'reflections_organiser_idx',
    'one_to_ones_organiser_open_step_idx',
    'one_to_ones_organiser_person_idx',
  ]) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
  await db.schema.alterTable('institutions').dropColumn('type').execute();
  await db.schema.alterTable('people').dropColumn('stage_override').execute();
  await db.schema.alterTable('people').dropColumn('is_leader').execute();
}
