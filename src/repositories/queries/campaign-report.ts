import { type Kysely, SqliteAdapter, sql } from 'kysely';
import type { Database, InstitutionType } from '../../db/schema.js';
import { TAG_FACTS } from '../campaign-themes.js';

/**
 * The reads behind a listening campaign's report (issue 11): read-only, so any number of
 * instances may build one at once. Each starts from the campaign's own rows, by (campaign_id,
 * team_id), and reads no more of the workspace's history than the campaign's window: the
 * visitors (campaign_members_report_idx), each visitor's one-to-ones in the window by (team_id,
 * organiser_id, met_on) (one_to_ones_team_week_idx, covering) and their tags of this campaign,
 * or, for a ranking, the campaign's tags in the window with their one-to-one's facts
 * (one_to_one_themes_facts_idx, covering), the house meetings and their themes
 * (house_meetings_report_idx, house_meeting_themes_report_idx, covering), the quotes
 * (campaign_quotes_report_idx). The indexes are migrations/2026-12-02-1600-campaign-report-indexes.ts
 * and 2026-12-02-1700-campaign-theme-facts.ts; bench/campaigns.ts
 * measures them. Nothing written in a one-to-one is selected here except the text of a quote its
 * author consented to; people leave as an opaque key (to count them once), never as a name.
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
 * (inclusive): a left join, so a visitor who held none is there with 0. The visitors in user
 * order from campaign_members_report_idx, then one covering range of one_to_ones_team_week_idx
 * per visitor, counted as it is read (no row is moved for a count).
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
 * The campaign's one-to-one tags in the window, with the person and the institution when met,
 * by the visitors of the campaign: one range of one_to_one_themes_facts_idx (covering), since
 * each tag carries its one-to-one's organiser, person, date and institution
 * (migrations/2026-12-02-1700-campaign-theme-facts.ts and -1800-campaign-theme-institution.ts;
 * written with the tag, rewritten when the one-to-one is edited). No one-to-one and no person is
 * read: the walk from each visitor's one-to-ones to their tags cost a B-tree probe per one-to-one,
 * and the people for their institutions, on PostgreSQL, a hash join over every person of the
 * workspace. The visitors are a set built once (campaign_members_report_idx), each tag checked
 * against it.
 */
function tagsHeard(teamId: string, campaignId: string, from: string, to: string) {
  return sql`
    select t.theme_id, t.person_id, t.institution_id
    from one_to_one_themes t
    where t.campaign_id = ${campaignId} and t.team_id = ${teamId} and t.facts = ${TAG_FACTS}
      and t.met_on >= ${from} and t.met_on <= ${to}
      and t.organiser_id in (
        select m.user_id from campaign_members m
        where m.campaign_id = ${campaignId} and m.team_id = ${teamId}
      )
    union all
    -- A tag without all its facts (written by an instance still on the code of an earlier
    -- migration, during a rolling upgrade) is read through its one-to-one, so it is never
    -- miscounted; such tags are few, and the same index's own range.
    select t.theme_id, o.person_id, o.institution_id
    from one_to_one_themes t
    cross join one_to_ones o
    where t.campaign_id = ${campaignId} and t.team_id = ${teamId} and t.facts < ${TAG_FACTS}
      and o.id = t.one_to_one_id and o.met_on >= ${from} and o.met_on <= ${to}
      and o.organiser_id in (
        select m.user_id from campaign_members m
        where m.campaign_id = ${campaignId} and m.team_id = ${teamId}
      )`;
}

/**
 * The (theme, person, institution) triples heard in the window: the tags of the visitors'
 * one-to-ones (tagsHeard, the institution when met), and the named attendees of the campaign's
 * house meetings for each theme those meetings heard (the person's institution now: an
 * attendance carries none of its own). An erased person's one-to-ones and attendances are gone
 * with them, so they are no longer counted.
 *
 * The joins are written as CROSS JOINs with their conditions in WHERE, which is the same query to
 * PostgreSQL (its planner orders joins by cost) and to SQLite an order to keep (SQLite keeps no
 * statistics here).
 */
function heard(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
  from: string,
  to: string,
  withInstitutions: boolean,
) {
  // A ranking needs no institution, and so no attendee's person.
  const people = withInstitutions ? sql`cross join people p ${peopleByInstitutionIndex(db)}` : sql``;
  const institution = withInstitutions ? sql`p.institution_id` : sql`null`;
  const isPerson = withInstitutions ? sql`and p.id = a.person_id` : sql``;
  return sql`
    ${tagsHeard(teamId, campaignId, from, to)}
    union all
    select ht.theme_id, a.person_id, ${institution}
    from house_meetings h
    cross join house_meeting_attendees a
    ${people}
    cross join house_meeting_themes ht
    where h.campaign_id = ${campaignId} and h.team_id = ${teamId}
      and h.held_on >= ${from} and h.held_on <= ${to}
      and a.house_meeting_id = h.id ${isPerson}
      and ht.house_meeting_id = h.id`;
}

const isSqlite = (db: Kysely<Database>) => db.getExecutor().adapter instanceof SqliteAdapter;

/**
 * On SQLite, a person's institution from people_institution_idx (id, institution_id), from the
 * index alone: its planner, with no statistics, takes the table's unique key on id and then reads
 * each person's row. INDEXED BY is SQLite's (a dropped index is an error, not a slow plan);
 * PostgreSQL plans by cost and gets nothing here.
 */
function peopleByInstitutionIndex(db: Kysely<Database>) {
  return isSqlite(db) ? sql`indexed by people_institution_idx` : sql``;
}

/**
 * Every value of `column` among a group's rows, joined by a separator no id or type holds (the
 * ASCII unit separator), nulls left out: each database's own text aggregate, in no order.
 */
function joined(db: Kysely<Database>, column: string) {
  return isSqlite(db)
    ? sql`group_concat(${sql.ref(column)}, ${SEPARATOR})`
    : sql`string_agg(${sql.ref(column)}, ${SEPARATOR})`;
}

const SEPARATOR = '\u001f';

/** How many different values a joined() aggregate holds. */
function distinctIn(values: string | null): number {
  return values ? new Set(values.split(SEPARATOR)).size : 0;
}

export interface ThemeCountRow {
  theme_id: string;
  named_people: number;
  institutions: number;
  institution_types: InstitutionType[];
}

/**
 * Per theme heard in the window: distinct people records (a person met twice, or met and at a
 * house meeting, counts once), distinct institutions, and the institutions' types (read from the
 * institutions now, so a type set later shows). One grouped pass in one round trip, a row per
 * theme.
 *
 * The database joins each theme's people, institutions and types into one text each and the app
 * counts the different ones: count(DISTINCT) sorts each group's values for each aggregate (on
 * SQLite a temporary B-tree each), which cost more than reading the rows in bench/campaigns.ts
 * (the whole query 23 → 16 ms on SQLite, 26 → 17 ms on PostgreSQL), while joining them is one
 * pass. What leaves the database is opaque keys and type words, never a name.
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
    people: string | null;
    institutions: string | null;
    types: string | null;
  }>`
    select x.theme_id, ${joined(db, 'x.person_id')} as people,
      ${joined(db, 'x.institution_id')} as institutions, ${joined(db, 'i.type')} as types
    from (${heard(db, teamId, campaignId, from, to, true)}) x
    left join institutions i on i.id = x.institution_id
    group by x.theme_id`.execute(db);
  return rows.map((r) => ({
    theme_id: r.theme_id,
    named_people: distinctIn(r.people),
    institutions: distinctIn(r.institutions),
    institution_types: r.types ? ([...new Set(r.types.split(SEPARATOR))].sort() as InstitutionType[]) : [],
  }));
}

/** Per theme heard in the window, distinct people records only (a previous campaign's ranking). */
export async function countThemePeople(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
  from: string,
  to: string,
): Promise<{ theme_id: string; named_people: number }[]> {
  const { rows } = await sql<{ theme_id: string; people: string | null }>`
    select x.theme_id, ${joined(db, 'x.person_id')} as people
    from (${heard(db, teamId, campaignId, from, to, false)}) x
    group by x.theme_id`.execute(db);
  return rows.map((r) => ({ theme_id: r.theme_id, named_people: distinctIn(r.people) }));
}

export interface HouseMeetingRow {
  id: string;
  attendance: number;
  named: number;
}

/** The campaign's house meetings in the window (house_meetings_report_idx, covering), with how many attendees were named. */
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

/** Every theme heard at the campaign's house meetings (covering: house_meeting_themes_report_idx). */
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
 * either way the quote is gone from every later report. The campaign's quotes with words come
 * from campaign_quotes_report_idx (partial on text is not null), each source checked by its key.
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
