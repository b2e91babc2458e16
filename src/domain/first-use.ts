import { addDays, type IsoDate } from './time.js';

/**
 * Charts start at the first week of use: a week that ended before the organiser (or the team)
 * first used the bot is not a week of 0 one-to-ones, it is a week before they began, so it is
 * not drawn (issue 9: "no rows of 0 for weeks before install").
 */

/**
 * The first local date of use: the earlier of the first day the bot knew the organiser and their
 * first meeting's date (a backfilled October meeting logged in December starts the chart in
 * October). Undefined when there is neither.
 */
export function firstUseDate(
  knownSince: IsoDate | undefined,
  firstMetOn: IsoDate | undefined,
): IsoDate | undefined {
  if (knownSince === undefined) return firstMetOn;
  if (firstMetOn === undefined) return knownSince;
  return firstMetOn < knownSince ? firstMetOn : knownSince;
}

/**
 * The weeks (Monday `start`s, oldest first) from the one holding `firstUse` on; the last week
 * (the current one) always stays, so a chart is never empty.
 */
export function weeksFromFirstUse<W extends { start: IsoDate }>(
  weeks: readonly W[],
  firstUse: IsoDate | undefined,
): W[] {
  if (weeks.length === 0) return [];
  if (firstUse === undefined) return weeks.slice(-1);
  const kept = weeks.filter((w) => addDays(w.start, 6) >= firstUse);
  return kept.length ? kept : weeks.slice(-1);
}
