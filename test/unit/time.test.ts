import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  isIsoDate,
  lastWeeks,
  localDate,
  offsetMinutes,
  toLocal,
  weekdayOf,
  weekStart,
  zonedTimeToInstant,
} from '../../src/domain/time.js';

describe('local dates across time zones', () => {
  const instant = new Date('2026-03-01T23:30:00Z');
  it('is a different day in Auckland, London and Los Angeles', () => {
    expect(localDate(instant, 'Pacific/Auckland')).toBe('2026-03-02');
    expect(localDate(instant, 'Europe/London')).toBe('2026-03-01');
    expect(localDate(instant, 'America/Los_Angeles')).toBe('2026-03-01');
    expect(toLocal(instant, 'America/Los_Angeles').hour).toBe(15);
  });
  it('knows offsets on both sides of a clock change', () => {
    expect(offsetMinutes(new Date('2026-03-29T00:30:00Z'), 'Europe/London')).toBe(0);
    expect(offsetMinutes(new Date('2026-03-29T01:30:00Z'), 'Europe/London')).toBe(60);
    expect(offsetMinutes(new Date('2026-04-05T12:00:00Z'), 'Australia/Sydney')).toBe(600);
    expect(offsetMinutes(new Date('2026-04-04T12:00:00Z'), 'Australia/Sydney')).toBe(660);
  });
});

describe('zonedTimeToInstant', () => {
  it('converts an ordinary wall time', () => {
    expect(zonedTimeToInstant('2026-07-06', '09:00', 'Europe/London').toISOString()).toBe(
      '2026-07-06T08:00:00.000Z',
    );
    expect(zonedTimeToInstant('2026-07-06', '09:00', 'Pacific/Auckland').toISOString()).toBe(
      '2026-07-05T21:00:00.000Z',
    );
  });
  it('moves a skipped wall time (spring forward) to the moment clocks jump', () => {
    // London: 2026-03-29 01:00 GMT jumps to 02:00 BST.
    expect(zonedTimeToInstant('2026-03-29', '01:30', 'Europe/London').toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    // New York: 2026-03-08 02:00 EST jumps to 03:00 EDT.
    expect(zonedTimeToInstant('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe(
      '2026-03-08T07:00:00.000Z',
    );
  });
  it('takes the first of a repeated wall time (fall back)', () => {
    // London: 2026-10-25 01:30 happens at 00:30Z (BST) and again at 01:30Z (GMT).
    expect(zonedTimeToInstant('2026-10-25', '01:30', 'Europe/London').toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    // Sydney falls back on 2026-04-05 at 03:00 AEDT to 02:00 AEST.
    expect(zonedTimeToInstant('2026-04-05', '02:30', 'Australia/Sydney').toISOString()).toBe(
      '2026-04-04T15:30:00.000Z',
    );
  });
});

describe('calendar arithmetic', () => {
  it('finds Mondays and weekdays', () => {
    expect(weekdayOf('2026-11-23')).toBe(1);
    expect(weekdayOf('2026-11-29')).toBe(7);
    expect(weekStart('2026-11-29')).toBe('2026-11-23');
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
    expect(weekStart('2027-01-01')).toBe('2026-12-28');
  });
  it('adds days across months, years and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });
  it('lists weeks oldest first', () => {
    const weeks = lastWeeks('2026-11-25', 3);
    expect(weeks).toEqual([
      { start: '2026-11-09', end: '2026-11-15' },
      { start: '2026-11-16', end: '2026-11-22' },
      { start: '2026-11-23', end: '2026-11-29' },
    ]);
  });
  it('validates dates', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('26-1-1')).toBe(false);
  });
});
