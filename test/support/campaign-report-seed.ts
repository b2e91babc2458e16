import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/database.js';
import { themeKey } from '../../src/domain/campaign.js';
import { nameKey } from '../../src/domain/keys.js';

/**
 * Campaign rows for tests of what is read from them (the report, progress, the mid-point nudge):
 * written straight to the database, with a marker in every text column an organiser can fill, so
 * a sweep can prove none of it leaves. (Creating a campaign and logging its themes through the
 * modals is tested with those modals.)
 */

const NOW = '2026-03-01T09:00:00.000Z';

export interface SeededCampaign {
  id: string;
  /** Theme ids by label. */
  themes: Map<string, string>;
}

export async function seedCampaign(
  db: Db,
  c: {
    team?: string;
    name: string;
    question?: string;
    startsOn: string;
    endsOn: string;
    channelId?: string | null;
    createdBy: string;
    members: string[];
    themes: string[];
    minCount?: number;
    target?: number;
    closedOn?: string;
  },
): Promise<SeededCampaign> {
  const team = c.team ?? 'T0001';
  const id = randomUUID();
  await db
    .insertInto('campaigns')
    .values({
      id,
      team_id: team,
      name: c.name,
      question: c.question ?? 'What is putting pressure on you and the people you love?',
      starts_on: c.startsOn,
      ends_on: c.endsOn,
      channel_id: c.channelId ?? null,
      target_per_visitor: c.target ?? 10,
      min_count: c.minCount ?? 3,
      time_zone: 'Europe/London',
      created_by: c.createdBy,
      created_at: NOW,
      updated_at: NOW,
      closed_at: c.closedOn ? `${c.closedOn}T17:00:00.000Z` : null,
      closed_on: c.closedOn ?? null,
    } as never)
    .execute();
  await db
    .insertInto('campaign_admins')
    .values({ team_id: team, campaign_id: id, user_id: c.createdBy })
    .execute();
  for (const user of c.members) {
    await db
      .insertInto('campaign_members')
      .values({ team_id: team, campaign_id: id, user_id: user })
      .execute();
  }
  const themes = new Map<string, string>();
  for (const [position, label] of c.themes.entries()) {
    const themeId = randomUUID();
    themes.set(label, themeId);
    await db
      .insertInto('campaign_themes')
      .values({
        id: themeId,
        team_id: team,
        campaign_id: id,
        label,
        label_key: themeKey(label),
        position,
        archived_at: null,
        created_at: NOW,
      })
      .execute();
  }
  return { id, themes };
}

/** One of an organiser's people, at an institution (created if new, with a type). */
export async function seedPerson(
  db: Db,
  p: {
    team?: string;
    organiser: string;
    name: string;
    role?: string;
    institution?: string;
    type?: string | null;
    slackUserId?: string;
  },
): Promise<string> {
  const team = p.team ?? 'T0001';
  let institutionId: string | null = null;
  if (p.institution) {
    const key = nameKey(p.institution);
    const found = await db
      .selectFrom('institutions')
      .select('id')
      .where('team_id', '=', team)
      .where('name_key', '=', key)
      .executeTakeFirst();
    institutionId = found?.id ?? randomUUID();
    if (!found) {
      await db
        .insertInto('institutions')
        .values({
          id: institutionId,
          team_id: team,
          name: p.institution,
          name_key: key,
          created_at: NOW,
          type: (p.type ?? null) as never,
        })
        .execute();
    }
  }
  const id = randomUUID();
  await db
    .insertInto('people')
    .values({
      id,
      team_id: team,
      organiser_id: p.organiser,
      name: p.name,
      name_key: nameKey(p.name),
      institution_id: institutionId,
      institution_key: p.institution ? nameKey(p.institution) : '',
      role: p.role ?? null,
      slack_user_id: p.slackUserId ?? null,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  return id;
}

/**
 * A one-to-one with every text field holding `marker` (what was learned, the setting, the
 * next step's note), tagged with `themeIds` of `campaignId`, and a reflection with the marker.
 */
export async function seedOneToOne(
  db: Db,
  o: {
    team?: string;
    organiser: string;
    personId: string;
    metOn: string;
    marker: string;
    campaignId?: string;
    themeIds?: string[];
  },
): Promise<string> {
  const team = o.team ?? 'T0001';
  const id = randomUUID();
  const at = `${o.metOn}T12:00:00.000Z`;
  // The person's institution when met, kept on the one-to-one as the app's writes keep it.
  const person = await db
    .selectFrom('people')
    .select('institution_id')
    .where('id', '=', o.personId)
    .executeTakeFirst();
  const institutionId = person?.institution_id ?? null;
  await db
    .insertInto('one_to_ones')
    .values({
      id,
      team_id: team,
      organiser_id: o.organiser,
      person_id: o.personId,
      met_on: o.metOn,
      institution_id: institutionId,
      duration_minutes: 45,
      setting: `${o.marker}-setting`,
      self_interest_needs: `${o.marker}-needs`,
      self_interest_meaning: `${o.marker}-meaning`,
      stories: `${o.marker}-stories`,
      values_motivations: `${o.marker}-values`,
      mutual_interests: `${o.marker}-mutual`,
      next_step_kind: 'meeting',
      next_step_due_on: o.metOn,
      next_step_note: `${o.marker}-note`,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('reflections')
    .values({
      id: randomUUID(),
      team_id: team,
      organiser_id: o.organiser,
      one_to_one_id: id,
      motivations: `${o.marker}-motivations`,
      contribution: `${o.marker}-contribution`,
      differently: `${o.marker}-differently`,
      depth: 'stories',
      created_at: at,
      updated_at: at,
    })
    .execute();
  for (const themeId of o.themeIds ?? []) {
    await db
      .insertInto('one_to_one_themes')
      // With the one-to-one's facts, as the app writes a tag (the ranking counts by them).
      .values({
        team_id: team,
        one_to_one_id: id,
        theme_id: themeId,
        campaign_id: o.campaignId!,
        organiser_id: o.organiser,
        person_id: o.personId,
        met_on: o.metOn,
        institution_id: institutionId,
        facts: 2,
      })
      .execute();
  }
  return id;
}

/** A quote of a one-to-one or house meeting, consented (a withdrawn consent deletes the row). */
export async function seedQuote(
  db: Db,
  q: {
    team?: string;
    campaignId: string;
    themeId: string | null;
    sourceKind: 'one_to_one' | 'house_meeting';
    sourceId: string;
    organiser: string;
    saidOn: string;
    text: string;
  },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('campaign_quotes')
    .values({
      id,
      team_id: q.team ?? 'T0001',
      campaign_id: q.campaignId,
      theme_id: q.themeId,
      source_kind: q.sourceKind,
      source_id: q.sourceId,
      organiser_id: q.organiser,
      said_on: q.saidOn,
      text: q.text,
      consented_at: NOW,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  return id;
}

/** A house meeting of a campaign with its named attendees and themes; the place holds `marker`. */
export async function seedHouseMeeting(
  db: Db,
  h: {
    team?: string;
    organiser: string;
    heldOn: string;
    attendance: number;
    campaignId: string;
    attendees: string[];
    themeIds: string[];
    marker: string;
  },
): Promise<string> {
  const team = h.team ?? 'T0001';
  const id = randomUUID();
  await db
    .insertInto('house_meetings')
    .values({
      id,
      team_id: team,
      organiser_id: h.organiser,
      held_on: h.heldOn,
      host_kind: 'me',
      host_user_id: null,
      host_person_id: null,
      place: `${h.marker}-place`,
      attendance: h.attendance,
      campaign_id: h.campaignId,
      created_at: NOW,
      updated_at: NOW,
      view_id: null,
    })
    .execute();
  for (const personId of h.attendees) {
    await db
      .insertInto('house_meeting_attendees')
      .values({ team_id: team, house_meeting_id: id, person_id: personId })
      .execute();
  }
  for (const themeId of h.themeIds) {
    await db
      .insertInto('house_meeting_themes')
      .values({ team_id: team, house_meeting_id: id, theme_id: themeId, campaign_id: h.campaignId })
      .execute();
  }
  return id;
}

/** The organiser's own row (what the digest counts as "has used the bot"). */
export async function seedOrganiser(db: Db, userId: string, team = 'T0001'): Promise<void> {
  await db
    .insertInto('organisers')
    .values({
      team_id: team,
      user_id: userId,
      time_zone: 'Europe/London',
      time_zone_checked_at: '2026-03-01T00:00:00.000Z',
      created_at: '2026-01-05T09:00:00.000Z',
      updated_at: '2026-01-05T09:00:00.000Z',
    })
    .execute();
}
