import type { Kysely } from 'kysely';
import type { Database, HouseMeetingRow, OneToOne, Reflection } from '../../db/schema.js';
import type { QuoteSourceKind } from '../../domain/campaign.js';
import type { PersonWithInstitution } from '../people.js';

/** Everything one organiser wrote, for `/onetoone export`. Always scoped to (team, organiser). */

export type ExportOneToOne = OneToOne & { person_name: string; institution_name: string | null };
export type ExportReflection = Reflection & { met_on: string; person_name: string };

export async function listAllOwnedOneToOnes(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
): Promise<ExportOneToOne[]> {
  return db
    .selectFrom('one_to_ones')
    .innerJoin('people', 'people.id', 'one_to_ones.person_id')
    .leftJoin('institutions', 'institutions.id', 'people.institution_id')
    .selectAll('one_to_ones')
    .select(['people.name as person_name', 'institutions.name as institution_name'])
    .where('one_to_ones.team_id', '=', teamId)
    .where('one_to_ones.organiser_id', '=', organiserId)
    .orderBy('one_to_ones.met_on')
    .orderBy('one_to_ones.created_at')
    .execute();
}

export async function listAllOwnedReflections(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
): Promise<ExportReflection[]> {
  return (
    db
      .selectFrom('reflections')
      .innerJoin('one_to_ones', 'one_to_ones.id', 'reflections.one_to_one_id')
      .innerJoin('people', 'people.id', 'one_to_ones.person_id')
      .selectAll('reflections')
      .select(['one_to_ones.met_on', 'people.name as person_name'])
      .where('reflections.team_id', '=', teamId)
      .where('reflections.organiser_id', '=', organiserId)
      // The one-to-one must be mine too; these also let the organiser's met_on index drive the scan.
      .where('one_to_ones.team_id', '=', teamId)
      .where('one_to_ones.organiser_id', '=', organiserId)
      .orderBy('one_to_ones.met_on')
      .orderBy('reflections.created_at')
      .execute()
  );
}

export async function listAllOwnedPeople(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
): Promise<PersonWithInstitution[]> {
  return db
    .selectFrom('people')
    .leftJoin('institutions', 'institutions.id', 'people.institution_id')
    .selectAll('people')
    .select('institutions.name as institution_name')
    .where('people.team_id', '=', teamId)
    .where('people.organiser_id', '=', organiserId)
    .orderBy('people.name_key')
    .orderBy('people.id')
    .execute();
}

// ---- listening campaigns and house meetings (issue 11) -------------------------------------

export type ExportHouseMeeting = HouseMeetingRow & {
  host_person_name: string | null;
  host_member_name: string | null;
  campaign_name: string | null;
};

/**
 * My house meetings, with the host as I chose them: my person's name (only when they are still
 * mine: a forgotten person is gone), or the Slack member's name from the member directory.
 */
export async function listAllOwnedHouseMeetings(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
): Promise<ExportHouseMeeting[]> {
  return db
    .selectFrom('house_meetings')
    .leftJoin('people as host', (j) =>
      j
        .onRef('host.id', '=', 'house_meetings.host_person_id')
        .on('host.team_id', '=', teamId)
        .on('host.organiser_id', '=', organiserId),
    )
    .leftJoin('slack_members as member', (j) =>
      j.onRef('member.user_id', '=', 'house_meetings.host_user_id').on('member.team_id', '=', teamId),
    )
    .leftJoin('campaigns', (j) =>
      j.onRef('campaigns.id', '=', 'house_meetings.campaign_id').on('campaigns.team_id', '=', teamId),
    )
    .selectAll('house_meetings')
    .select([
      'host.name as host_person_name',
      'member.name as host_member_name',
      'campaigns.name as campaign_name',
    ])
    .where('house_meetings.team_id', '=', teamId)
    .where('house_meetings.organiser_id', '=', organiserId)
    .orderBy('house_meetings.held_on')
    .orderBy('house_meetings.created_at')
    .orderBy('house_meetings.id')
    .execute();
}

export interface ExportHouseMeetingPerson {
  house_meeting_id: string;
  held_on: string;
  person_id: string;
  name: string;
  institution_name: string | null;
  follow_up_id: string | null;
  follow_up_due_on: string | null;
  follow_up_done_at: string | null;
}

/**
 * Who I named at my house meetings (my own people only) and, for those who would like a
 * one-to-one, their follow-up. The service saves everyone who would like one as there too.
 */
export async function listOwnedHouseMeetingPeople(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
): Promise<ExportHouseMeetingPerson[]> {
  return db
    .selectFrom('house_meeting_attendees as a')
    .innerJoin('house_meetings as m', 'm.id', 'a.house_meeting_id')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .leftJoin('institutions as i', 'i.id', 'p.institution_id')
    .leftJoin('house_meeting_follow_ups as f', (j) =>
      j
        .onRef('f.house_meeting_id', '=', 'a.house_meeting_id')
        .onRef('f.person_id', '=', 'a.person_id')
        .on('f.team_id', '=', teamId)
        .on('f.organiser_id', '=', organiserId),
    )
    .select([
      'a.house_meeting_id',
      'm.held_on',
      'a.person_id',
      'p.name',
      'i.name as institution_name',
      'f.id as follow_up_id',
      'f.due_on as follow_up_due_on',
      'f.done_at as follow_up_done_at',
    ])
    .where('a.team_id', '=', teamId)
    .where('m.team_id', '=', teamId)
    .where('m.organiser_id', '=', organiserId)
    .where('p.team_id', '=', teamId)
    .where('p.organiser_id', '=', organiserId)
    .orderBy('m.held_on')
    .orderBy('m.created_at')
    .orderBy('a.house_meeting_id')
    .orderBy('p.name_key')
    .orderBy('p.id')
    .execute();
}

export interface ExportTheme {
  source_id: string;
  campaign_id: string;
  campaign_name: string;
  label: string;
}

/** The themes I heard at my house meetings, in each campaign's list order. */
export async function listOwnedHouseMeetingThemes(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
): Promise<ExportTheme[]> {
  return db
    .selectFrom('house_meeting_themes as ht')
    .innerJoin('house_meetings as m', 'm.id', 'ht.house_meeting_id')
    .innerJoin('campaign_themes as th', 'th.id', 'ht.theme_id')
    .innerJoin('campaigns as c', 'c.id', 'ht.campaign_id')
    .select(['ht.house_meeting_id as source_id', 'ht.campaign_id', 'c.name as campaign_name', 'th.label'])
    .where('ht.team_id', '=', teamId)
    .where('m.team_id', '=', teamId)
    .where('m.organiser_id', '=', organiserId)
    .orderBy('ht.house_meeting_id')
    .orderBy('th.position')
    .orderBy('th.label_key')
    .execute();
}

/** The themes I heard in my one-to-ones, in each campaign's list order. */
export async function listOwnedOneToOneThemes(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
): Promise<ExportTheme[]> {
  return db
    .selectFrom('one_to_one_themes as ot')
    .innerJoin('one_to_ones as o', 'o.id', 'ot.one_to_one_id')
    .innerJoin('campaign_themes as th', 'th.id', 'ot.theme_id')
    .innerJoin('campaigns as c', 'c.id', 'ot.campaign_id')
    .select(['ot.one_to_one_id as source_id', 'ot.campaign_id', 'c.name as campaign_name', 'th.label'])
    .where('ot.team_id', '=', teamId)
    .where('o.team_id', '=', teamId)
    .where('o.organiser_id', '=', organiserId)
    .orderBy('ot.one_to_one_id')
    .orderBy('c.name')
    .orderBy('ot.campaign_id')
    .orderBy('th.position')
    .orderBy('th.label_key')
    .execute();
}

export interface ExportQuote {
  source_id: string;
  campaign_id: string;
  campaign_name: string;
  text: string | null;
  theme_label: string | null;
  consented_at: string;
}

/**
 * My consented quotes from one kind of source, only where that source is still mine: a quote
 * points at its one-to-one or house meeting by id without a foreign key, so the join drops any
 * whose source is gone (a forgotten person's one-to-one).
 */
export async function listOwnedQuotes(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  sourceKind: QuoteSourceKind,
): Promise<ExportQuote[]> {
  return db
    .selectFrom('campaign_quotes as q')
    .innerJoin('campaigns as c', 'c.id', 'q.campaign_id')
    .leftJoin('campaign_themes as th', 'th.id', 'q.theme_id')
    .select([
      'q.source_id',
      'q.campaign_id',
      'c.name as campaign_name',
      'q.text',
      'th.label as theme_label',
      'q.consented_at',
    ])
    .where('q.team_id', '=', teamId)
    .where('q.organiser_id', '=', organiserId)
    .where('q.source_kind', '=', sourceKind)
    .where((eb) =>
      eb.exists(
        sourceKind === 'one_to_one'
          ? eb
              .selectFrom('one_to_ones as s')
              .select('s.id')
              .whereRef('s.id', '=', 'q.source_id')
              .where('s.team_id', '=', teamId)
              .where('s.organiser_id', '=', organiserId)
          : eb
              .selectFrom('house_meetings as s')
              .select('s.id')
              .whereRef('s.id', '=', 'q.source_id')
              .where('s.team_id', '=', teamId)
              .where('s.organiser_id', '=', organiserId),
      ),
    )
    .orderBy('q.source_id')
    .orderBy('c.name')
    .orderBy('q.campaign_id')
    .execute();
}
