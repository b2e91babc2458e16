import type { Kysely } from 'kysely';

// Frozen in time: never imports app code. Issue 9, the organiser's rhythm of nudges:
// - pauses: every pause an organiser took, as history (starts_on <= local date < until_on), so
//   the digest can leave whoever was paused out of a past week and the Home tab can say so;
// - nudge_settings: the organiser's working days and whether the daily summary is on (no row:
//   Monday to Friday, summary on);
// - nudge_days.extras: what a day's DM showed besides its cards (the summary's one-to-one ids and
//   counts, the folded and overflow counts), as JSON of ids and numbers only, so a button can
//   re-render the message whole. Never text an organiser wrote.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pauses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    // The organiser's local dates (YYYY-MM-DD); until_on is exclusive.
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('until_on', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  // An organiser's pauses covering a date (the job, the Home tab).
  await db.schema
    .createIndex('pauses_user_idx')
    .on('pauses')
    .columns(['team_id', 'user_id', 'until_on'])
    .execute();
  // A team's pauses overlapping a week (the digest).
  await db.schema
    .createIndex('pauses_team_idx')
    .on('pauses')
    .columns(['team_id', 'starts_on', 'until_on'])
    .execute();

  await db.schema
    .createTable('nudge_settings')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    // ISO weekdays, comma-separated ('1,2,3,4,5': Monday to Friday).
    .addColumn('working_days', 'text', (c) => c.notNull())
    // 1: the daily summary of what I logged travels in the daily DM; 0: not.
    .addColumn('daily_summary', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('nudge_settings_pk', ['team_id', 'user_id'])
    .execute();

  await db.schema.alterTable('nudge_days').addColumn('extras', 'text').execute();
  // The last DM sent to an organiser (the daily summary covers what was logged since).
  await db.schema
    .createIndex('nudge_days_sent_idx')
    .on('nudge_days')
    .columns(['team_id', 'user_id', 'sent_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('nudge_days_sent_idx').ifExists().execute();
  await db.schema.alterTable('nudge_days').dropColumn('extras').execute();
  await db.schema.dropTable('nudge_settings').ifExists().execute();
  await db.schema.dropIndex('pauses_team_idx').ifExists().execute();
  await db.schema.dropIndex('pauses_user_idx').ifExists().execute();
  await db.schema.dropTable('pauses').ifExists().execute();
}
