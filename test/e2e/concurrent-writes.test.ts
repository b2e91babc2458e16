import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateLog } from '../../src/domain/one-to-one.js';
import { recordIntroduction, setIntroductionOutcome } from '../../src/services/introductions.js';
import { markNextStepDone, snoozeNextStep } from '../../src/services/next-steps.js';
import { editOneToOne, findMyPeople, logOneToOne } from '../../src/services/one-to-ones.js';
import { countRows, testDatabaseKind } from '../support/db.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The same click or submission arriving several times at once gives the same results on SQLite
 * (one writer at a time) and on PostgreSQL (transactions side by side, from a pool): changed
 * once, saved once, no unique-key error. Read-then-write transactions lock the row they read on
 * PostgreSQL (src/repositories/row-lock.ts).
 */

let t: TestApp;
const actor = { teamId: 'T0001', userId: 'UAMY' };
const TIMES = 4;

function input(over: Record<string, string | null> = {}) {
  const v = validateLog(
    {
      newName: 'Racing Rae',
      metOn: '2026-11-20',
      nextStepKind: 'meeting',
      nextStepDue: '2026-11-27',
      ...over,
    },
    '2026-11-25',
  );
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.value;
}

const all = <T>(run: () => Promise<T>) => Promise.all(Array.from({ length: TIMES }, run));
const changedCount = (results: { changed: boolean }[]) => results.filter((r) => r.changed).length;

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
  t.slack.users.set('UAMY', { id: 'UAMY', real_name: 'Amy', tz: 'Europe/London' });
});
afterAll(() => t.stop());

describe(`concurrent writes (${testDatabaseKind()})`, () => {
  let id: string;

  it('different views naming one new person: one person, one one-to-one each', async () => {
    // The organiser exists already (a first insert of them would make the others wait anyway).
    await logOneToOne(t.bot.deps, actor, input({ newName: 'Other Olu' }), 'VOTHER');
    const saved = await Promise.all(
      Array.from({ length: TIMES }, (_, i) => logOneToOne(t.bot.deps, actor, input(), `VRACE${i}`)),
    );
    expect(saved.every((s) => s.created)).toBe(true);
    expect(await countRows(t.bot.deps.db, 'people')).toBe(2);
    expect(await countRows(t.bot.deps.db, 'one_to_ones')).toBe(TIMES + 1);
    id = saved[0]!.id;
  });

  it('the same edit at once: changed once', async () => {
    const results = await all(() => editOneToOne(t.bot.deps, actor, id, input({ values: 'courage' })));
    expect(changedCount(results)).toBe(1);
  });

  it('snoozing at once to the same day: changed once', async () => {
    const results = await all(() => snoozeNextStep(t.bot.deps, actor, id, '2026-11-25', 3));
    expect(changedCount(results)).toBe(1);
    expect(new Set(results.map((r) => r.dueOn))).toEqual(new Set(['2026-11-28']));
  });

  it('Done clicked at once: changed once', async () => {
    const results = await all(() => markNextStepDone(t.bot.deps, actor, id));
    expect(changedCount(results)).toBe(1);
  });

  it('an introduction outcome clicked at once: changed once', async () => {
    const people = await findMyPeople(t.bot.deps, actor, '');
    const [a, b] = people.map((p) => p.id);
    const made = await recordIntroduction(
      t.bot.deps,
      actor,
      { personA: a!, personB: b!, why: 'both care about the bus', introducedOn: '2026-11-18' },
      'VINTRO',
    );
    if (made.kind !== 'saved') throw new Error(`introduction not saved: ${made.kind}`);
    const results = await all(() =>
      setIntroductionOutcome(t.bot.deps, actor, made.introduction.id, 'met', '2026-11-25'),
    );
    expect(changedCount(results)).toBe(1);
  });
});
