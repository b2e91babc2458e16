import type { Spec } from 'vega';
import { altText, CHART_FONT_FAMILY, chartLabel, counted, specToSvg, svgToPng } from './engine.js';

/**
 * The 8-week trend as a picture (`/onetoone stats`, the weekly digest): one bar a week, each
 * with its count written above it, on a scale whose top is the busiest week (or the goal, when
 * that is higher, so the goal's line is always on the picture), with the goal drawn as a dashed
 * line. Only the weeks the caller passes are drawn: callers start at the first week of use, so
 * no bar of 0 stands for a week before anyone used the bot.
 */

export interface TrendWeek {
  /** What the week is called under its bar ("3 Nov", "this week"). */
  label: string;
  count: number;
  /** The goal in force that week, when it differs from the input's `goal` (a goal changed). */
  goal?: number;
}

export interface WeeklyTrendInput {
  /** Oldest first; at least one. */
  weeks: readonly TrendWeek[];
  /**
   * The weekly goal, drawn as a dashed line (each week at its own goal where weeks say one);
   * none when absent or not positive.
   */
  goal?: number;
  title: string;
  /** What is counted, for the alt text: ['one-to-one', 'one-to-ones']. */
  unit?: readonly [one: string, many: string];
}

export interface ChartPicture {
  png: Buffer;
  altText: string;
  width: number;
  height: number;
}

/** Most weeks a trend draws (a year); the callers pass 8. */
export const TREND_MAX_WEEKS = 53;
/** Width of one week's slot, in SVG units (the picture grows with the weeks it shows). */
const SLOT = 64;
const MIN_SLOTS = 5;
/** The gap between bars, as a share of a slot. */
const PADDING_INNER = 0.3;
const PLOT_HEIGHT = 180;
const LABEL_MAX = 16;
const TITLE_MAX = 80;

const COLOURS = { bar: '#3a6f95', goal: '#b5452a', text: '#2b2b2b', muted: '#6b6b6b', axis: '#9a9a9a' };

const positive = (n: number | undefined): number | undefined =>
  n !== undefined && Number.isFinite(n) && n > 0 ? n : undefined;

/** The input made safe to draw: labels cleaned, counts whole and not negative, each week's goal. */
function checked(input: WeeklyTrendInput): TrendWeek[] {
  if (input.weeks.length === 0 || input.weeks.length > TREND_MAX_WEEKS) {
    throw new RangeError(`a trend draws 1 to ${TREND_MAX_WEEKS} weeks`);
  }
  return input.weeks.map((w) => {
    const goal = positive(w.goal) ?? positive(input.goal);
    return {
      label: chartLabel(w.label, LABEL_MAX),
      count: Number.isFinite(w.count) ? Math.max(0, Math.round(w.count)) : 0,
      ...(goal === undefined ? {} : { goal }),
    };
  });
}

/**
 * The top of the scale: the busiest week, or the highest goal when that is higher, so the goal's
 * line is always on the picture (never 0). The text chart (src/views/bars.ts) uses the same rule.
 */
export function trendScaleMax(weeks: readonly { count: number; goal?: number }[]): number {
  return Math.max(1, ...weeks.map((w) => Math.max(w.count, w.goal ?? 0)));
}

/** The Vega specification of the trend (exported for tests, which read its SVG). */
export function weeklyTrendSpec(input: WeeklyTrendInput): Spec {
  const weeks = checked(input);
  const goals = weeks.flatMap((w, i) => (w.goal === undefined ? [] : [{ i, goal: w.goal }]));
  const last = goals.at(-1);
  // At least MIN_SLOTS wide (the title needs the room), with every bar as wide as in an 8-week
  // chart: a short history is centred by the band's outer padding rather than drawn fat.
  const slots = Math.max(weeks.length, MIN_SLOTS);
  const width = SLOT * slots;
  return {
    width,
    height: PLOT_HEIGHT,
    padding: { left: 16, right: 16, top: 12, bottom: 12 },
    autosize: { type: 'pad' },
    background: '#ffffff',
    title: {
      text: chartLabel(input.title, TITLE_MAX),
      anchor: 'start',
      font: CHART_FONT_FAMILY,
      fontSize: 15,
      fontWeight: 'bold',
      color: COLOURS.text,
      offset: 20,
    },
    data: [
      { name: 'weeks', values: weeks.map((w, i) => ({ i, label: w.label, count: w.count })) },
      // One dashed segment per week, across its whole slot, at that week's goal: one straight
      // line while the goal stays the same, a step where it changed.
      { name: 'goals', values: goals },
      { name: 'goal-now', values: last === undefined ? [] : [last] },
    ],
    scales: [
      {
        name: 'x',
        type: 'band',
        domain: { data: 'weeks', field: 'i' },
        // Centred, one SLOT per week (the outer padding is half the inner, so step = SLOT).
        range: [(SLOT * (slots - weeks.length)) / 2, (SLOT * (slots + weeks.length)) / 2],
        paddingInner: PADDING_INNER,
        paddingOuter: PADDING_INNER / 2,
      },
      {
        name: 'y',
        type: 'linear',
        domain: [0, trendScaleMax(weeks)],
        range: 'height',
        nice: false,
        zero: true,
      },
    ],
    marks: [
      {
        type: 'rect',
        name: 'bars',
        from: { data: 'weeks' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'i' },
            width: { scale: 'x', band: 1 },
            y: { scale: 'y', field: 'count' },
            y2: { scale: 'y', value: 0 },
            fill: { value: COLOURS.bar },
          },
        },
      },
      {
        type: 'text',
        name: 'counts',
        from: { data: 'weeks' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'i', band: 0.5 },
            y: { scale: 'y', field: 'count', offset: -6 },
            align: { value: 'center' },
            baseline: { value: 'bottom' },
            text: { field: 'count' },
            fontSize: { value: 13 },
            fontWeight: { value: 'bold' },
            font: { value: CHART_FONT_FAMILY },
            fill: { value: COLOURS.text },
          },
        },
      },
      {
        type: 'text',
        name: 'labels',
        from: { data: 'weeks' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'i', band: 0.5 },
            y: { signal: 'height', offset: 8 },
            align: { value: 'center' },
            baseline: { value: 'top' },
            text: { field: 'label' },
            fontSize: { value: 11 },
            font: { value: CHART_FONT_FAMILY },
            fill: { value: COLOURS.muted },
          },
        },
      },
      {
        type: 'rule',
        name: 'baseline',
        encode: {
          enter: {
            x: { value: 0 },
            x2: { signal: 'width' },
            y: { signal: 'height' },
            stroke: { value: COLOURS.axis },
            strokeWidth: { value: 1 },
          },
        },
      },
      {
        type: 'rule',
        name: 'goal-rule',
        from: { data: 'goals' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'i', offset: (-SLOT * PADDING_INNER) / 2 },
            x2: { scale: 'x', field: 'i', offset: SLOT - (SLOT * PADDING_INNER) / 2 },
            y: { scale: 'y', field: 'goal' },
            stroke: { value: COLOURS.goal },
            strokeWidth: { value: 2 },
            strokeDash: { value: [6, 4] },
          },
        },
      },
      {
        type: 'text',
        name: 'goal-label',
        from: { data: 'goal-now' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'i', offset: SLOT - (SLOT * PADDING_INNER) / 2 },
            y: { scale: 'y', field: 'goal', offset: -4 },
            align: { value: 'right' },
            baseline: { value: 'bottom' },
            text: { signal: "'goal ' + datum.goal" },
            fontSize: { value: 11 },
            font: { value: CHART_FONT_FAMILY },
            fill: { value: COLOURS.goal },
          },
        },
      },
    ],
  };
}

/** The figures in words, for screen readers (and for anyone whose Slack shows no images). */
export function weeklyTrendAltText(input: WeeklyTrendInput): string {
  const weeks = checked(input);
  const n = weeks.length;
  const lead = `${chartLabel(input.title, TITLE_MAX)}. A bar chart of ${n === 1 ? 'one week' : `${n} weeks`}, oldest first: `;
  const busiest = Math.max(...weeks.map((w) => w.count));
  const judged = weeks.filter((w) => w.goal !== undefined);
  const met = judged.filter((w) => w.count >= (w.goal ?? 0)).length;
  const goals = new Set(judged.map((w) => w.goal));
  const now = judged.at(-1)?.goal;
  const goalLine =
    now === undefined
      ? ''
      : goals.size === 1
        ? `A dashed line marks the goal of ${now} a week, reached in ${met} of ${judged.length}.`
        : `A dashed line marks each week's goal (now ${now} a week), reached in ${met} of ${judged.length}.`;
  const tail = [goalLine, n > 1 ? `The busiest week had ${busiest}.` : ''].filter(Boolean).join(' ');
  return altText(
    lead,
    weeks.map((w) => `${w.label}: ${counted(w.count, input.unit)}`),
    tail,
  );
}

/** The trend as SVG (what the PNG is drawn from). */
export async function renderWeeklyTrendSvg(input: WeeklyTrendInput): Promise<string> {
  return specToSvg(weeklyTrendSpec(input));
}

/** The trend as a PNG with its alt text. */
export async function renderWeeklyTrendPng(input: WeeklyTrendInput): Promise<ChartPicture> {
  const picture = await svgToPng(await renderWeeklyTrendSvg(input));
  return { ...picture, altText: weeklyTrendAltText(input) };
}
