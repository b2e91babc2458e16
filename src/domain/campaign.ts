import { nameKey } from './keys.js';
import { addDays, daysBetween, isIsoDate } from './time.js';

/**
 * Listening campaigns and house meetings (issue 11): the rules, the limits and the app's own
 * shapes. Pure: values in, answers out. Themes are counts; a quote is the only words a campaign
 * keeps from a conversation, and only with consent.
 */

export type QuoteSourceKind = 'one_to_one' | 'house_meeting';
export type HouseMeetingHostKind = 'me' | 'member' | 'person';

export const CAMPAIGN_LIMITS = {
  nameMax: 100,
  /** The shared question: a plain_text_input holds 3,000 characters; a question is far shorter. */
  questionMax: 500,
  themeLabelMax: 75,
  themesMax: 100,
  targetMin: 1,
  targetMax: 200,
  targetDefault: 10,
  minCountMin: 1,
  minCountMax: 20,
  minCountDefault: 3,
  /** Chosen members of a campaign without a channel (multi_users_select has no documented cap; ours). */
  membersMax: 500,
  quoteMax: 500,
  /** Other themes visitors may add to one campaign beyond its list (each offered to its typist). */
  otherThemesMax: 300,
  /** Campaigns offered in one log modal: each adds blocks, and a modal holds 100. */
  logCampaignsMax: 5,
} as const;

export const HOUSE_MEETING_LIMITS = {
  placeMax: 150,
  attendanceMin: 1,
  attendanceMax: 1000,
  attendeesMax: 20,
  /** The next step "another meeting" for who would like a one-to-one: due a week after. */
  followUpDays: 7,
} as const;

/** The starting list the creator edits (issue 11). */
export const STARTING_THEMES: readonly string[] = [
  'Housing',
  'Work and wages',
  'Health',
  'Safety',
  'Schools',
  'Transport',
  'Immigration',
  'Cost of living',
  'Loneliness',
  'Faith and community',
  'Environment',
];

/** How two spellings of one theme are compared (case, spacing). */
export function themeKey(label: string): string {
  return nameKey(label);
}

/** The shape a campaign is created or edited from (the modal, decoded). */
export interface CampaignInput {
  name: string;
  question: string;
  startsOn: string;
  endsOn: string;
  /** A channel whose members take part, or chosen members. */
  channelId: string | null;
  memberIds: string[];
  targetPerVisitor: number | null;
  minCount: number | null;
  /** One theme a line, as typed. */
  themesText: string;
}

export type CampaignField =
  | 'name'
  | 'question'
  | 'startsOn'
  | 'endsOn'
  | 'team'
  | 'target'
  | 'minCount'
  | 'themes';

export interface ValidCampaign {
  name: string;
  question: string;
  startsOn: string;
  endsOn: string;
  channelId: string | null;
  memberIds: string[];
  targetPerVisitor: number;
  minCount: number;
  themes: string[];
}

export type CampaignValidation =
  | { ok: true; value: ValidCampaign }
  | { ok: false; errors: Partial<Record<CampaignField, string>> };

/** Reads the typed theme list: one a line, blank lines skipped; duplicates and long ones named. */
export function parseThemes(text: string): { themes: string[]; error?: string } {
  const themes: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(/\r?\n/)) {
    const label = raw.replace(/\s+/g, ' ').trim();
    if (!label) continue;
    if (label.length > CAMPAIGN_LIMITS.themeLabelMax) {
      return {
        themes,
        error: `Each theme can be at most ${CAMPAIGN_LIMITS.themeLabelMax} characters (“${label.slice(0, 20)}…” is ${label.length}).`,
      };
    }
    const key = themeKey(label);
    if (seen.has(key)) return { themes, error: `“${label}” is in the list twice.` };
    seen.add(key);
    themes.push(label);
  }
  if (themes.length === 0) return { themes, error: 'Add at least one theme, one a line.' };
  if (themes.length > CAMPAIGN_LIMITS.themesMax) {
    return { themes, error: `At most ${CAMPAIGN_LIMITS.themesMax} themes (this list has ${themes.length}).` };
  }
  return { themes };
}

/** Every field of the campaign form checked at once, each problem on its own field. */
export function validateCampaign(input: CampaignInput): CampaignValidation {
  const errors: Partial<Record<CampaignField, string>> = {};
  const name = input.name.trim();
  const question = input.question.trim();
  if (!name) errors.name = 'Give the campaign a name.';
  else if (name.length > CAMPAIGN_LIMITS.nameMax) {
    errors.name = `At most ${CAMPAIGN_LIMITS.nameMax} characters.`;
  }
  if (!question) errors.question = 'Write the question every visitor asks.';
  else if (question.length > CAMPAIGN_LIMITS.questionMax) {
    errors.question = `At most ${CAMPAIGN_LIMITS.questionMax} characters.`;
  }
  if (!isIsoDate(input.startsOn)) errors.startsOn = 'Choose the day it starts.';
  if (!isIsoDate(input.endsOn)) errors.endsOn = 'Choose the day it ends.';
  else if (isIsoDate(input.startsOn) && input.endsOn < input.startsOn) {
    errors.endsOn = 'The end is before the start.';
  }
  if (!input.channelId && input.memberIds.length === 0) {
    errors.team = 'Choose a channel whose members take part, or the members.';
  } else if (input.memberIds.length > CAMPAIGN_LIMITS.membersMax) {
    errors.team = `At most ${CAMPAIGN_LIMITS.membersMax} members; choose a channel for a larger team.`;
  }
  const target = input.targetPerVisitor ?? CAMPAIGN_LIMITS.targetDefault;
  if (!Number.isInteger(target) || target < CAMPAIGN_LIMITS.targetMin || target > CAMPAIGN_LIMITS.targetMax) {
    errors.target = `A whole number from ${CAMPAIGN_LIMITS.targetMin} to ${CAMPAIGN_LIMITS.targetMax}.`;
  }
  const minCount = input.minCount ?? CAMPAIGN_LIMITS.minCountDefault;
  if (
    !Number.isInteger(minCount) ||
    minCount < CAMPAIGN_LIMITS.minCountMin ||
    minCount > CAMPAIGN_LIMITS.minCountMax
  ) {
    errors.minCount = `A whole number from ${CAMPAIGN_LIMITS.minCountMin} to ${CAMPAIGN_LIMITS.minCountMax}.`;
  }
  const parsed = parseThemes(input.themesText);
  if (parsed.error) errors.themes = parsed.error;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      name,
      question,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      channelId: input.channelId,
      memberIds: [...new Set(input.memberIds)],
      targetPerVisitor: target,
      minCount,
      themes: parsed.themes,
    },
  };
}

/** Reads a typed whole number ("10", " 7 "); anything else is NaN (so validation names it). */
export function parseWholeNumber(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text.trim() === '') return null;
  return /^\s*-?\d+\s*$/.test(text) ? Number(text.trim()) : Number.NaN;
}

/** The dates a conversation counts for a campaign, in its zone: start to min(end, closed day). */
export interface CampaignWindow {
  startsOn: string;
  endsOn: string;
  closedOn: string | null;
}

export function lastCountedDay(w: CampaignWindow): string {
  return w.closedOn && w.closedOn < w.endsOn ? w.closedOn : w.endsOn;
}

/** Whether a meeting on this local date counts for the campaign (before it started or after it closed: no). */
export function countsOn(w: CampaignWindow, date: string): boolean {
  return date >= w.startsOn && date <= lastCountedDay(w);
}

/** Days left, today included; 0 once it has ended or closed. */
export function daysLeft(w: CampaignWindow, today: string): number {
  const last = lastCountedDay(w);
  if (today > last) return 0;
  const from = today < w.startsOn ? w.startsOn : today;
  return daysBetween(from, last) + 1;
}

export type CampaignStatus = 'upcoming' | 'running' | 'ended' | 'closed';

export function campaignStatus(w: CampaignWindow & { closed: boolean }, today: string): CampaignStatus {
  if (w.closed) return 'closed';
  if (today < w.startsOn) return 'upcoming';
  if (today > w.endsOn) return 'ended';
  return 'running';
}

/** A campaign as its lists and forms show it. */
export interface CampaignSummary {
  id: string;
  name: string;
  question: string;
  startsOn: string;
  endsOn: string;
  closedOn: string | null;
  channelId: string | null;
  targetPerVisitor: number;
  minCount: number;
  timeZone: string;
  status: CampaignStatus;
  isAdmin: boolean;
  isMember: boolean;
}

/** `/onetoone campaign`: one line per campaign of mine with its progress. */
export interface CampaignProgress extends CampaignSummary {
  /** My one-to-ones counted for it. */
  mine: number;
  /** The team's one-to-ones counted for it. */
  team: number;
  /** target_per_visitor × visitors. */
  teamTarget: number;
  visitors: number;
  houseMeetings: number;
  daysLeft: number;
}

export interface CampaignThemeOption {
  id: string;
  label: string;
}

/** The campaign form, decoded: text as typed, selections as ids. */
export interface RawCampaignInput {
  name: string | null;
  question: string | null;
  startsOn: string | null;
  endsOn: string | null;
  channelId: string | null;
  memberIds: string[];
  target: string | null;
  minCount: string | null;
  themes: string | null;
}

/** What the campaign modal opens with. */
export interface CampaignForm {
  today: string;
  /** Set when editing: the campaign as it is. */
  campaign?: CampaignDetail;
  startingThemes: readonly string[];
}

/** What the edit form is filled with (admins only). */
export interface CampaignDetail extends CampaignSummary {
  memberIds: string[];
  themes: CampaignThemeOption[];
}

/** A running campaign the log modal offers, with its themes. */
export interface CampaignForLog {
  id: string;
  name: string;
  themes: CampaignThemeOption[];
}

/** What a one-to-one or house meeting already has for a campaign (the edit form's prefill). */
export interface CampaignHeard {
  campaignId: string;
  themeIds: string[];
  quote: { text: string; themeId: string | null } | null;
}

/** What a form's campaign blocks are drawn from: the campaigns offered, and what the record has. */
export interface CampaignFields {
  /** Campaigns I take part in that count a meeting on the form's date (at most logCampaignsMax). */
  campaigns: CampaignForLog[];
  /** What the record being edited already has. */
  heard: CampaignHeard[];
}

export const NO_CAMPAIGN_FIELDS: CampaignFields = { campaigns: [], heard: [] };

/** The campaign fields of the log modal, decoded (one entry per campaign offered). */
export interface CampaignFieldsInput {
  /** Theme ids chosen in "Themes I heard" (across campaigns). */
  themeIds: string[];
  perCampaign: {
    campaignId: string;
    otherTheme: string;
    quote: string;
    quoteThemeId: string | null;
    consent: boolean;
  }[];
}

/** Where a campaign-field problem is shown: the field key and which campaign's block. */
export interface CampaignFieldError {
  field: 'themes' | 'other' | 'quote' | 'consent';
  campaignId: string | null;
  message: string;
}

/** Checks the quote, consent and other-theme of one campaign's fields. */
export function validateCampaignHeard(p: CampaignFieldsInput['perCampaign'][number]): CampaignFieldError[] {
  const errors: CampaignFieldError[] = [];
  const quote = p.quote.trim();
  const other = p.otherTheme.replace(/\s+/g, ' ').trim();
  if (other.length > CAMPAIGN_LIMITS.themeLabelMax) {
    errors.push({
      field: 'other',
      campaignId: p.campaignId,
      message: `A theme can be at most ${CAMPAIGN_LIMITS.themeLabelMax} characters.`,
    });
  }
  if (quote.length > CAMPAIGN_LIMITS.quoteMax) {
    errors.push({
      field: 'quote',
      campaignId: p.campaignId,
      message: `A quote can be at most ${CAMPAIGN_LIMITS.quoteMax} characters (this one is ${quote.length}).`,
    });
  } else if (quote && !p.consent) {
    errors.push({
      field: 'consent',
      campaignId: p.campaignId,
      message: 'Tick this only if they agreed; without their agreement, leave the quote out.',
    });
  }
  return errors;
}

/** A house meeting, as the modal is decoded. */
export interface HouseMeetingInput {
  heldOn: string;
  hostKind: HouseMeetingHostKind | null;
  hostUserId: string | null;
  hostPersonId: string | null;
  place: string;
  attendance: number | null;
  attendeeIds: string[];
  /** One a line: "Name, Institution". */
  newAttendees: string;
  wantsOneToOneIds: string[];
  newWantsOneToOne: string;
  /** The campaign it belongs to (its themes and quote are the campaign fields). */
  campaignId: string | null;
}

export type HouseMeetingField =
  | 'heldOn'
  | 'host'
  | 'hostUser'
  | 'hostPerson'
  | 'place'
  | 'attendance'
  | 'attendees'
  | 'newAttendees'
  | 'wantsOneToOne'
  | 'newWantsOneToOne'
  | 'campaign';

export interface NewName {
  name: string;
  institution: string | null;
}

/** "Name, Institution" one a line (institution optional); a line that is only spaces is skipped. */
export function parseNewNames(text: string): { names: NewName[]; error?: string } {
  const names: NewName[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const comma = line.indexOf(',');
    const name = (comma < 0 ? line : line.slice(0, comma)).trim();
    const institution = comma < 0 ? '' : line.slice(comma + 1).trim();
    if (!name) return { names, error: 'Each line starts with a name: “Name, Institution”.' };
    if (name.length > 150 || institution.length > 150) {
      return { names, error: 'Names and institutions can be at most 150 characters.' };
    }
    names.push({ name, institution: institution || null });
  }
  return { names };
}

/** The local date a follow-up from a house meeting is due: a week after it. */
export function followUpDue(heldOn: string): string {
  return addDays(heldOn, HOUSE_MEETING_LIMITS.followUpDays);
}

/** A house meeting as its author sees it. */
export interface HouseMeetingSummary {
  id: string;
  heldOn: string;
  attendance: number;
  campaignName: string | null;
  followUps: number;
}

export interface ValidHouseMeeting {
  heldOn: string;
  hostKind: HouseMeetingHostKind;
  hostUserId: string | null;
  hostPersonId: string | null;
  place: string | null;
  attendance: number;
  attendeeIds: string[];
  newAttendees: NewName[];
  wantsOneToOneIds: string[];
  newWantsOneToOne: NewName[];
}

export type HouseMeetingValidation =
  | { ok: true; value: ValidHouseMeeting }
  | { ok: false; errors: Partial<Record<HouseMeetingField, string>> };

const HOST_KINDS: readonly HouseMeetingHostKind[] = ['me', 'member', 'person'];

export function isHostKind(value: unknown): value is HouseMeetingHostKind {
  return typeof value === 'string' && (HOST_KINDS as readonly string[]).includes(value);
}

/**
 * A house meeting's own fields, all checked at once against the organiser's today: a date not
 * in the future; a host (me, a Slack member, or one of my people, with that one chosen); a place
 * of at most 150 characters; how many took part (a whole number, at least the people named);
 * at most 20 people named, counting those who came and those who would like a one-to-one once.
 */
export function validateHouseMeeting(
  input: Omit<HouseMeetingInput, 'campaignId'>,
  today: string,
): HouseMeetingValidation {
  const errors: Partial<Record<HouseMeetingField, string>> = {};
  if (!isIsoDate(input.heldOn)) errors.heldOn = 'Choose the day it was held.';
  else if (input.heldOn > today) errors.heldOn = 'That date is in the future.';
  const hostKind = input.hostKind;
  if (!hostKind) errors.host = 'Who hosted it?';
  else if (hostKind === 'member' && !input.hostUserId) errors.hostUser = 'Choose the member who hosted it.';
  else if (hostKind === 'person' && !input.hostPersonId)
    errors.hostPerson = 'Choose which of your people hosted it.';
  const place = input.place.replace(/\s+/g, ' ').trim();
  if (place.length > HOUSE_MEETING_LIMITS.placeMax) {
    errors.place = `At most ${HOUSE_MEETING_LIMITS.placeMax} characters.`;
  }
  const attendance = input.attendance;
  if (
    attendance === null ||
    !Number.isInteger(attendance) ||
    attendance < HOUSE_MEETING_LIMITS.attendanceMin ||
    attendance > HOUSE_MEETING_LIMITS.attendanceMax
  ) {
    errors.attendance = `How many took part: a whole number from ${HOUSE_MEETING_LIMITS.attendanceMin} to ${HOUSE_MEETING_LIMITS.attendanceMax}.`;
  }
  const came = parseNewNames(input.newAttendees);
  if (came.error) errors.newAttendees = came.error;
  const wants = parseNewNames(input.newWantsOneToOne);
  if (wants.error) errors.newWantsOneToOne = wants.error;
  // Each person once: by id for my people, by name and institution for new names.
  const ids = new Set([...input.attendeeIds, ...input.wantsOneToOneIds]);
  const names = new Set(
    [...came.names, ...wants.names].map((n) => `${nameKey(n.name)}\u0000${nameKey(n.institution ?? '')}`),
  );
  const named = ids.size + names.size;
  if (named > HOUSE_MEETING_LIMITS.attendeesMax) {
    const message = `At most ${HOUSE_MEETING_LIMITS.attendeesMax} people by name (${named} here); count the rest in how many took part.`;
    if (input.attendeeIds.length > 0 || came.names.length > 0) {
      errors[input.attendeeIds.length > 0 ? 'attendees' : 'newAttendees'] ??= message;
    } else errors[input.wantsOneToOneIds.length > 0 ? 'wantsOneToOne' : 'newWantsOneToOne'] ??= message;
  } else if (
    attendance !== null &&
    Number.isInteger(attendance) &&
    !errors.attendance &&
    named > attendance
  ) {
    errors.attendance = `You named ${named} people: at least that many took part.`;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      heldOn: input.heldOn,
      hostKind: hostKind!,
      hostUserId: hostKind === 'member' ? input.hostUserId : null,
      hostPersonId: hostKind === 'person' ? input.hostPersonId : null,
      place: place || null,
      attendance: attendance!,
      attendeeIds: [...new Set(input.attendeeIds)],
      newAttendees: came.names,
      wantsOneToOneIds: [...new Set(input.wantsOneToOneIds)],
      newWantsOneToOne: wants.names,
    },
  };
}

/** What the house-meeting modal opens with. */
export interface HouseMeetingForm {
  today: string;
  campaigns: CampaignForLog[];
}

/**
 * My house-meeting rhythm (`/onetoone stats`, the Home tab): house meetings I held this week and
 * in the last 8 weeks. Its own count: never added to the one-to-ones or the weekly goal.
 */
export interface HouseMeetingRhythm {
  thisWeek: number;
  last8Weeks: number;
}

/** The confirmation's facts (the author's own DM). */
export interface SavedHouseMeeting {
  id: string;
  heldOn: string;
  attendance: number;
  named: number;
  followUps: number;
  followUpDueOn: string;
  campaignName: string | null;
  themes: number;
  quoted: boolean;
}
