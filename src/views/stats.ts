import type { HouseMeetingRhythm } from '../domain/campaign.js';
import { formatDate } from '../domain/time.js';
import { GOAL_MARK, trendLines } from './bars.js';
import { context, type Message, section } from './block-kit.js';
import { houseMeetingStatsLine } from './house-meeting-messages.js';

/**
 * `/onetoone stats` (and the Home tab's Stats button): this week against my goal, the weeks
 * since I began (at most the last 8) as a text chart that tells the truth (bars on one scale,
 * my goal marked, each count written out), and my reflection rate. The same weeks go to my DM
 * as a picture (statsPictureWords gives its words; src/services/stats.ts draws and sends it).
 */

export interface StatsData {
  goal: number;
  thisWeek: number;
  /** Oldest first, the current week last; `goal` is the goal in force that week (default: `goal`). */
  weeks: { start: string; held: number; goal?: number }[];
  /** How many weeks the chart shows for someone who began long ago (default: 8). */
  window?: number;
  reflectionRate: number | null;
  /** My house meetings: a line of their own, shown once I have held any in the 8 weeks. */
  houseMeetings?: HouseMeetingRhythm;
}

const DEFAULT_WINDOW = 8;

/** Each week's name: "3 Nov", and "this week" for the last. */
export function statsWeekLabels(weeks: readonly { start: string }[]): string[] {
  return weeks.map((w, i) =>
    i === weeks.length - 1 ? 'this week' : formatDate(w.start).replace(/^\w+ /, ''),
  );
}

/** Whether the organiser began within the window (so the chart starts at their first week). */
function startedRecently(d: StatsData): boolean {
  return d.weeks.length < (d.window ?? DEFAULT_WINDOW);
}

function period(d: StatsData): string {
  if (!startedRecently(d)) return `the last ${d.weeks.length} weeks`;
  return d.weeks.length === 1 ? 'your first week' : `the ${d.weeks.length} weeks since you began`;
}

export function statsMessage(d: StatsData): Message {
  const labels = statsWeekLabels(d.weeks);
  const chart = trendLines(
    d.weeks.map((w, i) => ({ label: labels[i]!, count: w.held, goal: w.goal ?? d.goal })),
  ).join('\n');
  const remaining = Math.max(0, d.goal - d.thisWeek);
  const headline =
    remaining === 0
      ? `*${d.thisWeek} of ${d.goal}* one-to-ones this week. Goal met: well done.`
      : `*${d.thisWeek} of ${d.goal}* one-to-ones this week: ${remaining} to go.`;
  const lead = startedRecently(d)
    ? `Since your first week with me (week of ${formatDate(d.weeks[0]!.start)}):\n`
    : '';
  const rate =
    d.reflectionRate === null
      ? `No one-to-ones in ${period(d)} yet.`
      : `You reflected on *${Math.round(d.reflectionRate * 100)}%* of your one-to-ones in ${period(d)}.`;
  return {
    text: `${d.thisWeek} of ${d.goal} one-to-ones this week`,
    blocks: [
      section(headline),
      section(`${lead}\`\`\`${chart}\`\`\``),
      section(rate),
      ...(d.houseMeetings && d.houseMeetings.last8Weeks > 0
        ? [section(houseMeetingStatsLine(d.houseMeetings))]
        : []),
      context(
        `${GOAL_MARK} marks your goal and ✓ a week that reached it; every bar is on one scale. ` +
          `Weeks run Monday to Sunday in your time zone. Your goal is ${d.goal} a week: change it with \`/onetoone goal N\`.`,
      ),
    ],
  };
}

/** The words of the stats picture sent to the organiser's DM. */
export function statsPictureWords(d: StatsData & { today: string }): {
  title: string;
  filename: string;
  comment: string;
  labels: string[];
} {
  const title = startedRecently(d)
    ? `Your one-to-ones since the week of ${formatDate(d.weeks[0]!.start)}`
    : `Your one-to-ones, the last ${d.weeks.length} weeks`;
  return {
    title,
    filename: `one-to-ones-${d.today}.png`,
    comment: `Your stats as a picture: ${period(d)}, with your goal marked. The same figures are in the \`/onetoone stats\` text.`,
    labels: statsWeekLabels(d.weeks),
  };
}
