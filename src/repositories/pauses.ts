import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { newId } from '../domain/keys.js';
import type { NudgePause } from '../domain/nudge-pause.js';
import type { IsoDate } from '../domain/time.js';

/**
 * The pauses table: each organiser's nudge pauses, kept as history so a past week reads as it
 * was lived (the digest leaves out whoever was paused then). A pause covers the local dates
 * starts_on <= d < until_on; resuming early moves until_on back to the resume day and sets
 * ended_at. Dates are the organiser's local dates (YYYY-MM-DD), so comparisons are textual.
 */

/** The pause covering the organiser's local date `today`, if any (the latest-ending one). */
export async function activePause(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  today: IsoDate,
): Promise<NudgePause | undefined> {
  const row = await db
    .selectFrom('pauses')
    .select(['id', 'starts_on', 'until_on'])
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .where('starts_on', '<=', today)
    .where('until_on', '>', today)
    .orderBy('until_on', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  return row ? { id: row.id, startsOn: row.starts_on, untilOn: row.until_on } : undefined;
}

/**
 * Organisers of the team paused on at least one local date in [fromDate, toDateExclusive):
 * the digest neither celebrates nor counts them that week.
 */
export async function pausedDuring(
  db: Kysely<Database>,
  teamId: string,
  fromDate: IsoDate,
  toDateExclusive: IsoDate,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('pauses')
    .select('user_id')
    .distinct()
    .where('team_id', '=', teamId)
    .where('starts_on', '<', toDateExclusive)
    .where('until_on', '>', fromDate)
    // A pause resumed on the day it began covers no date at all.
    .whereRef('until_on', '>', 'starts_on')
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/** Organisers of the team paused on the local date `today` (one query for a job's batch). */
export async function pausedOn(
  db: Kysely<Database>,
  teamId: string,
  userIds: readonly string[],
  today: IsoDate,
): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('pauses')
    .select('user_id')
    .distinct()
    .where('team_id', '=', teamId)
    .where('user_id', 'in', [...userIds])
    .where('starts_on', '<=', today)
    .where('until_on', '>', today)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/** Starts a pause today, until `untilOn` (exclusive). */
export async function insertPause(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  startsOn: IsoDate,
  untilOn: IsoDate,
  now: string,
): Promise<NudgePause> {
  const id = newId();
  await db
    .insertInto('pauses')
    .values({
      id,
      team_id: teamId,
      user_id: userId,
      starts_on: startsOn,
      until_on: untilOn,
      created_at: now,
      ended_at: null,
    })
    .execute();
  return { id, startsOn, untilOn };
}

/** Moves an active pause's end (a new "pause until" while paused). */
export async function extendPause(
  db: Kysely<Database>,
  teamId: string,
  id: string,
  untilOn: IsoDate,
): Promise<void> {
  await db
    .updateTable('pauses')
    .set({ until_on: untilOn })
    .where('team_id', '=', teamId)
    .where('id', '=', id)
    .execute();
}

/**
 * Ends every pause of the organiser still covering `today` or starting later: they end today
 * (nudges resume today), earlier days stay paused in the history. Returns how many it ended.
 */
export async function endPauses(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  today: IsoDate,
  now: string,
): Promise<number> {
  const result = await db
    .updateTable('pauses')
    .set((eb) => ({
      // A pause that had not begun yet (or began today) keeps no day at all.
      until_on: eb.case().when('starts_on', '>', today).then(eb.ref('starts_on')).else(today).end(),
      ended_at: now,
    }))
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .where('until_on', '>', today)
    .execute();
  return result.reduce((n, r) => n + Number(r.numUpdatedRows), 0);
}
