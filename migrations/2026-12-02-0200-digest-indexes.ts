import type { Kysely } from 'kysely';

// Frozen in time: never imports app code. The weekly digest adds last week up in SQL (issue 10,
// bench/digest.ts): these indexes let its queries read index pages only, so its cost follows
// last week's rows however much history the table holds, on SQLite and PostgreSQL alike.

export async function up(db: Kysely<any>): Promise<void> {
  // A team's organisers' one-to-ones by date, with everything the digest counts of each (whom,
  // how long, which next step, when logged) and the id a reflection points to.
  await db.schema
    .createIndex('one_to_ones_team_week_idx')
    .on('one_to_ones')
    .columns([
      'team_id',
      'organiser_id',
      'met_on',
      'person_id',
      'duration_minutes',
      'next_step_kind',
      'created_at',
      'id',
    ])
    .execute();
  // Two indexes that are now exact prefixes of wider ones: (team_id, organiser_id, met_on) of the
  // one above, (team_id, met_on) of one_to_ones_team_met_organiser_idx. Every query they served
  // is served the same way by the wider one; left in place, SQLite (which keeps no statistics
  // here) picks the narrower index and then reads each table row it did not need.
  await db.schema.dropIndex('one_to_ones_organiser_met_idx').execute();
  await db.schema.dropIndex('one_to_ones_team_met_idx').execute();
  // A person's institution (institutions reached last week), without the row.
  await db.schema
    .createIndex('people_institution_idx')
    .on('people')
    .columns(['id', 'institution_id'])
    .execute();
  // Institutions first named in a week (new on the map).
  await db.schema
    .createIndex('institutions_team_created_idx')
    .on('institutions')
    .columns(['team_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('institutions_team_created_idx').ifExists().execute();
  await db.schema.dropIndex('people_institution_idx').ifExists().execute();
  await db.schema
    .createIndex('one_to_ones_team_met_idx')
    .ifNotExists()
    .on('one_to_ones')
    .columns(['team_id', 'met_on'])
    .execute();
  await db.schema
    .createIndex('one_to_ones_organiser_met_idx')
    .ifNotExists()
    .on('one_to_ones')
    .columns(['team_id', 'organiser_id', 'met_on'])
    .execute();
  await db.schema.dropIndex('one_to_ones_team_week_idx').ifExists().execute();
}
