import { describe, expect, it } from 'vitest';
import {
  countFirstMeetings,
  type DigestInput,
  type DigestSummary,
  type DigestWeekRow,
  digestTiming,
  lengthVerdict,
  nextDigestAt,
  parseDigestSchedule,
  reflectedInTime,
  summariseDigest,
  weekInstants,
} from '../../src/domain/digest.js';
import { BLOCK_KIT } from '../../src/views/block-kit.js';
import {
  digestMessage,
  digestScheduleProblemNotice,
  digestStatusNotice,
  joinWithin,
} from '../../src/views/digest.js';

const london = { day: 'monday', time: '09:00', timeZone: 'Europe/London' } as const;

describe('parseDigestSchedule', () => {
  it('reads a day, a time and an optional IANA zone', () => {
    expect(parseDigestSchedule('monday 09:00 Europe/London')).toEqual({
      ok: true,
      day: 'monday',
      time: '09:00',
      timeZone: 'Europe/London',
    });
    expect(parseDigestSchedule('  FRI   7:05 ')).toEqual({
      ok: true,
      day: 'friday',
      time: '07:05',
      timeZone: undefined,
    });
    expect(parseDigestSchedule('sunday 23:59 America/Argentina/Buenos_Aires')).toMatchObject({ ok: true });
  });

  it.each([
    ['', 'Give a day'],
    ['monday', 'Give a day'],
    ['monday 09:00 Europe/London extra', 'Give a day'],
    ['mo 09:00', 'not a day'],
    ['funday 09:00', 'not a day'],
    ['monday 24:00', 'not a time'],
    ['monday 9:60', 'not a time'],
    ['monday 0900', 'not a time'],
    ['monday 09:00 Mars/Olympus', 'not a time zone'],
    ['monday 09:00 UTC+1', 'not a time zone'],
  ])('refuses %j', (text, message) => {
    const parsed = parseDigestSchedule(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });
});

describe('digestTiming', () => {
  it('reports on last week, due at the local day and time of this week', () => {
    const before = digestTiming(new Date('2026-11-23T08:59:59Z'), london);
    expect(before).toMatchObject({ weekStart: '2026-11-16', weekEnd: '2026-11-22', due: false });
    expect(before.dueAt.toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(digestTiming(new Date('2026-11-23T09:00:00Z'), london).due).toBe(true);
    // Still due (missed while down) until the local week ends on Sunday night.
    const sunday = digestTiming(new Date('2026-11-29T23:59:00Z'), london);
    expect(sunday).toMatchObject({ weekStart: '2026-11-16', due: true });
    // Then the next week's digest, not yet due.
    expect(digestTiming(new Date('2026-11-30T00:00:00Z'), london)).toMatchObject({
      weekStart: '2026-11-23',
      due: false,
    });
  });

  it('holds the wall time across both clock changes', () => {
    expect(digestTiming(new Date('2026-10-26T08:30:00Z'), london).dueAt.toISOString()).toBe(
      '2026-10-26T09:00:00.000Z',
    );
    expect(digestTiming(new Date('2027-03-29T07:00:00Z'), london).dueAt.toISOString()).toBe(
      '2027-03-29T08:00:00.000Z',
    );
    // A time the spring-forward skips: due when the clocks jump.
    const skipped = { day: 'sunday', time: '01:30', timeZone: 'Europe/London' } as const;
    expect(digestTiming(new Date('2027-03-28T00:00:00Z'), skipped).dueAt.toISOString()).toBe(
      '2027-03-28T01:00:00.000Z',
    );
    // A time that happens twice in autumn: the first time.
    const twice = { day: 'sunday', time: '01:30', timeZone: 'Europe/London' } as const;
    expect(digestTiming(new Date('2026-10-25T00:00:00Z'), twice).dueAt.toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('uses the schedule’s zone for the week, not UTC', () => {
    const tokyo = { day: 'monday', time: '09:00', timeZone: 'Asia/Tokyo' } as const;
    // Sunday 23:30 UTC is already Monday 08:30 in Tokyo: this week's digest, not yet due.
    const t = digestTiming(new Date('2026-11-22T23:30:00Z'), tokyo);
    expect(t).toMatchObject({ weekStart: '2026-11-16', due: false });
    expect(t.dueAt.toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });

  it('says when the next digest comes', () => {
    expect(nextDigestAt(new Date('2026-11-23T08:00:00Z'), london).toISOString()).toBe(
      '2026-11-23T09:00:00.000Z',
    );
    expect(nextDigestAt(new Date('2026-11-23T10:00:00Z'), london).toISOString()).toBe(
      '2026-11-30T09:00:00.000Z',
    );
  });

  it('bounds a local week by instants', () => {
    const w = weekInstants('2026-10-19', 'Europe/London');
    expect(w.from.toISOString()).toBe('2026-10-18T23:00:00.000Z');
    // The week that holds the clock change is an hour longer.
    expect(w.to.toISOString()).toBe('2026-10-26T00:00:00.000Z');
  });
});

let rowId = 0;
function row(p: Partial<DigestWeekRow> = {}): DigestWeekRow {
  rowId++;
  return {
    id: `R${String(rowId).padStart(4, '0')}`,
    personId: `P${rowId}`,
    organiserId: 'U1',
    metOn: '2026-11-17',
    durationMinutes: 45,
    nextStepKind: 'none',
    createdAt: '2026-11-17T12:00:00.000Z',
    reflectedAt: null,
    metOnEarlierDay: false,
    institutionId: null,
    ...p,
  };
}

function input(p: Partial<DigestInput> = {}): DigestInput {
  return {
    weekStart: '2026-11-16',
    timeZone: 'Europe/London',
    organisers: [
      { userId: 'U1', weeklyGoal: 2 },
      { userId: 'U2', weeklyGoal: 1 },
      { userId: 'U3', weeklyGoal: 0 },
    ],
    weekRows: [],
    dailyCounts: [],
    nextStepsCompleted: 0,
    nextStepsOverdue: 0,
    newInstitutions: [],
    ...p,
  };
}

describe('summariseDigest', () => {
  it('counts held, members, goals, new and deepening, institutions and next steps', () => {
    const s = summariseDigest(
      input({
        weekRows: [
          row({ institutionId: 'I1', nextStepKind: 'introduction', durationMinutes: 60 }),
          row({ metOnEarlierDay: true, institutionId: 'I1', nextStepKind: 'meeting', durationMinutes: 30 }),
          row({ organiserId: 'U2', institutionId: 'I2' }),
        ],
        dailyCounts: [
          { metOn: '2026-09-28', held: 9 }, // 8 weeks = 28 Sep … 16 Nov
          { metOn: '2026-09-27', held: 100 }, // outside the chart
          { metOn: '2026-11-09', held: 1 },
          { metOn: '2026-11-15', held: 1 },
          { metOn: '2026-11-16', held: 2 },
          { metOn: '2026-11-22', held: 1 },
        ],
        nextStepsCompleted: 4,
        nextStepsOverdue: 5,
        newInstitutions: ['Zeta School', 'Alpha Union'],
      }),
    );
    expect(s).toMatchObject({
      weekStart: '2026-11-16',
      weekEnd: '2026-11-22',
      members: 3,
      held: 3,
      previousWeek: 2,
      goalSum: 3,
      activeMembers: 2,
      goalMet: ['U1', 'U2'],
      newRelationships: 2,
      deepening: 1,
      institutionsReached: 2,
      newInstitutions: ['Alpha Union', 'Zeta School'],
      nextSteps: { agreed: 2, completed: 4, overdue: 5, introductions: 1 },
      averageMinutes: 45,
      lengthVerdict: 'practice',
    });
    expect(s.weeks.map((w) => w.start)).toEqual([
      '2026-09-28',
      '2026-10-05',
      '2026-10-12',
      '2026-10-19',
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
    ]);
    expect(s.weeks.map((w) => w.held)).toEqual([9, 0, 0, 0, 0, 0, 2, 3]);
  });

  it('counts a first meeting once, even when a person is met twice on their first day', () => {
    const first = row({ personId: 'PX', createdAt: '2026-11-17T09:00:00.000Z', id: 'R9' });
    const sameDayLater = row({ personId: 'PX', createdAt: '2026-11-17T15:00:00.000Z', id: 'R1' });
    const sameInstantTie = row({ personId: 'PY', createdAt: '2026-11-17T09:00:00.000Z', id: 'R2' });
    const tieOther = row({ personId: 'PY', createdAt: '2026-11-17T09:00:00.000Z', id: 'R3' });
    const laterDay = row({ personId: 'PX', metOn: '2026-11-19', metOnEarlierDay: true });
    const metBefore = row({ personId: 'PZ', metOnEarlierDay: true });
    const rows = [sameDayLater, laterDay, first, tieOther, sameInstantTie, metBefore];
    expect(countFirstMeetings(rows)).toBe(2);
    expect(summariseDigest(input({ weekRows: rows }))).toMatchObject({ newRelationships: 2, deepening: 4 });
  });

  it('never counts a goal of 0 with no one-to-ones as met', () => {
    const s = summariseDigest(input({ organisers: [{ userId: 'U3', weeklyGoal: 0 }] }));
    expect(s.goalMet).toEqual([]);
    expect(s.held).toBe(0);
    expect(s.reflectionRate).toBeNull();
    expect(s.averageMinutes).toBeNull();
  });

  it('counts a reflection within 48 hours of logging, not one after', () => {
    expect(reflectedInTime('2026-11-17T12:00:00.000Z', '2026-11-19T12:00:00.000Z')).toBe(true);
    expect(reflectedInTime('2026-11-17T12:00:00.000Z', '2026-11-19T12:00:01.000Z')).toBe(false);
    expect(reflectedInTime('2026-11-17T12:00:00.000Z', null)).toBe(false);
    const s = summariseDigest(
      input({
        weekRows: [
          row({ reflectedAt: '2026-11-17T13:00:00.000Z' }),
          row({ reflectedAt: '2026-11-20T13:00:00.000Z' }),
          row(),
          row({ reflectedAt: '2026-11-18T00:00:00.000Z' }),
        ],
      }),
    );
    expect(s.reflectionRate).toBe(0.5);
  });

  it('judges length against 45–60 minutes', () => {
    expect(lengthVerdict(44.9)).toBe('short');
    expect(lengthVerdict(45)).toBe('practice');
    expect(lengthVerdict(60)).toBe('practice');
    expect(lengthVerdict(60.1)).toBe('long');
  });
});

function summary(p: Partial<DigestSummary> = {}): DigestSummary {
  return {
    ...summariseDigest(input({ weekRows: [row({ organiserId: 'U1' }), row({ organiserId: 'U1' })] })),
    ...p,
  };
}

function sectionTexts(blocks: any[]): string[] {
  return blocks.flatMap((b) => [b.text?.text, ...(b.elements ?? []).map((e: any) => e.text)]).filter(Boolean);
}

describe('digestMessage', () => {
  it('celebrates by mention those who met their goal, and nobody else by name', () => {
    const m = digestMessage(summary());
    const all = JSON.stringify(m);
    expect(all).toContain('Met their own weekly goal: <@U1>. Well done!');
    expect(all).not.toContain('<@U2>');
    expect(all).not.toContain('<@U3>');
    expect(m.text).toBe('2 one-to-ones held last week (Mon 16 Nov – Sun 22 Nov).');
  });

  it('a quiet week still encourages and says how to log', () => {
    const m = digestMessage(summariseDigest(input()));
    const all = JSON.stringify(m);
    expect(m.text).toContain('A quiet week');
    expect(all).toContain('`/onetoone`');
    expect(all).not.toContain('Met their own weekly goal');
    expect(all).toContain('*The last 8 weeks*');
  });

  it('stays within Block Kit limits for a huge team and many long institution names', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `U${String(i).padStart(8, '0')}`);
    const names = Array.from({ length: 1000 }, (_, i) => `${'Very Long Institution Name '.repeat(8)}${i}`);
    const m = digestMessage(
      summary({
        members: 2000,
        held: 99_999,
        goalSum: 10_000,
        goalMet: ids,
        newInstitutions: names,
        institutionsReached: 1000,
        timeZone: 'America/Argentina/Buenos_Aires',
      }),
      { preview: true },
    );
    expect(m.blocks.length).toBeLessThanOrEqual(BLOCK_KIT.messageBlocks);
    for (const text of sectionTexts(m.blocks)) expect(text.length).toBeLessThanOrEqual(BLOCK_KIT.sectionText);
    const head = m.blocks[0] as any;
    expect(head.type).toBe('header');
    expect(head.text.text.length).toBeLessThanOrEqual(BLOCK_KIT.headerText);
    const all = JSON.stringify(m);
    expect(all).toMatch(/and \d+ more\. Well done!/);
    expect(all).toMatch(/and \d+ more\./);
    // Cut at whole items: every mention shown is complete.
    expect(all).not.toMatch(/<@U\d*…/);
  });

  it('escapes institution names and drops malformed user ids, so nothing pings or links', () => {
    const m = digestMessage(
      summary({
        newInstitutions: ['<!channel> & <https://evil.example|Union>'],
        goalMet: ['U1', '<!here>', 'not-an-id'],
      }),
    );
    const all = JSON.stringify(m);
    expect(all).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|Union&gt;');
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<!here>');
    expect(all).not.toContain('not-an-id');
  });

  it('carries no field for text or names: only what the summary holds', () => {
    // The view's input type has no place for what anyone wrote; this pins it.
    const keys = Object.keys(summary()).sort();
    expect(keys).toEqual(
      [
        'activeMembers',
        'averageMinutes',
        'deepening',
        'goalMet',
        'goalSum',
        'held',
        'institutionsReached',
        'lengthVerdict',
        'members',
        'newInstitutions',
        'newRelationships',
        'nextSteps',
        'previousWeek',
        'reflectionRate',
        'timeZone',
        'weekEnd',
        'weekStart',
        'weeks',
      ].sort(),
    );
  });
});

describe('joinWithin', () => {
  it('keeps whole items within the budget and says how many more', () => {
    expect(joinWithin(['a', 'b', 'c'], 100)).toBe('a, b, c');
    expect(joinWithin(['aaaa', 'bbbb', 'cccc'], 16)).toBe('aaaa and 2 more');
    expect(joinWithin([], 10)).toBe('');
  });
});

describe('digest replies', () => {
  const schedule = { ...london, nextOn: '2026-11-30' };

  it('lists as many channels as fit in one section, then says how many more', () => {
    const channelIds = Array.from({ length: 400 }, (_, i) => `C${String(i).padStart(9, '0')}`);
    const m = digestStatusNotice({ schedule, channelIds, subscribedHere: true });
    const text = (m.blocks[0] as { text: { text: string } }).text.text;
    expect(text.length).toBeLessThanOrEqual(BLOCK_KIT.sectionText);
    expect(text).toMatch(/<#C000000000>, .* and \d+ more\./);
    expect(text).toContain('This channel gets it.');
    expect(text).toContain('`/onetoone digest schedule monday 09:00 Europe/London`');
  });

  it('never links a malformed channel id', () => {
    const m = digestStatusNotice({ schedule, channelIds: ['C0OK', 'x><!here'], subscribedHere: false });
    expect(m.text).toContain('<#C0OK>');
    expect(m.text).not.toContain('<!here');
  });

  it('quotes what was typed through the user-text renderer', () => {
    const parsed = parseDigestSchedule('*fri*day 09:00');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problem).toEqual({ kind: 'day', typed: '*fri*day' });
    expect(digestScheduleProblemNotice(parsed.problem).text).toContain('“∗fri∗day” is not a day of the week');
  });
});
