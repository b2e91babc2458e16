/**
 * The one text bar of every view (the Home tab's weekly progress, `/onetoone stats` and the
 * digest's charts): `value` out of `max` in `width` cells of `style.full`.
 *
 * - With `style.empty`, a gauge: always `width` cells, rounded, full (never more) at or past
 *   `max`, e.g. `▓▓▓▓░░░░░░`.
 * - Without, a run scaled to `max`: at least one cell for any positive value (a small week still
 *   shows), `style.none` for nothing, e.g. `▇▇▇`.
 *
 * `trendLines` below draws a whole 8-week chart from these runs, with the goal marked.
 */
export interface BarStyle {
  full: string;
  empty?: string;
  /** What a run shows for zero (or a zero `max`). */
  none?: string;
  width?: number;
}

/** The Home tab's progress towards the weekly goal. */
export const PROGRESS_BAR: BarStyle = { full: '▓', empty: '░' };
/** `/onetoone stats`' weekly chart. */
export const CHART_BAR: BarStyle = { full: '▇' };

export function bar(value: number, max: number, style: BarStyle = PROGRESS_BAR): string {
  const width = style.width ?? 10;
  const ratio = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  if (style.empty !== undefined) {
    const filled = Math.round(ratio * width);
    return style.full.repeat(filled) + style.empty.repeat(width - filled);
  }
  if (ratio === 0) return style.none ?? '';
  return style.full.repeat(runLength(value, max, width));
}

/** Cells of a run for `value` of `max` in `width`: at least one for any positive value. */
export function runLength(value: number, max: number, width: number): number {
  const ratio = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  return ratio === 0 ? 0 : Math.max(1, Math.round(ratio * width));
}

/** What marks the goal's column in a trend chart (a dotted upright, under or beside the bars). */
export const GOAL_MARK = '┆';

export interface TrendRow {
  /** What the row is called ("3 Nov", "this week"). */
  label: string;
  count: number;
  /** The goal in force that week, when there is one. */
  goal?: number;
}

export interface TrendChartOptions {
  /** A run style (no `empty`); its `width` is the longest bar. Default CHART_BAR, 10 wide. */
  style?: BarStyle;
  /** Said after a row whose count reached its goal. Default ' ✓'. */
  met?: string;
}

/**
 * The top of a trend's scale: its busiest week, or the highest goal when that is higher (so the
 * goal's mark is always on the chart). Never 0. The picture (src/charts) uses the same rule.
 */
export function trendScale(rows: readonly { count: number; goal?: number }[]): number {
  return Math.max(1, ...rows.map((r) => Math.max(r.count, r.goal ?? 0)));
}

/**
 * A text trend chart that tells the truth: every bar on one scale (trendScale: the busiest week
 * is the longest bar unless a goal is higher), the week's goal marked by GOAL_MARK in its column
 * where the bar does not reach it, each count written out, `met` after a week that reached its
 * goal. Only the rows given are drawn: callers start at the first week of use, so no row of 0
 * stands for a week before anyone used the bot. Lines for a code block (monospace), without the
 * fences; the last line is the goal's legend when there is a goal.
 */
export function trendLines(rows: readonly TrendRow[], options: TrendChartOptions = {}): string[] {
  const style = options.style ?? CHART_BAR;
  const width = style.width ?? 10;
  const met = options.met ?? ' ✓';
  const scale = trendScale(rows);
  const labelWidth = Math.max(0, ...rows.map((r) => r.label.length));
  const countWidth = Math.max(1, ...rows.map((r) => String(r.count).length));
  const column = (goal: number | undefined) =>
    goal !== undefined && goal > 0 ? Math.max(1, Math.round((goal / scale) * width)) : undefined;
  const lines = rows.map((r) => {
    const filled = runLength(r.count, scale, width);
    const mark = column(r.goal);
    const cells = Array.from({ length: width }, (_, i) => {
      if (i < filled) return style.full;
      if (mark !== undefined && i === mark - 1) return GOAL_MARK;
      if (i === 0 && style.none) return style.none;
      return ' ';
    }).join('');
    const reached = r.goal !== undefined && r.goal > 0 && r.count >= r.goal ? met : '';
    return `${r.label.padEnd(labelWidth)} ${cells} ${String(r.count).padStart(countWidth)}${reached}`.trimEnd();
  });
  const last = rows.at(-1)?.goal;
  const mark = column(last);
  if (mark !== undefined) lines.push(`${' '.repeat(labelWidth + mark)}${GOAL_MARK} goal ${last}`);
  return lines;
}
