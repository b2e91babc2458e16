import type { Weekday } from '../config.js';
import type { NextStepKind } from './one-to-one.js';
import { PRACTICE_MINUTES } from './one-to-one.js';
import { addDays, type IsoDate, isValidTimeZone, localDate, weekStart, zonedTimeToInstant } from './time.js';

/**
 * The rules of the weekly team digest: when it is due, and what last week's rows add up to.
 * Pure: the time and the rows come in, a summary of counts goes out. Nothing here carries what
 * anyone wrote or any person's name: only organisers' Slack ids and institutions' names.
 */

export const DIGEST_WEEKDAYS: readonly Weekday[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

/** Weeks in the digest's chart, the reported week last. */
export const DIGEST_CHART_WEEKS = 8;
/** A reflection counts towards the rate when written within this long of logging. */
export const REFLECTION_WINDOW_MS = 48 * 60 * 60 * 1000;

export interface DigestSchedule {
  day: Weekday;
  /** HH:MM, local. */
  time: string;
  timeZone: string;
}

/** What was wrong with a `digest schedule` request; `typed` is the word as typed (cut short). */
export type ScheduleProblem =
  | { kind: 'usage' }
  | { kind: 'day'; typed: string }
  | { kind: 'time'; typed: string }
  | { kind: 'timeZone'; typed: string };

export type ScheduleParse =
  | { ok: true; day: Weekday; time: string; timeZone: string | undefined }
  | { ok: false; problem: ScheduleProblem; message: string };

/** How much of a mistyped day or time, and of a time zone, a reply quotes back. */
const ECHO_WORD = 20;
const ECHO_ZONE = 40;

const SCHEDULE_USAGE =
  'Give a day, a time and optionally a time zone, e.g. `/onetoone digest schedule monday 09:00 Europe/London`.';

/**
 * The sentence for a schedule problem. `quote` renders the typed word: a view passes the one
 * user-text renderer, so what was typed shows as typed and never as formatting or a link.
 */
export function scheduleProblemText(
  problem: ScheduleProblem,
  quote: (typed: string) => string = (typed) => typed,
): string {
  switch (problem.kind) {
    case 'usage':
      return SCHEDULE_USAGE;
    case 'day':
      return `“${quote(problem.typed)}” is not a day of the week. ${SCHEDULE_USAGE}`;
    case 'time':
      return `“${quote(problem.typed)}” is not a time: use 24-hour HH:MM, e.g. 09:00.`;
    case 'timeZone':
      return `“${quote(problem.typed)}” is not a time zone I know: use an IANA name such as Europe/London or America/New_York.`;
  }
}

function problem(p: ScheduleProblem): ScheduleParse {
  return { ok: false, problem: p, message: scheduleProblemText(p) };
}

/** Parses "monday 09:00 [Europe/London]" (day names may be abbreviated to three letters). */
export function parseDigestSchedule(text: string): ScheduleParse {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length < 2 || words.length > 3) return problem({ kind: 'usage' });
  const [dayWord, timeWord, zone] = words as [string, string, string | undefined];
  const lower = dayWord.toLowerCase();
  const day = DIGEST_WEEKDAYS.find((d) => d === lower || (lower.length >= 3 && d.startsWith(lower)));
  if (!day) return problem({ kind: 'day', typed: dayWord.slice(0, ECHO_WORD) });
  const m = /^(\d{1,2}):(\d{2})$/.exec(timeWord);
  const hour = m ? Number(m[1]) : Number.NaN;
  const minute = m ? Number(m[2]) : Number.NaN;
  if (!m || hour > 23 || minute > 59) return problem({ kind: 'time', typed: timeWord.slice(0, ECHO_WORD) });
  if (zone !== undefined && (!zone.includes('/') || !isValidTimeZone(zone))) {
    return problem({ kind: 'timeZone', typed: zone.slice(0, ECHO_ZONE) });
  }
  const time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  return { ok: true, day, time, timeZone: zone };
}

export interface DigestTiming {
  /** Monday of the week the digest reports on (last week, in the schedule's time zone). */
  weekStart: IsoDate;
  /** Sunday of that week. */
  weekEnd: IsoDate;
  /** When this week's digest is due: the scheduled local day and time, as an instant. */
  dueAt: Date;
  /** Due and still within the week it belongs to: post it (a digest missed while down included). */
  due: boolean;
}

/**
 * This week's digest (about last week) and whether it is due at `now`. The scheduled wall time is
 * turned into an instant for this very week, so a digest at 09:00 stays at 09:00 local across
 * clock changes. Once the local week is over, last week's digest is no longer due: the next one
 * reports on the week that just ended.
 */
export function digestTiming(now: Date, schedule: DigestSchedule): DigestTiming {
  const today = localDate(now, schedule.timeZone);
  const thisMonday = weekStart(today);
  const dueDate = addDays(thisMonday, DIGEST_WEEKDAYS.indexOf(schedule.day));
  const dueAt = zonedTimeToInstant(dueDate, schedule.time, schedule.timeZone);
  const reported = addDays(thisMonday, -7);
  return { weekStart: reported, weekEnd: addDays(reported, 6), dueAt, due: now.getTime() >= dueAt.getTime() };
}

/** The next instant a digest will be posted, for telling people when to expect it. */
export function nextDigestAt(now: Date, schedule: DigestSchedule): Date {
  const timing = digestTiming(now, schedule);
  if (!timing.due) return timing.dueAt;
  const nextWeek = addDays(weekStart(localDate(now, schedule.timeZone)), 7);
  return zonedTimeToInstant(
    addDays(nextWeek, DIGEST_WEEKDAYS.indexOf(schedule.day)),
    schedule.time,
    schedule.timeZone,
  );
}

/** The UTC instants bounding a local week [Monday 00:00, next Monday 00:00) in `timeZone`. */
export function weekInstants(start: IsoDate, timeZone: string): { from: Date; to: Date } {
  return {
    from: zonedTimeToInstant(start, '00:00', timeZone),
    to: zonedTimeToInstant(addDays(start, 7), '00:00', timeZone),
  };
}

/** One of last week's one-to-ones, as the digest sees it: no text, no person. */
export interface DigestWeekRow {
  organiserId: string;
  metOn: IsoDate;
  durationMinutes: number;
  nextStepKind: NextStepKind;
  /** When it was logged (ISO instant). */
  createdAt: string;
  /** When its reflection was written, or null. */
  reflectedAt: string | null;
  /** Its row id and person's id: only to tell first meetings apart, never shown. */
  id: string;
  personId: string;
  /** True when the organiser met that person on an earlier day (before this one-to-one's date). */
  metOnEarlierDay: boolean;
  institutionId: string | null;
}

export interface DigestInput {
  weekStart: IsoDate;
  timeZone: string;
  /** The team: channel members who are organisers, with their own weekly goals. */
  organisers: { userId: string; weeklyGoal: number }[];
  /** Last week's one-to-ones of those organisers. */
  weekRows: DigestWeekRow[];
  /** One-to-ones per met_on date over the chart's weeks. */
  dailyCounts: { metOn: IsoDate; held: number }[];
  nextStepsCompleted: number;
  nextStepsOverdue: number;
  /** Names of institutions the team reached last week that were first named in the workspace then. */
  newInstitutions: string[];
  /** Introductions the team's organisers brokered between leaders (issue 5); counts only. */
  brokeredIntroductions?: BrokeredIntroductions;
}

/** Introductions made last week (and how many across institutions), and "They met" answers. */
export interface BrokeredIntroductions {
  agreed: number;
  acrossInstitutions: number;
  happened: number;
}

export type LengthVerdict = 'short' | 'practice' | 'long';

export interface DigestSummary {
  weekStart: IsoDate;
  weekEnd: IsoDate;
  timeZone: string;
  members: number;
  held: number;
  previousWeek: number;
  goalSum: number;
  /** Oldest first; the reported week last. */
  weeks: { start: IsoDate; held: number }[];
  activeMembers: number;
  /** Slack ids of organisers who met their own goal last week: celebrated by name. */
  goalMet: string[];
  newRelationships: number;
  deepening: number;
  institutionsReached: number;
  newInstitutions: string[];
  nextSteps: { agreed: number; completed: number; overdue: number; introductions: number };
  /** Share of last week's one-to-ones reflected within 48 hours; null when none were held. */
  reflectionRate: number | null;
  averageMinutes: number | null;
  lengthVerdict: LengthVerdict | null;
  brokeredIntroductions?: BrokeredIntroductions;
}

export function reflectedInTime(createdAt: string, reflectedAt: string | null): boolean {
  if (!reflectedAt) return false;
  const gap = Date.parse(reflectedAt) - Date.parse(createdAt);
  return gap <= REFLECTION_WINDOW_MS;
}

export function lengthVerdict(averageMinutes: number): LengthVerdict {
  if (averageMinutes < PRACTICE_MINUTES.min) return 'short';
  if (averageMinutes > PRACTICE_MINUTES.max) return 'long';
  return 'practice';
}

/**
 * New relationships: one-to-ones that are someone's first. A person met on an earlier day is not
 * new; of several first-day meetings with one person (logged twice the same day), only the one
 * logged first counts (then by id, for a tie). Those all fall in the same week, so this needs no
 * more than the week's rows.
 */
export function countFirstMeetings(rows: readonly DigestWeekRow[]): number {
  const firsts = new Map<string, DigestWeekRow>();
  for (const r of rows) {
    if (r.metOnEarlierDay) continue;
    const seen = firsts.get(r.personId);
    const earlier =
      !seen ||
      r.metOn < seen.metOn ||
      (r.metOn === seen.metOn &&
        (r.createdAt < seen.createdAt || (r.createdAt === seen.createdAt && r.id < seen.id)));
    if (earlier) firsts.set(r.personId, r);
  }
  return firsts.size;
}

/**
 * What last week's one-to-ones add up to, before the chart and the counts read apart: what
 * summariseDigest derives from the rows, and what the digest's read path (src/services/digest.ts)
 * aggregates in SQL instead of fetching every row.
 */
export interface DigestWeekFigures {
  held: number;
  /** One-to-ones held per organiser (those with none may be left out). */
  heldBy: ReadonlyMap<string, number>;
  totalMinutes: number;
  /** Distinct institutions reached. */
  institutionsReached: number;
  newRelationships: number;
  /** With a next step agreed (any kind but none), and of those, introductions. */
  agreed: number;
  introductions: number;
  /** Reflected within REFLECTION_WINDOW_MS of being logged. */
  reflectedInTime: number;
}

/** The week's figures from its rows. */
export function weekFigures(rows: readonly DigestWeekRow[]): DigestWeekFigures {
  const heldBy = new Map<string, number>();
  for (const r of rows) heldBy.set(r.organiserId, (heldBy.get(r.organiserId) ?? 0) + 1);
  return {
    held: rows.length,
    heldBy,
    totalMinutes: rows.reduce((s, r) => s + r.durationMinutes, 0),
    institutionsReached: new Set(rows.map((r) => r.institutionId).filter((id): id is string => id !== null))
      .size,
    newRelationships: countFirstMeetings(rows),
    agreed: rows.filter((r) => r.nextStepKind !== 'none').length,
    introductions: rows.filter((r) => r.nextStepKind === 'introduction').length,
    reflectedInTime: rows.filter((r) => reflectedInTime(r.createdAt, r.reflectedAt)).length,
  };
}

/** Adds last week's rows up into the digest's figures. */
export function summariseDigest(input: DigestInput): DigestSummary {
  const { weekRows, ...rest } = input;
  return summariseDigestFigures({ ...rest, week: weekFigures(weekRows) });
}

/** The digest from the week's figures (DigestInput with the rows already added up). */
export function summariseDigestFigures(
  input: Omit<DigestInput, 'weekRows'> & { week: DigestWeekFigures },
): DigestSummary {
  const { weekStart: start, week } = input;
  const weekEnd = addDays(start, 6);
  const chartStart = addDays(start, -7 * (DIGEST_CHART_WEEKS - 1));
  const weeks = Array.from({ length: DIGEST_CHART_WEEKS }, (_, i) => ({
    start: addDays(chartStart, 7 * i),
    held: 0,
  }));
  for (const d of input.dailyCounts) {
    const week = weeks.find((w) => d.metOn >= w.start && d.metOn <= addDays(w.start, 6));
    if (week) week.held += d.held;
  }

  const goalMet = input.organisers
    .filter((o) => {
      const held = week.heldBy.get(o.userId) ?? 0;
      return held > 0 && held >= o.weeklyGoal;
    })
    .map((o) => o.userId)
    .sort();

  const averageMinutes = week.held ? week.totalMinutes / week.held : null;

  return {
    weekStart: start,
    weekEnd,
    timeZone: input.timeZone,
    members: input.organisers.length,
    held: week.held,
    previousWeek: weeks.at(-2)?.held ?? 0,
    goalSum: input.organisers.reduce((s, o) => s + o.weeklyGoal, 0),
    weeks,
    activeMembers: input.organisers.filter((o) => (week.heldBy.get(o.userId) ?? 0) > 0).length,
    goalMet,
    newRelationships: week.newRelationships,
    deepening: week.held - week.newRelationships,
    institutionsReached: week.institutionsReached,
    newInstitutions: [...input.newInstitutions].sort((a, b) => a.localeCompare(b, 'en')),
    nextSteps: {
      agreed: week.agreed,
      completed: input.nextStepsCompleted,
      overdue: input.nextStepsOverdue,
      introductions: week.introductions,
    },
    reflectionRate: week.held ? week.reflectedInTime / week.held : null,
    averageMinutes,
    lengthVerdict: averageMinutes === null ? null : lengthVerdict(averageMinutes),
    ...(input.brokeredIntroductions ? { brokeredIntroductions: input.brokeredIntroductions } : {}),
  };
}

// ---- the digest's use cases: what each one answers (the views take these directly) ----------

/** A workspace's schedule, with the local date of the next digest (for telling people when). */
export interface DigestScheduleInfo extends DigestSchedule {
  nextOn: IsoDate;
}

export type SubscribeDigestResult =
  | { kind: 'subscribed' | 'alreadySubscribed'; channelId: string; schedule: DigestScheduleInfo }
  /** A direct message has no members to call a team. */
  | { kind: 'notAChannel' }
  | { kind: 'botNotInChannel' };

export type UnsubscribeDigestResult = { kind: 'unsubscribed' | 'notSubscribed'; channelId: string };

export type PreviewDigestResult = { kind: 'preview'; summary: DigestSummary } | { kind: 'botNotInChannel' };

/** Why a workspace setting was not changed: not an admin, or Slack could not say. */
export type AdminRefusal = { kind: 'notAdmin' } | { kind: 'slackUnavailable' };

export type ChangeDigestScheduleResult =
  | { kind: 'changed'; schedule: DigestScheduleInfo }
  | { kind: 'invalid'; problem: ScheduleProblem }
  | AdminRefusal;

/** `/onetoone digest`: the schedule, the channels that get it, and whether this one does. */
export interface DigestStatus {
  schedule: DigestScheduleInfo;
  channelIds: string[];
  subscribedHere: boolean;
}
