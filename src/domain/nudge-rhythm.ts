import { addDays, type IsoDate, isIsoDate } from './time.js';

/**
 * The organiser's rhythm of nudges (issue 9), as pure rules: which days are working days, when a
 * reflection reminder is still worth a card, how many cards one DM shows, when to ask whether a
 * kind of nudge is wanted at all, and what a pause date may be.
 */

/** ISO weekdays, 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const WEEKDAYS: readonly { day: Weekday; label: string }[] = [
  { day: 1, label: 'Monday' },
  { day: 2, label: 'Tuesday' },
  { day: 3, label: 'Wednesday' },
  { day: 4, label: 'Thursday' },
  { day: 5, label: 'Friday' },
  { day: 6, label: 'Saturday' },
  { day: 7, label: 'Sunday' },
];

export const DEFAULT_WORKING_DAYS: readonly Weekday[] = [1, 2, 3, 4, 5];

/** '1,2,3,4,5' ⇄ [1, 2, 3, 4, 5]; anything unreadable is dropped, none at all is the default. */
export function parseWorkingDays(stored: string | null | undefined): Weekday[] {
  if (stored === null || stored === undefined) return [...DEFAULT_WORKING_DAYS];
  const days = stored
    .split(',')
    .map((d) => Number(d.trim()))
    .filter((d): d is Weekday => Number.isInteger(d) && d >= 1 && d <= 7);
  return days.length ? [...new Set(days)].sort((a, b) => a - b) : [...DEFAULT_WORKING_DAYS];
}

export function formatWorkingDays(days: readonly Weekday[]): string {
  return [...new Set(days)].sort((a, b) => a - b).join(',');
}

/** "Monday to Friday", "Monday, Wednesday and Saturday", "every day". */
export function describeWorkingDays(days: readonly Weekday[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return 'every day';
  const names = sorted.map((d) => WEEKDAYS[d - 1]!.label);
  const consecutive = sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  if (consecutive && sorted.length >= 3) return `${names[0]} to ${names.at(-1)}`;
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * Rare and recent: a reflection reminder card only for a meeting held at most this many days
 * before it was logged (in the organiser's zone). Older meetings, a backfill of last month's,
 * fold into one "N one-to-ones waiting for a reflection" line.
 */
export const RECENT_MEETING_DAYS = 3;

export function isRecentMeeting(metOn: IsoDate, loggedOn: IsoDate): boolean {
  return metOn >= addDays(loggedOn, -RECENT_MEETING_DAYS);
}

/** At most this many cards in one DM; the rest is one line pointing at the Home tab. */
export const MAX_CARDS_PER_DM = 3;

/**
 * Back-off: after this many DMs in a row carrying a kind of nudge that was neither acted on nor
 * snoozed, the organiser is asked once whether to keep that kind.
 */
export const IGNORED_IN_A_ROW = 3;

/** A question left unanswered this long stops that kind. */
export const ASK_ANSWER_DAYS = 7;

/** The daily summary covers what was logged since the last DM, but never more than this. */
export const SUMMARY_MAX_DAYS = 7;

/** The longest pause that may be asked for (a year): a typo like 2062 is caught. */
export const MAX_PAUSE_DAYS = 366;

export type PauseDateCheck =
  | { ok: true; untilOn: IsoDate }
  | { ok: false; reason: 'unreadable' | 'not_future' | 'too_far' };

/**
 * A pause's end as typed (`2026-12-27`, or `until 2026-12-27`), read as a date in the
 * organiser's zone: it must be after today (nudges resume that morning) and within a year.
 */
export function checkPauseUntil(text: string, today: IsoDate): PauseDateCheck {
  const date = text
    .trim()
    .replace(/^until\s+/i, '')
    .trim();
  if (!isIsoDate(date)) return { ok: false, reason: 'unreadable' };
  if (date <= today) return { ok: false, reason: 'not_future' };
  if (date > addDays(today, MAX_PAUSE_DAYS)) return { ok: false, reason: 'too_far' };
  return { ok: true, untilOn: date };
}

/** The organiser's settings for the rhythm of nudges. */
export interface NudgeRhythm {
  workingDays: Weekday[];
  dailySummary: boolean;
}

export const DEFAULT_RHYTHM: NudgeRhythm = { workingDays: [...DEFAULT_WORKING_DAYS], dailySummary: true };

/** English ordinals for "your second one-to-one with …" (numbers past twelfth as 13th …). */
export function ordinal(n: number): string {
  const words = [
    '',
    'first',
    'second',
    'third',
    'fourth',
    'fifth',
    'sixth',
    'seventh',
    'eighth',
    'ninth',
    'tenth',
    'eleventh',
    'twelfth',
  ];
  if (n >= 1 && n < words.length) return words[n]!;
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}
