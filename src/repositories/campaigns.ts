import type { Insertable, Kysely, Updateable } from 'kysely';
import type { CampaignRow, CampaignsTable, Database } from '../db/schema.js';

/**
 * Campaigns, their administrators and their visitors (issue 11). A campaign's counted window is
 * starts_on to min(ends_on, closed_on), all local dates in its zone, compared with met_on /
 * held_on as text.
 */

/** Creates a campaign once per Slack view: false when that view already created one. */
export async function insertCampaignOnce(
  db: Kysely<Database>,
  row: Insertable<CampaignsTable>,
): Promise<boolean> {
  const result = await db
    .insertInto('campaigns')
    .values(row)
    .onConflict((oc) => oc.columns(['team_id', 'source_view_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function findCampaign(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
): Promise<CampaignRow | undefined> {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('id', '=', campaignId)
    .executeTakeFirst();
}

export async function findCampaignByView(
  db: Kysely<Database>,
  teamId: string,
  viewId: string,
): Promise<CampaignRow | undefined> {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('source_view_id', '=', viewId)
    .executeTakeFirst();
}

/** The channel's campaign that is not closed (at most one: campaigns_open_channel_uq). */
export async function findOpenCampaignInChannel(
  db: Kysely<Database>,
  teamId: string,
  channelId: string,
): Promise<CampaignRow | undefined> {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
}

/**
 * The channel's campaigns, latest first (the report's "previous campaign of the same channel"
 * is the first one ending before a given campaign starts).
 */
export async function listChannelCampaigns(
  db: Kysely<Database>,
  teamId: string,
  channelId: string,
): Promise<CampaignRow[]> {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('channel_id', '=', channelId)
    .orderBy('ends_on', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}

export async function updateCampaign(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
  values: Pick<
    Updateable<CampaignsTable>,
    | 'name'
    | 'question'
    | 'starts_on'
    | 'ends_on'
    | 'channel_id'
    | 'target_per_visitor'
    | 'min_count'
    | 'updated_at'
  >,
): Promise<void> {
  await db
    .updateTable('campaigns')
    .set(values)
    .where('team_id', '=', teamId)
    .where('id', '=', campaignId)
    .execute();
}

/** Closes it (once: a closed campaign keeps its first closing day). */
export async function closeCampaign(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
  closedAt: string,
  closedOn: string,
): Promise<boolean> {
  const result = await db
    .updateTable('campaigns')
    .set({ closed_at: closedAt, closed_on: closedOn, updated_at: closedAt })
    .where('team_id', '=', teamId)
    .where('id', '=', campaignId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function addCampaignAdmin(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
  userId: string,
): Promise<void> {
  await db
    .insertInto('campaign_admins')
    .values({ team_id: teamId, campaign_id: campaignId, user_id: userId })
    .onConflict((oc) => oc.columns(['campaign_id', 'user_id']).doNothing())
    .execute();
}

export async function isCampaignAdmin(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
  userId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('campaign_admins')
    .select('user_id')
    .where('team_id', '=', teamId)
    .where('campaign_id', '=', campaignId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Replaces the visitors with this list (a channel's snapshot, refreshed on edit). */
export async function replaceCampaignMembers(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
  userIds: readonly string[],
): Promise<void> {
  await db
    .deleteFrom('campaign_members')
    .where('team_id', '=', teamId)
    .where('campaign_id', '=', campaignId)
    .execute();
  const unique = [...new Set(userIds)];
  // 500 rows of 3 parameters per statement: inside SQLite's 32,766 variables and PostgreSQL's 65,535.
  for (let i = 0; i < unique.length; i += 500) {
    await db
      .insertInto('campaign_members')
      .values(unique.slice(i, i + 500).map((u) => ({ team_id: teamId, campaign_id: campaignId, user_id: u })))
      .execute();
  }
}

export async function listCampaignMembers(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('campaign_members')
    .select('user_id')
    .where('team_id', '=', teamId)
    .where('campaign_id', '=', campaignId)
    .orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

export async function countCampaignMembers(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
): Promise<number> {
  const row = await db
    .selectFrom('campaign_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('team_id', '=', teamId)
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

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

export type CampaignWithRole = CampaignRow & { is_admin: number; is_member: number };

/** Campaigns I take part in or administer, with which (0/1 each); latest first. */
export async function listMyCampaigns(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  options: { includeClosed: boolean; limit: number },
): Promise<CampaignWithRole[]> {
  let query = db
    .selectFrom('campaigns as c')
    .selectAll('c')
    .select((eb) => [
      eb
        .case()
        .when(
          eb.exists(
            eb
              .selectFrom('campaign_admins as a')
              .select('a.user_id')
              .whereRef('a.campaign_id', '=', 'c.id')
              .where('a.user_id', '=', userId),
          ),
        )
        .then(1)
        .else(0)
        .end()
        .as('is_admin'),
      eb
        .case()
        .when(
          eb.exists(
            eb
              .selectFrom('campaign_members as m')
              .select('m.user_id')
              .whereRef('m.campaign_id', '=', 'c.id')
              .where('m.user_id', '=', userId),
          ),
        )
        .then(1)
        .else(0)
        .end()
        .as('is_member'),
    ])
    .where('c.team_id', '=', teamId)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('campaign_admins as a')
            .select('a.user_id')
            .whereRef('a.campaign_id', '=', 'c.id')
            .where('a.user_id', '=', userId),
        ),
        eb.exists(
          eb
            .selectFrom('campaign_members as m')
            .select('m.user_id')
            .whereRef('m.campaign_id', '=', 'c.id')
            .where('m.user_id', '=', userId),
        ),
      ]),
    );
  if (!options.includeClosed) query = query.where('c.closed_at', 'is', null);
  const rows = await query.orderBy('c.ends_on', 'desc').orderBy('c.id').limit(options.limit).execute();
  return rows.map((r) => ({ ...r, is_admin: Number(r.is_admin), is_member: Number(r.is_member) }));
}

/**
 * Campaigns I am a visitor of that count a meeting on `date` (in each campaign's own dates:
 * started, not ended, not closed before it). The log and house-meeting forms offer these.
 */
export async function listMemberCampaignsOn(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
  date: string,
  limit: number,
): Promise<CampaignRow[]> {
  return db
    .selectFrom('campaigns as c')
    .innerJoin('campaign_members as m', (j) =>
      j.onRef('m.campaign_id', '=', 'c.id').on('m.user_id', '=', userId),
    )
    .selectAll('c')
    .where('c.team_id', '=', teamId)
    .where('c.starts_on', '<=', date)
    .where('c.ends_on', '>=', date)
    .where((eb) => eb.or([eb('c.closed_on', 'is', null), eb('c.closed_on', '>=', date)]))
    .orderBy('c.starts_on')
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

/**
 * One-to-ones counted for a campaign: by its visitors, dated within its window, whether or not
 * a theme was ticked (a conversation held during the campaign is a campaign conversation).
 * `userId`: only that visitor's.
 */
export async function countCampaignOneToOnes(
  db: Kysely<Database>,
  campaign: Pick<CampaignRow, 'id' | 'team_id' | 'starts_on' | 'ends_on' | 'closed_on'>,
  userId?: string,
): Promise<number> {
  const last =
    campaign.closed_on && campaign.closed_on < campaign.ends_on ? campaign.closed_on : campaign.ends_on;
  let query = db
    .selectFrom('one_to_ones as o')
    .innerJoin('campaign_members as m', (j) =>
      j.onRef('m.user_id', '=', 'o.organiser_id').on('m.campaign_id', '=', campaign.id),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('o.team_id', '=', campaign.team_id)
    .where('o.met_on', '>=', campaign.starts_on)
    .where('o.met_on', '<=', last);
  if (userId) query = query.where('o.organiser_id', '=', userId);
  const row = await query.executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Open campaigns of the team (a workspace admin administers every one), latest first. */
export async function listOpenTeamCampaigns(
  db: Kysely<Database>,
  teamId: string,
  limit: number,
): Promise<CampaignRow[]> {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('closed_at', 'is', null)
    .orderBy('ends_on', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Whether an error is a unique-constraint violation (PostgreSQL 23505, SQLite's constraint code). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
