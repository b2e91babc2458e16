import { describe, expect, it } from 'vitest';
import {
  type AwaitingReflection,
  type DueStep,
  type GoingCold,
  isRecentMeeting,
  RECENT_MEETING_DAYS,
  relativeDay,
  type SuggestionInput,
  suggestNext,
  weekdayName,
} from '../../src/domain/home.js';

/** The Home tab's "what next?" rules (src/domain/home.ts). Today: Wednesday 25 November 2026. */

const TODAY = '2026-11-25';

const step = (dueOn: string, id = `s-${dueOn}`): DueStep => ({
  oneToOneId: id,
  personName: 'Amina',
  institutionName: null,
  kind: 'meeting',
  dueOn,
  note: null,
});
const met = (metOn: string, id = `m-${metOn}`): AwaitingReflection => ({
  oneToOneId: id,
  personName: 'Bilal',
  institutionName: null,
  metOn,
});
const cold: GoingCold = {
  personId: 'p1',
  personName: 'Chidi',
  institutionName: null,
  meetings: 2,
  lastMetOn: '2026-09-20',
};

function input(over: Partial<SuggestionInput> = {}): SuggestionInput {
  return {
    today: TODAY,
    firstOpen: false,
    goal: 5,
    thisWeek: 2,
    dueSteps: [],
    unreflected: [],
    goingCold: [],
    ...over,
  };
}

describe('suggestNext', () => {
  it('welcomes a first open, whatever else', () => {
    expect(suggestNext(input({ firstOpen: true, goingCold: [cold] }))).toEqual({ kind: 'welcome' });
  });

  it('puts a reflection on a recent meeting first: the latest, while it is fresh', () => {
    const s = suggestNext(
      input({
        unreflected: [met('2026-11-24', 'yesterday'), met('2026-11-23')],
        dueSteps: [step('2026-11-20'), step(TODAY)],
        goingCold: [cold],
      }),
    );
    expect(s).toEqual({ kind: 'reflect', meeting: met('2026-11-24', 'yesterday') });
  });

  it('does not press for a reflection on a meeting more than three days old', () => {
    const old = met('2026-11-21');
    expect(isRecentMeeting(old.metOn, TODAY)).toBe(false);
    expect(isRecentMeeting('2026-11-22', TODAY)).toBe(true);
    expect(RECENT_MEETING_DAYS).toBe(3);
    expect(suggestNext(input({ unreflected: [old] })).kind).toBe('goal');
    // A meeting logged for a date after today (another zone's today) is not "recent" either.
    expect(isRecentMeeting('2026-11-26', TODAY)).toBe(false);
  });

  it('then the next step due soonest, when it is due today or still open', () => {
    const s = suggestNext(input({ dueSteps: [step('2026-11-20'), step(TODAY)], goingCold: [cold] }));
    expect(s).toEqual({ kind: 'nextStep', step: step('2026-11-20') });
    expect(suggestNext(input({ dueSteps: [step(TODAY)] }))).toEqual({ kind: 'nextStep', step: step(TODAY) });
  });

  it('then someone going cold, before the week’s goal', () => {
    expect(suggestNext(input({ dueSteps: [step('2026-11-27')], goingCold: [cold] }))).toEqual({
      kind: 'goingCold',
      person: cold,
    });
  });

  it('then the week’s goal, before a step due later in the week', () => {
    expect(suggestNext(input({ thisWeek: 3, dueSteps: [step('2026-11-27')] }))).toEqual({
      kind: 'goal',
      remaining: 2,
      goal: 5,
    });
  });

  it('with the goal met: a step due in the coming days, else well done', () => {
    expect(suggestNext(input({ thisWeek: 5, dueSteps: [step('2026-11-27')] }))).toEqual({
      kind: 'upcomingStep',
      step: step('2026-11-27'),
    });
    expect(suggestNext(input({ thisWeek: 7 }))).toEqual({ kind: 'goalMet', thisWeek: 7, goal: 5 });
    // A step beyond the week is not "upcoming".
    expect(suggestNext(input({ thisWeek: 5, dueSteps: [step('2026-12-09')] })).kind).toBe('goalMet');
  });

  it('is deterministic: the same input, the same answer', () => {
    const i = input({ unreflected: [met('2026-11-10')], dueSteps: [step('2026-11-30')], goingCold: [cold] });
    expect(suggestNext(i)).toEqual(suggestNext(structuredClone(i)));
  });
});

describe('relativeDay', () => {
  it('names days near today, a date further away', () => {
    expect(relativeDay(TODAY, TODAY)).toEqual({ kind: 'today' });
    expect(relativeDay('2026-11-26', TODAY)).toEqual({ kind: 'tomorrow' });
    expect(relativeDay('2026-11-24', TODAY)).toEqual({ kind: 'yesterday' });
    expect(relativeDay('2026-11-27', TODAY)).toEqual({ kind: 'weekday', weekday: 'Friday', past: false });
    // Six days ahead is Tuesday, not today's Wednesday: no two dates share a name.
    expect(relativeDay('2026-12-01', TODAY)).toEqual({ kind: 'weekday', weekday: 'Tuesday', past: false });
    expect(relativeDay('2026-12-02', TODAY)).toEqual({ kind: 'date', past: false });
    expect(relativeDay('2026-11-23', TODAY)).toEqual({ kind: 'weekday', weekday: 'Monday', past: true });
    expect(relativeDay('2026-11-18', TODAY)).toEqual({ kind: 'date', past: true });
  });

  it('crosses months, years and leap days', () => {
    expect(relativeDay('2027-01-01', '2026-12-31')).toEqual({ kind: 'tomorrow' });
    expect(relativeDay('2028-02-29', '2028-02-28')).toEqual({ kind: 'tomorrow' });
    expect(weekdayName('2028-02-29')).toBe('Tuesday');
    expect(weekdayName('2026-11-29')).toBe('Sunday');
  });
});
