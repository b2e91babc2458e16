import type { Kysely } from 'kysely';

// Frozen in time: never imports app code. Issue 9: shortening retention no longer blanks text
// that night. An admin confirms a shorter period with the counts in front of them; it takes
// effect after a grace period (the pending_* columns), and each organiser whose notes will be
// blanked is told once by DM, with an export button (retention_notices: one row per organiser
// and effective date, claimed before the DM is sent, so several instances never send twice).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('workspace_settings').addColumn('retention_pending_months', 'integer').execute();
  // The workspace-local date from which the pending period applies.
  await db.schema.alterTable('workspace_settings').addColumn('retention_pending_on', 'text').execute();
  await db.schema.alterTable('workspace_settings').addColumn('retention_pending_by', 'text').execute();

  await db.schema
    .createTable('retention_notices')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('effective_on', 'text', (c) => c.notNull())
    .addColumn('months', 'integer', (c) => c.notNull())
    // The shared ledger claim's columns (src/repositories/ledger-claim.ts).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('claim_token', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('retention_notices_pk', ['team_id', 'user_id', 'effective_on'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('retention_notices').ifExists().execute();
  await db.schema.alterTable('workspace_settings').dropColumn('retention_pending_by').execute();
  await db.schema.alterTable('workspace_settings').dropColumn('retention_pending_on').execute();
  await db.schema.alterTable('workspace_settings').dropColumn('retention_pending_months').execute();
}
