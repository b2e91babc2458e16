import type { Kysely } from 'kysely';

// Frozen in time: never imports app code. Issue 12, `/onetoone import`: a dry run is stored here
// until the organiser presses Import or Cancel, or it expires. `plan` holds the rows to create
// (JSON, the organiser's own private text) and is cleared once the import is applied, cancelled
// or expired; the row itself stays as a record of when (counts only, no content).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('organiser_id', 'text', (c) => c.notNull())
    // pending → applied | cancelled | expired
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('plan', 'text')
    // SHA-256 (hex) of the files' bytes: which files this was, without keeping them.
    .addColumn('files_hash', 'text', (c) => c.notNull())
    // JSON counts of what was (or would be) created: numbers only.
    .addColumn('counts', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema
    .createIndex('imports_organiser_idx')
    .on('imports')
    .columns(['team_id', 'organiser_id', 'created_at'])
    .execute();
  // Expired pending imports are found by this (their plans are cleared).
  await db.schema
    .createIndex('imports_status_expires_idx')
    .on('imports')
    .columns(['status', 'expires_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('imports_status_expires_idx').ifExists().execute();
  await db.schema.dropIndex('imports_organiser_idx').ifExists().execute();
  await db.schema.dropTable('imports').ifExists().execute();
}
