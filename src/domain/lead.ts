import { SLACK_TEXT_INPUT_MAX } from './one-to-one.js';
import type { RelationshipStage } from './relationship.js';
import { addDays, type IsoDate, isValidTimeZone, localDate, weekdayOf, zonedTimeToInstant } from './time.js';

/**
 * A lead organiser's view, only with the organiser's consent (issue 12): the rules and the app's
 * types. A lead sees counts of an organiser who invited them and whom they accepted, never a
 * person's name or anything written, except one reflection at a time the organiser chose to
 * share and the points the organiser wrote for their evaluation. Pure.
 */

export type LeadShareStatus = 'invited' | 'accepted' | 'declined' | 'stopped';

/** What a lead was shown: the team view, their Home tab, an evaluation agenda, a shared reflection. */
export type LeadAccessKind = 'team' | 'home' | 'agenda' | 'reflection';

export const ACCESS_KIND_LABEL: Record<LeadAccessKind, string> = {
  team: 'your figures (`/onetoone team`)',
  home: 'your figures (their Home tab)',
  agenda: 'your evaluation agenda',
  reflection: 'a reflection you shared',
};

/** The chart's weeks, as `/onetoone stats` shows them. */
export const LEAD_WEEKS = 8;
/** The agenda is sent this long before the evaluation. */
export const AGENDA_AHEAD_MS = 60 * 60 * 1000;
/** Most organisers shown in one `/onetoone team` message (one block each; a message holds 50). */
export const TEAM_VIEW_MAX = 45;
/** Most organisers' rows on the lead's Home tab (several rows a block). */
export const HOME_ROWS_MAX = 40;
/** How many access-log entries `/onetoone shared` shows. */
export const ACCESS_LOG_SHOWN = 15;
/** Longest agenda points (a Slack plain_text_input holds 3,000 characters). */
export const AGENDA_POINTS_MAX = SLACK_TEXT_INPUT_MAX;

export interface EvaluationSchedule {
  /** 1 Monday … 7 Sunday. */
  weekday: number;
  /** HH:MM, the organiser's wall clock. */
  time: string;
  timeZone: string;
}

export interface LeadShare {
  id: string;
  teamId: string;
  organiserId: string;
  leadId: string;
  status: LeadShareStatus;
  invitedAt: string;
  acceptedAt: string | null;
  endedAt: string | null;
  schedule: EvaluationSchedule | null;
}

/** An organiser's figures as their lead sees them: counts only. */
export interface OrganiserFigures {
  organiserId: string;
  today: IsoDate;
  goal: number;
  thisWeek: number;
  /** Oldest first, the current week last (LEAD_WEEKS of them). */
  weeks: { start: IsoDate; held: number; goal: number }[];
  houseMeetings: { thisWeek: number; inWeeks: number };
  nextSteps: { dueThisWeek: number; stillOpen: number; doneThisWeek: number };
  /** One-to-ones of the chart's weeks with no reflection (and not set aside as needing none). */
  reflectionsPending: number;
  /** People per stage of the ladder (src/domain/relationship.ts). */
  ladder: Record<RelationshipStage, number>;
  /** People who reached a stage this week: met again, introduced to others, took part in an action. */
  movedUp: { metAgain: number; introduced: number; action: number };
  /** Introductions made in the chart's weeks, and how many of them met. */
  introductions: { made: number; met: number };
  /** Running campaigns' themes heard from at least the campaign's minimum of distinct people. */
  themes: { label: string; people: number }[];
  /** Reflections the organiser shared with this lead. */
  sharedReflections: number;
}

export interface LeadTeamView {
  rows: OrganiserFigures[];
  /** Organisers beyond what the surface shows. */
  more: number;
}

export interface SharedOverview {
  leads: { leadId: string; status: LeadShareStatus; since: string; schedule: EvaluationSchedule | null }[];
  access: { leadId: string; what: LeadAccessKind; at: string }[];
  reflections: { reflectionId: string; leadId: string; metOn: IsoDate; sharedAt: string }[];
  timeZone: string;
}

export interface SharedReflection {
  reflectionId: string;
  metOn: IsoDate;
  sharedAt: string;
  motivations: string | null;
  contribution: string | null;
  differently: string | null;
  depth: string | null;
}

/** One reflection's sharing, as its author sees it where they read it again (the reflection modal). */
export interface ReflectionSharing {
  oneToOneId: string;
  /** The leads the organiser shares their counts with now (accepted). */
  leadIds: string[];
  /** Who can read this reflection now. */
  sharedWith: string[];
}

export interface Agenda {
  shareId: string;
  organiserId: string;
  leadId: string;
  evalOn: IsoDate;
  /** When the evaluation starts. */
  at: string;
  schedule: EvaluationSchedule;
  figures: OrganiserFigures;
  /** The organiser's own points for the lead, or null. */
  points: string | null;
}

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;

export function weekdayName(weekday: number): string {
  const name = WEEKDAYS[weekday - 1] ?? 'monday';
  return name[0]!.toUpperCase() + name.slice(1);
}

/** `friday`, `fri`, `Friday` → 5. */
export function parseWeekday(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (t.length < 3) return undefined;
  const i = WEEKDAYS.findIndex((d) => d.startsWith(t));
  return i < 0 ? undefined : i + 1;
}

/** `10:00`, `9:30`, `14h` → HH:MM; undefined for anything else. */
export function parseClockTime(text: string): string | undefined {
  const m = /^(\d{1,2})(?::(\d{2})|h)?$/.exec(text.trim().toLowerCase());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  if (h > 23 || min > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

const MENTION = /^<@([UW][A-Z0-9]{2,20})(?:\|[^<>]{0,80})?>$/;

export type ShareCommand =
  | { kind: 'status' }
  | { kind: 'with'; leadId: string }
  | { kind: 'stop'; leadId: string }
  | { kind: 'schedule'; leadId?: string; weekday: number; time: string }
  | { kind: 'scheduleOff'; leadId?: string }
  | { kind: 'usage'; problem: 'mention' | 'schedule' | 'unknown' };

export const SHARE_USAGE =
  '`/onetoone share with @lead` invites your lead organiser to see your counts; ' +
  '`/onetoone share stop @lead` stops at once; ' +
  '`/onetoone share schedule friday 10:00` sets your weekly evaluation (your time zone; `off` clears it).';

/**
 * Reads `/onetoone share …`. A lead is named by choosing them in Slack's @-suggestions (the
 * command then carries `<@U…>`): typed text is not a member and is refused, rather than guessed.
 */
export function parseShareCommand(args: string): ShareCommand {
  const words = args.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { kind: 'status' };
  const verb = words[0]!.toLowerCase();
  const member = (w: string | undefined) => (w ? MENTION.exec(w)?.[1] : undefined);
  if (verb === 'with' || verb === 'stop') {
    const rest = words.slice(1).filter((w) => w.toLowerCase() !== 'with' || verb !== 'stop');
    const leadId = rest.length === 1 ? member(rest[0]) : undefined;
    if (!leadId) return { kind: 'usage', problem: 'mention' };
    return verb === 'with' ? { kind: 'with', leadId } : { kind: 'stop', leadId };
  }
  if (verb === 'schedule') {
    let rest = words.slice(1);
    const leadId = member(rest[0]);
    if (leadId) rest = rest.slice(1);
    if (rest.length === 1 && rest[0]!.toLowerCase() === 'off') {
      return leadId ? { kind: 'scheduleOff', leadId } : { kind: 'scheduleOff' };
    }
    if (rest.length !== 2) return { kind: 'usage', problem: 'schedule' };
    const weekday = parseWeekday(rest[0]!);
    const time = parseClockTime(rest[1]!);
    if (!weekday || !time) return { kind: 'usage', problem: 'schedule' };
    return leadId ? { kind: 'schedule', leadId, weekday, time } : { kind: 'schedule', weekday, time };
  }
  return { kind: 'usage', problem: 'unknown' };
}

export interface EvaluationTiming {
  /** The evaluation's local date this week (the organiser's zone). */
  evalOn: IsoDate;
  at: Date;
  /** From an hour before until it starts: the agenda goes out then, once. */
  due: boolean;
}

/** This week's evaluation for a schedule, at `now`. */
export function evaluationThisWeek(now: Date, schedule: EvaluationSchedule): EvaluationTiming {
  const zone = isValidTimeZone(schedule.timeZone) ? schedule.timeZone : 'UTC';
  const today = localDate(now, zone);
  const evalOn = addDays(today, schedule.weekday - weekdayOf(today));
  const at = zonedTimeToInstant(evalOn, schedule.time, zone);
  const from = at.getTime() - AGENDA_AHEAD_MS;
  return { evalOn, at, due: now.getTime() >= from && now.getTime() < at.getTime() };
}

/** The next evaluation at or after `now` (this week's, or next week's once it has begun). */
export function nextEvaluation(now: Date, schedule: EvaluationSchedule): { evalOn: IsoDate; at: Date } {
  const week = evaluationThisWeek(now, schedule);
  if (week.at.getTime() > now.getTime()) return week;
  const zone = isValidTimeZone(schedule.timeZone) ? schedule.timeZone : 'UTC';
  const evalOn = addDays(week.evalOn, 7);
  return { evalOn, at: zonedTimeToInstant(evalOn, schedule.time, zone) };
}

export type PointsCheck = { ok: true; points: string | null } | { ok: false; message: string };

/** The organiser's agenda points: optional, at most AGENDA_POINTS_MAX characters. */
export function validateAgendaPoints(raw: unknown): PointsCheck {
  if (raw !== null && raw !== undefined && typeof raw !== 'string') {
    return { ok: false, message: 'Sorry, I couldn’t read that. Please type your points again.' };
  }
  const points = (raw ?? '').trim();
  if (points.length > AGENDA_POINTS_MAX) {
    return {
      ok: false,
      message: `That is ${points.length} characters: please keep it to ${AGENDA_POINTS_MAX}.`,
    };
  }
  return { ok: true, points: points || null };
}

/** The stages in ladder order with nothing counted yet. */
export function emptyLadder(): Record<RelationshipStage, number> {
  return { met_once: 0, met_again: 0, introduced: 0, action: 0, holds_one_to_ones: 0 };
}
