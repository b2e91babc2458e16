import type { Kysely } from 'kysely';
import type { Database, Organiser } from '../db/schema.js';
import { locksRowsOnRead } from './row-lock.js';

export async function findOrganiser(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
): Promise<Organiser | undefined> {
  return db
    .selectFrom('organisers')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/**
 * Creates the organiser row if missing; never overwrites an existing one. In a PostgreSQL
 * transaction it also locks the row, so one organiser's saves run one after the other as on
 * SQLite (a retried submission then finds the person the first one created; see row-lock.ts).
 */
export async function ensureOrganiser(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  now: string,
): Promise<void> {
  await db
    .insertInto('organisers')
    .values({ team_id: teamId, user_id: userId, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
    .execute();
  if (locksRowsOnRead(db)) {
    await db
      .selectFrom('organisers')
      .select('user_id')
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .forUpdate()
      .execute();
  }
}

export async function setWeeklyGoal(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  goal: number,
  now: string,
): Promise<void> {
  await db
    .insertInto('organisers')
    .values({ team_id: teamId, user_id: userId, weekly_goal: goal, created_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['team_id', 'user_id']).doUpdateSet({ weekly_goal: goal, updated_at: now }),
    )
    .execute();
}

export async function setTimeZone(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  timeZone: string,
  now: string,
): Promise<void> {
  await db
    .insertInto('organisers')
    .values({
      team_id: teamId,
      user_id: userId,
      time_zone: timeZone,
      time_zone_checked_at: now,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['team_id', 'user_id'])
        .doUpdateSet({ time_zone: timeZone, time_zone_checked_at: now, updated_at: now }),
    )
    .execute();
}

/**
 * As setTimeZone for several organisers of one team at once (the nudge tick's zones refreshed
 * from users.list): one statement per 200.
 */
export async function setTimeZones(
  db: Kysely<Database>,
  teamId: string,
  zones: readonly { userId: string; timeZone: string }[],
  now: string,
): Promise<void> {
  for (let i = 0; i < zones.length; i += 200) {
    await db
      .insertInto('organisers')
      .values(
        zones.slice(i, i + 200).map((z) => ({
          team_id: teamId,
          user_id: z.userId,
          time_zone: z.timeZone,
          time_zone_checked_at: now,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['team_id', 'user_id']).doUpdateSet((eb) => ({
          time_zone: eb.ref('excluded.time_zone'),
          time_zone_checked_at: eb.ref('excluded.time_zone_checked_at'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}
