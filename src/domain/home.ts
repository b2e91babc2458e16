import type { HouseMeetingRhythm } from './campaign.js';
import type { CampaignProgressLine } from './campaign-report.js';
import type { IntroductionStatus } from './introduction.js';
import type { LeadTeamView } from './lead.js';
import type { NextStepKind } from './one-to-one.js';
import { addDays, daysBetween, type IsoDate, weekdayOf } from './time.js';

/**
 * What the organiser's Home tab shows (services/home.ts gathers it; views/home.ts draws it), and
 * the rules that pick what it suggests doing next. Pure: dates are the organiser's local dates.
 */

/** A capped list: the first items and how many there are in all ("and N more"). */
export interface HomeList<T> {
  items: T[];
  total: number;
}

/** Next steps due from today through this many days ahead are "due in the next 7 days". */
export const DUE_AHEAD_DAYS = 6;
/**
 * A meeting held this many days ago or less is recent: worth a reflection while it is fresh (the
 * same span as the reflection reminder). Older ones wait on the list without being pressed.
 */
export const RECENT_MEETING_DAYS = 3;

export interface DueStep {
  /** The one-to-one whose next step this is; for a house meeting's follow-up, its follow-up id. */
  oneToOneId: string;
  /**
   * Where the step comes from: a one-to-one's agreed next step, or "would like a one-to-one" at a
   * house meeting (another meeting, due a week after it; its Done is the follow-up's own).
   */
  source?: 'houseMeeting';
  personName: string;
  institutionName: string | null;
  kind: NextStepKind;
  dueOn: string;
  note: string | null;
}

export interface AwaitingReflection {
  oneToOneId: string;
  personName: string;
  institutionName: string | null;
  metOn: string;
}

export interface GoingCold {
  personId: string;
  personName: string;
  institutionName: string | null;
  meetings: number;
  lastMetOn: string;
}

/** An introduction I made whose "did they meet?" is still open (agreed, or "not yet"). */
export interface AwaitingIntroduction {
  introductionId: string;
  personA: string;
  institutionA: string | null;
  personB: string;
  institutionB: string | null;
  introducedOn: string;
  status: Extract<IntroductionStatus, 'agreed' | 'not_yet'>;
  /** When I will be asked (again) by the follow-up nudge; null if never. */
  followUpDueOn: string | null;
}

/**
 * The one thing the top of the Home tab suggests. In priority order (suggestNext):
 * - `welcome`: nothing logged yet: what the bot is for, and log the first one-to-one;
 * - `reflect`: the most recent meeting not yet reflected on, when it is recent;
 * - `nextStep`: the open next step due soonest, when it is due today or still open from before;
 * - `goingCold`: someone met more than once, going cold (the most recently met);
 * - `goal`: this week's goal, when it is not reached yet;
 * - `upcomingStep`: a next step due in the coming days;
 * - `goalMet`: the week's goal reached and nothing pressing: well done, and log the next.
 */
export type Suggestion =
  | { kind: 'welcome' }
  | { kind: 'reflect'; meeting: AwaitingReflection }
  | { kind: 'nextStep'; step: DueStep }
  | { kind: 'goingCold'; person: GoingCold }
  | { kind: 'goal'; remaining: number; goal: number }
  | { kind: 'upcomingStep'; step: DueStep }
  | { kind: 'goalMet'; thisWeek: number; goal: number };

/** A nudge pause in force today: no nudges until (and resuming on) `untilOn`. */
export interface HomePause {
  untilOn: string;
}

export interface HomeData {
  today: string;
  goal: number;
  thisWeek: number;
  streak: number;
  /** The streak reached the longest span counted: shown as "N+". */
  streakCapped: boolean;
  goingColdWeeks: number;
  /** Nothing logged yet, ever: the Home tab welcomes rather than lists. */
  firstOpen: boolean;
  suggestion: Suggestion;
  /** Nudges paused today, or null. */
  pause: HomePause | null;
  /** Open next steps due on or before today + DUE_AHEAD_DAYS, still open ones first. */
  dueSteps: HomeList<DueStep>;
  introductions: HomeList<AwaitingIntroduction>;
  /** Not dismissed, the most recent meeting first. */
  unreflected: HomeList<AwaitingReflection>;
  goingCold: HomeList<GoingCold>;
  /** Running listening campaigns I take part in (issue 11): src/views/campaign-home.ts draws them. */
  campaigns?: CampaignProgressLine[];
  /** My house meetings (issue 11), their own rhythm: src/views/house-meeting-messages.ts draws it. */
  houseMeetings?: HouseMeetingRhythm;
  /** The organisers who share their counts with me as their lead (issue 12): src/views/lead-home.ts. */
  lead?: LeadTeamView;
}

/** What suggestNext weighs: the first items of the Home lists (in their order) and the week. */
export interface SuggestionInput {
  today: IsoDate;
  firstOpen: boolean;
  goal: number;
  thisWeek: number;
  /** Due soonest first (still open ones first). */
  dueSteps: readonly DueStep[];
  /** The most recent meeting first. */
  unreflected: readonly AwaitingReflection[];
  /** The most recently met first. */
  goingCold: readonly GoingCold[];
}

/** Whether a meeting on `metOn` is recent on `today` (today back to RECENT_MEETING_DAYS ago). */
export function isRecentMeeting(metOn: IsoDate, today: IsoDate): boolean {
  const ago = daysBetween(metOn, today);
  return ago >= 0 && ago <= RECENT_MEETING_DAYS;
}

/** The single most useful next thing, by the rules in Suggestion's order. Deterministic. */
export function suggestNext(d: SuggestionInput): Suggestion {
  if (d.firstOpen) return { kind: 'welcome' };
  const latest = d.unreflected[0];
  if (latest && isRecentMeeting(latest.metOn, d.today)) return { kind: 'reflect', meeting: latest };
  const soonest = d.dueSteps[0];
  if (soonest && soonest.dueOn <= d.today) return { kind: 'nextStep', step: soonest };
  const cold = d.goingCold[0];
  if (cold) return { kind: 'goingCold', person: cold };
  if (d.thisWeek < d.goal) return { kind: 'goal', remaining: d.goal - d.thisWeek, goal: d.goal };
  if (soonest && soonest.dueOn <= addDays(d.today, DUE_AHEAD_DAYS))
    return { kind: 'upcomingStep', step: soonest };
  return { kind: 'goalMet', thisWeek: d.thisWeek, goal: d.goal };
}

/**
 * A date near today as a person says it: still open since an earlier date, today, yesterday,
 * tomorrow, or a weekday name within the week either side (unambiguous: at most six days away,
 * so no two dates of the same name). Further away: the date itself.
 */
export type RelativeDay =
  | { kind: 'today' }
  | { kind: 'tomorrow' }
  | { kind: 'yesterday' }
  | { kind: 'weekday'; weekday: Weekday; past: boolean }
  | { kind: 'date'; past: boolean };

export type Weekday = 'Monday' | 'Tuesday' | 'Wednesday' | 'Thursday' | 'Friday' | 'Saturday' | 'Sunday';

const WEEKDAYS: readonly Weekday[] = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];

export function weekdayName(date: IsoDate): Weekday {
  return WEEKDAYS[weekdayOf(date) - 1]!;
}

/** `date` relative to `today` (both local dates of the organiser). */
export function relativeDay(date: IsoDate, today: IsoDate): RelativeDay {
  const days = daysBetween(today, date);
  if (days === 0) return { kind: 'today' };
  if (days === 1) return { kind: 'tomorrow' };
  if (days === -1) return { kind: 'yesterday' };
  if (Math.abs(days) <= 6) return { kind: 'weekday', weekday: weekdayName(date), past: days < 0 };
  return { kind: 'date', past: days < 0 };
}
