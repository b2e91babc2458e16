import { addDays, isIsoDate } from './time.js';

/** The rules of an introduction an organiser brokers between two of their people. */

/** Where an introduction stands: agreed (made), then the organiser's answer to "did they meet?". */
export type IntroductionStatus = 'agreed' | 'met' | 'not_yet' | 'wont_happen';

/** The organiser is asked whether they met this many days after the introduction. */
export const FOLLOW_UP_DAYS = 7;
/** "Not yet" asks again this many days later. */
export const NOT_YET_DAYS = 7;
/** Slack's plain_text_input holds at most 3000 characters (Block Kit plain-text input `max_length`). */
export const WHY_MAX = 3000;

export const OUTCOMES: readonly { value: Exclude<IntroductionStatus, 'agreed'>; label: string }[] = [
  { value: 'met', label: 'They met' },
  { value: 'not_yet', label: 'Not yet' },
  { value: 'wont_happen', label: 'Won’t happen' },
];

export interface RawIntroductionInput {
  personA: string | null;
  personB: string | null;
  why: string | null;
  introducedOn: string | null;
}

export type IntroductionField = keyof RawIntroductionInput;

export interface IntroductionInput {
  personA: string;
  personB: string;
  why: string | null;
  introducedOn: string;
  followUpDueOn: string;
}

export type IntroductionValidation =
  | { ok: true; value: IntroductionInput }
  | { ok: false; errors: Partial<Record<IntroductionField, string>> };

/** `today` is the organiser's local date: an introduction cannot be recorded in the future. */
export function validateIntroduction(raw: RawIntroductionInput, today: string): IntroductionValidation {
  const errors: Partial<Record<IntroductionField, string>> = {};
  const a = raw.personA?.trim() || null;
  const b = raw.personB?.trim() || null;
  if (!a) errors.personA = 'Choose the first person.';
  if (!b) errors.personB = 'Choose the second person.';
  if (a && b && a === b) errors.personB = 'Choose two different people.';
  const why = raw.why?.trim() || null;
  if (why && why.length > WHY_MAX) errors.why = `Keep it under ${WHY_MAX} characters.`;
  const on = raw.introducedOn?.trim() || today;
  if (!isIsoDate(on)) errors.introducedOn = 'Choose a date.';
  else if (on > today)
    errors.introducedOn = 'That date is in the future: record the introduction once it is made.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { personA: a!, personB: b!, why, introducedOn: on, followUpDueOn: addDays(on, FOLLOW_UP_DAYS) },
  };
}

export function isOutcome(value: string): value is Exclude<IntroductionStatus, 'agreed'> {
  return OUTCOMES.some((o) => o.value === value);
}

/** An introduction as its organiser sees it (only ever shown to them). */
export interface Introduction {
  id: string;
  personA: string;
  institutionA: string | null;
  personB: string;
  institutionB: string | null;
  introducedOn: string;
  status: IntroductionStatus;
  followUpDueOn: string | null;
}
