import { describe, expect, it } from 'vitest';
import { ALT_TEXT_MAX, altText, chartFontFiles, chartLabel, PNG_SCALE } from '../../src/charts/engine.js';
import {
  RANKED_MAX_BARS,
  rankedBarsAltText,
  renderRankedBarsPng,
  renderRankedBarsSvg,
} from '../../src/charts/ranked-bars.js';
import {
  renderWeeklyTrendPng,
  renderWeeklyTrendSvg,
  trendScaleMax,
  type WeeklyTrendInput,
  weeklyTrendAltText,
} from '../../src/charts/weekly-trend.js';
import { firstUseDate, weeksFromFirstUse } from '../../src/domain/first-use.js';
import { lastWeeks } from '../../src/domain/time.js';
import { GOAL_MARK, trendLines, trendScale } from '../../src/views/bars.js';
import { isPng } from '../support/fake-slack.js';

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The bars Vega drew: one path per bar, filled with the bar colour. */
function barPaths(svg: string): string[] {
  const group = /<g class="mark-rect role-mark bars"[^>]*>(.*?)<\/g>/s.exec(svg)?.[1] ?? '';
  return group.match(/<path [^>]*>/g) ?? [];
}

/** A bar path's height: Vega writes a rect as `M x,y h w v h h -w Z`. */
function barHeight(path: string): number {
  const d = /d="M[^h]*h[^v]*v(-?[\d.]+)/.exec(path)?.[1];
  return Number(d);
}

const EIGHT: WeeklyTrendInput = {
  weeks: [
    { label: '12 Oct', count: 2 },
    { label: '19 Oct', count: 5 },
    { label: '26 Oct', count: 0 },
    { label: '2 Nov', count: 7 },
    { label: '9 Nov', count: 3 },
    { label: '16 Nov', count: 4 },
    { label: '23 Nov', count: 6 },
    { label: 'this week', count: 1 },
  ],
  goal: 5,
  title: 'Your one-to-ones, the last 8 weeks',
  unit: ['one-to-one', 'one-to-ones'],
};

describe('the weekly trend picture', () => {
  it('is a PNG of the size it says, drawn at twice the SVG size', async () => {
    const picture = await renderWeeklyTrendPng(EIGHT);
    expect(isPng(picture.png)).toBe(true);
    expect(pngSize(picture.png)).toEqual({ width: picture.width, height: picture.height });
    const svg = await renderWeeklyTrendSvg(EIGHT);
    const svgWidth = Number(/<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
    const svgHeight = Number(/<svg[^>]* height="(\d+)"/.exec(svg)?.[1]);
    expect(picture.width).toBe(svgWidth * PNG_SCALE);
    expect(picture.height).toBe(svgHeight * PNG_SCALE);
    // 8 weeks of 64 units, plus padding: wide enough to read, small enough for a message.
    expect(picture.width).toBeGreaterThan(1000);
    expect(picture.width).toBeLessThan(1400);
  });

  it('draws one bar a week, scaled to the busiest week, and writes each count', async () => {
    const svg = await renderWeeklyTrendSvg(EIGHT);
    const bars = barPaths(svg);
    expect(bars).toHaveLength(8);
    const heights = bars.map(barHeight);
    // The busiest week (7) is the full plot height (180); the others in proportion.
    expect(Math.max(...heights)).toBeCloseTo(180, 5);
    expect(heights[1]! / heights[3]!).toBeCloseTo(5 / 7, 5);
    expect(heights[2]).toBe(0);
    for (const w of EIGHT.weeks) expect(svg).toContain(`>${w.label}</text>`);
    for (const n of ['2', '5', '0', '7', '3', '4', '6', '1']) expect(svg).toContain(`>${n}</text>`);
  });

  it('marks the goal as a dashed line, on the scale even when no week reached it', async () => {
    const svg = await renderWeeklyTrendSvg(EIGHT);
    const rules = svg.match(/<line [^>]*stroke="#b5452a"[^>]*>/g) ?? [];
    expect(rules).toHaveLength(8); // one segment per week's slot
    expect(rules.every((r) => r.includes('stroke-dasharray="6,4"'))).toBe(true);
    // The goal (5) sits at 5/7 of the plot height: y = 180 − 180·5/7.
    const y = Number(/transform="translate\([^,]+,([^)]+)\)"/.exec(rules[0]!)?.[1]);
    expect(y).toBeCloseTo(180 - (180 * 5) / 7, 3);
    expect(svg).toContain('>goal 5</text>');

    const low = { ...EIGHT, weeks: EIGHT.weeks.map((w) => ({ ...w, count: 1 })), goal: 4 };
    expect(trendScaleMax(low.weeks.map((w) => ({ ...w, goal: 4 })))).toBe(4);
    const lowSvg = await renderWeeklyTrendSvg(low);
    expect(Math.max(...barPaths(lowSvg).map(barHeight))).toBeCloseTo(45, 5); // 1 of 4
    expect(lowSvg).toContain('>goal 4</text>');

    const none = await renderWeeklyTrendSvg({ ...EIGHT, goal: undefined });
    expect(none).not.toContain('#b5452a');
    expect(none).not.toContain('>goal');
  });

  it('steps the goal line where the goal changed, and says so', async () => {
    const changed: WeeklyTrendInput = {
      ...EIGHT,
      weeks: EIGHT.weeks.map((w, i) => ({ ...w, goal: i < 4 ? 3 : 5 })),
    };
    const svg = await renderWeeklyTrendSvg(changed);
    expect(svg).toContain('>goal 5</text>');
    const alt = weeklyTrendAltText(changed);
    // 12 Oct 2 <3, 19 Oct 5 ≥3, 26 Oct 0, 2 Nov 7 ≥3, 9 Nov 3 <5, 16 Nov 4, 23 Nov 6 ≥5, this week 1.
    expect(alt).toContain("each week's goal (now 5 a week), reached in 3 of 8");
  });

  it('starts at the first week it is given: no bars for weeks before', async () => {
    const two: WeeklyTrendInput = {
      weeks: [
        { label: '23 Nov', count: 1 },
        { label: 'this week', count: 0 },
      ],
      goal: 5,
      title: 'Your one-to-ones since the week of Mon 23 Nov',
    };
    const svg = await renderWeeklyTrendSvg(two);
    expect(barPaths(svg)).toHaveLength(2);
    expect(svg).not.toContain('>16 Nov<');
    const picture = await renderWeeklyTrendPng(two);
    expect(isPng(picture.png)).toBe(true);
    expect(picture.altText).toContain('A bar chart of 2 weeks');
  });

  it('says every figure in words, within Slack’s 1,000 characters', async () => {
    const { altText: alt } = await renderWeeklyTrendPng(EIGHT);
    expect(alt).toBe(
      'Your one-to-ones, the last 8 weeks. A bar chart of 8 weeks, oldest first: 12 Oct: 2 one-to-ones; ' +
        '19 Oct: 5 one-to-ones; 26 Oct: 0 one-to-ones; 2 Nov: 7 one-to-ones; 9 Nov: 3 one-to-ones; ' +
        '16 Nov: 4 one-to-ones; 23 Nov: 6 one-to-ones; this week: 1 one-to-one. ' +
        'A dashed line marks the goal of 5 a week, reached in 3 of 8. The busiest week had 7.',
    );
    const year: WeeklyTrendInput = {
      weeks: Array.from({ length: 53 }, (_, i) => ({ label: `week number ${i + 1}`, count: i * 11 })),
      goal: 40,
      title: 'T'.repeat(300),
    };
    const long = weeklyTrendAltText(year);
    expect(long.length).toBeLessThanOrEqual(ALT_TEXT_MAX);
    expect(long).toMatch(/and \d+ more\. A dashed line/);
  });

  it('is the same bytes every time (no clock, locale or randomness)', async () => {
    const a = await renderWeeklyTrendPng(EIGHT);
    const b = await renderWeeklyTrendPng(EIGHT);
    expect(a.png.equals(b.png)).toBe(true);
    expect(await renderWeeklyTrendSvg(EIGHT)).toBe(await renderWeeklyTrendSvg(EIGHT));
  });

  it('refuses nothing to draw, and cleans what it is given', async () => {
    await expect(renderWeeklyTrendPng({ weeks: [], title: 'x' })).rejects.toThrow(RangeError);
    const svg = await renderWeeklyTrendSvg({
      weeks: [{ label: '<b>\u202Eevil', count: -3 }],
      goal: Number.NaN,
      title: 'a\u0000b',
    });
    expect(svg).toContain('&lt;b&gt; evil');
    expect(svg).not.toContain('\u202E');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('>goal');
    expect(barHeight(barPaths(svg)[0]!)).toBe(0);
  });
});

describe('the ranked bars picture', () => {
  const THEMES = ['Housing', 'Work and wages', 'Cost of living', 'Safety', 'other themes (4)'];
  const input = {
    bars: THEMES.map((label, i) => ({ label, count: 40 - i * 9 })),
    title: 'Themes heard, by people who raised them',
    unit: ['person', 'people'] as const,
  };

  it('is a PNG with horizontal bars in the order given, longest the largest count', async () => {
    const picture = await renderRankedBarsPng(input);
    expect(isPng(picture.png)).toBe(true);
    expect(pngSize(picture.png)).toEqual({ width: picture.width, height: picture.height });
    const svg = await renderRankedBarsSvg(input);
    const bars = barPaths(svg);
    expect(bars).toHaveLength(5);
    // A horizontal bar: `M x,y h w v h …`; its width is the count on one scale (max 360).
    const widths = bars.map((p) => Number(/d="M[^h]*h(-?[\d.]+)/.exec(p)?.[1]));
    expect(widths[0]).toBeCloseTo(360, 5);
    expect(widths[4]! / widths[0]!).toBeCloseTo(4 / 40, 5);
    const tops = bars.map((p) => Number(/d="M[\d.-]+,(-?[\d.]+)/.exec(p)?.[1]));
    expect([...tops].sort((a, b) => a - b)).toEqual(tops);
    for (const t of THEMES) expect(svg).toContain(`>${t}</text>`);
  });

  it('says the ranking in words; past 30 bars the picture says how many it shows', async () => {
    expect(rankedBarsAltText(input)).toBe(
      'Themes heard, by people who raised them. A bar chart of 5 items, in rank order: 1. Housing: 40 people; ' +
        '2. Work and wages: 31 people; 3. Cost of living: 22 people; 4. Safety: 13 people; 5. other themes (4): 4 people.',
    );
    const many = {
      bars: Array.from({ length: 100 }, (_, i) => ({
        label: `theme ${i + 1} ${'x'.repeat(60)}`,
        count: 100 - i,
      })),
      title: 'Themes',
    };
    const alt = rankedBarsAltText(many);
    expect(alt.length).toBeLessThanOrEqual(ALT_TEXT_MAX);
    expect(alt).toMatch(/and \d+ more\. The picture shows the first 30\.$/);
    expect(barPaths(await renderRankedBarsSvg(many))).toHaveLength(RANKED_MAX_BARS);
    await expect(renderRankedBarsPng({ bars: [], title: 'x' })).rejects.toThrow(RangeError);
  });
});

describe('chart helpers', () => {
  it('finds DejaVu Sans where Debian puts it, and nothing where there is none', () => {
    expect(chartFontFiles(['/nonexistent'])).toEqual([]);
    const found = chartFontFiles();
    if (found.length) expect(found[0]).toMatch(/DejaVuSans\.ttf$/);
  });

  it('keeps alt text whole items within the limit', () => {
    expect(altText('Lead: ', ['a', 'b'], 'Tail.')).toBe('Lead: a; b. Tail.');
    const cut = altText(
      'L: ',
      Array.from({ length: 500 }, (_, i) => `item ${i}`),
    );
    expect(cut.length).toBeLessThanOrEqual(ALT_TEXT_MAX);
    expect(cut).toMatch(/; item \d+; and \d+ more\.$/);
  });

  it('cleans labels of controls and cuts them', () => {
    expect(chartLabel(' a\u200Bb\n\tc ', 10)).toBe('a b c');
    expect(chartLabel('abcdefghijkl', 5)).toBe('abcd…');
  });
});

describe('first week of use', () => {
  const weeks = lastWeeks('2026-11-25', 8); // Mondays 5 Oct … 23 Nov
  it('keeps the weeks from the one holding the first use', () => {
    expect(weeksFromFirstUse(weeks, '2026-11-11').map((w) => w.start)).toEqual([
      '2026-11-09',
      '2026-11-16',
      '2026-11-23',
    ]);
    expect(weeksFromFirstUse(weeks, '2026-11-15')[0]!.start).toBe('2026-11-09'); // a Sunday
    expect(weeksFromFirstUse(weeks, '2025-01-01')).toHaveLength(8);
    expect(weeksFromFirstUse(weeks, undefined).map((w) => w.start)).toEqual(['2026-11-23']);
    expect(weeksFromFirstUse(weeks, '2026-12-30').map((w) => w.start)).toEqual(['2026-11-23']);
  });

  it('is the earlier of the first day known and the first meeting', () => {
    expect(firstUseDate('2026-11-20', '2026-10-01')).toBe('2026-10-01');
    expect(firstUseDate('2026-11-20', undefined)).toBe('2026-11-20');
    expect(firstUseDate(undefined, '2026-10-01')).toBe('2026-10-01');
    expect(firstUseDate(undefined, undefined)).toBeUndefined();
  });
});

describe('the text trend chart', () => {
  it('scales to the busiest week, marks the goal where a bar falls short, ticks a week that met it', () => {
    const lines = trendLines([
      { label: '9 Nov', count: 10, goal: 5 },
      { label: '16 Nov', count: 2, goal: 5 },
      { label: 'this week', count: 0, goal: 5 },
    ]);
    expect(lines).toEqual([
      '9 Nov     ▇▇▇▇▇▇▇▇▇▇ 10 ✓',
      '16 Nov    ▇▇  ┆       2',
      'this week     ┆       0',
      `              ${GOAL_MARK} goal 5`,
    ]);
  });

  it('keeps the goal on the chart when it is above every week', () => {
    expect(trendScale([{ count: 1, goal: 40 }])).toBe(40);
    const lines = trendLines([
      { label: 'a', count: 1, goal: 40 },
      { label: 'b', count: 20, goal: 40 },
    ]);
    expect(lines[0]).toBe('a ▇        ┆  1');
    expect(lines[1]).toBe('b ▇▇▇▇▇    ┆ 20');
    expect(lines[2]).toBe(`           ${GOAL_MARK} goal 40`);
  });

  it('draws no goal without one, and only the rows given', () => {
    const lines = trendLines([{ label: 'this week', count: 3 }]);
    expect(lines).toEqual(['this week ▇▇▇▇▇▇▇▇▇▇ 3']);
  });
});
