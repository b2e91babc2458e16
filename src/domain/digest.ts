import type { Weekday } from '../config.js';
import type { CampaignDigestSection } from './campaign-report.js';
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

/** Introductions between leaders made last week (and how many across institutions), and "They met" answers. */
export interface BrokeredIntroductions {
  agreed: number;
  acrossInstitutions: number;
  happened: number;
}

/**
 * No figure about members below this many is shown in a channel: "0 of 3 members held at least
 * one" points at people. Below it, the digest speaks of the team's work only, and names nobody.
 */
export const MIN_MEMBERS_SHOWN = 5;

/** One organiser's totals for one week (the digest's per-week facts, kept on write). */
export interface OrganiserWeek {
  organiserId: string;
  /** Monday of the week. */
  weekStart: IsoDate;
  held: number;
  minutes: number;
  /** With a next step agreed (any kind but none). */
  stepsAgreed: number;
}

/** What the log says of one person, as dates and instants: enough to tell their stage at a moment. */
export interface PersonMilestones {
  firstMetOn: IsoDate | null;
  secondMetOn: IsoDate | null;
  /** When an introduction step with them was first marked done (ISO instant). */
  introducedAt: string | null;
  /** When an action step with them was first marked done (ISO instant). */
  actionAt: string | null;
}

/** People who moved up a stage last week, by the stage they reached (counted once, at the highest). */
export interface StageMoves {
  metAgain: number;
  introduced: number;
  action: number;
}

/** A week's bounds in both forms: local dates for meetings, instants for what was marked done. */
export interface WeekBounds {
  fromDate: IsoDate;
  toDate: IsoDate;
  fromInstant: string;
  toInstant: string;
}

/** 0 not met, 1 met once, 2 met again, 3 introduced to others, 4 took part in an action. */
function rankAt(
  p: PersonMilestones,
  beforeDate: (d: IsoDate) => boolean,
  beforeInstant: (i: string) => boolean,
) {
  if (p.actionAt !== null && beforeInstant(p.actionAt)) return 4;
  if (p.introducedAt !== null && beforeInstant(p.introducedAt)) return 3;
  if (p.secondMetOn !== null && beforeDate(p.secondMetOn)) return 2;
  if (p.firstMetOn !== null && beforeDate(p.firstMetOn)) return 1;
  return 0;
}

/**
 * People who moved up the stages during the week, as the log shows them (met again, introduced
 * to others, took part in an action): a person already met before the week whose stage at its
 * end is higher than at its start, counted once at the stage reached. Someone first met that
 * week is a new relationship, not a move. The caller leaves out people whose stage the organiser
 * set by hand (a correction has no date to place it in a week).
 */
export function countStageMoves(people: readonly PersonMilestones[], week: WeekBounds): StageMoves {
  const moves: StageMoves = { metAgain: 0, introduced: 0, action: 0 };
  for (const p of people) {
    const start = rankAt(
      p,
      (d) => d < week.fromDate,
      (i) => i < week.fromInstant,
    );
    const end = rankAt(
      p,
      (d) => d <= week.toDate,
      (i) => i < week.toInstant,
    );
    if (start === 0 || end <= start) continue;
    if (end === 4) moves.action++;
    else if (end === 3) moves.introduced++;
    else moves.metAgain++;
  }
  return moves;
}

/** What the digest's queries add up to for one team and week; counts, ids and places only. */
export interface DigestFigures {
  weekStart: IsoDate;
  timeZone: string;
  /** The team: channel members who have logged a one-to-one and were not paused that week, with the goal in force then. */
  organisers: { userId: string; weeklyGoal: number }[];
  /** Their totals per week over the chart's weeks (weeks with none may be left out). */
  weeks: OrganiserWeek[];
  /** Monday of the team's first week of use (first one-to-one, or first use of the bot), or null. */
  firstWeek: IsoDate | null;
  /** People first met last week. */
  newRelationships: number;
  stageMoves: StageMoves;
  /** Distinct institutions met last week. */
  institutionsReached: number;
  /** Names of the institutions reached last week that nobody in the workspace had met before. */
  newInstitutions: string[];
  /** Reflections written last week. */
  reflections: number;
  nextStepsCompleted: number;
  /** Next steps due in the chart's weeks, up to the end of last week, still open. */
  nextStepsStillOpen: number;
  introductions: BrokeredIntroductions;
}

export type LengthVerdict = 'short' | 'practice' | 'long';

/** Members who held at least one one-to-one, in words that point at nobody (memberLine). */
export interface MemberLine {
  active: number;
  /** The team's size, when the members without one are none or many enough not to point at anyone. */
  of?: number;
  /** Everyone in the team held at least one. */
  everyone: boolean;
}

export interface DigestSummary {
  weekStart: IsoDate;
  weekEnd: IsoDate;
  timeZone: string;
  /** Someone in the channel has logged a one-to-one (and is not paused): there is a team to speak of. */
  hasTeam: boolean;
  held: number;
  previousWeek: number;
  /** Oldest first, the reported week last; from the team's first week of use, at most 8. */
  weeks: { start: IsoDate; held: number }[];
  /** null when the counts would point at someone (MIN_MEMBERS_SHOWN). */
  members: MemberLine | null;
  /** Slack ids of organisers who met that week's own goal, celebrated by name; none in a small team. */
  goalMet: string[];
  newRelationships: number;
  deepening: number;
  stageMoves: StageMoves;
  institutionsReached: number;
  newInstitutions: string[];
  introductions: BrokeredIntroductions;
  reflections: number;
  nextSteps: { agreed: number; completed: number; stillOpen: number };
  averageMinutes: number | null;
  lengthVerdict: LengthVerdict | null;
  /** The channel's listening campaign in that week (issue 11), if any: counts and shown themes only. */
  campaign?: CampaignDigestSection;
  /** The team's house meetings that week (issue 11), when it held any: counts only. */
  houseMeetings?: TeamHouseMeetings;
}

/**
 * The team's house meetings in the digest's week: never added to the one-to-ones. How many of
 * the team held one is said only as a MemberLine (null in a small team, as for one-to-ones).
 */
export interface TeamHouseMeetings {
  meetings: number;
  /** People who took part, summed over the meetings. */
  attendance: number;
  hosts: MemberLine | null;
}

export function lengthVerdict(averageMinutes: number): LengthVerdict {
  if (averageMinutes < PRACTICE_MINUTES.min) return 'short';
  if (averageMinutes > PRACTICE_MINUTES.max) return 'long';
  return 'practice';
}

/**
 * How many members held at least one, said so that it points at nobody: nothing at all when the
 * team or the count is below MIN_MEMBERS_SHOWN; the team's size only when everyone held one or
 * when those who did not are MIN_MEMBERS_SHOWN or more.
 */
export function memberLine(members: number, active: number): MemberLine | null {
  if (members < MIN_MEMBERS_SHOWN || active < MIN_MEMBERS_SHOWN) return null;
  const without = members - active;
  if (without === 0) return { active, of: members, everyone: true };
  return without >= MIN_MEMBERS_SHOWN
    ? { active, of: members, everyone: false }
    : { active, everyone: false };
}

/** The first Monday the chart shows: the team's first week of use, at most DIGEST_CHART_WEEKS back. */
export function chartStart(reported: IsoDate, firstWeek: IsoDate | null): IsoDate | null {
  if (firstWeek === null || firstWeek > reported) return null;
  const earliest = addDays(reported, -7 * (DIGEST_CHART_WEEKS - 1));
  return firstWeek > earliest ? firstWeek : earliest;
}

/** The digest from its figures: totals, the chart, and what may be said of members. */
export function summariseDigest(input: DigestFigures): DigestSummary {
  const { weekStart: start } = input;
  const weekEnd = addDays(start, 6);
  const team = new Set(input.organisers.map((o) => o.userId));
  const rows = input.weeks.filter((w) => team.has(w.organiserId));
  const heldIn = (week: IsoDate) => rows.filter((w) => w.weekStart === week).reduce((s, w) => s + w.held, 0);

  const first = chartStart(start, input.firstWeek);
  const weeks: { start: IsoDate; held: number }[] = [];
  if (first !== null) {
    for (let w = first; w <= start; w = addDays(w, 7)) weeks.push({ start: w, held: heldIn(w) });
  }

  const thisWeek = rows.filter((w) => w.weekStart === start);
  const held = thisWeek.reduce((s, w) => s + w.held, 0);
  const minutes = thisWeek.reduce((s, w) => s + w.minutes, 0);
  const heldBy = new Map<string, number>();
  for (const w of thisWeek) heldBy.set(w.organiserId, (heldBy.get(w.organiserId) ?? 0) + w.held);

  const members = input.organisers.length;
  const goalMet =
    members >= MIN_MEMBERS_SHOWN
      ? input.organisers
          .filter((o) => {
            const mine = heldBy.get(o.userId) ?? 0;
            return mine > 0 && mine >= o.weeklyGoal;
          })
          .map((o) => o.userId)
          .sort()
      : [];
  const active = input.organisers.filter((o) => (heldBy.get(o.userId) ?? 0) > 0).length;
  const averageMinutes = held ? minutes / held : null;
  const newRelationships = Math.min(input.newRelationships, held);

  return {
    weekStart: start,
    weekEnd,
    timeZone: input.timeZone,
    hasTeam: members > 0,
    held,
    previousWeek: heldIn(addDays(start, -7)),
    weeks,
    members: memberLine(members, active),
    goalMet,
    newRelationships,
    deepening: held - newRelationships,
    stageMoves: input.stageMoves,
    institutionsReached: input.institutionsReached,
    newInstitutions: [...input.newInstitutions].sort((a, b) => a.localeCompare(b, 'en')),
    introductions: input.introductions,
    reflections: input.reflections,
    nextSteps: {
      agreed: thisWeek.reduce((s, w) => s + w.stepsAgreed, 0),
      completed: input.nextStepsCompleted,
      stillOpen: input.nextStepsStillOpen,
    },
    averageMinutes,
    lengthVerdict: averageMinutes === null ? null : lengthVerdict(averageMinutes),
  };
}

/** What the trend picture says around its bars (digestPictureWords in src/views/digest.ts). */
export interface DigestPictureWords {
  title: string;
  filename: string;
  /** The thread reply's line with the picture. */
  comment: string;
  /** Each week's name under its bar, oldest first (one per week of DigestSummary.weeks). */
  labels: string[];
}

// ---- the digest's use cases: what each one answers (the views take these directly) ----------

/** A workspace's schedule, with the local date of the next digest (for telling people when). */
export interface DigestScheduleInfo extends DigestSchedule {
  nextOn: IsoDate;
  /** Set when this is a channel's own schedule (set by its subscriber or an admin), not the workspace's. */
  channelId?: string;
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
  | AdminRefusal
  /** A subscribed channel's schedule is its subscriber's (or an admin's) to change. */
  | { kind: 'notSubscriber'; channelId: string; subscribedBy: string };

/** `/onetoone digest`: the schedule, the channels that get it, and whether this one does. */
export interface DigestStatus {
  schedule: DigestScheduleInfo;
  channelIds: string[];
  subscribedHere: boolean;
}
