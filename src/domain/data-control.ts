import type { HouseMeetingHostKind } from './campaign.js';
import type { IntroductionStatus } from './introduction.js';
import type { ContinueChoice, Depth, ListeningShare, NextStepKind } from './one-to-one.js';

/**
 * The organiser's control of their own data: what `/onetoone export` hands over and what
 * `/onetoone forget` shows and removes. App types (services/data-export.ts and forget.ts map the
 * rows to them; views/export-csv.ts and data-messages.ts render them).
 */

// ---- export -------------------------------------------------------------------------------

export interface ExportedOneToOne {
  id: string;
  metOn: string;
  personId: string;
  personName: string;
  institutionName: string | null;
  durationMinutes: number;
  setting: string | null;
  selfInterestNeeds: string | null;
  selfInterestMeaning: string | null;
  stories: string | null;
  valuesMotivations: string | null;
  mutualInterests: string | null;
  listeningShare: ListeningShare | null;
  continueRelationship: ContinueChoice | null;
  nextStepKind: NextStepKind;
  nextStepDueOn: string | null;
  nextStepNote: string | null;
  nextStepDoneAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** How deep we went, from step two of the log (older records have it on their reflection). */
  depth: Depth | null;
}

export interface ExportedReflection {
  oneToOneId: string;
  metOn: string;
  personName: string;
  motivations: string | null;
  contribution: string | null;
  differently: string | null;
  depth: Depth | null;
  createdAt: string;
  updatedAt: string;
}

export interface ExportedPerson {
  id: string;
  name: string;
  institutionName: string | null;
  role: string | null;
  slackUserId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ExportedIntroduction {
  id: string;
  introducedOn: string;
  personAId: string;
  personAName: string;
  personAInstitution: string | null;
  personBId: string;
  personBName: string;
  personBInstitution: string | null;
  why: string | null;
  status: IntroductionStatus;
  followUpDueOn: string | null;
  outcomeAt: string | null;
  createdAt: string;
}

/**
 * A house meeting I logged (issue 11), with its campaign fields. `host` is the host as I chose
 * them: "I hosted it", the Slack member's name (their id when the directory has no name), or my
 * person's name (null once that person was forgotten).
 */
export interface ExportedHouseMeeting {
  id: string;
  heldOn: string;
  hostKind: HouseMeetingHostKind;
  host: string | null;
  hostPersonId: string | null;
  hostSlackUserId: string | null;
  place: string | null;
  attendance: number;
  /** My people named as there, by name (house_meeting_people has them one a row, with ids). */
  attendees: string[];
  wouldLikeOneToOne: string[];
  campaignName: string | null;
  themes: string[];
  quote: CampaignQuoteExport | null;
  createdAt: string;
  updatedAt: string;
}

/** One of my people named at a house meeting, and their follow-up if they would like a one-to-one. */
export interface ExportedHouseMeetingPerson {
  houseMeetingId: string;
  heldOn: string;
  personId: string;
  name: string;
  institutionName: string | null;
  wouldLikeOneToOne: boolean;
  followUpDueOn: string | null;
  followUpDoneAt: string | null;
}

/** A consented quote as its author wrote it; `text` is null once retention blanked it. */
export interface CampaignQuoteExport {
  text: string | null;
  themeLabel: string | null;
  consentedAt: string;
}

/** What I recorded for one campaign in one of my one-to-ones: the themes heard and the quote. */
export interface ExportedCampaignNote {
  oneToOneId: string;
  metOn: string;
  campaignName: string;
  themes: string[];
  quote: CampaignQuoteExport | null;
}

/** Everything one organiser wrote, as of `date` (their local date, for the file names). */
export interface MyData {
  date: string;
  oneToOnes: ExportedOneToOne[];
  reflections: ExportedReflection[];
  people: ExportedPerson[];
  introductions: ExportedIntroduction[];
  houseMeetings: ExportedHouseMeeting[];
  houseMeetingPeople: ExportedHouseMeetingPerson[];
  campaignNotes: ExportedCampaignNote[];
}

export interface ExportCounts {
  oneToOnes: number;
  reflections: number;
  people: number;
  introductions: number;
  houseMeetings: number;
  /** One-to-ones with campaign themes or a quote (a row of campaign_notes per campaign). */
  campaignNotes: number;
}

// ---- forget -------------------------------------------------------------------------------

/** One of my people as `/onetoone forget` names them. */
export interface ForgetCandidate {
  personId: string;
  name: string;
  institution: string | null;
}

/** What forgetting the person will remove, shown before anything is deleted. */
export interface ForgetPreview extends ForgetCandidate {
  oneToOnes: number;
  reflections: number;
  nextSteps: number;
  introductions: number;
  /** Pending (unanswered) nudges about the person, their one-to-ones or introductions. */
  nudges: number;
}

/** Which of my people `/onetoone forget <text>` means; `query` is the text looked for. */
export type ForgetMatch =
  | { kind: 'usage' }
  | { kind: 'none'; query: string }
  | { kind: 'many'; query: string; people: ForgetCandidate[] }
  | { kind: 'one'; preview: ForgetPreview };

/** What a confirmed erasure removed. */
export interface Erasure {
  name: string;
  people: number;
  oneToOnes: number;
  reflections: number;
  nextSteps: number;
  introductions: number;
  /** Nudge ledger rows about the person's records (pending and answered). */
  nudges: number;
}
