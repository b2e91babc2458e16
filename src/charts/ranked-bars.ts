import type { Spec } from 'vega';
import { altText, CHART_FONT_FAMILY, chartLabel, counted, specToSvg, svgToPng } from './engine.js';
import type { ChartPicture } from './weekly-trend.js';

/**
 * Ranked counts as horizontal bars (a listening campaign's themes, by the people who raised
 * them): in the order given (callers rank), longest bar the largest count, each count written
 * at its bar's end, each label at its left. Labels are text organisers typed (a theme's name),
 * so they are cleaned of control and bidi characters and cut to LABEL_MAX.
 */

export interface RankedBar {
  label: string;
  count: number;
}

export interface RankedBarsInput {
  /** Ranked, first drawn at the top; at least one. */
  bars: readonly RankedBar[];
  title: string;
  /** What is counted, for the alt text: ['person', 'people']. */
  unit?: readonly [one: string, many: string];
}

/** Most bars one picture draws; the alt text and the message's text say how many were left off. */
export const RANKED_MAX_BARS = 30;
/** A theme's name is at most 75 characters (issue 11); a picture shows up to 40 of them. */
const LABEL_MAX = 40;
const TITLE_MAX = 80;
const ROW = 26;
const PLOT_WIDTH = 360;
const LABEL_WIDTH = 240;

const COLOURS = { bar: '#3a6f95', text: '#2b2b2b', muted: '#6b6b6b' };

function checked(input: RankedBarsInput): { shown: RankedBar[]; total: RankedBar[] } {
  if (input.bars.length === 0) throw new RangeError('a ranked chart draws at least one bar');
  const total = input.bars.map((b) => ({
    label: chartLabel(b.label, LABEL_MAX),
    count: Number.isFinite(b.count) ? Math.max(0, Math.round(b.count)) : 0,
  }));
  return { shown: total.slice(0, RANKED_MAX_BARS), total };
}

/** The Vega specification of the chart (exported for tests, which read its SVG). */
export function rankedBarsSpec(input: RankedBarsInput): Spec {
  const { shown } = checked(input);
  return {
    width: PLOT_WIDTH,
    height: ROW * shown.length,
    padding: { left: 16, right: 16, top: 12, bottom: 12 },
    autosize: { type: 'pad' },
    background: '#ffffff',
    title: {
      text: chartLabel(input.title, TITLE_MAX),
      anchor: 'start',
      frame: 'bounds',
      font: CHART_FONT_FAMILY,
      fontSize: 15,
      fontWeight: 'bold',
      color: COLOURS.text,
      offset: 12,
    },
    data: [{ name: 'ranked', values: shown.map((b, i) => ({ i, label: b.label, count: b.count })) }],
    scales: [
      {
        name: 'y',
        type: 'band',
        domain: { data: 'ranked', field: 'i' },
        range: 'height',
        paddingInner: 0.25,
      },
      {
        name: 'x',
        type: 'linear',
        domain: [0, Math.max(1, ...shown.map((b) => b.count))],
        range: 'width',
        nice: false,
        zero: true,
      },
    ],
    marks: [
      {
        type: 'rect',
        name: 'bars',
        from: { data: 'ranked' },
        encode: {
          enter: {
            y: { scale: 'y', field: 'i' },
            height: { scale: 'y', band: 1 },
            x: { scale: 'x', value: 0 },
            x2: { scale: 'x', field: 'count' },
            fill: { value: COLOURS.bar },
          },
        },
      },
      {
        type: 'text',
        name: 'counts',
        from: { data: 'ranked' },
        encode: {
          enter: {
            y: { scale: 'y', field: 'i', band: 0.5 },
            x: { scale: 'x', field: 'count', offset: 6 },
            baseline: { value: 'middle' },
            text: { field: 'count' },
            fontSize: { value: 12 },
            fontWeight: { value: 'bold' },
            font: { value: CHART_FONT_FAMILY },
            fill: { value: COLOURS.text },
          },
        },
      },
      {
        type: 'text',
        name: 'labels',
        from: { data: 'ranked' },
        encode: {
          enter: {
            y: { scale: 'y', field: 'i', band: 0.5 },
            x: { value: -8 },
            align: { value: 'right' },
            baseline: { value: 'middle' },
            text: { field: 'label' },
            limit: { value: LABEL_WIDTH - 12 },
            fontSize: { value: 12 },
            font: { value: CHART_FONT_FAMILY },
            fill: { value: COLOURS.text },
          },
        },
      },
    ],
  };
}

/** The ranking in words, for screen readers. */
export function rankedBarsAltText(input: RankedBarsInput): string {
  const { shown, total } = checked(input);
  const left = total.length - shown.length;
  const lead = `${chartLabel(input.title, TITLE_MAX)}. A bar chart of ${total.length === 1 ? 'one item' : `${total.length} items`}, in rank order: `;
  const tail = left > 0 ? `The picture shows the first ${shown.length}.` : '';
  return altText(
    lead,
    total.map((b, i) => `${i + 1}. ${b.label}: ${counted(b.count, input.unit)}`),
    tail,
  );
}

/** The chart as SVG (what the PNG is drawn from). */
export async function renderRankedBarsSvg(input: RankedBarsInput): Promise<string> {
  return specToSvg(rankedBarsSpec(input));
}

/** The chart as a PNG with its alt text. */
export async function renderRankedBarsPng(input: RankedBarsInput): Promise<ChartPicture> {
  const picture = await svgToPng(await renderRankedBarsSvg(input));
  return { ...picture, altText: rankedBarsAltText(input) };
}
