import { describe, expect, it } from 'vitest';
import {
  chartStart,
  countStageMoves,
  type DigestFigures,
  type DigestSummary,
  digestTiming,
  lengthVerdict,
  MIN_MEMBERS_SHOWN,
  memberLine,
  nextDigestAt,
  type OrganiserWeek,
  type PersonMilestones,
  parseDigestSchedule,
  summariseDigest,
  weekInstants,
} from '../../src/domain/digest.js';
import { BLOCK_KIT } from '../../src/views/block-kit.js';
import {
  digestMessage,
  digestPictureWords,
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

function week(
  organiserId: string,
  weekStart: string,
  held: number,
  p: Partial<OrganiserWeek> = {},
): OrganiserWeek {
  return { organiserId, weekStart, held, minutes: held * 45, stepsAgreed: 0, ...p };
}

function figures(p: Partial<DigestFigures> = {}): DigestFigures {
  return {
    weekStart: '2026-11-16',
    timeZone: 'Europe/London',
    organisers: [
      { userId: 'U1', weeklyGoal: 2 },
      { userId: 'U2', weeklyGoal: 1 },
      { userId: 'U3', weeklyGoal: 0 },
      { userId: 'U4', weeklyGoal: 3 },
      { userId: 'U5', weeklyGoal: 3 },
    ],
    weeks: [],
    firstWeek: '2026-01-05',
    newRelationships: 0,
    stageMoves: { metAgain: 0, introduced: 0, action: 0 },
    institutionsReached: 0,
    newInstitutions: [],
    reflections: 0,
    nextStepsCompleted: 0,
    nextStepsStillOpen: 0,
    introductions: { agreed: 0, acrossInstitutions: 0, happened: 0 },
    ...p,
  };
}

const TEAM_OF_FIVE = ['U1', 'U2', 'U3', 'U4', 'U5'];

describe('summariseDigest', () => {
  it('adds up the week, the week before and the chart from the per-week totals', () => {
    const s = summariseDigest(
      figures({
        weeks: [
          week('U1', '2026-11-16', 2, { minutes: 90, stepsAgreed: 2 }),
          week('U2', '2026-11-16', 1, { minutes: 45 }),
          week('U1', '2026-11-09', 2),
          week('U1', '2026-09-28', 9),
          // Not in the team (left the channel, or paused): never counted.
          week('UOTHER', '2026-11-16', 50),
        ],
        newRelationships: 2,
        institutionsReached: 2,
        newInstitutions: ['Zeta School', 'Alpha Union'],
        nextStepsCompleted: 4,
        nextStepsStillOpen: 5,
        reflections: 3,
      }),
    );
    expect(s).toMatchObject({
      weekStart: '2026-11-16',
      weekEnd: '2026-11-22',
      hasTeam: true,
      held: 3,
      previousWeek: 2,
      goalMet: ['U1', 'U2'],
      newRelationships: 2,
      deepening: 1,
      institutionsReached: 2,
      newInstitutions: ['Alpha Union', 'Zeta School'],
      nextSteps: { agreed: 2, completed: 4, stillOpen: 5 },
      reflections: 3,
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

  it('starts the chart at the team’s first week of use: no weeks of 0 before it', () => {
    const s = summariseDigest(figures({ firstWeek: '2026-11-02', weeks: [week('U1', '2026-11-16', 1)] }));
    expect(s.weeks).toEqual([
      { start: '2026-11-02', held: 0 },
      { start: '2026-11-09', held: 0 },
      { start: '2026-11-16', held: 1 },
    ]);
    expect(chartStart('2026-11-16', null)).toBeNull();
    expect(chartStart('2026-11-16', '2026-11-23')).toBeNull();
    expect(chartStart('2026-11-16', '2020-01-06')).toBe('2026-09-28');
  });

  it('never counts a goal of 0 with no one-to-ones as met', () => {
    const s = summariseDigest(figures());
    expect(s.goalMet).toEqual([]);
    expect(s.held).toBe(0);
    expect(s.averageMinutes).toBeNull();
  });

  it('judges each organiser against the goal in force that week', () => {
    const s = summariseDigest(
      figures({
        organisers: TEAM_OF_FIVE.map((userId) => ({ userId, weeklyGoal: userId === 'U1' ? 30 : 2 })),
        weeks: TEAM_OF_FIVE.map((u) => week(u, '2026-11-16', 2)),
      }),
    );
    expect(s.goalMet).toEqual(['U2', 'U3', 'U4', 'U5']);
  });

  it('says nothing about members in a team below the minimum: no counts, no names', () => {
    const small = figures({
      organisers: [
        { userId: 'U1', weeklyGoal: 1 },
        { userId: 'U2', weeklyGoal: 1 },
        { userId: 'U3', weeklyGoal: 1 },
      ],
      weeks: [week('U1', '2026-11-16', 2)],
    });
    const s = summariseDigest(small);
    expect(s.members).toBeNull();
    expect(s.goalMet).toEqual([]);
    expect(s.held).toBe(2);
  });

  it('shows member counts only when they point at nobody', () => {
    expect(memberLine(4, 4)).toBeNull();
    expect(memberLine(20, 4)).toBeNull();
    expect(memberLine(5, 5)).toEqual({ active: 5, of: 5, everyone: true });
    // 7 of 9: the two without one would be pointed at, so the team's size is not said.
    expect(memberLine(9, 7)).toEqual({ active: 7, everyone: false });
    expect(memberLine(12, 7)).toEqual({ active: 7, of: 12, everyone: false });
    expect(MIN_MEMBERS_SHOWN).toBe(5);
  });

  it('judges length against 45–60 minutes', () => {
    expect(lengthVerdict(44.9)).toBe('short');
    expect(lengthVerdict(45)).toBe('practice');
    expect(lengthVerdict(60)).toBe('practice');
    expect(lengthVerdict(60.1)).toBe('long');
  });
});

describe('countStageMoves', () => {
  const bounds = {
    fromDate: '2026-11-16',
    toDate: '2026-11-22',
    fromInstant: '2026-11-16T00:00:00.000Z',
    toInstant: '2026-11-23T00:00:00.000Z',
  };
  const p = (m: Partial<PersonMilestones>): PersonMilestones => ({
    firstMetOn: '2026-10-01',
    secondMetOn: null,
    introducedAt: null,
    actionAt: null,
    ...m,
  });

  it('counts people already met whose stage rose in the week, once each at the stage reached', () => {
    expect(
      countStageMoves(
        [
          p({ secondMetOn: '2026-11-17' }), // met once → met again
          p({ secondMetOn: '2026-10-05', introducedAt: '2026-11-18T10:00:00.000Z' }), // → introduced
          // Met again and in an action the same week: counted once, at the action.
          p({ secondMetOn: '2026-11-17', actionAt: '2026-11-22T23:59:00.000Z' }),
          // Already at the action stage: an introduction now is no move up.
          p({
            secondMetOn: '2026-10-05',
            actionAt: '2026-11-01T10:00:00.000Z',
            introducedAt: '2026-11-18T10:00:00.000Z',
          }),
          // First met this week (a new relationship, not a move), then met again.
          p({ firstMetOn: '2026-11-16', secondMetOn: '2026-11-18' }),
          // Outside the week on both sides.
          p({ secondMetOn: '2026-11-23' }),
          p({ introducedAt: '2026-11-15T23:59:59.000Z' }),
        ],
        bounds,
      ),
    ).toEqual({ metAgain: 1, introduced: 1, action: 1 });
  });
});

function summary(p: Partial<DigestSummary> = {}): DigestSummary {
  return {
    ...summariseDigest(
      figures({
        weeks: [week('U1', '2026-11-16', 2), week('U2', '2026-11-09', 1)],
        newRelationships: 1,
        firstWeek: '2026-11-02',
      }),
    ),
    ...p,
  };
}

function sectionTexts(blocks: any[]): string[] {
  return blocks.flatMap((b) => [b.text?.text, ...(b.elements ?? []).map((e: any) => e.text)]).filter(Boolean);
}

describe('digestMessage', () => {
  it('leads with growth and celebrates by mention those who met their goal, nobody else by name', () => {
    const m = digestMessage(summary({ stageMoves: { metAgain: 2, introduced: 1, action: 0 } }));
    const all = JSON.stringify(m);
    const texts = sectionTexts(m.blocks);
    expect(texts[1]).toContain(
      '*Relationships growing:* *1 new* and *1 deepening*, from *2 one-to-ones* last week',
    );
    expect(all).toContain('*3 people* moved up a stage: 2 met again, 1 introduced to others.');
    expect(all).toContain('Met their own weekly goal: <@U1>. Well done!');
    expect(all).not.toContain('<@U2>');
    expect(all).not.toContain('<@U3>');
    expect(m.text).toBe(
      '2 one-to-ones last week (Mon 16 Nov – Sun 22 Nov): 1 new relationship, 1 deepening.',
    );
  });

  it('never grades: no summed goal, no percentage, “still open” rather than “overdue”', () => {
    const all = JSON.stringify(
      digestMessage(summary({ nextSteps: { agreed: 1, completed: 0, stillOpen: 3 } })),
    );
    expect(all).toContain('*3 still open*');
    expect(all).not.toMatch(/overdue|weekly goals of|%/);
  });

  it('has one introductions line, only when there is something to say', () => {
    const none = JSON.stringify(digestMessage(summary()));
    expect(none).not.toContain('ntroduction');
    const some = JSON.stringify(
      digestMessage(summary({ introductions: { agreed: 2, acrossInstitutions: 1, happened: 1 } })),
    );
    expect(some.match(/ntroduction/g)).toHaveLength(1);
    expect(some).toContain('Introductions between leaders: *2 made* (1 across institutions), *1 met*.');
  });

  it('in a small team, shows no member count and names nobody', () => {
    const small = summariseDigest(
      figures({
        organisers: [
          { userId: 'U1', weeklyGoal: 1 },
          { userId: 'U2', weeklyGoal: 1 },
          { userId: 'U3', weeklyGoal: 1 },
        ],
        weeks: [week('U1', '2026-11-16', 2)],
      }),
    );
    const all = JSON.stringify(digestMessage(small));
    expect(all).not.toMatch(/members|of 3|<@/);
    expect(all).toContain('*2 one-to-ones*');
  });

  it('a quiet week still encourages and says how to log', () => {
    const m = digestMessage(summariseDigest(figures()));
    const all = JSON.stringify(m);
    expect(m.text).toContain('A quiet week');
    expect(all).toContain('`/onetoone`');
    expect(all).not.toContain('Met their own weekly goal');
    expect(all).toContain('*The last 8 weeks*');
  });

  it('draws the chart on one scale from the first week of use', () => {
    const chart = sectionTexts(digestMessage(summary()).blocks).find((t) => t.includes('```'))!;
    expect(chart).toContain('*Since the team began (3 weeks)*');
    const lines = chart.split('```')[1]!.split('\n');
    // 12 cells a bar, the busiest week the longest; a quiet week a dot.
    expect(lines).toEqual([
      `2 Nov  ·${' '.repeat(11)} 0`,
      `9 Nov  ${'█'.repeat(6)}${' '.repeat(6)} 1`,
      `16 Nov ${'█'.repeat(12)} 2`,
    ]);
  });

  it('stays within Block Kit limits for a huge team and many long institution names', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `U${String(i).padStart(8, '0')}`);
    const names = Array.from({ length: 1000 }, (_, i) => `${'Very Long Institution Name '.repeat(8)}${i}`);
    const m = digestMessage(
      summary({
        members: { active: 2000, of: 4000, everyone: false },
        held: 99_999,
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
    expect(all).toContain('*2000 of 4000 members* held at least one one-to-one.');
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
        'averageMinutes',
        'deepening',
        'goalMet',
        'hasTeam',
        'held',
        'institutionsReached',
        'introductions',
        'lengthVerdict',
        'members',
        'newInstitutions',
        'newRelationships',
        'nextSteps',
        'previousWeek',
        'reflections',
        'stageMoves',
        'timeZone',
        'weekEnd',
        'weekStart',
        'weeks',
      ].sort(),
    );
  });

  it('names the trend picture’s weeks as the chart does, and draws none without a trend', () => {
    const words = digestPictureWords(summary());
    expect(words).toMatchObject({
      labels: ['2 Nov', '9 Nov', '16 Nov'],
      filename: 'one-to-ones-2026-11-16.png',
    });
    expect(digestPictureWords(summariseDigest(figures({ firstWeek: '2026-11-16' })))).toBeUndefined();
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
