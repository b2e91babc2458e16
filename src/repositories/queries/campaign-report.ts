import { type Kysely, sql } from 'kysely';
import type { Database, InstitutionType } from '../../db/schema.js';

/**
 * The reads behind a listening campaign's report (issue 11): read-only, so any number of
 * instances may build one at once. Each is one index range of the campaign (never a scan of the
 * workspace's history): the tags by campaign_id (one_to_one_themes_campaign_idx), the visitors'
 * one-to-ones by (team_id, organiser_id, met_on) (one_to_ones_organiser_met_idx, covering), the
 * house meetings by (campaign_id, held_on), the quotes by campaign_id. Nothing written in a
 * one-to-one is selected here except the text of a quote its author consented to; people leave
 * as an opaque key (to count them once), never as a name.
 */

export interface ReportCampaignRow {
  id: string;
  team_id: string;
  name: string;
  question: string;
  starts_on: string;
  ends_on: string;
  closed_on: string | null;
  closed_at: string | null;
  channel_id: string | null;
  target_per_visitor: number;
  min_count: number;
  time_zone: string;
  created_by: string;
}

/** A campaign's columns as ReportCampaignRow holds them (campaign-progress.ts reads the same). */
export const CAMPAIGN_COLUMNS = [
  'c.id',
  'c.team_id',
  'c.name',
  'c.question',
  'c.starts_on',
  'c.ends_on',
  'c.closed_on',
  'c.closed_at',
  'c.channel_id',
  'c.target_per_visitor',
  'c.min_count',
  'c.time_zone',
  'c.created_by',
] as const;

export async function findReportCampaign(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
): Promise<ReportCampaignRow | undefined> {
  return db
    .selectFrom('campaigns as c')
    .select(CAMPAIGN_COLUMNS)
    .where('c.team_id', '=', teamId)
    .where('c.id', '=', campaignId)
    .executeTakeFirst();
}

/**
 * The campaigns a member takes part in or administers, newest first (for choosing which report):
 * members by campaign_members_user_idx, administrators by their primary key.
 */
export async function listCampaignsOf(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
): Promise<(ReportCampaignRow & { is_member: number; is_admin: number })[]> {
  return db
    .selectFrom('campaigns as c')
    .select(CAMPAIGN_COLUMNS)
    .select((eb) => [
      eb
        .case()
        .when(
          eb.exists(
            eb
              .selectFrom('campaign_members as m')
              .select(sql.lit(1).as('one'))
              .whereRef('m.campaign_id', '=', 'c.id')
              .where('m.user_id', '=', userId),
          ),
        )
        .then(1)
        .else(0)
        .end()
        .as('is_member'),
      eb
        .case()
        .when(
          eb.exists(
            eb
              .selectFrom('campaign_admins as a')
              .select(sql.lit(1).as('one'))
              .whereRef('a.campaign_id', '=', 'c.id')
              .where('a.user_id', '=', userId),
          ),
        )
        .then(1)
        .else(0)
        .end()
        .as('is_admin'),
    ])
    .where('c.team_id', '=', teamId)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('campaign_members as m')
            .select(sql.lit(1).as('one'))
            .whereRef('m.campaign_id', '=', 'c.id')
            .where('m.team_id', '=', teamId)
            .where('m.user_id', '=', userId),
        ),
        eb.exists(
          eb
            .selectFrom('campaign_admins as a')
            .select(sql.lit(1).as('one'))
            .whereRef('a.campaign_id', '=', 'c.id')
            .where('a.user_id', '=', userId),
        ),
      ]),
    )
    .orderBy('c.starts_on', 'desc')
    .orderBy('c.created_at', 'desc')
    .execute();
}

/** The campaign open (or latest) in a channel: `/onetoone campaign report` typed in it. */
export async function findChannelCampaign(
  db: Kysely<Database>,
  teamId: string,
  channelId: string,
): Promise<ReportCampaignRow | undefined> {
  return db
    .selectFrom('campaigns as c')
    .select(CAMPAIGN_COLUMNS)
    .where('c.team_id', '=', teamId)
    .where('c.channel_id', '=', channelId)
    .orderBy(sql`case when c.closed_at is null then 0 else 1 end`)
    .orderBy('c.ends_on', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The latest campaign of the same channel that started before this one (campaigns_team_channel_idx). */
export async function findPreviousChannelCampaign(
  db: Kysely<Database>,
  campaign: Pick<ReportCampaignRow, 'id' | 'team_id' | 'channel_id' | 'starts_on'>,
): Promise<ReportCampaignRow | undefined> {
  if (!campaign.channel_id) return undefined;
  return db
    .selectFrom('campaigns as c')
    .select(CAMPAIGN_COLUMNS)
    .where('c.team_id', '=', campaign.team_id)
    .where('c.channel_id', '=', campaign.channel_id)
    .where('c.id', '<>', campaign.id)
    .where('c.starts_on', '<', campaign.starts_on)
    .orderBy('c.starts_on', 'desc')
    .orderBy('c.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Whether a member administers a campaign (its creator, recorded in campaign_admins) or takes part. */
export async function campaignRoles(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
  userId: string,
): Promise<{ admin: boolean; member: boolean }> {
  const [admin, member] = await Promise.all([
    db
      .selectFrom('campaign_admins')
      .select('user_id')
      .where('team_id', '=', teamId)
      .where('campaign_id', '=', campaignId)
      .where('user_id', '=', userId)
      .executeTakeFirst(),
    db
      .selectFrom('campaign_members')
      .select('user_id')
      .where('team_id', '=', teamId)
      .where('campaign_id', '=', campaignId)
      .where('user_id', '=', userId)
      .executeTakeFirst(),
  ]);
  return { admin: admin !== undefined, member: member !== undefined };
}

export interface ThemeRow {
  id: string;
  label: string;
  label_key: string;
  position: number;
}

export async function listReportThemes(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
): Promise<ThemeRow[]> {
  return db
    .selectFrom('campaign_themes')
    .select(['id', 'label', 'label_key', 'position'])
    .where('team_id', '=', teamId)
    .where('campaign_id', '=', campaignId)
    .orderBy('position')
    .execute();
}

export interface VisitorCountRow {
  user_id: string;
  held: number;
}

/**
 * Each visitor of the campaign, with how many one-to-ones they held from `from` to `to`
 * (inclusive): a left join, so a visitor who held none is there with 0. One covering range of
 * one_to_ones_organiser_met_idx per visitor.
 */
export async function visitorCounts(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
  from: string,
  to: string,
): Promise<VisitorCountRow[]> {
  const rows = await db
    .selectFrom('campaign_members as m')
    .leftJoin('one_to_ones as o', (j) =>
      j
        .onRef('o.team_id', '=', 'm.team_id')
        .onRef('o.organiser_id', '=', 'm.user_id')
        .on('o.met_on', '>=', from)
        .on('o.met_on', '<=', to),
    )
    .select(['m.user_id', (eb) => eb.fn.count<number | string>('o.met_on').as('held')])
    .where('m.team_id', '=', teamId)
    .where('m.campaign_id', '=', campaignId)
    .groupBy('m.user_id')
    .execute();
  return rows.map((r) => ({ user_id: r.user_id, held: Number(r.held) }));
}

/**
 * Each (theme, person) heard in the window, as SQL to build on: the themes of the visitors'
 * one-to-ones, and the named attendees of the campaign's house meetings for each theme those
 * meetings heard. `withInstitution` adds each person's institution (a lookup of the person).
 *
 * The joins are written as CROSS JOINs with their conditions in WHERE, which is the same query to
 * PostgreSQL (its planner orders joins by cost) and to SQLite an order to keep (SQLite keeps no
 * statistics here, and would otherwise start from the tags and look up each one-to-one at
 * random in a table of a million): the visitors (campaign_members primary key), each visitor's
 * one-to-ones in the window (one_to_ones_team_week_idx, covering: id and person_id with no table
 * read), then each one's tags of this campaign (one_to_one_themes_report_idx, covering).
 */
function heard(teamId: string, campaignId: string, from: string, to: string, withInstitution: boolean) {
  const institution = withInstitution ? sql`, p.institution_id` : sql``;
  const person = withInstitution ? sql`cross join people p` : sql``;
  return sql`
    select t.theme_id, o.person_id${institution}
    from campaign_members m
    cross join one_to_ones o
    cross join one_to_one_themes t
    ${person}
    where m.campaign_id = ${campaignId}
      and o.team_id = ${teamId} and o.organiser_id = m.user_id
      and o.met_on >= ${from} and o.met_on <= ${to}
      and t.one_to_one_id = o.id and t.campaign_id = ${campaignId}
      ${withInstitution ? sql`and p.id = o.person_id` : sql``}
    union all
    select ht.theme_id, a.person_id${institution}
    from house_meetings h
    cross join house_meeting_themes ht
    cross join house_meeting_attendees a
    ${person}
    where h.campaign_id = ${campaignId} and h.team_id = ${teamId}
      and h.held_on >= ${from} and h.held_on <= ${to}
      and ht.house_meeting_id = h.id and a.house_meeting_id = h.id
      ${withInstitution ? sql`and p.id = a.person_id` : sql``}`;
}

export interface ThemeCountRow {
  theme_id: string;
  named_people: number;
  institutions: number;
  institution_types: InstitutionType[];
}

/**
 * Per theme heard in the window: distinct people records (a person met twice, or met and at a
 * house meeting, counts once), distinct institutions, and the institutions' types. One round trip
 * whose answer is a few rows per theme: the counting is done by the database, not by moving every
 * (theme, person) pair into the app.
 */
export async function countThemesHeard(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
  from: string,
  to: string,
): Promise<ThemeCountRow[]> {
  const { rows } = await sql<{
    theme_id: string;
    what: string;
    n: number | string;
    type: InstitutionType | null;
  }>`
    with x as (${heard(teamId, campaignId, from, to, true)})
    select theme_id, 'people' as what, count(distinct person_id) as n, null as type from x group by theme_id
    union all
    select theme_id, 'institutions' as what, count(distinct institution_id) as n, null as type from x group by theme_id
    union all
    select distinct x.theme_id, 'type' as what, 0 as n, i.type
    from x cross join institutions i
    where i.id = x.institution_id and i.type is not null`.execute(db);
  const out = new Map<string, ThemeCountRow>();
  const of = (themeId: string) => {
    let row = out.get(themeId);
    if (!row) {
      row = { theme_id: themeId, named_people: 0, institutions: 0, institution_types: [] };
      out.set(themeId, row);
    }
    return row;
  };
  for (const r of rows) {
    const row = of(r.theme_id);
    if (r.what === 'people') row.named_people = Number(r.n);
    else if (r.what === 'institutions') row.institutions = Number(r.n);
    else if (r.type) row.institution_types.push(r.type);
  }
  return [...out.values()];
}

/** Per theme heard in the window, distinct people records only (a previous campaign's ranking). */
export async function countThemePeople(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
  from: string,
  to: string,
): Promise<{ theme_id: string; named_people: number }[]> {
  const { rows } = await sql<{ theme_id: string; n: number | string }>`
    select x.theme_id, count(distinct x.person_id) as n
    from (${heard(teamId, campaignId, from, to, false)}) x
    group by x.theme_id`.execute(db);
  return rows.map((r) => ({ theme_id: r.theme_id, named_people: Number(r.n) }));
}

export interface HouseMeetingRow {
  id: string;
  attendance: number;
  named: number;
}

/** The campaign's house meetings in the window (house_meetings_campaign_idx), with how many attendees were named. */
export async function listReportHouseMeetings(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
  from: string,
  to: string,
): Promise<HouseMeetingRow[]> {
  const rows = await db
    .selectFrom('house_meetings as h')
    .leftJoin('house_meeting_attendees as a', 'a.house_meeting_id', 'h.id')
    .select(['h.id', 'h.attendance', (eb) => eb.fn.count<number | string>('a.person_id').as('named')])
    .where('h.campaign_id', '=', campaignId)
    .where('h.team_id', '=', teamId)
    .where('h.held_on', '>=', from)
    .where('h.held_on', '<=', to)
    .groupBy(['h.id', 'h.attendance'])
    .execute();
  return rows.map((r) => ({ id: r.id, attendance: Number(r.attendance), named: Number(r.named) }));
}

export interface HouseMeetingThemeRow {
  house_meeting_id: string;
  theme_id: string;
}

/** Every theme heard at the campaign's house meetings (covering: house_meeting_themes_campaign_idx). */
export async function listHouseMeetingThemes(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
): Promise<HouseMeetingThemeRow[]> {
  return db
    .selectFrom('house_meeting_themes')
    .select(['house_meeting_id', 'theme_id'])
    .where('campaign_id', '=', campaignId)
    .where('team_id', '=', teamId)
    .execute();
}

export interface QuoteRow {
  id: string;
  theme_id: string | null;
  text: string | null;
}

/**
 * The campaign's quotes whose words are still there (retention blanks them to null), whose source
 * still exists and is dated in the window, and, for a house meeting, is still one of this
 * campaign's. A withdrawn consent deletes the row, and erasing a person deletes their one-to-ones:
 * either way the quote is gone from every later report.
 */
export async function listReportQuotes(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
  from: string,
  to: string,
): Promise<QuoteRow[]> {
  return db
    .selectFrom('campaign_quotes as q')
    .select(['q.id', 'q.theme_id', 'q.text'])
    .where('q.campaign_id', '=', campaignId)
    .where('q.team_id', '=', teamId)
    .where('q.text', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([
          eb('q.source_kind', '=', 'one_to_one'),
          eb.exists(
            eb
              .selectFrom('one_to_ones as o')
              .select(sql.lit(1).as('one'))
              .whereRef('o.id', '=', 'q.source_id')
              .where('o.team_id', '=', teamId)
              .where('o.met_on', '>=', from)
              .where('o.met_on', '<=', to),
          ),
        ]),
        eb.and([
          eb('q.source_kind', '=', 'house_meeting'),
          eb.exists(
            eb
              .selectFrom('house_meetings as h')
              .select(sql.lit(1).as('one'))
              .whereRef('h.id', '=', 'q.source_id')
              .whereRef('h.campaign_id', '=', 'q.campaign_id')
              .where('h.team_id', '=', teamId)
              .where('h.held_on', '>=', from)
              .where('h.held_on', '<=', to),
          ),
        ]),
      ]),
    )
    .execute();
}
