import { afterAll, beforeAll, expect, it } from 'vitest';
import { INTRO_BLOCK, LOG_BLOCK } from '../../src/interaction-ids.js';
import { buildDigest } from '../../src/services/digest.js';
import { setIntroductionOutcome } from '../../src/services/introductions.js';
import { digestMessage } from '../../src/views/digest.js';
import { logNew, openModalWith, submit } from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The weekly digest counts introductions between leaders (made, across institutions, met) in one line: counts only. */

const A = 'UDIGINT1';
const OUTSIDER = 'UDIGINT2';
const CHANNEL = 'CDIGINTRO';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-16T12:00:00Z' });
  for (const id of [A, OUTSIDER]) t.slack.users.set(id, { id, tz: 'Europe/London', real_name: id });
  t.slack.channels.set(CHANNEL, { id: CHANNEL, members: [A] });
});
afterAll(() => t.stop());

async function introduce(user: string, a: string, b: string, on: string): Promise<string> {
  const view = await openModalWith(t, { user }, 'introduce');
  const res = await submit(t, { user }, view, {
    [INTRO_BLOCK.personA]: a,
    [INTRO_BLOCK.personB]: b,
    [INTRO_BLOCK.introducedOn]: on,
    [INTRO_BLOCK.why]: 'secret reason text',
  });
  expect(res.text).toBe('');
  const row = await t.bot.deps.db
    .selectFrom('introductions')
    .select('id')
    .where('source_view_id', '=', view.id)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function person(user: string, name: string): Promise<string> {
  const row = await t.bot.deps.db
    .selectFrom('people')
    .select('id')
    .where('organiser_id', '=', user)
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.id;
}

it('counts last week’s introductions, those across institutions, and those that met', async () => {
  await logNew(t, { user: A }, 'Ada Church', {
    [LOG_BLOCK.institution]: 'St Luke’s',
    [LOG_BLOCK.metOn]: '2026-11-02',
  });
  await logNew(t, { user: A }, 'Bo School', {
    [LOG_BLOCK.institution]: 'Hill School',
    [LOG_BLOCK.metOn]: '2026-11-02',
  });
  await logNew(t, { user: A }, 'Cy School', {
    [LOG_BLOCK.institution]: 'Hill School',
    [LOG_BLOCK.metOn]: '2026-11-02',
  });
  await logNew(t, { user: OUTSIDER }, 'Di Out', { [LOG_BLOCK.metOn]: '2026-11-02' });
  await logNew(t, { user: OUTSIDER }, 'Ed Out', { [LOG_BLOCK.metOn]: '2026-11-02' });
  const [ada, bo, cy] = [
    await person(A, 'Ada Church'),
    await person(A, 'Bo School'),
    await person(A, 'Cy School'),
  ];

  // Made the week before (9–15 Nov), marked met during the reported week (16–22 Nov).
  t.clock.set('2026-11-12T12:00:00Z');
  const earlier = await introduce(A, ada, cy, '2026-11-10');
  // Made during the reported week: one across institutions, one within the same school.
  t.clock.set('2026-11-18T12:00:00Z');
  await introduce(A, ada, bo, '2026-11-17');
  await introduce(A, bo, cy, '2026-11-18');
  await setIntroductionOutcome(t.bot.deps, { teamId: 'T0001', userId: A }, earlier, 'met', '2026-11-18');
  // Not in the channel: not counted.
  await introduce(OUTSIDER, await person(OUTSIDER, 'Di Out'), await person(OUTSIDER, 'Ed Out'), '2026-11-18');
  // After the reported week: not counted.
  t.clock.set('2026-11-24T12:00:00Z');
  await introduce(A, ada, bo, '2026-11-23');

  const summary = await buildDigest(t.bot.deps, 'T0001', CHANNEL, '2026-11-16', 'Europe/London');
  expect(summary.introductions).toEqual({ agreed: 2, acrossInstitutions: 1, happened: 1 });

  const message = JSON.stringify(digestMessage(summary));
  expect(message).toContain('Introductions between leaders: *2 made* (1 across institutions), *1 met*.');
  // One introductions line: no second count that could disagree with it.
  expect(message.match(/ntroduction/g)).toHaveLength(1);
  for (const secret of ['Ada', 'Bo School', 'Cy', 'secret reason']) expect(message).not.toContain(secret);
});

it('says nothing about introductions in a week without any', async () => {
  const summary = await buildDigest(t.bot.deps, 'T0001', CHANNEL, '2026-11-02', 'Europe/London');
  expect(summary.introductions).toEqual({ agreed: 0, acrossInstitutions: 0, happened: 0 });
  expect(JSON.stringify(digestMessage(summary))).not.toContain('ntroduction');
});
