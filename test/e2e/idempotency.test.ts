import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, CALLBACK, LOG_BLOCK, REFLECT_BLOCK } from '../../src/interaction-ids.js';
import {
  asSubmitted,
  count,
  dmsTo,
  logOneToOne,
  openedView,
  openModalWith,
  submitStepOne,
  submitStepTwo,
} from '../support/onetoone.js';
import { stateFor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A submission delivered twice is saved once (step one per Slack view id, step two per record);
 * re-logging never duplicates people.
 */

let t: TestApp;
const amy = { user: 'UAMY' };

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
  t.slack.users.set('UAMY', { id: 'UAMY', real_name: 'Amy', tz: 'Europe/London' });
  t.slack.users.set('USAM1', { id: 'USAM1', real_name: 'Sam Lee' });
  t.slack.users.set('USAM2', { id: 'USAM2', real_name: 'Sam Lee' });
  t.slack.users.set('UGRACE', { id: 'UGRACE', real_name: 'Grace Member' });
  t.slack.users.set('UPRIYA', { id: 'UPRIYA', real_name: 'Priya Shah' });
});
afterAll(() => t.stop());

async function people(): Promise<{ name: string; institution_key: string; slack_user_id: string | null }[]> {
  return t.bot.deps.db
    .selectFrom('people')
    .select(['name', 'institution_key', 'slack_user_id'])
    .where('organiser_id', '=', 'UAMY')
    .orderBy('name')
    .orderBy('institution_key')
    .execute();
}

async function expectSaved(inputs: Record<string, string>) {
  const res = await logOneToOne(t, amy, inputs);
  expect(res.status).toBe(200);
  expect(res.text).toBe('');
}

/** Step one's answer: step two in the same modal, saying "Saved", for the one-to-one saved. */
function stepTwoOf(res: { status: number; json(): any }) {
  expect(res.status).toBe(200);
  const body = res.json();
  expect(body.response_action).toBe('update');
  expect(body.view.callback_id).toBe(CALLBACK.logLearned);
  expect(JSON.stringify(body.view.blocks)).toContain('Saved');
  return body.view;
}

async function noDmAfterAWhile() {
  // Give a stray confirmation DM every chance to arrive before counting: none is sent per log.
  const n = t.slack.responses.length;
  await t.send.command('help', amy);
  await t.slack.waitForResponse(n + 1);
  expect(dmsTo(t, 'UAMY')).toHaveLength(0);
}

describe('the same view submission twice', () => {
  it('one after the other: saved once, both answered with the same step two, no DM', async () => {
    const view = await openModalWith(t, amy);
    const state = stateFor(view.view, {
      [LOG_BLOCK.existingPerson]: 'new:Twice Person',
      [LOG_BLOCK.nextStepKind]: 'none',
    });
    const first = await t.send.viewSubmission(amy, asSubmitted(view), state);
    const second = await t.send.viewSubmission(amy, asSubmitted(view), state);
    const [a, b] = [stepTwoOf(first), stepTwoOf(second)];
    expect(a).toEqual(b);
    expect(await count(t, 'one_to_ones')).toBe(1);
    expect(await count(t, 'people')).toBe(1);
    const row = await t.bot.deps.db.selectFrom('one_to_ones').select('id').executeTakeFirstOrThrow();
    expect(JSON.parse(a.private_metadata)).toEqual({ oneToOneId: row.id });
    await noDmAfterAWhile();
  });

  it('at the same time: saved once, every answer step two for that one record', async () => {
    const view = await openModalWith(t, amy);
    const state = stateFor(view.view, {
      [LOG_BLOCK.existingPerson]: 'new:Racing Person',
      [LOG_BLOCK.nextStepKind]: 'meeting',
    });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => t.send.viewSubmission(amy, asSubmitted(view), state)),
    );
    const ids = new Set(answers.map((a) => JSON.parse(stepTwoOf(a).private_metadata).oneToOneId));
    expect(ids.size).toBe(1);
    expect(await count(t, 'one_to_ones')).toBe(2);
    expect(await count(t, 'people')).toBe(2);
    await noDmAfterAWhile();
  });

  it('two different views with the same content are two one-to-ones with one person', async () => {
    await expectSaved({ [LOG_BLOCK.newName]: 'Twice Person' });
    expect(await count(t, 'one_to_ones')).toBe(3);
    expect(await count(t, 'people')).toBe(2);
  });

  it('step two submitted twice is saved once and closes the modal both times', async () => {
    const view = await openModalWith(t, amy);
    const { res } = await submitStepOne(t, amy, view, { [LOG_BLOCK.newName]: 'Step Two Twice' });
    const learned = stepTwoOf(res);
    const id = JSON.parse(learned.private_metadata).oneToOneId;
    const answers = await Promise.all(
      [1, 2].map(() => submitStepTwo(t, amy, view.id, learned, { [LOG_BLOCK.values]: 'courage' })),
    );
    expect(answers.map((a) => [a.status, a.text])).toEqual([
      [200, ''],
      [200, ''],
    ]);
    const row = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .select(['values_motivations', 'updated_at'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.values_motivations).toBe('courage');
    expect(await count(t, 'one_to_ones')).toBe(4);
  });
});

describe('the same edit twice', () => {
  it('is applied once and answered with step two both times, with no DM', async () => {
    const id = (
      await t.bot.deps.db
        .selectFrom('one_to_ones')
        .select('id')
        .where('organiser_id', '=', 'UAMY')
        .orderBy('created_at')
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id;
    const opened = t.slack.callsOf('views.open').length;
    await t.send.blockAction(amy, { action_id: ACTION.openOneToOne, value: id });
    const view = await openedView(t, opened + 1);
    expect(JSON.parse(view.view.private_metadata)).toEqual({ editingId: id });
    const state = stateFor(view.view, { [LOG_BLOCK.duration]: '55' });
    const answers = await Promise.all([1, 2].map(() => t.send.viewSubmission(amy, asSubmitted(view), state)));
    const [a, b] = answers.map(stepTwoOf);
    expect(a).toEqual(b);
    expect(JSON.stringify(a!.blocks)).toContain('Saved your changes');
    const row = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .select('duration_minutes')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.duration_minutes).toBe(55);
    expect(await count(t, 'one_to_ones')).toBe(4);
    await noDmAfterAWhile();
  });
});

describe('the same reflection twice', () => {
  it('is one reflection', async () => {
    const opened = t.slack.callsOf('views.open').length;
    await t.send.command('reflect Twice Person', amy);
    const view = await openedView(t, opened + 1);
    const id = JSON.parse(view.view.private_metadata).oneToOneId;
    const state = stateFor(view.view, { [REFLECT_BLOCK.motivations]: 'once only' });
    const answers = await Promise.all([1, 2].map(() => t.send.viewSubmission(amy, asSubmitted(view), state)));
    expect(answers.map((a) => [a.status, a.text])).toEqual([
      [200, ''],
      [200, ''],
    ]);
    const rows = await t.bot.deps.db
      .selectFrom('reflections')
      .selectAll()
      .where('one_to_one_id', '=', id)
      .execute();
    expect(rows.map((r) => r.motivations)).toEqual(['once only']);
  });
});

describe('people are not duplicated', () => {
  it('the same new name and institution, however typed, is the same person', async () => {
    await expectSaved({ [LOG_BLOCK.newName]: 'Amina Okafor', [LOG_BLOCK.institution]: "St Mary's Church" });
    await expectSaved({
      [LOG_BLOCK.newName]: '  amina   OKAFOR ',
      [LOG_BLOCK.institution]: "st mary's church",
    });
    const aminas = (await people()).filter((p) => p.name.toLowerCase().includes('amina'));
    expect(aminas).toEqual([
      { name: 'Amina Okafor', institution_key: "st mary's church", slack_user_id: null },
    ]);
    expect(await count(t, 'institutions')).toBe(1);
  });

  it('the same name at a different institution is a different person', async () => {
    await expectSaved({ [LOG_BLOCK.newName]: 'Amina Okafor', [LOG_BLOCK.institution]: 'Unite branch 12' });
    const aminas = (await people()).filter((p) => p.name === 'Amina Okafor');
    expect(aminas.map((p) => p.institution_key)).toEqual(["st mary's church", 'unite branch 12']);
  });

  it('the same Slack member is the same person', async () => {
    await expectSaved({ [LOG_BLOCK.slackMember]: 'UGRACE' });
    await expectSaved({ [LOG_BLOCK.slackMember]: 'UGRACE', [LOG_BLOCK.institution]: 'Tenants association' });
    const graces = (await people()).filter((p) => p.slack_user_id === 'UGRACE');
    expect(graces).toEqual([
      { name: 'Grace Member', institution_key: 'tenants association', slack_user_id: 'UGRACE' },
    ]);
    // Typing her name at that institution finds her too.
    await expectSaved({
      [LOG_BLOCK.newName]: 'grace member',
      [LOG_BLOCK.institution]: 'Tenants Association',
    });
    expect((await people()).filter((p) => p.name.toLowerCase() === 'grace member')).toHaveLength(1);
  });

  it('a person logged by name is linked when later chosen as a Slack member', async () => {
    await expectSaved({ [LOG_BLOCK.newName]: 'Sam Lee' });
    await expectSaved({ [LOG_BLOCK.slackMember]: 'USAM1' });
    const sams = (await people()).filter((p) => p.name === 'Sam Lee');
    expect(sams).toEqual([{ name: 'Sam Lee', institution_key: '', slack_user_id: 'USAM1' }]);
  });

  it('two Slack members with one name stay two people, also at one institution', async () => {
    await expectSaved({ [LOG_BLOCK.slackMember]: 'USAM2' });
    expect((await people()).filter((p) => p.name === 'Sam Lee')).toHaveLength(2);
    await expectSaved({ [LOG_BLOCK.slackMember]: 'USAM1', [LOG_BLOCK.institution]: 'Unite branch 12' });
    await expectSaved({ [LOG_BLOCK.slackMember]: 'USAM2', [LOG_BLOCK.institution]: 'Unite branch 12' });
    const sams = (await people()).filter((p) => p.name === 'Sam Lee');
    expect(sams.map((p) => p.slack_user_id).sort()).toEqual(['USAM1', 'USAM2']);
    expect(await count(t, 'one_to_ones', 'UAMY')).toBe(15);
  });

  it('a Slack member, new to me, with the name and institution of someone I logged by name, is that person', async () => {
    await expectSaved({ [LOG_BLOCK.newName]: 'Priya Shah', [LOG_BLOCK.institution]: 'Green Lane Mosque' });
    const before = await count(t, 'people', 'UAMY');
    await expectSaved({ [LOG_BLOCK.slackMember]: 'UPRIYA', [LOG_BLOCK.institution]: 'green lane mosque' });
    expect(await count(t, 'people', 'UAMY')).toBe(before);
    const priyas = (await people()).filter((p) => p.name === 'Priya Shah');
    expect(priyas).toEqual([
      { name: 'Priya Shah', institution_key: 'green lane mosque', slack_user_id: 'UPRIYA' },
    ]);
  });
});
