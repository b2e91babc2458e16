/**
 * The one text bar of every view (the Home tab's weekly progress, `/onetoone stats` and the
 * digest's charts): `value` out of `max` in `width` cells of `style.full`.
 *
 * - With `style.empty`, a gauge: always `width` cells, rounded, full (never more) at or past
 *   `max`, e.g. `▓▓▓▓░░░░░░`.
 * - Without, a run scaled to `max`: at least one cell for any positive value (a small week still
 *   shows), `style.none` for nothing, e.g. `▇▇▇`.
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
  return style.full.repeat(Math.max(1, Math.round(ratio * width)));
}
