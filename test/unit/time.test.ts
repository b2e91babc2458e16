import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  formatDate,
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
  it('turns the date at local midnight, even between two calls in the same second or zone', () => {
    // Asked just before and just after midnight in Chicago (UTC-6 in December), in that order.
    expect(localDate(new Date('2026-12-02T05:59:59.999Z'), 'America/Chicago')).toBe('2026-12-01');
    expect(localDate(new Date('2026-12-02T06:00:00.000Z'), 'America/Chicago')).toBe('2026-12-02');
    expect(localDate(new Date('2026-12-02T06:00:00.999Z'), 'America/Chicago')).toBe('2026-12-02');
    expect(localDate(new Date('2026-12-02T06:00:00.500Z'), 'Europe/London')).toBe('2026-12-02');
    expect(localDate(new Date('2026-12-02T05:59:59.000Z'), 'America/Chicago')).toBe('2026-12-01');
    // Monrovia kept UTC-0:44:30 until 1972: its midnight fell on a half minute.
    expect(localDate(new Date('1960-01-01T00:44:29.999Z'), 'Africa/Monrovia')).toBe('1959-12-31');
    expect(localDate(new Date('1960-01-01T00:44:30.000Z'), 'Africa/Monrovia')).toBe('1960-01-01');
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

describe('gaps: far and odd zones, DST edges, year ends', () => {
  it('the same instant can be three calendar days apart around the world', () => {
    // 10:30 UTC on 25 Nov: 26 Nov in Kiritimati (+14), 24 Nov in Pago Pago (-11).
    const instant = new Date('2026-11-25T10:30:00Z');
    expect(localDate(instant, 'Pacific/Kiritimati')).toBe('2026-11-26');
    expect(localDate(instant, 'Pacific/Pago_Pago')).toBe('2026-11-24');
  });
  it('handles quarter-hour offsets (Kathmandu +5:45, Chatham +13:45 in summer)', () => {
    expect(offsetMinutes(new Date('2026-11-25T00:00:00Z'), 'Asia/Kathmandu')).toBe(345);
    expect(offsetMinutes(new Date('2026-12-01T00:00:00Z'), 'Pacific/Chatham')).toBe(825);
    expect(toLocal(new Date('2026-11-25T18:14:00Z'), 'Asia/Kathmandu')).toMatchObject({
      date: '2026-11-25',
      hour: 23,
      minute: 59,
    });
    expect(localDate(new Date('2026-11-25T18:15:00Z'), 'Asia/Kathmandu')).toBe('2026-11-26');
    expect(zonedTimeToInstant('2026-11-26', '00:00', 'Asia/Kathmandu').toISOString()).toBe(
      '2026-11-25T18:15:00.000Z',
    );
  });
  it('knows the day a Sunday-night DST change happens (Auckland springs forward 27 Sep 2026)', () => {
    expect(localDate(new Date('2026-09-26T13:59:00Z'), 'Pacific/Auckland')).toBe('2026-09-27');
    expect(offsetMinutes(new Date('2026-09-26T13:59:00Z'), 'Pacific/Auckland')).toBe(720);
    expect(offsetMinutes(new Date('2026-09-26T14:00:00Z'), 'Pacific/Auckland')).toBe(780);
    // Midnight Monday after the change is 11:00 UTC on Sunday.
    expect(zonedTimeToInstant('2026-09-28', '00:00', 'Pacific/Auckland').toISOString()).toBe(
      '2026-09-27T11:00:00.000Z',
    );
  });
  it('weeks span the new year and leap days', () => {
    expect(lastWeeks('2027-01-03', 2)).toEqual([
      { start: '2026-12-21', end: '2026-12-27' },
      { start: '2026-12-28', end: '2027-01-03' },
    ]);
    expect(weekStart('2028-03-01')).toBe('2028-02-28');
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-11-25', '2026-11-20')).toBe(-5);
  });
  it('the week of an instant depends on the zone (Sunday night in LA is Monday in Auckland)', () => {
    const instant = new Date('2026-11-29T12:30:00Z');
    expect(weekStart(localDate(instant, 'America/Los_Angeles'))).toBe('2026-11-23');
    expect(weekStart(localDate(instant, 'Pacific/Auckland'))).toBe('2026-11-30');
  });
  it('formats dates for messages without a zone', () => {
    expect(formatDate('2026-11-30')).toBe('Mon 30 Nov');
    expect(formatDate('2027-01-01')).toBe('Fri 1 Jan');
  });
  it('refuses impossible dates', () => {
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-11-31')).toBe(false);
    expect(isIsoDate('2026-11-00')).toBe(false);
    expect(isIsoDate('2026-11-25T00:00')).toBe(false);
    expect(isIsoDate('')).toBe(false);
  });
});
