import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports app code. Issue 10: one row per workspace that installed the app
// ("Add to Slack"), its bot token encrypted at rest (AES-256-GCM; the key id beside each ciphertext
// says which TOKEN_ENCRYPTION_KEY sealed it, so keys can be rotated), and an audit trail of
// installs, uninstalls and erasures that records events and counts, never a token.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('installations')
    .addColumn('team_id', 'text', (c) => c.primaryKey())
    // Set for a workspace inside an Enterprise Grid; org-wide installs are refused.
    .addColumn('enterprise_id', 'text')
    // 0/1: always 0 while org installs are refused; kept so supporting them needs no migration.
    .addColumn('is_enterprise_install', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bot_token_ciphertext', 'text', (c) => c.notNull())
    .addColumn('bot_token_key_id', 'text', (c) => c.notNull())
    // Only with token rotation turned on in Slack's app settings.
    .addColumn('bot_refresh_token_ciphertext', 'text')
    .addColumn('bot_refresh_key_id', 'text')
    .addColumn('bot_token_expires_at', 'text')
    .addColumn('bot_user_id', 'text', (c) => c.notNull())
    .addColumn('bot_id', 'text', (c) => c.notNull())
    // Comma-separated, as Slack sends them.
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('installer_user_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('installed_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // Set by app_uninstalled / tokens_revoked: no further Slack call for this workspace.
    .addColumn('uninstalled_at', 'text')
    // When the grace period ends and the workspace's data is erased; cleared by a reinstall.
    .addColumn('erase_after', 'text')
    .execute();
  // The erasure job looks for uninstalled workspaces whose grace period is over.
  await db.schema
    .createIndex('installations_erase_after_idx')
    .on('installations')
    .column('erase_after')
    .where(sql.ref('erase_after'), 'is not', null)
    .execute();

  await db.schema
    .createTable('installation_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    // installed | reinstalled | uninstalled | tokens_revoked | erased
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    // JSON of row counts (what an erasure removed); never a token or any content.
    .addColumn('counts', 'text')
    .execute();
  await db.schema
    .createIndex('installation_audit_team_idx')
    .on('installation_audit')
    .columns(['team_id', 'at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('installation_audit_team_idx').ifExists().execute();
  await db.schema.dropTable('installation_audit').ifExists().execute();
  await db.schema.dropIndex('installations_erase_after_idx').ifExists().execute();
  await db.schema.dropTable('installations').ifExists().execute();
}
