import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/db/database.js';
import { nameKey } from '../../src/domain/keys.js';
import type { NextStepKind } from '../../src/domain/one-to-one.js';
import { refreshOrganiserFacts } from '../../src/repositories/digest-facts.js';

/**
 * Rows for the lead's-view tests (issue 12), written straight to the database (the log form has
 * its own tests; here what matters is what is counted and what never leaves): an organiser, and
 * one-to-ones with `marker` in every text column an organiser can fill (the person's name and
 * role, the institution, the setting, what was learned, the next step's note, the reflection),
 * then the facts the app keeps on write recomputed as after an import.
 */

const AT = '2026-11-01T09:00:00.000Z';

export async function seedOrganiser(
  db: Db,
  userId: string,
  o: { team?: string; goal?: number; timeZone?: string } = {},
): Promise<void> {
  await db
    .insertInto('organisers')
    .values({
      team_id: o.team ?? 'T0001',
      user_id: userId,
      weekly_goal: o.goal ?? 5,
      time_zone: o.timeZone ?? 'Europe/London',
      time_zone_checked_at: '2099-01-01T00:00:00.000Z',
      created_at: AT,
      updated_at: AT,
    })
    .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
    .execute();
}

export interface SeedMeeting {
  team?: string;
  organiser: string;
  /** A new person of this organiser, or an existing one by id. */
  person?: { name: string; institution?: string } | { id: string };
  metOn: string;
  marker: string;
  nextStep?: { kind: NextStepKind; dueOn: string; doneAt?: string | null };
  reflected?: boolean;
  dismissed?: boolean;
  campaign?: { id: string; themeIds: string[] };
}

/** One one-to-one (and its person, and its reflection when `reflected`); returns the ids. */
export async function seedMeeting(
  db: Db,
  m: SeedMeeting,
): Promise<{ personId: string; oneToOneId: string; reflectionId?: string }> {
  const team = m.team ?? 'T0001';
  const at = `${m.metOn}T18:00:00.000Z`;
  let personId: string;
  if (m.person && 'id' in m.person) personId = m.person.id;
  else {
    const name = m.person?.name ?? `${m.marker} person ${randomUUID().slice(0, 6)}`;
    const institution = m.person?.institution ?? `${m.marker} Institution ${randomUUID().slice(0, 6)}`;
    const institutionId = randomUUID();
    await db
      .insertInto('institutions')
      .values({
        id: institutionId,
        team_id: team,
        name: institution,
        name_key: nameKey(institution),
        created_at: at,
        type: null,
      })
      .execute();
    personId = randomUUID();
    await db
      .insertInto('people')
      .values({
        id: personId,
        team_id: team,
        organiser_id: m.organiser,
        name,
        name_key: nameKey(name),
        institution_id: institutionId,
        institution_key: nameKey(institution),
        role: `${m.marker}-role`,
        slack_user_id: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
  const oneToOneId = randomUUID();
  await db
    .insertInto('one_to_ones')
    .values({
      id: oneToOneId,
      team_id: team,
      organiser_id: m.organiser,
      person_id: personId,
      met_on: m.metOn,
      duration_minutes: 45,
      setting: `${m.marker}-setting`,
      self_interest_needs: `${m.marker}-needs`,
      self_interest_meaning: `${m.marker}-meaning`,
      stories: `${m.marker}-stories`,
      values_motivations: `${m.marker}-values`,
      mutual_interests: `${m.marker}-mutual`,
      next_step_kind: m.nextStep?.kind ?? 'none',
      next_step_due_on: m.nextStep?.dueOn ?? null,
      next_step_note: m.nextStep ? `${m.marker}-note` : null,
      next_step_done_at: m.nextStep?.doneAt ?? null,
      reflection_dismissed_at: m.dismissed ? at : null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  let reflectionId: string | undefined;
  if (m.reflected) {
    reflectionId = randomUUID();
    await db
      .insertInto('reflections')
      .values({
        id: reflectionId,
        team_id: team,
        organiser_id: m.organiser,
        one_to_one_id: oneToOneId,
        motivations: `${m.marker}-motivations`,
        contribution: `${m.marker}-contribution`,
        differently: `${m.marker}-differently`,
        depth: 'stories',
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
  for (const themeId of m.campaign?.themeIds ?? []) {
    await db
      .insertInto('one_to_one_themes')
      .values({ team_id: team, one_to_one_id: oneToOneId, theme_id: themeId, campaign_id: m.campaign!.id })
      .execute();
  }
  return reflectionId ? { personId, oneToOneId, reflectionId } : { personId, oneToOneId };
}

/** An introduction between two of the organiser's people, its why holding the marker. */
export async function seedIntroduction(
  db: Db,
  i: {
    team?: string;
    organiser: string;
    a: string;
    b: string;
    on: string;
    status: 'agreed' | 'met';
    marker: string;
  },
): Promise<void> {
  await db
    .insertInto('introductions')
    .values({
      id: randomUUID(),
      team_id: i.team ?? 'T0001',
      organiser_id: i.organiser,
      person_a_id: i.a,
      person_b_id: i.b,
      why: `${i.marker}-why`,
      status: i.status,
      across_institutions: 1,
      introduced_on: i.on,
      follow_up_due_on: null,
      outcome_at: i.status === 'met' ? `${i.on}T20:00:00.000Z` : null,
      source_view_id: null,
      created_at: AT,
      updated_at: AT,
    })
    .execute();
}

/** A house meeting the organiser held, its place holding the marker. */
export async function seedHouseMeeting(
  db: Db,
  h: { team?: string; organiser: string; heldOn: string; marker: string },
): Promise<void> {
  await db
    .insertInto('house_meetings')
    .values({
      id: randomUUID(),
      team_id: h.team ?? 'T0001',
      organiser_id: h.organiser,
      held_on: h.heldOn,
      host_kind: 'me',
      host_user_id: null,
      host_person_id: null,
      place: `${h.marker}-place`,
      attendance: 6,
      campaign_id: null,
      created_at: AT,
      updated_at: AT,
      view_id: null,
    })
    .execute();
}

/** The facts the app keeps on write (weeks, people's stages), recomputed as after an import. */
export async function refreshFacts(db: Db, organiser: string, team = 'T0001'): Promise<void> {
  await refreshOrganiserFacts(db, team, organiser, '2026-12-01T00:00:00.000Z');
}
