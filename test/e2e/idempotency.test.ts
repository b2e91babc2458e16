import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, LOG_BLOCK, REFLECT_BLOCK } from '../../src/interaction-ids.js';
import { asSubmitted, count, dmsTo, logOneToOne, openedView, openModalWith } from '../support/onetoone.js';
import { stateFor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** A submission delivered twice is saved once; re-logging never duplicates people. */

let t: TestApp;
const amy = { user: 'UAMY' };

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
  t.slack.users.set('UAMY', { id: 'UAMY', real_name: 'Amy', tz: 'Europe/London' });
  t.slack.users.set('USAM1', { id: 'USAM1', real_name: 'Sam Lee' });
  t.slack.users.set('USAM2', { id: 'USAM2', real_name: 'Sam Lee' });
  t.slack.users.set('UGRACE', { id: 'UGRACE', real_name: 'Grace Member' });
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

describe('the same view submission twice', () => {
  it('one after the other: saved once, confirmed once', async () => {
    const view = await openModalWith(t, amy);
    const state = stateFor(view.view, {
      [LOG_BLOCK.newName]: 'Twice Person',
      [LOG_BLOCK.stories]: 'a story',
    });
    const first = await t.send.viewSubmission(amy, asSubmitted(view), state);
    const second = await t.send.viewSubmission(amy, asSubmitted(view), state);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.text, second.text]).toEqual(['', '']);
    expect(await count(t, 'one_to_ones')).toBe(1);
    expect(await count(t, 'people')).toBe(1);
    await t.slack.waitFor(() => dmsTo(t, 'UAMY').length === 1);
    // Give a stray second confirmation every chance to arrive before counting.
    await t.send.command('help', amy);
    await t.slack.waitForResponse(1);
    expect(dmsTo(t, 'UAMY')).toHaveLength(1);
  });

  it('at the same time: saved once, confirmed once', async () => {
    const view = await openModalWith(t, amy);
    const state = stateFor(view.view, { [LOG_BLOCK.newName]: 'Racing Person' });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => t.send.viewSubmission(amy, asSubmitted(view), state)),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await count(t, 'one_to_ones')).toBe(2);
    expect(await count(t, 'people')).toBe(2);
    await t.slack.waitFor(() => dmsTo(t, 'UAMY').length === 2);
    await t.send.command('help', amy);
    await t.slack.waitForResponse(2);
    expect(dmsTo(t, 'UAMY')).toHaveLength(2);
  });

  it('two different views with the same content are two one-to-ones with one person', async () => {
    await expectSaved({ [LOG_BLOCK.newName]: 'Twice Person' });
    expect(await count(t, 'one_to_ones')).toBe(3);
    expect(await count(t, 'people')).toBe(2);
  });
});

describe('the same edit twice', () => {
  it('is applied once and confirmed once', async () => {
    const id = (
      await t.bot.deps.db
        .selectFrom('one_to_ones')
        .select('id')
        .where('organiser_id', '=', 'UAMY')
        .executeTakeFirstOrThrow()
    ).id;
    const opened = t.slack.callsOf('views.open').length;
    await t.send.blockAction(amy, { action_id: ACTION.openOneToOne, value: id });
    const view = await openedView(t, opened + 1);
    const state = stateFor(view.view, { [LOG_BLOCK.values]: 'courage', [LOG_BLOCK.role]: 'steward' });
    const dms = dmsTo(t, 'UAMY').length;
    const answers = await Promise.all([1, 2].map(() => t.send.viewSubmission(amy, asSubmitted(view), state)));
    expect(answers.map((a) => [a.status, a.text])).toEqual([
      [200, ''],
      [200, ''],
    ]);
    const row = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .select('values_motivations')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.values_motivations).toBe('courage');
    await t.slack.waitFor(() => dmsTo(t, 'UAMY').length === dms + 1);
    const n = t.slack.responses.length;
    await t.send.command('help', amy);
    await t.slack.waitForResponse(n + 1);
    expect(dmsTo(t, 'UAMY')).toHaveLength(dms + 1);
    expect(dmsTo(t, 'UAMY').at(-1)!.args.text).toMatch(/^Updated/);
  });
});

describe('the same reflection twice', () => {
  it('is one reflection, and the DM is updated to the same thing', async () => {
    const id = (
      await t.bot.deps.db
        .selectFrom('one_to_ones')
        .select('id')
        .where('organiser_id', '=', 'UAMY')
        .executeTakeFirstOrThrow()
    ).id;
    const dm = t.slack.messages.find((m) => JSON.stringify(m.args.blocks).includes(id))!;
    const opened = t.slack.callsOf('views.open').length;
    await t.send.blockAction(
      amy,
      { action_id: ACTION.reflectNow, value: id },
      { channel: dm.channel, ts: dm.ts },
    );
    const view = await openedView(t, opened + 1);
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
    await t.slack.waitFor(() => t.slack.callsOf('chat.update').length === 2);
    const [a, b] = t.slack.callsOf('chat.update');
    expect(a!.args.blocks).toEqual(b!.args.blocks);
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
    expect(await count(t, 'one_to_ones', 'UAMY')).toBe(14);
  });

  it('choosing a known person and typing an institution where a namesake is already known asks which', async () => {
    const noInstitution = await t.bot.deps.db
      .insertInto('people')
      .values({
        id: 'p-amina-plain',
        team_id: 'T0001',
        organiser_id: 'UAMY',
        name: 'Amina Okafor',
        name_key: 'amina okafor',
        institution_key: '',
        created_at: '2026-11-01T00:00:00Z',
        updated_at: '2026-11-01T00:00:00Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const before = await count(t, 'one_to_ones');
    const res = await logOneToOne(t, amy, {
      [LOG_BLOCK.existingPerson]: noInstitution.id,
      [LOG_BLOCK.institution]: 'Unite Branch 12',
    });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({
      response_action: 'errors',
      errors: { [LOG_BLOCK.institution]: expect.stringMatching(/already/) },
    });
    expect(await count(t, 'one_to_ones')).toBe(before);
  });
});
