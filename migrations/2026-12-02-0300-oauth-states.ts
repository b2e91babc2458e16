import type { Kysely } from 'kysely';

// Frozen in time: never imports app code. Issue 10: the OAuth `state` values already used, so a
// replayed redirect (the same state a second time, on any instance) is refused. A row holds a
// hash of the state and when it would have expired anyway; expired rows are deleted as new
// states are used.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('oauth_states')
    // SHA-256 of the state (hex): the state itself is never stored.
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('used_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oauth_states_expires_idx').on('oauth_states').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('oauth_states_expires_idx').ifExists().execute();
  await db.schema.dropTable('oauth_states').ifExists().execute();
}
