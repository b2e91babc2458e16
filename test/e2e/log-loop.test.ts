import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, CALLBACK, LOG_BLOCK, REFLECT_BLOCK, SHORTCUT } from '../../src/interaction-ids.js';
import {
  blockText,
  buttons,
  count,
  dmsTo,
  logNew,
  logOneToOne,
  openedView,
  openModalWith,
  response,
  submit,
} from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The heart of the product: log a one-to-one, get a DM, reflect on it, reflect again to edit. */

let t: TestApp;
const amy = { user: 'UAMY' };

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
  t.slack.users.set('UAMY', { id: 'UAMY', real_name: 'Amy Organiser', tz: 'Europe/London' });
  t.slack.users.set('UBEN', { id: 'UBEN', real_name: 'Ben Organiser', tz: 'Europe/London' });
  t.slack.users.set('UMEMBER', { id: 'UMEMBER', real_name: 'Grace Member', tz: 'Europe/London' });
});
afterAll(() => t.stop());

describe('/onetoone opens the log modal and saves it', () => {
  it('acks an empty command at once and opens the log modal with the trigger_id', async () => {
    const res = await t.send.command('', amy);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const call = await t.slack.waitForCall('views.open', 1);
    expect(call.args.trigger_id).toMatch(/trigger/);
    expect(call.args.view.callback_id).toBe(CALLBACK.logModal);
    const metOn = call.args.view.blocks.find((b: any) => b.block_id === LOG_BLOCK.metOn);
    expect(metOn.element.initial_date).toBe('2026-11-25');
    expect(call.token).toBe('xoxb-test-token');
  });

  it('saves the submitted modal before acking, DMs a confirmation with Reflect now', async () => {
    const view = await openedView(t, 1);
    const res = await submit(t, amy, view, {
      [LOG_BLOCK.newName]: 'Amina Okafor',
      [LOG_BLOCK.institution]: "St Mary's Church",
      [LOG_BLOCK.role]: 'Parish council chair',
      [LOG_BLOCK.metOn]: '2026-11-24',
      [LOG_BLOCK.duration]: '50',
      [LOG_BLOCK.setting]: 'her kitchen table',
      [LOG_BLOCK.needs]: 'stable housing for her mother',
      [LOG_BLOCK.meaning]: 'the choir',
      [LOG_BLOCK.stories]: 'arrived in 1998',
      [LOG_BLOCK.values]: 'fairness',
      [LOG_BLOCK.mutual]: 'the library closure',
      [LOG_BLOCK.listening]: 'two_thirds',
      [LOG_BLOCK.continue]: 'yes',
      [LOG_BLOCK.nextStepKind]: 'introduction',
      [LOG_BLOCK.nextStepDue]: '2026-12-01',
      [LOG_BLOCK.nextStepNote]: 'introduce to the head teacher',
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');

    const db = t.bot.deps.db;
    const row = await db.selectFrom('one_to_ones').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      team_id: 'T0001',
      organiser_id: 'UAMY',
      met_on: '2026-11-24',
      duration_minutes: 50,
      setting: 'her kitchen table',
      self_interest_needs: 'stable housing for her mother',
      self_interest_meaning: 'the choir',
      stories: 'arrived in 1998',
      values_motivations: 'fairness',
      mutual_interests: 'the library closure',
      listening_share: 'two_thirds',
      continue_relationship: 'yes',
      next_step_kind: 'introduction',
      next_step_due_on: '2026-12-01',
      next_step_note: 'introduce to the head teacher',
      source_view_id: view.id,
    });
    const person = await db.selectFrom('people').selectAll().executeTakeFirstOrThrow();
    expect(person).toMatchObject({
      name: 'Amina Okafor',
      role: 'Parish council chair',
      organiser_id: 'UAMY',
    });
    const institution = await db.selectFrom('institutions').selectAll().executeTakeFirstOrThrow();
    expect(institution.name).toBe("St Mary's Church");
    expect(person.institution_id).toBe(institution.id);

    const dm = await t.slack.waitFor(() => dmsTo(t, 'UAMY')[0]);
    expect(dm.args.text).toContain('Amina Okafor');
    const reflect = buttons(dm.args.blocks).find((b) => b.action_id === ACTION.reflectNow);
    expect(reflect?.value).toBe(row.id);
  });

  it('opens the reflection modal from Reflect now, saves it, and updates the DM without the button', async () => {
    const dm = dmsTo(t, 'UAMY')[0]!;
    const posted = t.slack.messages.find((m) => m.args === dm.args)!;
    const oneToOneId = buttons(dm.args.blocks)[0]!.value!;
    const res = await t.send.blockAction(
      amy,
      { action_id: ACTION.reflectNow, block_id: 'logged_actions', value: oneToOneId },
      { channel: posted.channel, ts: posted.ts },
    );
    expect(res.status).toBe(200);
    const view = await openedView(t, 2);
    expect(view.view.callback_id).toBe(CALLBACK.reflectionModal);
    expect(blockText(view.view.blocks)).toContain('Amina Okafor');

    const saved = await submit(t, amy, view, {
      [REFLECT_BLOCK.motivations]: 'her mother',
      [REFLECT_BLOCK.contribution]: 'could host a house meeting',
      [REFLECT_BLOCK.differently]: 'ask more about the choir',
      [REFLECT_BLOCK.depth]: 'self_interest',
    });
    expect(saved.status).toBe(200);
    expect(saved.text).toBe('');
    const reflection = await t.bot.deps.db.selectFrom('reflections').selectAll().executeTakeFirstOrThrow();
    expect(reflection).toMatchObject({
      one_to_one_id: oneToOneId,
      organiser_id: 'UAMY',
      team_id: 'T0001',
      motivations: 'her mother',
      contribution: 'could host a house meeting',
      differently: 'ask more about the choir',
      depth: 'self_interest',
    });

    const update = await t.slack.waitForCall('chat.update', 1);
    expect(update.args).toMatchObject({ channel: posted.channel, ts: posted.ts });
    expect(buttons(update.args.blocks)).toEqual([]);
    expect(blockText(update.args.blocks)).toContain('Reflected');
  });

  it('reopening the reflection edits the one reflection (one row), prefilled', async () => {
    const oneToOneId = buttons(dmsTo(t, 'UAMY')[0]!.args.blocks)[0]!.value!;
    await t.send.blockAction(amy, { action_id: ACTION.reflectNow, value: oneToOneId });
    const view = await openedView(t, 3);
    const motivations = view.view.blocks.find((b: any) => b.block_id === REFLECT_BLOCK.motivations);
    expect(motivations.element.initial_value).toBe('her mother');
    const depth = view.view.blocks.find((b: any) => b.block_id === REFLECT_BLOCK.depth);
    expect(depth.element.initial_option.value).toBe('self_interest');

    const res = await submit(t, amy, view, { [REFLECT_BLOCK.motivations]: 'her mother, and her son' });
    expect(res.status).toBe(200);
    expect(await count(t, 'reflections')).toBe(1);
    const reflection = await t.bot.deps.db.selectFrom('reflections').selectAll().executeTakeFirstOrThrow();
    expect(reflection.motivations).toBe('her mother, and her son');
    expect(reflection.contribution).toBe('could host a house meeting');
  });
});

describe('/onetoone reflect', () => {
  it('opens my latest unreflected one-to-one', async () => {
    const older = await logNew(t, amy, 'Chidi Obi', { [LOG_BLOCK.metOn]: '2026-11-20' });
    const latest = await logNew(t, amy, 'Dana Levi', { [LOG_BLOCK.metOn]: '2026-11-23' });
    expect(older).not.toBe(latest);
    const view = await openModalWith(t, amy, 'reflect');
    expect(view.view.callback_id).toBe(CALLBACK.reflectionModal);
    expect(JSON.parse(view.view.private_metadata).oneToOneId).toBe(latest);
    expect(blockText(view.view.blocks)).toContain('Dana Levi');
  });

  it('opens the latest with a named person, and says so when there is none', async () => {
    const view = await openModalWith(t, amy, 'reflect chidi');
    expect(blockText(view.view.blocks)).toContain('Chidi Obi');
    const submitted = await submit(t, amy, view, { [REFLECT_BLOCK.depth]: 'stories' });
    expect(submitted.status).toBe(200);

    const responses = t.slack.responses.length;
    const opened = t.slack.callsOf('views.open').length;
    await t.send.command('reflect Nobody Known', amy);
    const reply = await response(t, responses + 1);
    expect(reply.text).toMatch(/no one-to-one with/i);
    expect(t.slack.callsOf('views.open').length).toBe(opened);
  });

  it('with a person whose one-to-ones are all reflected, reopens the latest to edit its reflection', async () => {
    const view = await openModalWith(t, amy, 'reflect Amina');
    expect(view.view.callback_id).toBe(CALLBACK.reflectionModal);
    expect(blockText(view.view.blocks)).toContain('Amina Okafor');
    const motivations = view.view.blocks.find((b: any) => b.block_id === REFLECT_BLOCK.motivations);
    expect(motivations.element.initial_value).toBe('her mother, and her son');
    await submit(t, amy, view, { [REFLECT_BLOCK.differently]: 'slow down' });
    expect(await count(t, 'reflections')).toBe(2);
  });

  it('says you are up to date when everything is reflected', async () => {
    const view = await openModalWith(t, amy, 'reflect');
    await submit(t, amy, view, { [REFLECT_BLOCK.depth]: 'surface' });
    const responses = t.slack.responses.length;
    await t.send.command('reflect', amy);
    const reply = await response(t, responses + 1);
    expect(reply.text).toMatch(/up to date/);
  });
});

describe('the shortcut and the person search', () => {
  it('the global shortcut opens the same log modal', async () => {
    const opened = t.slack.callsOf('views.open').length;
    const res = await t.send.shortcut(amy, SHORTCUT.logOneToOne);
    expect(res.status).toBe(200);
    const view = await openedView(t, opened + 1);
    expect(view.view.callback_id).toBe(CALLBACK.logModal);
    const fromCommand = t.slack.callsOf('views.open')[0]!.args.view;
    expect(view.view.blocks.map((b: any) => b.block_id)).toEqual(
      fromCommand.blocks.map((b: any) => b.block_id),
    );
    const res2 = await submit(t, amy, view, { [LOG_BLOCK.newName]: 'Ezra Pound-Shop' });
    expect(res2.status).toBe(200);
    expect(
      await t.bot.deps.db
        .selectFrom('people')
        .select('name')
        .where('name', '=', 'Ezra Pound-Shop')
        .executeTakeFirst(),
    ).toBeTruthy();
  });

  it('the person search answers with my people only, by name or institution', async () => {
    const ben = { user: 'UBEN' };
    await logNew(t, ben, 'Amelia Secret', { [LOG_BLOCK.institution]: "St Mary's Church" });

    const all = (await t.send.options(amy, ACTION.personSearch, LOG_BLOCK.existingPerson, '')).json();
    const labels = all.options.map((o: any) => o.text.text);
    expect(labels).toEqual(expect.arrayContaining(["Amina Okafor (St Mary's Church)", 'Chidi Obi']));
    expect(labels.join()).not.toContain('Amelia');

    const byInstitution = (
      await t.send.options(amy, ACTION.personSearch, LOG_BLOCK.existingPerson, 'st mary')
    ).json();
    expect(byInstitution.options.map((o: any) => o.text.text)).toEqual(["Amina Okafor (St Mary's Church)"]);

    const benSees = (await t.send.options(ben, ACTION.personSearch, LOG_BLOCK.existingPerson, 'am')).json();
    expect(benSees.options.map((o: any) => o.text.text)).toEqual(["Amelia Secret (St Mary's Church)"]);

    const wildcard = (await t.send.options(amy, ACTION.personSearch, LOG_BLOCK.existingPerson, '%')).json();
    expect(wildcard.options).toEqual([]);
  });

  it('logs again with someone chosen from the search, and with a Slack member', async () => {
    const amina = await t.bot.deps.db
      .selectFrom('people')
      .select('id')
      .where('name', '=', 'Amina Okafor')
      .executeTakeFirstOrThrow();
    const before = await count(t, 'people', 'UAMY');
    const res = await logOneToOne(t, amy, { [LOG_BLOCK.existingPerson]: amina.id });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(
      await t.bot.deps.db.selectFrom('one_to_ones').select('id').where('person_id', '=', amina.id).execute(),
    ).toHaveLength(2);

    const res2 = await logOneToOne(t, amy, { [LOG_BLOCK.slackMember]: 'UMEMBER' });
    expect(res2.status).toBe(200);
    const member = await t.bot.deps.db
      .selectFrom('people')
      .selectAll()
      .where('slack_user_id', '=', 'UMEMBER')
      .executeTakeFirstOrThrow();
    expect(member).toMatchObject({ name: 'Grace Member', organiser_id: 'UAMY' });
    expect(await count(t, 'people', 'UAMY')).toBe(before + 1);
  });

  it('refuses a bot as the person met', async () => {
    t.slack.users.set('UROBOT', { id: 'UROBOT', real_name: 'Robot', is_bot: true });
    const before = await count(t, 'one_to_ones');
    const res = await logOneToOne(t, amy, { [LOG_BLOCK.slackMember]: 'UROBOT' });
    expect(res.json()).toEqual({
      response_action: 'errors',
      errors: { [LOG_BLOCK.slackMember]: expect.any(String) },
    });
    expect(await count(t, 'one_to_ones')).toBe(before);
  });
});

describe('logs', () => {
  it('hold nothing written in these one-to-ones, no names and no token', () => {
    const logs = t.logs.join('\n');
    for (const text of [
      'Amina',
      "St Mary's",
      'Parish council',
      'kitchen table',
      'stable housing',
      'the choir',
      'arrived in 1998',
      'fairness',
      'library closure',
      'head teacher',
      'her mother',
      'house meeting',
      'Grace Member',
      'Chidi',
      'Amelia Secret',
      'xoxb-',
    ]) {
      expect(logs, text).not.toContain(text);
    }
  });
});
