import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports app code. DM nudges: what was sent (the ledger, one row per
// nudge, behind a unique key), the one-DM-per-local-day key, per-organiser settings, and the
// indexes that let the nudge job find what is due in proportion to what is due, not to history.
// Partial indexes (CREATE INDEX … WHERE) are portable to PostgreSQL.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('nudge_ledger')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    // claimed → sent, or claimed → failed → (a later tick) claimed → sent.
    .addColumn('status', 'text', (c) => c.notNull())
    // The organiser's local date of the DM that carries (or will carry) this nudge.
    .addColumn('local_date', 'text', (c) => c.notNull())
    .addColumn('claim_token', 'text')
    .addColumn('claimed_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('channel', 'text')
    .addColumn('ts', 'text')
    .addColumn('sent_at', 'text')
    // What the organiser did with it (a button), so the DM can be re-rendered without stale buttons.
    .addColumn('outcome', 'text')
    .addColumn('outcome_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('nudge_ledger_key_uq', ['team_id', 'user_id', 'kind', 'subject_id', 'due_on'])
    .execute();
  await db.schema
    .createIndex('nudge_ledger_day_idx')
    .on('nudge_ledger')
    .columns(['team_id', 'user_id', 'local_date'])
    .execute();
  await db.schema
    .createIndex('nudge_ledger_subject_idx')
    .on('nudge_ledger')
    .columns(['team_id', 'kind', 'subject_id'])
    .execute();

  await db.schema
    .createTable('nudge_days')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('local_date', 'text', (c) => c.notNull())
    // claimed | sent | failed | skipped (deactivated user: asked again tomorrow).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('claim_token', 'text')
    .addColumn('claimed_at', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('channel', 'text')
    .addColumn('ts', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('nudge_days_pk', ['team_id', 'user_id', 'local_date'])
    .execute();

  await db.schema
    .createTable('nudge_preferences')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    // A kind's name, or '*' for all nudges.
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('nudge_preferences_pk', ['team_id', 'user_id', 'kind'])
    .execute();
  // Opt-in kinds (weekly rhythm) find their organisers here.
  await db.schema
    .createIndex('nudge_preferences_kind_idx')
    .on('nudge_preferences')
    .columns(['kind', 'enabled'])
    .execute();

  // Open next steps by due date: only pending ones are indexed, so a range scan over the due
  // window touches due rows only, however many done steps history holds.
  await db.schema
    .createIndex('one_to_ones_open_step_due_idx')
    .on('one_to_ones')
    .columns(['next_step_due_on'])
    .where(sql.ref('next_step_done_at'), 'is', null)
    .where(sql.ref('next_step_kind'), '<>', sql.lit('none'))
    .execute();
  // Recently logged one-to-ones (reflection reminders look at a few days of them).
  await db.schema.createIndex('one_to_ones_created_idx').on('one_to_ones').column('created_at').execute();
  // One-to-ones by date across teams: "going cold" looks at the few days whose meetings are now
  // goingColdWeeks old, then checks each person's later meetings through one_to_ones_person_idx.
  await db.schema.createIndex('one_to_ones_met_on_idx').on('one_to_ones').column('met_on').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'one_to_ones_open_step_due_idx',
    'one_to_ones_created_idx',
    'one_to_ones_met_on_idx',
  ]) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
  for (const table of ['nudge_preferences', 'nudge_days', 'nudge_ledger']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
