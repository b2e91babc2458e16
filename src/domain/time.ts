/**
 * Calendar arithmetic in people's own time zones, with nothing but Intl.
 *
 * Two kinds of time live in this bot: instants (a Date, stored as ISO UTC) and local calendar
 * dates (`YYYY-MM-DD`, what an organiser picks in a datepicker). Weeks run Monday to Sunday.
 */

export type IsoDate = string; // YYYY-MM-DD

export interface LocalDateTime {
  date: IsoDate;
  hour: number;
  minute: number;
  /** 1 = Monday … 7 = Sunday (ISO 8601). */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function parts(instant: Date, timeZone: string) {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return out as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The wall-clock date and time at `instant` in `timeZone`. */
export function toLocal(instant: Date, timeZone: string): LocalDateTime {
  const p = parts(instant, timeZone);
  const date = `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
  return { date, hour: p.hour, minute: p.minute, weekday: weekdayOf(date) };
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
/**
 * Each zone's last answer and the second it was for. Every modal asks for "today", many times a
 * second in one zone under load, and Intl's formatToParts is the dearest step left on that path.
 * UTC offsets are whole seconds (tzdb has no finer), so a local date cannot change within one.
 */
const lastDates = new Map<string, { second: number; date: IsoDate }>();

/** The local calendar date at `instant` in `timeZone`. On the hot path of every modal: asks Intl for three fields, not six. */
export function localDate(instant: Date, timeZone: string): IsoDate {
  const second = Math.floor(instant.getTime() / 1000);
  const last = lastDates.get(timeZone);
  if (last && last.second === second) return last.date;
  let f = dateFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormatters.set(timeZone, f);
  }
  let y = '';
  let m = '';
  let d = '';
  for (const p of f.formatToParts(instant)) {
    if (p.type === 'year') y = p.value;
    else if (p.type === 'month') m = p.value;
    else if (p.type === 'day') d = p.value;
  }
  const date = `${y.padStart(4, '0')}-${m}-${d}`;
  // Only zones Intl accepted reach here (it throws on others), so the map stays as small as
  // dateFormatters; an invalid instant (NaN) never matches.
  if (last) {
    last.second = second;
    last.date = date;
  } else lastDates.set(timeZone, { second, date });
  return date;
}

/** Offset of `timeZone` from UTC at `instant`, in minutes (east positive). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const p = parts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/**
 * The instant at which clocks in `timeZone` show `date` `time` (HH:MM). When that wall time is
 * skipped by a spring-forward change, the instant the clocks jump to is returned; when it occurs
 * twice (fall-back), the first occurrence.
 */
export function zonedTimeToInstant(date: IsoDate, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // Try the offsets in force a day either side; one of them is right unless the time is skipped.
  const candidates = [
    offsetMinutes(new Date(wall - 86_400_000), timeZone),
    offsetMinutes(new Date(wall + 86_400_000), timeZone),
  ]
    .map((off) => wall - off * 60_000)
    .sort((a, b) => a - b);
  for (const c of candidates) {
    const local = toLocal(new Date(c), timeZone);
    if (local.date === date && local.hour === hh && local.minute === mm) return new Date(c);
  }
  // Skipped: the later candidate lands just after the gap, at the moment clocks jump forward.
  const after = candidates[candidates.length - 1]!;
  const before = candidates[0]!;
  return new Date(Math.max(before, Math.min(after, findJump(before, after, timeZone))));
}

/** Binary search for the first minute in (lo, hi] whose offset differs from lo's. */
function findJump(lo: number, hi: number, timeZone: string): number {
  const base = offsetMinutes(new Date(lo), timeZone);
  let a = lo;
  let b = hi;
  while (b - a > 60_000) {
    const mid = a + Math.floor((b - a) / 120_000) * 60_000;
    if (offsetMinutes(new Date(mid), timeZone) === base) a = mid;
    else b = mid;
  }
  return b;
}

function toUtcDate(date: IsoDate): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  return toUtcDate(value).toISOString().slice(0, 10) === value;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const d = toUtcDate(date);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtcDate(b).getTime() - toUtcDate(a).getTime()) / 86_400_000);
}

/** 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: IsoDate): number {
  const js = toUtcDate(date).getUTCDay();
  return js === 0 ? 7 : js;
}

/** The Monday of the week holding `date`. */
export function weekStart(date: IsoDate): IsoDate {
  return addDays(date, 1 - weekdayOf(date));
}

/** Monday-to-Sunday week ranges, oldest first, ending with the week holding `date`. */
export function lastWeeks(date: IsoDate, count: number): { start: IsoDate; end: IsoDate }[] {
  const current = weekStart(date);
  const weeks: { start: IsoDate; end: IsoDate }[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const start = addDays(current, -7 * i);
    weeks.push({ start, end: addDays(start, 6) });
  }
  return weeks;
}

/** "Mon 3 Mar" style, for messages; a date, so no time zone is involved. */
// Built once: toLocaleDateString builds a formatter on every call (~0.3 ms; a nudge tick formats
// tens of thousands of dates).
const shortDate = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

export function formatDate(date: IsoDate): string {
  return shortDate.format(toUtcDate(date));
}
