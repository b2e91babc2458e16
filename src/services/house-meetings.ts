import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Deps } from '../deps.js';
import {
  type CampaignFieldError,
  type CampaignFieldsInput,
  followUpDue,
  type HouseMeetingField,
  type HouseMeetingForm,
  type HouseMeetingInput,
  type HouseMeetingRhythm,
  type NewName,
  type SavedHouseMeeting,
  validateHouseMeeting,
} from '../domain/campaign.js';
import { nameKey, newId } from '../domain/keys.js';
import { ID_MAX } from '../domain/limits.js';
import { addDays, lastWeeks } from '../domain/time.js';
import { ErrorCode, type Refusal, refuse, refused } from '../errors.js';
import { findThemes } from '../repositories/campaign-themes.js';
import { findCampaign } from '../repositories/campaigns.js';
import {
  addAttendees,
  addFollowUp,
  findOwnedFollowUp,
  houseMeetingRhythm,
  insertHouseMeetingOnce,
  markFollowUpDone,
  rescheduleFollowUp,
} from '../repositories/house-meetings.js';
import { findOrCreateInstitution } from '../repositories/institutions.js';
import { ensureOrganiser } from '../repositories/organisers.js';
import { findOwnedPerson, findPersonByKeys, insertPerson } from '../repositories/people.js';
import { campaignFieldsFor, checkCampaignFields, saveCampaignFields } from './campaign-themes.js';
import { type Actor, organiserToday, SLACK_LOOKUP_BUDGET_MS } from './organisers.js';

/**
 * House meetings (issue 11): a host and a handful of people listening together. Logged by one
 * organiser (its author: what it says stays theirs), counted in a rhythm of its own and never as
 * a one-to-one. Everyone who would like a one-to-one becomes (or stays) one of my people at
 * "met once" at least, with a next step "another meeting" due a week later, nudged like any
 * next step.
 */

type HouseMeetingDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'slack' | 'logger' | 'timeZones'>;

/** The form opens dated today, with the campaigns I take part in that count today. */
export async function openHouseMeetingForm(deps: HouseMeetingDeps, actor: Actor): Promise<HouseMeetingForm> {
  const today = await organiserToday(deps, actor);
  const fields = await campaignFieldsFor(deps, actor, today);
  return { today, campaigns: fields.campaigns };
}

export interface HouseMeetingSubmission {
  values: HouseMeetingInput;
  campaign: CampaignFieldsInput;
  viewId: string;
}

export type HouseMeetingOutcome =
  | { kind: 'saved'; saved: SavedHouseMeeting }
  | { kind: 'duplicate' }
  | {
      kind: 'invalid';
      errors: Partial<Record<HouseMeetingField, string>>;
      campaignErrors: CampaignFieldError[];
    }
  | { kind: 'refused'; refusal: Refusal & { field: HouseMeetingField } };

/** The campaign a house meeting's fields point at when none was chosen: the one they were filled for. */
async function impliedCampaign(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  input: CampaignFieldsInput,
): Promise<string | null> {
  const ids = new Set<string>();
  for (const t of await findThemes(deps.db, actor.teamId, input.themeIds)) ids.add(t.campaign_id);
  for (const p of input.perCampaign) {
    if (p.quote.trim() || p.otherTheme.trim() || p.consent) ids.add(p.campaignId);
  }
  return ids.size === 1 ? [...ids][0]! : null;
}

/** A new name at an institution: the same name there is the same person (no duplicates). */
async function findOrCreatePerson(
  trx: Kysely<Database>,
  actor: Actor,
  n: NewName,
  now: string,
): Promise<string> {
  const institution = n.institution
    ? await findOrCreateInstitution(trx, actor.teamId, n.institution, now)
    : undefined;
  const key = nameKey(n.name);
  const existing = await findPersonByKeys(trx, actor.teamId, actor.userId, key, institution?.name_key ?? '');
  if (existing) return existing.id;
  const id = newId();
  await insertPerson(trx, {
    id,
    team_id: actor.teamId,
    organiser_id: actor.userId,
    name: n.name,
    name_key: key,
    institution_id: institution?.id ?? null,
    institution_key: institution?.name_key ?? '',
    role: null,
    slack_user_id: null,
    created_at: now,
    updated_at: now,
  });
  return id;
}

/**
 * The house-meeting modal's submission: every field checked at once (the campaign fields
 * against the meeting's date and its one campaign), people chosen checked as mine, a host who
 * is a Slack member checked not to be a bot; then saved once per Slack view in one transaction:
 * the meeting, new names as my people, who came, a follow-up "another meeting" for each who
 * would like a one-to-one, the themes and the consented quote.
 */
export async function submitHouseMeetingForm(
  deps: HouseMeetingDeps,
  actor: Actor,
  form: HouseMeetingSubmission,
): Promise<HouseMeetingOutcome> {
  const v = form.values;
  // Ownership first, read-only: a crafted id for someone else's person writes nothing.
  const mine = async (id: string) =>
    id.length <= ID_MAX && (await findOwnedPerson(deps.db, actor.teamId, actor.userId, id)) !== undefined;
  if (v.hostKind === 'person' && v.hostPersonId && !(await mine(v.hostPersonId))) {
    return { kind: 'refused', refusal: { ...refused(ErrorCode.NotYours), field: 'hostPerson' } };
  }
  for (const [field, ids] of [
    ['attendees', v.attendeeIds],
    ['wantsOneToOne', v.wantsOneToOneIds],
  ] as const) {
    for (const id of ids) {
      if (!(await mine(id))) return { kind: 'refused', refusal: { ...refused(ErrorCode.NotYours), field } };
    }
  }
  const today = await organiserToday(deps, actor);
  const result = validateHouseMeeting(v, today);
  const heldOn = result.ok ? result.value.heldOn : v.heldOn;
  const campaignId = v.campaignId ?? (await impliedCampaign(deps, actor, form.campaign));
  const check = await checkCampaignFields(deps, actor, form.campaign, heldOn, { onlyCampaignId: campaignId });
  const errors = result.ok ? {} : { ...result.errors };
  const campaignErrors = check.ok ? [] : check.errors;
  if (campaignId && check.ok && !check.plan.countingIds.includes(campaignId)) {
    errors.campaign = 'That campaign is not one you take part in on that date.';
  }
  if (!result.ok || !check.ok || errors.campaign) {
    return { kind: 'invalid', errors, campaignErrors };
  }
  const input = result.value;
  if (input.hostKind === 'member' && input.hostUserId) {
    const info = await deps.slack.userInfo(actor.teamId, input.hostUserId, {
      budgetMs: SLACK_LOOKUP_BUDGET_MS,
    });
    if (info?.isBot)
      return { kind: 'refused', refusal: { ...refused(ErrorCode.BotMember), field: 'hostUser' } };
  }
  const plan = check.plan;
  const saves = plan.saves.filter((s) => s.campaignId === campaignId);
  const now = deps.clock.now().toISOString();
  const id = newId();
  return deps.db.transaction().execute(async (trx): Promise<HouseMeetingOutcome> => {
    const created = await insertHouseMeetingOnce(trx, {
      id,
      team_id: actor.teamId,
      organiser_id: actor.userId,
      held_on: input.heldOn,
      host_kind: input.hostKind,
      host_user_id: input.hostUserId,
      host_person_id: input.hostPersonId,
      place: input.place,
      attendance: input.attendance,
      campaign_id: campaignId,
      created_at: now,
      updated_at: now,
      view_id: form.viewId || null,
    });
    if (!created) return { kind: 'duplicate' };
    await ensureOrganiser(trx, actor.teamId, actor.userId, now);
    const came = [...input.attendeeIds];
    for (const n of input.newAttendees) came.push(await findOrCreatePerson(trx, actor, n, now));
    const wants = [...input.wantsOneToOneIds];
    for (const n of input.newWantsOneToOne) wants.push(await findOrCreatePerson(trx, actor, n, now));
    // Whoever would like a one-to-one was there too.
    const attendees = [...new Set([...came, ...wants])];
    await addAttendees(trx, actor.teamId, id, attendees);
    const dueOn = followUpDue(input.heldOn);
    const uniqueWants = [...new Set(wants)];
    for (const personId of uniqueWants) {
      await addFollowUp(trx, {
        id: newId(),
        teamId: actor.teamId,
        organiserId: actor.userId,
        houseMeetingId: id,
        personId,
        dueOn,
        now,
      });
    }
    await saveCampaignFields(
      trx,
      actor,
      { ...plan, saves },
      { kind: 'house_meeting', id, saidOn: input.heldOn },
      now,
    );
    const save = saves[0];
    const campaignName = campaignId
      ? ((await findCampaign(trx, actor.teamId, campaignId))?.name ?? null)
      : null;
    deps.logger.info('house meeting logged', {
      team: actor.teamId,
      organiser: actor.userId,
      attendance: input.attendance,
      named: attendees.length,
      followUps: uniqueWants.length,
    });
    return {
      kind: 'saved',
      saved: {
        id,
        heldOn: input.heldOn,
        attendance: input.attendance,
        named: attendees.length,
        followUps: uniqueWants.length,
        followUpDueOn: dueOn,
        campaignName,
        themes: (save?.themeIds.length ?? 0) + (save?.other ? 1 : 0),
        quoted: Boolean(save?.quote),
      },
    };
  });
}

/** The house-meeting rhythm's window: as many weeks as `/onetoone stats` charts. */
const RHYTHM_WEEKS = 8;

/**
 * My house meetings this week and in the last 8 weeks (`today` is my local date), for the Home
 * tab and `/onetoone stats`: one query, counted apart from the one-to-ones and never toward the
 * weekly goal.
 */
export async function myHouseMeetingRhythm(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  today: string,
): Promise<HouseMeetingRhythm> {
  const window = lastWeeks(today, RHYTHM_WEEKS);
  const r = await houseMeetingRhythm(deps.db, actor.teamId, actor.userId, {
    windowFrom: window[0]!.start,
    weekFrom: window.at(-1)!.start,
    to: window.at(-1)!.end,
  });
  return { thisWeek: r.thisWeek, last8Weeks: r.inWindow };
}

/**
 * A house meeting's follow-up ("another meeting" with someone who would like a one-to-one) done:
 * from its next-step nudge. Someone else's (or a crafted id) is refused, naming nothing.
 */
export async function markHouseMeetingFollowUpDone(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  followUpId: string,
): Promise<{ changed: boolean }> {
  const row = await findOwnedFollowUp(deps.db, actor.teamId, actor.userId, followUpId);
  if (!row) refuse(ErrorCode.NotYours);
  const changed = await markFollowUpDone(
    deps.db,
    actor.teamId,
    actor.userId,
    followUpId,
    deps.clock.now().toISOString(),
  );
  return { changed };
}

/** Moves a follow-up `days` after `today` (my local date), as a one-to-one's next step snoozes. */
export async function snoozeHouseMeetingFollowUp(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  followUpId: string,
  today: string,
  days: number,
): Promise<{ changed: boolean; dueOn: string }> {
  const row = await findOwnedFollowUp(deps.db, actor.teamId, actor.userId, followUpId);
  if (!row) refuse(ErrorCode.NotYours);
  const dueOn = addDays(today, days);
  if (row.done_at) return { changed: false, dueOn: row.due_on };
  const changed = await rescheduleFollowUp(
    deps.db,
    actor.teamId,
    actor.userId,
    followUpId,
    dueOn,
    deps.clock.now().toISOString(),
  );
  return { changed, dueOn };
}
