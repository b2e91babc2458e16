import { afterAll, beforeAll, expect, it } from 'vitest';
import { INTRO_BLOCK, LOG_BLOCK } from '../../src/interaction-ids.js';
import { nudgesJob } from '../../src/jobs/nudges.js';
import { blockText, buttons, logNew, openModalWith, submit } from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * An introduction's whole life: recorded through the modal, asked about by the nudge job a week
 * later in working hours, answered with the buttons (Not yet asks again a week later; They met
 * closes it), and never asked again. Someone else's click changes nothing.
 */

const A = 'UINTRO01';
const B = 'UINTRO02';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
  for (const id of [A, B]) t.slack.users.set(id, { id, tz: 'Europe/London', real_name: id });
});
afterAll(() => t.stop());

type Delivered = { channel: string; ts: string; args: Record<string, any> };

/** Every introduction question the job delivered to A, as delivered (before any answer edits it). */
const asked: Delivered[] = [];

async function runNudges(at: string) {
  t.clock.set(at);
  const from = t.slack.messages.length;
  const result = await nudgesJob.run({ deps: t.bot.deps, now: new Date(at), dryRun: false });
  for (const m of t.slack.messages.slice(from)) {
    const isQuestion = buttons(m.args.blocks).some((b) => b.action_id.startsWith('nudge:introduction:'));
    if (m.channel === `D${A}` && isQuestion) asked.push({ ...m, args: { ...m.args } });
  }
  return result;
}

function introQuestions(): Delivered[] {
  return asked;
}

async function press(actor: string, message: Delivered, actionId: string, value?: string) {
  const button = buttons(message.args.blocks).find((b) => b.action_id === actionId);
  if (!button) throw new Error(`no ${actionId} in ${blockText(message.args.blocks)}`);
  const updates = t.slack.callsOf('chat.update').length;
  const responses = t.slack.responses.length;
  const res = await t.send.blockAction(
    { user: actor },
    { action_id: button.action_id, value: value ?? button.value },
    { channel: message.channel, ts: message.ts, message: { ts: message.ts, blocks: message.args.blocks } },
  );
  expect(res.status).toBe(200);
  return { updates, responses };
}

async function intro(id: string) {
  return t.bot.deps.db.selectFrom('introductions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

it('asks a week later whether they met, once, and records the answers', async () => {
  await logNew(t, { user: A }, 'Grace Ade', {
    [LOG_BLOCK.institution]: 'St Anne’s Church',
    [LOG_BLOCK.metOn]: '2026-11-24',
  });
  await logNew(t, { user: A }, 'Tom Baker', {
    [LOG_BLOCK.institution]: 'Bus Drivers’ Union',
    [LOG_BLOCK.metOn]: '2026-11-24',
  });
  const people = await t.bot.deps.db
    .selectFrom('people')
    .select(['id', 'name'])
    .where('organiser_id', '=', A)
    .execute();
  const grace = people.find((p) => p.name === 'Grace Ade')!.id;
  const tom = people.find((p) => p.name === 'Tom Baker')!.id;
  const view = await openModalWith(t, { user: A }, 'introduce');
  const res = await submit(t, { user: A }, view, {
    [INTRO_BLOCK.personA]: grace,
    [INTRO_BLOCK.personB]: tom,
    [INTRO_BLOCK.why]: 'the night-bus safety campaign',
  });
  expect(res.text).toBe('');
  const { id } = await t.bot.deps.db
    .selectFrom('introductions')
    .select('id')
    .where('source_view_id', '=', view.id)
    .executeTakeFirstOrThrow();
  expect(await intro(id)).toMatchObject({
    status: 'agreed',
    follow_up_due_on: '2026-12-02',
    across_institutions: 1,
  });

  // Not before it is due, and not outside working hours on the day.
  await runNudges('2026-11-30T10:00:00Z');
  await runNudges('2026-12-02T06:00:00Z');
  expect(introQuestions()).toHaveLength(0);

  await runNudges('2026-12-02T10:00:00Z');
  expect(introQuestions()).toHaveLength(1);
  const question = introQuestions()[0]!;
  const text = blockText(question.args.blocks);
  expect(text).toContain('Grace Ade (St Anne’s Church)');
  expect(text).toContain('Tom Baker (Bus Drivers’ Union)');
  expect(text).toContain('Did they meet?');
  expect(
    buttons(question.args.blocks)
      .filter((b) => b.action_id.startsWith('nudge:introduction:'))
      .map((b) => b.text),
  ).toEqual(['They met', 'Not yet', 'Won’t happen']);
  // Later ticks the same day (and the next) do not ask again.
  await runNudges('2026-12-02T14:00:00Z');
  await runNudges('2026-12-03T10:00:00Z');
  expect(introQuestions()).toHaveLength(1);

  // Someone else pressing A's button (a crafted payload): refused, nothing changes.
  const crafted = await press(B, question, 'nudge:introduction:met');
  const refusal = await t.slack.waitForResponse(crafted.responses + 1);
  expect(blockText(refusal.blocks)).not.toContain('Grace');
  expect((await intro(id)).status).toBe('agreed');

  // Not yet: asked again a week after the click.
  const notYet = await press(A, question, 'nudge:introduction:not_yet');
  const updated = await t.slack.waitForCall('chat.update', notYet.updates + 1);
  expect(JSON.stringify(updated.args.blocks)).toContain('Not yet');
  expect(JSON.stringify(updated.args.blocks)).not.toContain('nudge:introduction:');
  expect(await intro(id)).toMatchObject({ status: 'not_yet', follow_up_due_on: '2026-12-10' });

  await runNudges('2026-12-09T10:00:00Z');
  expect(introQuestions()).toHaveLength(1);
  await runNudges('2026-12-10T10:00:00Z');
  expect(introQuestions()).toHaveLength(2);

  const met = await press(A, introQuestions()[1]!, 'nudge:introduction:met');
  await t.slack.waitForCall('chat.update', met.updates + 1);
  const done = await intro(id);
  expect(done).toMatchObject({
    status: 'met',
    follow_up_due_on: null,
    outcome_at: '2026-12-10T10:00:00.000Z',
  });

  // Closed: never asked again.
  await runNudges('2026-12-17T10:00:00Z');
  await runNudges('2026-12-24T10:00:00Z');
  expect(introQuestions()).toHaveLength(2);
});

it('Won’t happen closes an introduction too', async () => {
  const people = await t.bot.deps.db
    .selectFrom('people')
    .select(['id', 'name'])
    .where('organiser_id', '=', A)
    .execute();
  t.clock.set('2026-12-20T12:00:00Z');
  const view = await openModalWith(t, { user: A }, 'introduce');
  await submit(t, { user: A }, view, {
    [INTRO_BLOCK.personA]: people[0]!.id,
    [INTRO_BLOCK.personB]: people[1]!.id,
  });
  const { id } = await t.bot.deps.db
    .selectFrom('introductions')
    .select('id')
    .where('source_view_id', '=', view.id)
    .executeTakeFirstOrThrow();
  const before = introQuestions().length;
  await runNudges('2026-12-28T10:00:00Z');
  expect(introQuestions()).toHaveLength(before + 1);
  const q = introQuestions().at(-1)!;
  const pressed = await press(A, q, 'nudge:introduction:wont_happen');
  await t.slack.waitForCall('chat.update', pressed.updates + 1);
  expect(await intro(id)).toMatchObject({ status: 'wont_happen', follow_up_due_on: null });
  await runNudges('2027-01-05T10:00:00Z');
  expect(introQuestions()).toHaveLength(before + 1);
});
