import type { Kysely } from 'kysely';

// Frozen in time: never imports app code. Issue 9, the two-step log:
// - `one_to_ones.depth`: "how deep did we go" moves from the reflection to step two of the log
//   (what I learned), so it no longer needs a reflection row, which means "reflected". Older
//   reflections keep their own depth column; nothing is copied or dropped.
// - `slack_members`: the workspace's member directory (users.list), so the log's one "who" field
//   can offer members of this Slack by name. Names only, as Slack shows them to every member;
//   bots and deactivated members are left out. `slack_member_syncs` records when a workspace's
//   directory was last read, and claims a refresh so only one instance reads it at a time.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('one_to_ones').addColumn('depth', 'text').execute();

  await db.schema
    .createTable('slack_members')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('slack_members_pk', ['team_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('slack_members_name_idx')
    .on('slack_members')
    .columns(['team_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('slack_member_syncs')
    .addColumn('team_id', 'text', (c) => c.primaryKey())
    // When a refresh was claimed (a lease: a crashed refresh is taken over after it runs out).
    .addColumn('claimed_at', 'text')
    // When the directory was last read to its end.
    .addColumn('synced_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('slack_member_syncs').ifExists().execute();
  await db.schema.dropIndex('slack_members_name_idx').ifExists().execute();
  await db.schema.dropTable('slack_members').ifExists().execute();
  await db.schema.alterTable('one_to_ones').dropColumn('depth').execute();
}
