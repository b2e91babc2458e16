import { addDays, type IsoDate, type LocalDateTime, toLocal } from './time.js';

/**
 * When a nudge may be sent: pure rules over an instant and a time zone.
 *
 * - Only inside the organiser's working hours, read off their own wall clock. An hour a
 *   spring-forward change skips never shows on that clock, so nothing is ever sent "in" it.
 * - At most one DM per organiser per local date: the daily key is (team, user, local date), so
 *   the hour a fall-back change repeats, which has the same local date both times, cannot send
 *   twice.
 */

export interface WorkingHours {
  /** First local hour (0–23) a nudge may be sent. */
  startHour: number;
  /** Local hour at which sending stops (exclusive, 1–24). */
  endHour: number;
}

/** Nudges not sent within this many days of falling due are dropped (and the scan stays short). */
export const NUDGE_LOOKBACK_DAYS = 7;

export interface SendSlot {
  /** The organiser's local date: the daily key. */
  localDate: IsoDate;
  local: LocalDateTime;
}

/** The local slot at `now` in `timeZone` if it is inside working hours, else undefined. */
export function sendSlot(now: Date, timeZone: string, hours: WorkingHours): SendSlot | undefined {
  const local = toLocal(now, timeZone);
  if (local.hour < hours.startHour || local.hour >= hours.endHour) return undefined;
  return { localDate: local.date, local };
}

/**
 * The span of local dates somewhere on Earth at `now` (UTC−12 … UTC+14), widened by the
 * look-back: one index range scan per kind covers every organiser, whatever their zone.
 */
export function globalDueWindow(
  now: Date,
  lookbackDays = NUDGE_LOOKBACK_DAYS,
): { from: IsoDate; to: IsoDate } {
  const utc = now.toISOString().slice(0, 10);
  return { from: addDays(utc, -1 - lookbackDays), to: addDays(utc, 1) };
}

/** Whether something due on `dueOn` is due for an organiser whose local date is `today`. */
export function isDueOn(dueOn: IsoDate, today: IsoDate, lookbackDays = NUDGE_LOOKBACK_DAYS): boolean {
  return dueOn <= today && dueOn >= addDays(today, -lookbackDays);
}

/** The day the reflection reminder falls due (a UTC date: a stable part of the ledger key). */
export function reflectDueOn(loggedAt: string, afterHours: number): IsoDate {
  return new Date(Date.parse(loggedAt) + afterHours * 3_600_000).toISOString().slice(0, 10);
}

/** Wednesday: the weekly rhythm nudge's day (1 = Monday). */
export const RHYTHM_WEEKDAY = 3;

/** Fewer than half the weekly goal held so far this week. */
export function behindRhythm(heldThisWeek: number, weeklyGoal: number): boolean {
  return heldThisWeek * 2 < weeklyGoal;
}
