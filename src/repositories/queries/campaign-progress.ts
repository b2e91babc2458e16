import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { CAMPAIGN_COLUMNS, type ReportCampaignRow } from './campaign-report.js';

/**
 * Campaign progress (issue 11): the Home tab's lines, the digest's campaign section and the
 * mid-point nudge's due query. Read-only, and bounded by the campaigns running now (a handful per
 * workspace), never by history.
 */

/** The open campaigns a member takes part in whose dates hold `today` (campaign_members_user_idx). */
export async function listRunningCampaignsOf(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  today: string,
): Promise<ReportCampaignRow[]> {
  return db
    .selectFrom('campaign_members as m')
    .innerJoin('campaigns as c', 'c.id', 'm.campaign_id')
    .select(CAMPAIGN_COLUMNS)
    .where('m.team_id', '=', teamId)
    .where('m.user_id', '=', userId)
    .where('c.team_id', '=', teamId)
    .where('c.closed_at', 'is', null)
    .where('c.starts_on', '<=', today)
    .where('c.ends_on', '>=', today)
    .orderBy('c.ends_on')
    .orderBy('c.id')
    .execute();
}

/** How many of the campaign's house meetings were held from `from` to `to` (house_meetings_report_idx, covering). */
export async function countCampaignHouseMeetings(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
  from: string,
  to: string,
): Promise<number> {
  const row = await db
    .selectFrom('house_meetings')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('team_id', '=', teamId)
    .where('held_on', '>=', from)
    .where('held_on', '<=', to)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The channel's campaign whose dates overlap a digest's week (`weekStart`..`weekEnd`): the one
 * that started last, if several did (campaigns_team_channel_idx).
 */
export async function findChannelCampaignForWeek(
  db: Kysely<Database>,
  teamId: string,
  channelId: string,
  weekStart: string,
  weekEnd: string,
): Promise<ReportCampaignRow | undefined> {
  return db
    .selectFrom('campaigns as c')
    .select(CAMPAIGN_COLUMNS)
    .where('c.team_id', '=', teamId)
    .where('c.channel_id', '=', channelId)
    .where('c.ends_on', '>=', weekStart)
    .where('c.starts_on', '<=', weekEnd)
    .where((eb) => eb.or([eb('c.closed_on', 'is', null), eb('c.closed_on', '>=', weekStart)]))
    .orderBy('c.starts_on', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface OpenCampaignDates {
  id: string;
  team_id: string;
  starts_on: string;
  ends_on: string;
}

/**
 * Open campaigns running at some point of `from`..`to` (campaigns_open_ends_idx, partial on
 * open campaigns): the mid-point nudge's first step (its mid-point is computed from the dates).
 */
export async function listOpenCampaignsBetween(
  db: Kysely<Database>,
  from: string,
  to: string,
): Promise<OpenCampaignDates[]> {
  return db
    .selectFrom('campaigns')
    .select(['id', 'team_id', 'starts_on', 'ends_on'])
    .where('closed_at', 'is', null)
    .where('ends_on', '>=', from)
    .where('starts_on', '<=', to)
    .execute();
}

/**
 * The visitors of these campaigns who were never sent a nudge of `kind` about the campaign,
 * whatever its due date (so moving a campaign's dates cannot make its mid-point DM go twice): a
 * NOT EXISTS probe of the ledger's unique key per visitor.
 */
export async function listVisitorsNotNudged(
  db: Kysely<Database>,
  kind: string,
  campaigns: readonly { id: string; team_id: string }[],
): Promise<{ team_id: string; campaign_id: string; user_id: string }[]> {
  if (campaigns.length === 0) return [];
  return db
    .selectFrom('campaign_members as m')
    .select(['m.team_id', 'm.campaign_id', 'm.user_id'])
    .where(
      'm.campaign_id',
      'in',
      campaigns.map((c) => c.id),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('nudge_ledger as l')
            .select(sql.lit(1).as('one'))
            .whereRef('l.team_id', '=', 'm.team_id')
            .whereRef('l.user_id', '=', 'm.user_id')
            .where('l.kind', '=', kind)
            .whereRef('l.subject_id', '=', 'm.campaign_id')
            .where('l.status', '=', 'sent'),
        ),
      ),
    )
    .execute();
}

/** Whether a member is (still) a visitor of a campaign. */
export async function isCampaignMember(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
  userId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('campaign_members')
    .select('user_id')
    .where('team_id', '=', teamId)
    .where('campaign_id', '=', campaignId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}
