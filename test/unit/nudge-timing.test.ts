import { describe, expect, it } from 'vitest';
import {
  behindRhythm,
  globalDueWindow,
  isDueOn,
  reflectDueOn,
  sendSlot,
  type WorkingHours,
} from '../../src/domain/nudge-timing.js';
import { toLocal } from '../../src/domain/time.js';
import { BLOCK_KIT } from '../../src/views/block-kit.js';
import { MAX_CARDS_PER_MESSAGE, nudgeMessage } from '../../src/views/nudges.js';

const NINE_TO_SIX: WorkingHours = { startHour: 9, endHour: 18 };

/**
 * What the job does each tick, reduced to its timing rules: a tick sends when the local time is
 * inside working hours and the (local date) daily key is not used yet.
 */
function simulate(timeZone: string, fromIso: string, toIso: string, hours: WorkingHours, stepMinutes = 15) {
  const used = new Set<string>();
  const sends: { at: string; date: string; hour: number; minute: number }[] = [];
  for (let t = Date.parse(fromIso); t <= Date.parse(toIso); t += stepMinutes * 60_000) {
    const slot = sendSlot(new Date(t), timeZone, hours);
    if (!slot || used.has(slot.localDate)) continue;
    used.add(slot.localDate);
    sends.push({
      at: new Date(t).toISOString(),
      date: slot.localDate,
      hour: slot.local.hour,
      minute: slot.local.minute,
    });
  }
  return sends;
}

describe('working hours in the organiser’s own time zone', () => {
  const instant = new Date('2026-12-02T22:30:00Z');
  it('is a Sydney morning while London and New York are outside hours or on another date', () => {
    expect(sendSlot(instant, 'Australia/Sydney', NINE_TO_SIX)).toMatchObject({ localDate: '2026-12-03' });
    expect(sendSlot(instant, 'Europe/London', NINE_TO_SIX)).toBeUndefined();
    expect(sendSlot(instant, 'America/New_York', NINE_TO_SIX)).toMatchObject({ localDate: '2026-12-02' });
  });
  it('includes the start hour and excludes the end hour', () => {
    expect(sendSlot(new Date('2026-12-02T09:00:00Z'), 'Europe/London', NINE_TO_SIX)).toBeDefined();
    expect(sendSlot(new Date('2026-12-02T08:59:00Z'), 'Europe/London', NINE_TO_SIX)).toBeUndefined();
    expect(sendSlot(new Date('2026-12-02T17:59:00Z'), 'Europe/London', NINE_TO_SIX)).toBeDefined();
    expect(sendSlot(new Date('2026-12-02T18:00:00Z'), 'Europe/London', NINE_TO_SIX)).toBeUndefined();
  });
  it('sends once a day at the first tick of working hours, in three zones over a week', () => {
    for (const tz of ['Europe/London', 'America/New_York', 'Australia/Sydney']) {
      // Start a day early so every organiser's 1 December begins inside the simulation.
      const sends = simulate(tz, '2026-11-30T00:00:00Z', '2026-12-07T23:59:00Z', NINE_TO_SIX);
      expect(new Set(sends.map((s) => s.date)).size).toBe(sends.length);
      const week = sends.filter((s) => s.date >= '2026-12-01' && s.date <= '2026-12-06');
      expect(week).toHaveLength(6);
      for (const s of week) expect([s.hour, s.minute]).toEqual([9, 0]);
    }
  });
});

describe('clock changes', () => {
  // A working day that starts inside the hour a clock change skips or repeats (02:00 / 01:00),
  // so the rules are really exercised; with 09:00 no change touches working hours.
  it('never sends in the hour New York’s spring-forward skips (8 March 2026, 02:00 → 03:00)', () => {
    const hours = { startHour: 2, endHour: 18 };
    const sends = simulate('America/New_York', '2026-03-07T00:00:00Z', '2026-03-09T23:59:00Z', hours, 5);
    const sunday = sends.find((s) => s.date === '2026-03-08');
    expect(sunday).toMatchObject({ hour: 3, minute: 0, at: '2026-03-08T07:00:00.000Z' });
    // Saturday and Monday do have a 02:00, and send in it.
    expect(sends.find((s) => s.date === '2026-03-09')).toMatchObject({ hour: 2, minute: 0 });
    expect(sends.map((s) => s.date)).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
  });

  it('sends once, not twice, in the hour New York’s fall-back repeats (1 November 2026, 01:00–02:00)', () => {
    const hours = { startHour: 1, endHour: 2 };
    // Both 01:30s are inside working hours and have the same local date.
    const first = sendSlot(new Date('2026-11-01T05:30:00Z'), 'America/New_York', hours);
    const second = sendSlot(new Date('2026-11-01T06:30:00Z'), 'America/New_York', hours);
    expect(first?.local.hour).toBe(1);
    expect(second?.local.hour).toBe(1);
    expect(first?.localDate).toBe(second?.localDate);
    const sends = simulate('America/New_York', '2026-10-31T00:00:00Z', '2026-11-02T23:59:00Z', hours, 5);
    expect(sends.filter((s) => s.date === '2026-11-01')).toEqual([
      { at: '2026-11-01T05:00:00.000Z', date: '2026-11-01', hour: 1, minute: 0 },
    ]);
  });

  it('handles Sydney’s southern-hemisphere changes: spring forward in October, fall back in April', () => {
    // 4 October 2026: 02:00 → 03:00 AEDT. 5 April 2026: 03:00 AEDT → 02:00 AEST.
    const spring = simulate('Australia/Sydney', '2026-10-02T12:00:00Z', '2026-10-05T12:00:00Z', {
      startHour: 2,
      endHour: 18,
    });
    expect(spring.find((s) => s.date === '2026-10-04')).toMatchObject({ hour: 3, minute: 0 });
    const fall = simulate('Australia/Sydney', '2026-04-03T12:00:00Z', '2026-04-06T12:00:00Z', {
      startHour: 2,
      endHour: 3,
    });
    expect(fall.filter((s) => s.date === '2026-04-05')).toHaveLength(1);
    // The repeated 02:00 hour happens twice on the wall clock; the daily key lets only one send.
    expect(toLocal(new Date('2026-04-04T15:30:00Z'), 'Australia/Sydney')).toMatchObject({ hour: 2 });
    expect(toLocal(new Date('2026-04-04T16:30:00Z'), 'Australia/Sydney')).toMatchObject({ hour: 2 });
  });

  it('keeps sending at 09:00 local across London’s change weekends', () => {
    const sends = simulate('Europe/London', '2026-10-23T00:00:00Z', '2026-10-27T00:00:00Z', NINE_TO_SIX);
    expect(sends.map((s) => s.at)).toEqual([
      '2026-10-23T08:00:00.000Z',
      '2026-10-24T08:00:00.000Z',
      '2026-10-25T09:00:00.000Z',
      '2026-10-26T09:00:00.000Z',
    ]);
  });
});

describe('due dates', () => {
  it('covers every local date on Earth, plus the look-back', () => {
    expect(globalDueWindow(new Date('2026-12-02T12:00:00Z'), 7)).toEqual({
      from: '2026-11-24',
      to: '2026-12-03',
    });
  });
  it('is due on the date, after it within the look-back, never before', () => {
    expect(isDueOn('2026-12-02', '2026-12-02')).toBe(true);
    expect(isDueOn('2026-12-03', '2026-12-02')).toBe(false);
    expect(isDueOn('2026-11-25', '2026-12-02', 7)).toBe(true);
    expect(isDueOn('2026-11-24', '2026-12-02', 7)).toBe(false);
  });
  it('dates the reflection reminder by when it falls due', () => {
    expect(reflectDueOn('2026-12-01T20:00:00.000Z', 12)).toBe('2026-12-02');
    expect(reflectDueOn('2026-12-01T08:00:00.000Z', 12)).toBe('2026-12-01');
  });
  it('is behind the rhythm below half the goal', () => {
    expect(behindRhythm(2, 5)).toBe(true);
    expect(behindRhythm(3, 5)).toBe(false);
    expect(behindRhythm(2, 4)).toBe(false);
    expect(behindRhythm(0, 1)).toBe(true);
  });
});

describe('the batched DM', () => {
  const cards = Array.from({ length: 40 }, (_, i) => ({
    kind: 'next_step',
    ledgerId: `L${i}`,
    card: {
      text: `Card ${i}`,
      note: 'a note',
      buttons: [
        { verb: 'done', label: 'Done' },
        { verb: 'snooze_3', label: 'Snooze 3 days' },
      ],
    },
  }));
  it('stays within 50 blocks with unique block ids, however many are due', () => {
    const m = nudgeMessage({ cards, folded: 0, more: 0 });
    expect(m.blocks.length).toBeLessThanOrEqual(BLOCK_KIT.messageBlocks);
    const ids = m.blocks.flatMap((b) => ('block_id' in b && b.block_id ? [b.block_id] : []));
    expect(ids).toHaveLength(MAX_CARDS_PER_MESSAGE);
    expect(new Set(ids).size).toBe(ids.length);
    expect(JSON.stringify(m.blocks)).toContain('nudge:next_step:snooze_3');
  });
  it('shows no buttons for a resolved card', () => {
    const m = nudgeMessage({
      cards: [{ kind: 'next_step', ledgerId: 'L1', card: { text: 'Done', buttons: [] } }],
      folded: 0,
      more: 0,
    });
    expect(m.blocks.some((b) => b.type === 'actions')).toBe(false);
  });
});
