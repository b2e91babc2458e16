import type { Kysely } from 'kysely';

// Frozen in time: never imports app code. Whoever subscribed a channel to the weekly digest may
// set that channel's own day, time and time zone (issue 9), so a lead organiser who is not a
// workspace admin can move their team's digest without moving everyone's. Null in all three
// (every row before this): the workspace's schedule, as before. A day name, 'HH:MM' and an IANA
// zone name as text: portable to PostgreSQL.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('digest_subscriptions').addColumn('digest_day', 'text').execute();
  await db.schema.alterTable('digest_subscriptions').addColumn('digest_time', 'text').execute();
  await db.schema.alterTable('digest_subscriptions').addColumn('time_zone', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('digest_subscriptions').dropColumn('time_zone').execute();
  await db.schema.alterTable('digest_subscriptions').dropColumn('digest_time').execute();
  await db.schema.alterTable('digest_subscriptions').dropColumn('digest_day').execute();
}
