import { describe, expect, it } from 'vitest';
import { nameKey } from '../../src/domain/keys.js';
import {
  DEFAULT_DURATION,
  LIMITS,
  namesPerson,
  parseGoal,
  parsePersonQuery,
  type RawLogInput,
  validateLearned,
  validateLog,
  validateReflection,
  validateStepOne,
} from '../../src/domain/one-to-one.js';

/** The rules of a one-to-one record, without Slack: what may be logged, reflected and set. */

const TODAY = '2026-11-25';
const ok = (raw: RawLogInput) => {
  const result = validateLog({ metOn: TODAY, ...raw }, TODAY);
  if (!result.ok) throw new Error(`expected valid, got ${JSON.stringify(result.errors)}`);
  return result.value;
};
const errors = (raw: RawLogInput) => {
  const result = validateLog({ metOn: TODAY, ...raw }, TODAY);
  if (result.ok) throw new Error('expected errors');
  return result.errors;
};

describe('validateLog', () => {
  it('a quick log needs only who and when; the rest has defaults', () => {
    expect(ok({ newName: 'Amina' })).toEqual({
      existingPerson: null,
      slackMember: null,
      newName: 'Amina',
      institution: null,
      role: null,
      metOn: TODAY,
      duration: DEFAULT_DURATION,
      setting: null,
      needs: null,
      meaning: null,
      stories: null,
      values: null,
      mutual: null,
      listening: null,
      continue: null,
      depth: null,
      nextStepKind: 'none',
      nextStepDue: null,
      nextStepNote: null,
    });
  });

  it('trims text and treats blank text as empty', () => {
    const v = ok({ newName: '  Amina  ', setting: '   ', stories: '\n a story \n' });
    expect(v.newName).toBe('Amina');
    expect(v.setting).toBeNull();
    expect(v.stories).toBe('a story');
  });

  it('counts length after trimming', () => {
    expect(ok({ newName: ` ${'n'.repeat(LIMITS.name)} ` }).newName).toHaveLength(LIMITS.name);
    expect(errors({ newName: 'n'.repeat(LIMITS.name + 1) })).toEqual({
      newName: `A name can be at most ${LIMITS.name} characters (this is ${LIMITS.name + 1}).`,
    });
  });

  it('who: exactly one of an existing person, a Slack member or a new name', () => {
    expect(Object.keys(errors({}))).toEqual(['existingPerson']);
    expect(Object.keys(errors({ newName: '', slackMember: '', existingPerson: '' }))).toEqual([
      'existingPerson',
    ]);
    expect(Object.keys(errors({ existingPerson: 'p', slackMember: 'U1' }))).toEqual(['slackMember']);
    expect(Object.keys(errors({ existingPerson: 'p', newName: 'A' }))).toEqual(['newName']);
    expect(Object.keys(errors({ slackMember: 'U1', newName: 'A' }))).toEqual(['newName']);
    expect(Object.keys(errors({ existingPerson: 'p', slackMember: 'U1', newName: 'A' }))).toEqual([
      'slackMember',
    ]);
    expect(ok({ slackMember: 'U1' }).slackMember).toBe('U1');
    expect(ok({ existingPerson: 'p' }).existingPerson).toBe('p');
  });

  it('when: required, a real date, not after the organiser’s today', () => {
    expect(errors({ newName: 'A', metOn: null })).toEqual({ metOn: 'Say when you met.' });
    expect(errors({ newName: 'A', metOn: '2026-11-26' }).metOn).toMatch(/today or earlier/);
    expect(errors({ newName: 'A', metOn: '2026-02-29' })).toEqual({ metOn: 'This is not a date.' });
    expect(errors({ newName: 'A', metOn: '25/11/2026' })).toEqual({ metOn: 'This is not a date.' });
    expect(ok({ newName: 'A', metOn: '2024-02-29' }).metOn).toBe('2024-02-29');
    expect(ok({ newName: 'A', metOn: '2000-01-01' }).metOn).toBe('2000-01-01');
  });

  it('how long: whole minutes from 5 to 240; empty means 45', () => {
    expect(ok({ newName: 'A', duration: '5' }).duration).toBe(5);
    expect(ok({ newName: 'A', duration: ' 240 ' }).duration).toBe(240);
    expect(ok({ newName: 'A', duration: '' }).duration).toBe(45);
    expect(ok({ newName: 'A', duration: null }).duration).toBe(45);
    for (const bad of ['4', '241', 'abc', '45.5', '-45', '1e2', '0x2d', '45 min', '٤٥']) {
      expect(Object.keys(errors({ newName: 'A', duration: bad })), bad).toEqual(['duration']);
    }
  });

  it('choices must be one of the listed values', () => {
    expect(ok({ newName: 'A', listening: 'two_thirds', continue: 'maybe' })).toMatchObject({
      listening: 'two_thirds',
      continue: 'maybe',
    });
    expect(Object.keys(errors({ newName: 'A', listening: 'all' }))).toEqual(['listening']);
    expect(Object.keys(errors({ newName: 'A', continue: 'perhaps' }))).toEqual(['continue']);
    expect(Object.keys(errors({ newName: 'A', nextStepKind: 'party' }))).toEqual(['nextStepKind']);
  });

  it('next step: due on or after the meeting, and only with a next step', () => {
    expect(
      ok({ newName: 'A', metOn: '2026-11-20', nextStepKind: 'meeting', nextStepDue: '2026-11-20' }),
    ).toMatchObject({ nextStepKind: 'meeting', nextStepDue: '2026-11-20' });
    // Due dates may be in the future, of course.
    expect(ok({ newName: 'A', nextStepKind: 'action', nextStepDue: '2027-06-01' }).nextStepDue).toBe(
      '2027-06-01',
    );
    expect(
      errors({ newName: 'A', metOn: '2026-11-20', nextStepKind: 'meeting', nextStepDue: '2026-11-19' }),
    ).toEqual({ nextStepDue: 'The next step is due after you met, not before.' });
    // The date picker opens with a date: with "None yet" it is dropped, not refused.
    expect(ok({ newName: 'A', nextStepDue: '2026-12-01' })).toMatchObject({
      nextStepKind: 'none',
      nextStepDue: null,
    });
    expect(Object.keys(errors({ newName: 'A', nextStepKind: 'none', nextStepNote: 'x' }))).toEqual([
      'nextStepKind',
    ]);
    expect(errors({ newName: 'A', nextStepKind: 'meeting', nextStepDue: '2026-13-01' })).toEqual({
      nextStepDue: 'This is not a date.',
    });
  });

  it('every bad field is reported at once, cross-field rules included', () => {
    const e = validateLog(
      { metOn: 'nope', duration: '1000', nextStepNote: 'x', stories: 's'.repeat(3001), listening: '?' },
      TODAY,
    );
    expect(e.ok).toBe(false);
    if (!e.ok) {
      expect(Object.keys(e.errors).sort()).toEqual(
        ['existingPerson', 'metOn', 'duration', 'nextStepKind', 'stories', 'listening'].sort(),
      );
    }
  });

  it('each text field has its own limit', () => {
    const fields: [keyof RawLogInput, number][] = [
      ['newName', LIMITS.name],
      ['institution', LIMITS.institution],
      ['role', LIMITS.role],
      ['setting', LIMITS.setting],
      ['needs', LIMITS.learned],
      ['meaning', LIMITS.learned],
      ['stories', LIMITS.learned],
      ['values', LIMITS.learned],
      ['mutual', LIMITS.learned],
      ['nextStepNote', LIMITS.nextStepNote],
    ];
    for (const [field, max] of fields) {
      const base: RawLogInput = { existingPerson: field === 'newName' ? null : 'p', nextStepKind: 'meeting' };
      expect(validateLog({ metOn: TODAY, ...base, [field]: 'x'.repeat(max) }, TODAY).ok, field).toBe(true);
      const bad = validateLog({ metOn: TODAY, ...base, [field]: 'x'.repeat(max + 1) }, TODAY);
      expect(bad.ok ? [] : Object.keys(bad.errors), field).toEqual([field]);
    }
  });
});

describe('validateReflection', () => {
  it('needs something in it', () => {
    const r = validateReflection({ motivations: ' ', contribution: null });
    // On "what I would do differently", the one field every reflection form shows.
    expect(r).toEqual({ ok: false, errors: { differently: expect.stringMatching(/needs something/) } });
  });

  it('a depth alone, or one line alone, is a reflection', () => {
    expect(validateReflection({ depth: 'surface' })).toMatchObject({ ok: true, value: { depth: 'surface' } });
    expect(validateReflection({ differently: ' slow down ' })).toMatchObject({
      ok: true,
      value: { differently: 'slow down', motivations: null, contribution: null, depth: null },
    });
  });

  it('limits text to 3000 characters and depth to the listed values', () => {
    expect(validateReflection({ contribution: 'c'.repeat(3000) }).ok).toBe(true);
    const r = validateReflection({ contribution: 'c'.repeat(3001), depth: 'abyss' });
    expect(r.ok ? [] : Object.keys(r.errors).sort()).toEqual(['contribution', 'depth']);
  });
});

describe('parseGoal', () => {
  it('takes whole numbers from 1 to 100', () => {
    expect(parseGoal('1')).toEqual({ ok: true, goal: 1 });
    expect(parseGoal(' 40 ')).toEqual({ ok: true, goal: 40 });
    expect(parseGoal('100')).toEqual({ ok: true, goal: 100 });
  });
  it.each(['', '0', '101', 'abc', '2.5', '-1', '1e1', '0x10', 'five'])('refuses %j', (text) => {
    const r = parseGoal(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('/onetoone goal 5');
  });
});

describe('nameKey', () => {
  it('ignores case and runs of spaces', () => {
    expect(nameKey('  Amina   OKAFOR ')).toBe('amina okafor');
    expect(nameKey("St Mary's")).toBe(nameKey("st mary's"));
  });
  it('folds compatibility forms (NFKC) so look-alike spellings match', () => {
    expect(nameKey('Ｓｔ Ｍａｒｙ')).toBe('st mary');
    expect(nameKey('ﬁona')).toBe('fiona');
  });
  it('keeps different names apart', () => {
    expect(nameKey('Ana')).not.toBe(nameKey('Anna'));
  });
});

describe('validateStepOne', () => {
  const step = (raw: Parameters<typeof validateStepOne>[0]) =>
    validateStepOne({ metOn: TODAY, ...raw }, TODAY);

  it('reads the one who field: one of my people, a member, or a new name', () => {
    expect(step({ who: 'p-1' })).toMatchObject({
      ok: true,
      value: { existingPerson: 'p-1', slackMember: null, newName: null },
    });
    expect(step({ who: 'member:U1' })).toMatchObject({
      ok: true,
      value: { slackMember: 'U1', existingPerson: null },
    });
    expect(step({ who: 'new: Amina ' })).toMatchObject({
      ok: true,
      value: { newName: 'Amina', existingPerson: null },
    });
  });

  it('puts every problem with who on the who field', () => {
    expect(step({})).toEqual({ ok: false, errors: { who: expect.stringMatching(/Who did you meet/) } });
    expect(step({ who: 'new:   ' })).toEqual({ ok: false, errors: { who: expect.any(String) } });
    expect(step({ who: 'member:' })).toEqual({ ok: false, errors: { who: expect.any(String) } });
    expect(step({ who: `new:${'n'.repeat(LIMITS.name + 1)}` })).toEqual({
      ok: false,
      errors: { who: expect.stringMatching(/at most 80/) },
    });
    // The single form's member field, still read, with a who: two people.
    expect(step({ who: 'new:Amina', slackMember: 'U1' })).toEqual({
      ok: false,
      errors: { who: expect.stringMatching(/one person/) },
    });
  });

  it('knows nothing of step two', () => {
    const r = step({ who: 'new:Amina' });
    expect(r.ok && Object.keys(r.value)).not.toContain('stories');
  });
});

describe('validateLearned', () => {
  it('everything optional; text trimmed and bounded; choices from the lists', () => {
    expect(validateLearned({})).toMatchObject({ ok: true, value: { stories: null, depth: null } });
    expect(validateLearned({ stories: ' a story ', depth: 'stories' })).toMatchObject({
      ok: true,
      value: { stories: 'a story', depth: 'stories' },
    });
    const r = validateLearned({ stories: 's'.repeat(3001), depth: 'abyss', listening: 'all' });
    expect(r.ok === false && Object.keys(r.errors).sort()).toEqual(['depth', 'listening', 'stories']);
  });
});

describe('parsePersonQuery and namesPerson', () => {
  it('reads a Slack mention, with or without its label, and plain text', () => {
    expect(parsePersonQuery('<@U0123ABC|priya>')).toEqual({
      kind: 'member',
      userId: 'U0123ABC',
      label: 'priya',
    });
    expect(parsePersonQuery(' <@W0123ABC> ')).toEqual({ kind: 'member', userId: 'W0123ABC', label: null });
    expect(parsePersonQuery('@Priya')).toEqual({ kind: 'text', text: 'Priya' });
    expect(parsePersonQuery('<@U0123ABC> and more')).toEqual({ kind: 'text', text: '<@U0123ABC> and more' });
    expect(parsePersonQuery('<@not-an-id>')).toEqual({ kind: 'text', text: '<@not-an-id>' });
  });

  it('a name, or a mention, names a person; Slack markup and long text do not', () => {
    for (const text of ['Amina', 'Amina Okafor', "Seán O'Brien", 'Zoë-Li', '<@U0123ABC|priya>', '@Priya']) {
      expect(namesPerson(text), text).toBe(true);
    }
    for (const text of ['frobnicate <!channel>', '*bold*', '42', 'a'.repeat(81), '']) {
      expect(namesPerson(text), text).toBe(false);
    }
  });
});
