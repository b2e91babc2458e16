import { describe, expect, it } from 'vitest';
import { BLOCK_KIT } from '../../src/views/block-kit.js';
import { statsMessage, statsPictureWords, statsWeekLabels } from '../../src/views/stats.js';
import { blockKitSchemaErrors, hasBlockKitSchema } from '../support/block-kit-schema.js';

/** The chart's lines, between the code fences. */
function chart(blocks: any[]): string[] {
  const text = blocks.map((b) => b.text?.text ?? '').find((t: string) => t.includes('```'))!;
  return /```([\s\S]*)```/.exec(text)![1]!.split('\n');
}

const weeks = (starts: string[], held: number[], goal?: number[]) =>
  starts.map((start, i) => ({ start, held: held[i]!, ...(goal ? { goal: goal[i]! } : {}) }));

describe('the stats view', () => {
  it('shows only the weeks since the organiser began, says so, and marks the goal', () => {
    const d = {
      goal: 5,
      thisWeek: 2,
      weeks: weeks(['2026-11-09', '2026-11-16', '2026-11-23'], [1, 6, 2]),
      window: 8,
      reflectionRate: 0.5,
      today: '2026-11-25',
    };
    const m = statsMessage(d);
    const all = JSON.stringify(m.blocks);
    expect(all).toContain('Since your first week with me (week of Mon 9 Nov)');
    expect(all).toContain('in the 3 weeks since you began');
    expect(chart(m.blocks)).toEqual([
      // One scale: the busiest week (6) is the full 10 cells, the goal (5) in the 8th.
      '9 Nov     ▇▇     ┆   1',
      '16 Nov    ▇▇▇▇▇▇▇▇▇▇ 6 ✓',
      'this week ▇▇▇    ┆   2',
      '                 ┆ goal 5',
    ]);
    expect(all).not.toContain('2 Nov');
    if (hasBlockKitSchema) expect(blockKitSchemaErrors(m.blocks)).toEqual([]);
    const words = statsPictureWords(d);
    expect(words.title).toBe('Your one-to-ones since the week of Mon 9 Nov');
    expect(words.labels).toEqual(['9 Nov', '16 Nov', 'this week']);
    expect(words.filename).toBe('one-to-ones-2026-11-25.png');
  });

  it('judges each week by its own goal and keeps 8 full weeks within Slack’s limits', () => {
    const starts = Array.from(
      { length: 8 },
      (_, i) => `2026-${i < 4 ? '10' : '11'}-${String([5, 12, 19, 26, 2, 9, 16, 23][i]).padStart(2, '0')}`,
    );
    const m = statsMessage({
      goal: 100,
      thisWeek: 100,
      weeks: weeks(starts, [999, 3, 3, 3, 3, 3, 3, 100], [3, 3, 3, 3, 100, 100, 100, 100]),
      window: 8,
      reflectionRate: 1,
    });
    const lines = chart(m.blocks);
    expect(lines).toHaveLength(9);
    expect(lines[1]).toMatch(/ 3 ✓$/); // 3 of that week's goal of 3
    expect(lines[5]).toMatch(/ 3$/); // 3 of 100: not met
    expect(lines.at(-1)).toMatch(/┆ goal 100$/);
    expect(JSON.stringify(m.blocks)).toContain('in the last 8 weeks');
    expect(JSON.stringify(m.blocks)).not.toContain('Since your first week');
    for (const b of m.blocks as any[])
      expect((b.text?.text ?? '').length).toBeLessThanOrEqual(BLOCK_KIT.sectionText);
    expect(
      statsPictureWords({
        ...m,
        goal: 100,
        thisWeek: 100,
        weeks: weeks(
          starts,
          starts.map(() => 1),
        ),
        reflectionRate: 1,
        today: '2026-11-25',
      }).title,
    ).toBe('Your one-to-ones, the last 8 weeks');
  });

  it('names the last week "this week"', () => {
    expect(statsWeekLabels([{ start: '2026-11-16' }, { start: '2026-11-23' }])).toEqual([
      '16 Nov',
      'this week',
    ]);
  });
});
