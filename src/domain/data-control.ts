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

/** Everything one organiser wrote, as of `date` (their local date, for the file names). */
export interface MyData {
  date: string;
  oneToOnes: ExportedOneToOne[];
  reflections: ExportedReflection[];
  people: ExportedPerson[];
  introductions: ExportedIntroduction[];
}

export interface ExportCounts {
  oneToOnes: number;
  reflections: number;
  people: number;
  introductions: number;
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
