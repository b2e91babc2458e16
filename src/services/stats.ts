import { renderWeeklyTrendPng, type TrendWeek } from '../charts/weekly-trend.js';
import type { Deps } from '../deps.js';
import type { HouseMeetingRhythm } from '../domain/campaign.js';
import { firstUseDate, weeksFromFirstUse } from '../domain/first-use.js';
import { lastWeeks, localDate } from '../domain/time.js';
import { CodedError, ErrorCode, errorCode } from '../errors.js';
import { countOwnedByDate } from '../repositories/one-to-ones.js';
import { organiserBeginnings } from '../repositories/queries/first-use.js';
import { myHouseMeetingRhythm } from './house-meetings.js';
import { type Actor, organiserTimeZone, weeklyGoal, weeklyGoals } from './organisers.js';

export interface WeekCount {
  start: string;
  held: number;
  /** The goal in force that week (a changed goal does not rewrite the weeks before it). */
  goal: number;
}

export interface MyStats {
  today: string;
  goal: number;
  thisWeek: number;
  /**
   * Oldest first, the current week last: the last STATS_WEEKS weeks, from the organiser's first
   * week of use on (a week before they began is not a week of 0).
   */
  weeks: WeekCount[];
  /** How many weeks the chart would show for someone who began long ago. */
  window: number;
  /** Share of these weeks' one-to-ones that have a reflection; null when there were none. */
  reflectionRate: number | null;
  heldInPeriod: number;
  /** My house meetings (issue 11): their own rhythm, never in `thisWeek`, `weeks` or the goal. */
  houseMeetings: HouseMeetingRhythm;
}

export const STATS_WEEKS = 8;

/** `/onetoone stats`: this week against my goal, the last 8 weeks, my reflection rate. */
export async function myStats(
  deps: Pick<Deps, 'db' | 'clock' | 'config' | 'slack' | 'logger' | 'timeZones'>,
  actor: Actor,
): Promise<MyStats> {
  const tz = await organiserTimeZone(deps, actor);
  const today = localDate(deps.clock.now(), tz);
  const began = await organiserBeginnings(deps.db, actor.teamId, actor.userId);
  const firstUse = firstUseDate(
    began.createdAt ? localDate(new Date(began.createdAt), tz) : undefined,
    began.firstMetOn,
  );
  const weeks = weeksFromFirstUse(lastWeeks(today, STATS_WEEKS), firstUse);
  const [rows, goal, goals, houseMeetings] = await Promise.all([
    countOwnedByDate(deps.db, actor.teamId, actor.userId, weeks[0]!.start, weeks.at(-1)!.end),
    weeklyGoal(deps, actor),
    weeklyGoals(
      deps,
      actor,
      weeks.map((w) => w.start),
    ),
    myHouseMeetingRhythm(deps, actor, today),
  ]);
  const counts: WeekCount[] = weeks.map((w, i) => ({
    start: w.start,
    held: rows.filter((r) => r.met_on >= w.start && r.met_on <= w.end).reduce((s, r) => s + r.held, 0),
    goal: goals[i] ?? goal,
  }));
  const held = rows.reduce((s, r) => s + r.held, 0);
  const reflected = rows.reduce((s, r) => s + r.reflected, 0);
  return {
    today,
    goal,
    thisWeek: counts.at(-1)!.held,
    weeks: counts,
    window: STATS_WEEKS,
    reflectionRate: held ? reflected / held : null,
    heldInPeriod: held,
    houseMeetings,
  };
}

/** What the stats picture says around its bars (from the view: src/views/stats.ts). */
export interface StatsPictureWords {
  title: string;
  filename: string;
  /** The DM's line above the picture. */
  comment: string;
  /** Each week's name under its bar, oldest first (one per week of MyStats.weeks). */
  labels: string[];
}

export type StatsPictureResult = { kind: 'sent' } | { kind: 'failed'; code: string };

/**
 * The stats' weekly trend as a PNG in the organiser's DM with the bot (files cannot be
 * ephemeral, and the DM is theirs alone), with alt text stating every figure. The text chart has
 * already answered, so a failure (an install from before `files:write`: `missing_scope`) is
 * logged by its code and answered with nothing more.
 */
export async function sendStatsPicture(
  deps: Pick<Deps, 'slack' | 'logger'>,
  actor: Actor,
  stats: MyStats,
  words: StatsPictureWords,
): Promise<StatsPictureResult> {
  try {
    const weeks: TrendWeek[] = stats.weeks.map((w, i) => ({
      label: words.labels[i] ?? w.start,
      count: w.held,
      goal: w.goal,
    }));
    const picture = await renderWeeklyTrendPng({
      weeks,
      goal: stats.goal,
      title: words.title,
      unit: ['one-to-one', 'one-to-ones'],
    });
    const channelId = await deps.slack.dmChannel(actor.teamId, actor.userId);
    if (!channelId)
      throw new CodedError(ErrorCode.SlackUnavailable, 'conversations.open returned no channel');
    await deps.slack.uploadFile(actor.teamId, {
      channelId,
      filename: words.filename,
      content: picture.png,
      altText: picture.altText,
      title: words.title,
      initialComment: words.comment,
    });
    return { kind: 'sent' };
  } catch (error) {
    const code = errorCode(error);
    deps.logger.warn('stats picture not sent', { code });
    return { kind: 'failed', code };
  }
}
