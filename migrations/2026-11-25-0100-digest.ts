import type { Kysely } from 'kysely';

// Frozen in time: never imports app code. The weekly digest: which channels get it, and a ledger
// that makes each (workspace, channel, week) digest post exactly once.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('digest_subscriptions')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('subscribed_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('digest_subscriptions_pk', ['team_id', 'channel_id'])
    .execute();

  await db.schema
    .createTable('digest_ledger')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    // Monday of the week the digest reports on (YYYY-MM-DD in the workspace's time zone).
    .addColumn('week_start', 'text', (c) => c.notNull())
    // claimed | sent | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('claim_token', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_error', 'text')
    .addColumn('message_ts', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('digest_ledger_week_uq', ['team_id', 'channel_id', 'week_start'])
    .execute();

  // The digest's aggregates read last week's rows and the 8 weeks before, never history. These
  // indexes let each one read only index pages (covering), which matters as the table grows:
  // one-to-ones per day of the chart, and next steps by when they were done and by when they are due.
  await db.schema
    .createIndex('one_to_ones_team_met_organiser_idx')
    .on('one_to_ones')
    .columns(['team_id', 'met_on', 'organiser_id'])
    .execute();
  await db.schema
    .createIndex('one_to_ones_team_done_idx')
    .on('one_to_ones')
    .columns(['team_id', 'next_step_done_at', 'organiser_id'])
    .execute();
  await db.schema
    .createIndex('one_to_ones_team_due_idx')
    .on('one_to_ones')
    .columns(['team_id', 'next_step_due_on', 'next_step_done_at', 'organiser_id'])
    .execute();
  // Reflections written in the days after last week's one-to-ones were logged: one range read
  // instead of a lookup per one-to-one.
  await db.schema
    .createIndex('reflections_team_created_idx')
    .on('reflections')
    .columns(['team_id', 'created_at', 'organiser_id', 'one_to_one_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('reflections_team_created_idx').ifExists().execute();
  await db.schema.dropIndex('one_to_ones_team_due_idx').ifExists().execute();
  await db.schema.dropIndex('one_to_ones_team_done_idx').ifExists().execute();
  await db.schema.dropIndex('one_to_ones_team_met_organiser_idx').ifExists().execute();
  await db.schema.dropTable('digest_ledger').ifExists().execute();
  await db.schema.dropTable('digest_subscriptions').ifExists().execute();
}
