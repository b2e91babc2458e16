import { describe, expect, it } from 'vitest';
import {
  closestNames,
  computeStage,
  effectiveStage,
  goingColdCutoff,
  isGap,
  parseInstitutionCommand,
  parseInstitutionType,
  streakAtGoal,
  suggestInstitutionType,
} from '../../src/domain/relationship.js';
import { isGoingCold } from '../support/going-cold.js';

const none = { introductionDone: false, actionDone: false };

describe('relationship stage', () => {
  it('follows the log: met once, met again, introduced, action', () => {
    expect(computeStage({ count: 0, ...none })).toBe('met_once');
    expect(computeStage({ count: 1, ...none })).toBe('met_once');
    expect(computeStage({ count: 2, ...none })).toBe('met_again');
    expect(computeStage({ count: 7, ...none })).toBe('met_again');
    expect(computeStage({ count: 1, introductionDone: true, actionDone: false })).toBe('introduced');
    expect(computeStage({ count: 1, introductionDone: false, actionDone: true })).toBe('action');
    // The furthest step reached wins.
    expect(computeStage({ count: 3, introductionDone: true, actionDone: true })).toBe('action');
  });

  it('never infers "holds one-to-ones": only the organiser sets it', () => {
    expect(computeStage({ count: 50, introductionDone: true, actionDone: true })).not.toBe(
      'holds_one_to_ones',
    );
    expect(effectiveStage({ count: 1, ...none }, 'holds_one_to_ones')).toEqual({
      stage: 'holds_one_to_ones',
      corrected: true,
    });
  });

  it('lets the organiser correct the stage in either direction', () => {
    expect(effectiveStage({ count: 5, introductionDone: false, actionDone: true }, 'met_again')).toEqual({
      stage: 'met_again',
      corrected: true,
    });
    expect(effectiveStage({ count: 2, ...none }, null)).toEqual({ stage: 'met_again', corrected: false });
  });
});

describe('going cold (the nudges rule)', () => {
  it('needs two meetings and the given weeks without one', () => {
    const today = '2026-11-25';
    expect(isGoingCold(2, '2026-10-14', today, 6)).toBe(true); // exactly 6 weeks
    expect(isGoingCold(2, '2026-10-15', today, 6)).toBe(false); // a day short
    expect(isGoingCold(1, '2026-01-01', today, 6)).toBe(false); // met once: not a relationship yet
    expect(isGoingCold(3, null, today, 6)).toBe(false);
  });

  it('agrees with the SQL cut-off date', () => {
    const today = '2026-03-30'; // across a DST change: dates are calendar dates, no clock involved
    const cutoff = goingColdCutoff(today, 6);
    expect(cutoff).toBe('2026-02-16');
    expect(isGoingCold(2, cutoff, today, 6)).toBe(true);
    expect(isGoingCold(2, '2026-02-17', today, 6)).toBe(false);
  });
});

describe('streak of weeks at goal', () => {
  it('counts back from last week and adds this week once it is met', () => {
    expect(streakAtGoal([5, 5, 5, 0], 5)).toBe(3); // this week not finished: no break
    expect(streakAtGoal([5, 5, 5, 6], 5)).toBe(4);
    expect(streakAtGoal([5, 4, 5, 5, 2], 5)).toBe(2);
    expect(streakAtGoal([9, 9, 4, 1], 5)).toBe(0);
    expect(streakAtGoal([0, 0, 0, 5], 5)).toBe(1);
    expect(streakAtGoal([], 5)).toBe(0);
  });
});

describe('power map gaps', () => {
  it('is a gap after 8 weeks without a one-to-one, or none at all', () => {
    expect(isGap(null, '2026-11-25')).toBe(true);
    expect(isGap('2026-09-30', '2026-11-25')).toBe(true); // 56 days
    expect(isGap('2026-10-01', '2026-11-25')).toBe(false);
  });
});

describe('/onetoone institution', () => {
  it('reads a quoted name and a type', () => {
    expect(parseInstitutionCommand('"St Mary\'s" faith')).toEqual({
      ok: true,
      name: "St Mary's",
      type: 'faith',
    });
    expect(parseInstitutionCommand('“St Mary’s” public body')).toEqual({
      ok: true,
      name: 'St Mary’s',
      type: 'public_body',
    });
    expect(parseInstitutionCommand('"Unite Union"')).toEqual({
      ok: true,
      name: 'Unite Union',
      type: undefined,
    });
  });

  it('reads an unquoted name with the type last, one or two words', () => {
    expect(parseInstitutionCommand('Oak Road Tenants tenants')).toEqual({
      ok: true,
      name: 'Oak Road Tenants',
      type: 'tenants',
    });
    expect(parseInstitutionCommand('Town Hall public body')).toEqual({
      ok: true,
      name: 'Town Hall',
      type: 'public_body',
    });
    expect(parseInstitutionCommand('Riverside Primary')).toEqual({
      ok: true,
      name: 'Riverside Primary',
      type: undefined,
    });
  });

  it('refuses what it cannot read', () => {
    expect(parseInstitutionCommand('').ok).toBe(false);
    expect(parseInstitutionCommand('"St Mary\'s faith').ok).toBe(false);
    const bad = parseInstitutionCommand('"St Mary\'s" spaceship');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toContain('spaceship');
  });

  it('knows types by code, label and alias', () => {
    expect(parseInstitutionType('Community group')).toBe('community_group');
    expect(parseInstitutionType('public_body')).toBe('public_body');
    expect(parseInstitutionType('church')).toBe('faith');
    expect(parseInstitutionType('nonsense')).toBeUndefined();
  });
});

describe('institution names: suggested types and close matches', () => {
  it('suggests a type from a word of the name, the last word first', () => {
    expect(suggestInstitutionType('Al-Noor Mosque')).toBe('faith');
    expect(suggestInstitutionType("St Mary's Church")).toBe('faith');
    expect(suggestInstitutionType('Hillside Primary School')).toBe('school');
    expect(suggestInstitutionType("St Mary's School")).toBe('school');
    expect(suggestInstitutionType('Northfield Tenants’ Association')).toBe('community_group');
    expect(suggestInstitutionType('Northfield Tenants')).toBe('tenants');
    expect(suggestInstitutionType('Leeds City Council')).toBe('public_body');
    expect(suggestInstitutionType('Unison Leeds Branch')).toBe('union');
    expect(suggestInstitutionType('Green Bean Cafe')).toBe('business');
    // Whole words only, and nothing for a name that says nothing.
    expect(suggestInstitutionType('Churchill Gardens')).toBeUndefined();
    expect(suggestInstitutionType('The Meeting Place')).toBeUndefined();
    expect(suggestInstitutionType('')).toBeUndefined();
  });

  it('offers the closest names, most alike first, and nothing far off', () => {
    const names = ["St Mary's Church", 'St Mark’s Church', 'Hillside Primary School', 'Al-Noor Mosque'];
    expect(closestNames('St Marys Chruch', names)).toEqual(["St Mary's Church", 'St Mark’s Church']);
    expect(closestNames("St Mary's", names)[0]).toBe("St Mary's Church");
    expect(closestNames('hillside primary', names)).toEqual(['Hillside Primary School']);
    expect(closestNames('Riverside Gurdwara', names)).toEqual([]);
    expect(closestNames('x', names)).toEqual([]);
    expect(closestNames('St', [...names, ...names].slice(0, 4), 1)).toHaveLength(0);
  });
});
