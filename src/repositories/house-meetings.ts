import type { Insertable, Kysely } from 'kysely';
import type { Database, HouseMeetingRow, HouseMeetingsTable, NextStepKind } from '../db/schema.js';

/**
 * House meetings (issue 11): who logged it, when, who came, and the follow-ups ("would like a
 * one-to-one"). They count toward their own rhythm, never toward the one-to-one goal.
 */

/** Saves a house meeting once per Slack view: false when that view already saved one. */
export async function insertHouseMeetingOnce(
  db: Kysely<Database>,
  row: Insertable<HouseMeetingsTable>,
): Promise<boolean> {
  const result = await db
    .insertInto('house_meetings')
    .values(row)
    .onConflict((oc) => oc.columns(['team_id', 'view_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findOwnedHouseMeeting(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  id: string,
): Promise<HouseMeetingRow | undefined> {
  return db
    .selectFrom('house_meetings')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function addAttendees(
  db: Kysely<Database>,
  teamId: string,
  houseMeetingId: string,
  personIds: readonly string[],
): Promise<void> {
  const unique = [...new Set(personIds)];
  if (unique.length === 0) return;
  await db
    .insertInto('house_meeting_attendees')
    .values(unique.map((p) => ({ team_id: teamId, house_meeting_id: houseMeetingId, person_id: p })))
    .onConflict((oc) => oc.columns(['house_meeting_id', 'person_id']).doNothing())
    .execute();
}

export async function listAttendeeIds(
  db: Kysely<Database>,
  teamId: string,
  houseMeetingId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('house_meeting_attendees')
    .select('person_id')
    .where('team_id', '=', teamId)
    .where('house_meeting_id', '=', houseMeetingId)
    .execute();
  return rows.map((r) => r.person_id);
}

/** A next step "another meeting" with this person, once per (meeting, person). */
export async function addFollowUp(
  db: Kysely<Database>,
  row: {
    id: string;
    teamId: string;
    organiserId: string;
    houseMeetingId: string;
    personId: string;
    dueOn: string;
    now: string;
  },
): Promise<void> {
  await db
    .insertInto('house_meeting_follow_ups')
    .values({
      id: row.id,
      team_id: row.teamId,
      organiser_id: row.organiserId,
      house_meeting_id: row.houseMeetingId,
      person_id: row.personId,
      next_step_kind: 'meeting',
      due_on: row.dueOn,
      done_at: null,
      created_at: row.now,
      updated_at: row.now,
    })
    .onConflict((oc) => oc.columns(['house_meeting_id', 'person_id']).doNothing())
    .execute();
}

/** My open follow-ups due on or before `today` (Home and nudges), oldest first. */
export async function listOpenFollowUps(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  dueBy: string,
  limit: number,
): Promise<{ id: string; person_id: string; due_on: string; house_meeting_id: string }[]> {
  return db
    .selectFrom('house_meeting_follow_ups')
    .select(['id', 'person_id', 'due_on', 'house_meeting_id'])
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('done_at', 'is', null)
    .where('due_on', '<=', dueBy)
    .orderBy('due_on')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** My follow-up with its person's name and institution (the next-step nudge's card). */
export async function findOwnedFollowUp(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  id: string,
): Promise<
  | {
      id: string;
      person_id: string;
      person_name: string;
      institution_name: string | null;
      next_step_kind: NextStepKind;
      due_on: string;
      done_at: string | null;
    }
  | undefined
> {
  return db
    .selectFrom('house_meeting_follow_ups as f')
    .innerJoin('people', 'people.id', 'f.person_id')
    .leftJoin('institutions', 'institutions.id', 'people.institution_id')
    .select([
      'f.id',
      'f.person_id',
      'people.name as person_name',
      'institutions.name as institution_name',
      'f.next_step_kind',
      'f.due_on',
      'f.done_at',
    ])
    .where('f.team_id', '=', teamId)
    .where('f.organiser_id', '=', organiserId)
    .where('f.id', '=', id)
    .executeTakeFirst();
}

/** Moves my open follow-up to `dueOn`; false when it is done, not mine, or already there. */
export async function rescheduleFollowUp(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  id: string,
  dueOn: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('house_meeting_follow_ups')
    .set({ due_on: dueOn, updated_at: now })
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('id', '=', id)
    .where('done_at', 'is', null)
    .where('due_on', '<>', dueOn)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Marks my follow-up done (once). */
export async function markFollowUpDone(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  id: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('house_meeting_follow_ups')
    .set({ done_at: now, updated_at: now })
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('id', '=', id)
    .where('done_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface HouseMeetingCounts {
  /** House meetings held in [from, to]. */
  meetings: number;
  /** People who took part in them (the attendance typed, summed). */
  attendance: number;
}

/**
 * The house-meeting rhythm: how many house meetings were held in [from, to] (local dates,
 * inclusive), the whole team's or one organiser's (`userId`), and how many took part.
 * Never counted as one-to-ones.
 */
export async function houseMeetingCounts(
  db: Kysely<Database>,
  teamId: string,
  range: { userId?: string; from: string; to: string },
): Promise<HouseMeetingCounts> {
  let query = db
    .selectFrom('house_meetings')
    .select((eb) => [
      eb.fn.countAll<number>().as('meetings'),
      eb.fn.coalesce(eb.fn.sum<number>('attendance'), eb.lit(0)).as('attendance'),
    ])
    .where('team_id', '=', teamId)
    .where('held_on', '>=', range.from)
    .where('held_on', '<=', range.to);
  if (range.userId) query = query.where('organiser_id', '=', range.userId);
  const row = await query.executeTakeFirst();
  return { meetings: Number(row?.meetings ?? 0), attendance: Number(row?.attendance ?? 0) };
}

/** Whether an organiser has logged any house meeting (house_meetings_organiser_held_idx, one probe). */
export async function hasLoggedHouseMeeting(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('house_meetings')
    .select('id')
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', userId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** One organiser's house meetings per local date in [from, to] (the stats chart's weeks). */
export async function houseMeetingDates(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  from: string,
  to: string,
): Promise<{ held_on: string; n: number }[]> {
  const rows = await db
    .selectFrom('house_meetings')
    .select((eb) => ['held_on', eb.fn.countAll<number>().as('n')])
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', userId)
    .where('held_on', '>=', from)
    .where('held_on', '<=', to)
    .groupBy('held_on')
    .orderBy('held_on')
    .execute();
  return rows.map((r) => ({ held_on: r.held_on, n: Number(r.n) }));
}

/** House meetings counted for a campaign: linked to it and held within its window. */
export async function countCampaignHouseMeetings(
  db: Kysely<Database>,
  campaign: { id: string; team_id: string; starts_on: string; ends_on: string; closed_on: string | null },
  userId?: string,
): Promise<number> {
  const last =
    campaign.closed_on && campaign.closed_on < campaign.ends_on ? campaign.closed_on : campaign.ends_on;
  let query = db
    .selectFrom('house_meetings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('team_id', '=', campaign.team_id)
    .where('campaign_id', '=', campaign.id)
    .where('held_on', '>=', campaign.starts_on)
    .where('held_on', '<=', last);
  if (userId) query = query.where('organiser_id', '=', userId);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * One organiser's house-meeting rhythm in one query: how many they held in [weekFrom, to] and
 * in [windowFrom, to] (local dates, inclusive; windowFrom ≤ weekFrom). Reads
 * house_meetings_organiser_held_idx (team_id, organiser_id, held_on) over the window only.
 */
export async function houseMeetingRhythm(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  range: { windowFrom: string; weekFrom: string; to: string },
): Promise<{ thisWeek: number; inWindow: number }> {
  const row = await db
    .selectFrom('house_meetings')
    .select((eb) => [
      eb.fn.countAll<number>().as('in_window'),
      eb.fn
        .coalesce(
          eb.fn.sum<number>(eb.case().when('held_on', '>=', range.weekFrom).then(1).else(0).end()),
          eb.lit(0),
        )
        .as('this_week'),
    ])
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', userId)
    .where('held_on', '>=', range.windowFrom)
    .where('held_on', '<=', range.to)
    .executeTakeFirst();
  return { thisWeek: Number(row?.this_week ?? 0), inWindow: Number(row?.in_window ?? 0) };
}

/**
 * The digest's house meetings (issue 11): a team's house meetings held in [from, to], how many
 * took part, and how many of the team's organisers held one. One aggregate over
 * house_meetings_organiser_held_idx (team_id, organiser_id, held_on): a probe per organiser for
 * the week's range, whatever the history. Counts only: no host, place or name leaves it.
 */
export async function teamHouseMeetingWeek(
  db: Kysely<Database>,
  teamId: string,
  organiserIds: readonly string[],
  from: string,
  to: string,
): Promise<{ meetings: number; attendance: number; hosts: number }> {
  if (organiserIds.length === 0) return { meetings: 0, attendance: 0, hosts: 0 };
  const row = await db
    .selectFrom('house_meetings')
    .select((eb) => [
      eb.fn.countAll<number>().as('meetings'),
      eb.fn.coalesce(eb.fn.sum<number>('attendance'), eb.lit(0)).as('attendance'),
      eb.fn.count<number>('organiser_id').distinct().as('hosts'),
    ])
    .where('team_id', '=', teamId)
    .where('organiser_id', 'in', [...organiserIds])
    .where('held_on', '>=', from)
    .where('held_on', '<=', to)
    .executeTakeFirst();
  return {
    meetings: Number(row?.meetings ?? 0),
    attendance: Number(row?.attendance ?? 0),
    hosts: Number(row?.hosts ?? 0),
  };
}
