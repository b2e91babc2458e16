import type { Kysely } from 'kysely';
import type { Database, DigestSubscription } from '../db/schema.js';

/** The digest_subscriptions table: which channels get the weekly digest. */

/** Subscribes a channel; subscribing again keeps the first row (and says it was already there). */
export async function insertSubscription(
  db: Kysely<Database>,
  row: { team_id: string; channel_id: string; subscribed_by: string },
  now: string,
): Promise<boolean> {
  const result = await db
    .insertInto('digest_subscriptions')
    .values({ ...row, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['team_id', 'channel_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteSubscription(
  db: Kysely<Database>,
  teamId: string,
  channelId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('digest_subscriptions')
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function findSubscription(
  db: Kysely<Database>,
  teamId: string,
  channelId: string,
): Promise<DigestSubscription | undefined> {
  return db
    .selectFrom('digest_subscriptions')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    .executeTakeFirst();
}

export async function listTeamSubscriptions(
  db: Kysely<Database>,
  teamId: string,
): Promise<DigestSubscription[]> {
  return db
    .selectFrom('digest_subscriptions')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('channel_id')
    .execute();
}

/**
 * A channel's own digest schedule (migration 1100). The time zone is changed only when given, so
 * "friday 16:00" keeps the zone the channel (or, when it has none, the workspace) already uses.
 */
export async function setSubscriptionSchedule(
  db: Kysely<Database>,
  teamId: string,
  channelId: string,
  schedule: { day: string; time: string; timeZone?: string },
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('digest_subscriptions')
    .set({
      digest_day: schedule.day,
      digest_time: schedule.time,
      ...(schedule.timeZone ? { time_zone: schedule.timeZone } : {}),
      updated_at: now,
    })
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Every subscription of every workspace, in a stable order (the job walks them one by one). */
export async function listAllSubscriptions(db: Kysely<Database>): Promise<DigestSubscription[]> {
  return db.selectFrom('digest_subscriptions').selectAll().orderBy('team_id').orderBy('channel_id').execute();
}
