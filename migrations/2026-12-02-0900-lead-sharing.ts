import type { Kysely } from 'kysely';

// Frozen in time: never imports app code. A lead organiser's view, only with the organiser's
// consent (issue 12). Text ids, YYYY-MM-DD local dates, ISO-8601 UTC instants: portable to
// PostgreSQL.
//
// - lead_shares: one row per (organiser, lead): invited → accepted | declined, and stopped by the
//   organiser; the weekly evaluation's day and time (the organiser's wall clock, in their zone).
// - lead_access_log: every time a lead was shown an organiser's figures (who, when, what). No
//   figures and no text: what the organiser reads back with `/onetoone shared`.
// - lead_shared_reflections: the one reflection at a time an organiser chose to share with a lead;
//   deleted when they stop sharing it (or when the reflection goes, by cascade).
// - lead_agenda_points: what the organiser wrote for the lead for one evaluation (their own text,
//   written to be read by the lead).
// - lead_agenda_ledger: the agenda DM to each of the pair for one evaluation, claimed before
//   sending (unique key), so several instances send it once.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('lead_shares')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('organiser_id', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text', (c) => c.notNull())
    // invited | accepted | declined | stopped
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('invited_at', 'text', (c) => c.notNull())
    // Since when the lead sees the figures (the latest acceptance).
    .addColumn('accepted_at', 'text')
    .addColumn('ended_at', 'text')
    // The evaluation: ISO weekday 1–7 and HH:MM in eval_time_zone (the organiser's when set).
    .addColumn('eval_weekday', 'integer')
    .addColumn('eval_time', 'text')
    .addColumn('eval_time_zone', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('lead_shares_pair_uq', ['team_id', 'organiser_id', 'lead_id'])
    .execute();
  // A lead's organisers (the lead's view reads this first).
  await db.schema
    .createIndex('lead_shares_lead_idx')
    .on('lead_shares')
    .columns(['team_id', 'lead_id', 'status'])
    .execute();
  // The evaluation job: accepted pairs with a schedule.
  await db.schema
    .createIndex('lead_shares_status_idx')
    .on('lead_shares')
    .columns(['status', 'eval_weekday'])
    .execute();

  // The lead's view counts an organiser's people per stage of the ladder: from this index alone
  // (the stage is the organiser's correction, else the furthest step the facts show), so the
  // people's rows are never read (bench/lead.ts).
  await db.schema
    .createIndex('people_organiser_stage_idx')
    .on('people')
    .columns([
      'team_id',
      'organiser_id',
      'stage_override',
      'action_at',
      'introduced_at',
      'second_met_on',
      'first_met_on',
    ])
    .execute();

  await db.schema
    .createTable('lead_access_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('organiser_id', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text', (c) => c.notNull())
    // team | home | agenda | reflection
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('lead_access_log_organiser_idx')
    .on('lead_access_log')
    .columns(['team_id', 'organiser_id', 'at'])
    .execute();

  await db.schema
    .createTable('lead_shared_reflections')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('organiser_id', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text', (c) => c.notNull())
    .addColumn('reflection_id', 'text', (c) => c.notNull().references('reflections.id').onDelete('cascade'))
    .addColumn('shared_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lead_shared_reflections_pk', ['team_id', 'lead_id', 'reflection_id'])
    .execute();
  await db.schema
    .createIndex('lead_shared_reflections_organiser_idx')
    .on('lead_shared_reflections')
    .columns(['team_id', 'organiser_id', 'lead_id'])
    .execute();
  await db.schema
    .createIndex('lead_shared_reflections_reflection_idx')
    .on('lead_shared_reflections')
    .column('reflection_id')
    .execute();

  await db.schema
    .createTable('lead_agenda_points')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('share_id', 'text', (c) => c.notNull().references('lead_shares.id').onDelete('cascade'))
    // The evaluation's local date (the organiser's).
    .addColumn('eval_on', 'text', (c) => c.notNull())
    .addColumn('points', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('lead_agenda_points_pk', ['share_id', 'eval_on'])
    .execute();

  await db.schema
    .createTable('lead_agenda_ledger')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('share_id', 'text', (c) => c.notNull().references('lead_shares.id').onDelete('cascade'))
    .addColumn('eval_on', 'text', (c) => c.notNull())
    // organiser | lead: one DM each.
    .addColumn('recipient', 'text', (c) => c.notNull())
    // claimed | sent | failed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('claim_token', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('channel', 'text')
    .addColumn('ts', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('lead_agenda_ledger_uq', ['share_id', 'eval_on', 'recipient'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('people_organiser_stage_idx').ifExists().execute();
  for (const table of [
    'lead_agenda_ledger',
    'lead_agenda_points',
    'lead_shared_reflections',
    'lead_access_log',
    'lead_shares',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
