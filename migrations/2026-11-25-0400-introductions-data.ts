import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports app code. Introductions an organiser brokers between two of their
// own people, and the audit trail of erasures (`/onetoone forget`), which records counts only.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('introductions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('organiser_id', 'text', (c) => c.notNull())
    .addColumn('person_a_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('person_b_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('why', 'text')
    // agreed | met | not_yet | wont_happen
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('agreed'))
    // 0/1: the two people belong to different institutions (kept for counts after text is gone).
    .addColumn('across_institutions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('introduced_on', 'text', (c) => c.notNull())
    .addColumn('follow_up_due_on', 'text')
    .addColumn('outcome_at', 'text')
    // The Slack view that created the row: a submission delivered twice is saved once.
    .addColumn('source_view_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('introductions_view_uq', ['team_id', 'source_view_id'])
    .execute();
  await db.schema
    .createIndex('introductions_organiser_idx')
    .on('introductions')
    .columns(['team_id', 'organiser_id', 'introduced_on'])
    .execute();
  // The nudge job looks for open follow-ups by due date across every team.
  await db.schema
    .createIndex('introductions_follow_up_due_idx')
    .on('introductions')
    .columns(['follow_up_due_on'])
    .where(sql.ref('follow_up_due_on'), 'is not', null)
    .execute();
  // Forget: a person's introductions, from either side.
  await db.schema
    .createIndex('introductions_person_a_idx')
    .on('introductions')
    .column('person_a_id')
    .execute();
  await db.schema
    .createIndex('introductions_person_b_idx')
    .on('introductions')
    .column('person_b_id')
    .execute();

  // Forget: every nudge about a person's records, whatever its kind (the ledger's own subject
  // index starts with the kind). The ledger is created by 2026-11-25-0200-nudges.
  await db.schema
    .createIndex('nudge_ledger_team_subject_idx')
    .on('nudge_ledger')
    .columns(['team_id', 'subject_id'])
    .execute();

  // Retention: rows that still hold text, by date. The WHERE clauses are repeated word for word by
  // the retention queries (a partial index is used only when the query states its condition), so
  // each night's run reads the rows it may blank and not years of already-blank history.
  // Partial indexes are portable to PostgreSQL.
  await sql`create index one_to_ones_text_met_idx on one_to_ones (team_id, met_on) where (setting is not null or self_interest_needs is not null or self_interest_meaning is not null or stories is not null or values_motivations is not null or mutual_interests is not null or next_step_note is not null)`.execute(
    db,
  );
  await sql`create index reflections_text_idx on reflections (team_id, one_to_one_id) where (motivations is not null or contribution is not null or differently is not null)`.execute(
    db,
  );
  await sql`create index introductions_why_idx on introductions (team_id, introduced_on) where (why is not null)`.execute(
    db,
  );

  await db.schema
    .createTable('erasures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('organiser_id', 'text', (c) => c.notNull())
    .addColumn('erased_at', 'text', (c) => c.notNull())
    .addColumn('people', 'integer', (c) => c.notNull())
    .addColumn('one_to_ones', 'integer', (c) => c.notNull())
    .addColumn('reflections', 'integer', (c) => c.notNull())
    .addColumn('next_steps', 'integer', (c) => c.notNull())
    .addColumn('introductions', 'integer', (c) => c.notNull())
    .addColumn('nudges', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('erasures').ifExists().execute();
  await db.schema.dropIndex('nudge_ledger_team_subject_idx').ifExists().execute();
  for (const index of ['one_to_ones_text_met_idx', 'reflections_text_idx']) {
    await db.schema.dropIndex(index).ifExists().execute();
  }
  await db.schema.dropTable('introductions').ifExists().execute();
}
