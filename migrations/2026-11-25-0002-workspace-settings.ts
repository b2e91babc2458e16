import type { Kysely } from 'kysely';

// Frozen in time: never imports app code. One row per Slack workspace; null means "use the default
// from the environment".

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('workspace_settings')
    .addColumn('team_id', 'text', (c) => c.primaryKey())
    .addColumn('time_zone', 'text')
    .addColumn('digest_day', 'text')
    .addColumn('digest_time', 'text')
    .addColumn('retention_months', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('workspace_settings').ifExists().execute();
}
