import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, CALLBACK, LOG_BLOCK, REFLECT_BLOCK, SHORTCUT } from '../../src/interaction-ids.js';
import {
  asSubmitted,
  blockText,
  chooseWho,
  count,
  dmsTo,
  logNew,
  logOneToOne,
  openedView,
  openModalWith,
  response,
  submit,
  submitStepOne,
  submitStepTwo,
} from '../support/onetoone.js';
import { stateFor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The heart of the product: log a one-to-one in two steps (who, when, how long, the next step;
 * then what I learned), confirmed in the modal itself with no DM, reflect on it, reflect again to
 * edit, and edit both steps later.
 */

let t: TestApp;
const amy = { user: 'UAMY' };

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
  t.slack.users.set('UAMY', { id: 'UAMY', real_name: 'Amy Organiser', tz: 'Europe/London' });
  t.slack.users.set('UBEN', { id: 'UBEN', real_name: 'Ben Organiser', tz: 'Europe/London' });
  t.slack.users.set('UMEMBER', { id: 'UMEMBER', real_name: 'Grace Member', tz: 'Europe/London' });
});
afterAll(() => t.stop());

const block = (view: any, id: string) => view.blocks.find((b: any) => b.block_id === id);
const inputIds = (view: any) =>
  view.blocks.filter((b: any) => b.type === 'input').map((b: any) => b.block_id);

describe('step one: who, when, how long, the next step', () => {
  it('acks an empty command at once and opens step one with the trigger_id, and nothing else', async () => {
    const res = await t.send.command('', amy);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const call = await t.slack.waitForCall('views.open', 1);
    expect(call.args.trigger_id).toMatch(/trigger/);
    expect(call.token).toBe('xoxb-test-token');
    const view = call.args.view;
    expect(view.callback_id).toBe(CALLBACK.logModal);
    // One who field; institution and role only once someone new is chosen.
    expect(inputIds(view)).toEqual([
      LOG_BLOCK.existingPerson,
      LOG_BLOCK.metOn,
      LOG_BLOCK.duration,
      LOG_BLOCK.nextStepKind,
      LOG_BLOCK.nextStepDue,
      LOG_BLOCK.nextStepNote,
    ]);
    const who = block(view, LOG_BLOCK.existingPerson);
    expect(who).toMatchObject({ dispatch_action: true, element: { type: 'external_select' } });
    expect(who.optional).toBeFalsy();
    expect(block(view, LOG_BLOCK.metOn).element.initial_date).toBe('2026-11-25');
    expect(block(view, LOG_BLOCK.duration).element.initial_value).toBe('45');
    expect(block(view, LOG_BLOCK.nextStepKind).optional).toBeFalsy();
    expect(block(view, LOG_BLOCK.nextStepDue).element.initial_date).toBe('2026-12-02');
  });

  it('choosing "New person" brings institution and role; choosing anyone else takes them away', async () => {
    const view = await openedView(t, 1);
    const withDetails = await chooseWho(t, amy, view, 'new:Amina Okafor', { [LOG_BLOCK.duration]: '50' });
    expect(inputIds(withDetails.view)).toContain(LOG_BLOCK.institution);
    expect(inputIds(withDetails.view)).toContain(LOG_BLOCK.role);
    const who = block(withDetails.view, LOG_BLOCK.existingPerson).element.initial_option;
    expect(who).toEqual({
      text: { type: 'plain_text', text: 'New person: Amina Okafor' },
      value: 'new:Amina Okafor',
    });
    // What was entered is drawn again (Slack keeps input state too, by the same block ids).
    expect(block(withDetails.view, LOG_BLOCK.duration).element.initial_value).toBe('50');
    const update = t.slack.callsOf('views.update').at(-1)!;
    expect(update.args).toMatchObject({ view_id: view.id, hash: view.hash });
  });

  it('saves step one before acking, and answers with step two in the same modal, saying "Saved"; no DM', async () => {
    const view = await openedView(t, 1);
    const { res } = await submitStepOne(t, amy, view, {
      [LOG_BLOCK.newName]: 'Amina Okafor',
      [LOG_BLOCK.institution]: "St Mary's Church",
      [LOG_BLOCK.role]: 'Parish council chair',
      [LOG_BLOCK.metOn]: '2026-11-24',
      [LOG_BLOCK.duration]: '50',
      [LOG_BLOCK.nextStepKind]: 'introduction',
      [LOG_BLOCK.nextStepDue]: '2026-12-01',
      [LOG_BLOCK.nextStepNote]: 'introduce to the head teacher',
    });
    expect(res.status).toBe(200);
    const answer = res.json();
    expect(answer.response_action).toBe('update');
    const stepTwo = answer.view;
    expect(stepTwo.callback_id).toBe(CALLBACK.logLearned);
    expect(blockText(stepTwo.blocks)).toContain('Saved.');
    expect(blockText(stepTwo.blocks)).toContain('Amina Okafor');
    expect(blockText(stepTwo.blocks)).toContain('due Tue 1 Dec');

    // On disk when Slack got the answer.
    const db = t.bot.deps.db;
    const row = await db.selectFrom('one_to_ones').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      team_id: 'T0001',
      organiser_id: 'UAMY',
      met_on: '2026-11-24',
      duration_minutes: 50,
      next_step_kind: 'introduction',
      next_step_due_on: '2026-12-01',
      next_step_note: 'introduce to the head teacher',
      source_view_id: view.id,
      stories: null,
      depth: null,
    });
    expect(JSON.parse(stepTwo.private_metadata)).toEqual({ oneToOneId: row.id });
    const person = await db.selectFrom('people').selectAll().executeTakeFirstOrThrow();
    expect(person).toMatchObject({
      name: 'Amina Okafor',
      role: 'Parish council chair',
      organiser_id: 'UAMY',
    });
    const institution = await db.selectFrom('institutions').selectAll().executeTakeFirstOrThrow();
    expect(institution.name).toBe("St Mary's Church");
    expect(person.institution_id).toBe(institution.id);

    // Confirmed in the modal: no DM per log.
    const n = t.slack.responses.length;
    await t.send.command('help', amy);
    await response(t, n + 1);
    expect(dmsTo(t, 'UAMY')).toHaveLength(0);
  });
});

describe('step two: what I learned', () => {
  it('is optional and saved on its own submission, closing the modal', async () => {
    const row = await t.bot.deps.db.selectFrom('one_to_ones').select('id').executeTakeFirstOrThrow();
    const opened = t.slack.callsOf('views.open').length;
    // Later, from a button (the daily summary's): the same step two, without "Saved".
    await t.send.blockAction(amy, { action_id: ACTION.openLearned, value: row.id });
    const view = await openedView(t, opened + 1);
    expect(view.view.callback_id).toBe(CALLBACK.logLearned);
    expect(blockText(view.view.blocks)).not.toContain('Saved');
    expect(inputIds(view.view).sort()).toEqual(
      [
        LOG_BLOCK.needs,
        LOG_BLOCK.meaning,
        LOG_BLOCK.stories,
        LOG_BLOCK.values,
        LOG_BLOCK.mutual,
        LOG_BLOCK.setting,
        LOG_BLOCK.listening,
        LOG_BLOCK.continue,
        LOG_BLOCK.depth,
      ].sort(),
    );
    expect(blockText(view.view.blocks)).not.toContain('Values and motivations');
    const res = await submit(t, amy, view, {
      [LOG_BLOCK.setting]: 'her kitchen table',
      [LOG_BLOCK.needs]: 'stable housing for her mother',
      [LOG_BLOCK.meaning]: 'the choir',
      [LOG_BLOCK.stories]: 'arrived in 1998',
      [LOG_BLOCK.values]: 'fairness',
      [LOG_BLOCK.mutual]: 'the library closure',
      [LOG_BLOCK.listening]: 'two_thirds',
      [LOG_BLOCK.continue]: 'yes',
      [LOG_BLOCK.depth]: 'self_interest',
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const saved = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(saved).toMatchObject({
      setting: 'her kitchen table',
      self_interest_needs: 'stable housing for her mother',
      self_interest_meaning: 'the choir',
      stories: 'arrived in 1998',
      values_motivations: 'fairness',
      mutual_interests: 'the library closure',
      listening_share: 'two_thirds',
      continue_relationship: 'yes',
      depth: 'self_interest',
      // Step one's fields are untouched.
      next_step_kind: 'introduction',
      duration_minutes: 50,
    });
  });

  it('refuses an unknown choice inline, and someone else’s record, writing nothing', async () => {
    const row = await t.bot.deps.db.selectFrom('one_to_ones').selectAll().executeTakeFirstOrThrow();
    const opened = t.slack.callsOf('views.open').length;
    await t.send.blockAction(amy, { action_id: ACTION.openLearned, value: row.id });
    const view = await openedView(t, opened + 1);
    const bad = await t.send.viewSubmission(amy, asSubmitted(view), {
      ...stateFor(view.view, { [LOG_BLOCK.stories]: 'x'.repeat(3001) }),
      [LOG_BLOCK.depth]: {
        [ACTION.input]: { type: 'radio_buttons', selected_option: { value: 'the_abyss' } },
      },
    });
    expect(bad.json()).toEqual({
      response_action: 'errors',
      errors: {
        [LOG_BLOCK.stories]: expect.stringMatching(/at most 3000/),
        [LOG_BLOCK.depth]: expect.any(String),
      },
    });
    const ben = { user: 'UBEN' };
    const theirs = await t.send.viewSubmission(
      ben,
      asSubmitted(view),
      stateFor(view.view, { [LOG_BLOCK.stories]: 'BEN WAS HERE' }),
    );
    expect(theirs.json().response_action).toBe('errors');
    const after = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(row);
    // Ben cannot open it either: the polite notice, no modal.
    const before = t.slack.callsOf('views.open').length;
    const n = t.slack.responses.length;
    await t.send.blockAction(
      ben,
      { action_id: ACTION.openLearned, value: row.id },
      { channel: 'DBEN', ts: '1.1' },
    );
    const notice = await response(t, n + 1);
    expect(notice.text).toMatch(/can’t find/);
    expect(t.slack.callsOf('views.open')).toHaveLength(before);
  });
});

describe('reflecting, without asking twice what step two holds', () => {
  it('the reflection asks about the organiser, not again their values or the depth', async () => {
    const opened = t.slack.callsOf('views.open').length;
    await t.send.command('reflect', amy);
    const view = await openedView(t, opened + 1);
    expect(view.view.callback_id).toBe(CALLBACK.reflectionModal);
    expect(blockText(view.view.blocks)).toContain('Amina Okafor');
    expect(inputIds(view.view)).toEqual([REFLECT_BLOCK.contribution, REFLECT_BLOCK.differently]);

    const empty = await submit(t, amy, view, {});
    expect(empty.json()).toEqual({
      response_action: 'errors',
      errors: { [REFLECT_BLOCK.differently]: expect.stringMatching(/needs something/) },
    });
    const saved = await submit(t, amy, view, {
      [REFLECT_BLOCK.contribution]: 'could host a house meeting',
      [REFLECT_BLOCK.differently]: 'ask more about the choir',
    });
    expect(saved.status).toBe(200);
    expect(saved.text).toBe('');
    const reflection = await t.bot.deps.db.selectFrom('reflections').selectAll().executeTakeFirstOrThrow();
    expect(reflection).toMatchObject({
      organiser_id: 'UAMY',
      contribution: 'could host a house meeting',
      differently: 'ask more about the choir',
      motivations: null,
      depth: null,
    });
  });

  it('a one-to-one whose step two is empty is asked both in the reflection; reopening edits the one reflection', async () => {
    await logNew(t, amy, 'Chidi Obi', { [LOG_BLOCK.metOn]: '2026-11-20' });
    const opened = t.slack.callsOf('views.open').length;
    await t.send.command('reflect chidi', amy);
    const view = await openedView(t, opened + 1);
    expect(inputIds(view.view)).toEqual([
      REFLECT_BLOCK.motivations,
      REFLECT_BLOCK.contribution,
      REFLECT_BLOCK.differently,
      REFLECT_BLOCK.depth,
    ]);
    await submit(t, amy, view, { [REFLECT_BLOCK.motivations]: 'his son', [REFLECT_BLOCK.depth]: 'stories' });
    const again = await openModalWith(t, amy, 'reflect chidi');
    expect(block(again.view, REFLECT_BLOCK.motivations).element.initial_value).toBe('his son');
    expect(block(again.view, REFLECT_BLOCK.depth).element.initial_option.value).toBe('stories');
    await submit(t, amy, again, { [REFLECT_BLOCK.motivations]: 'his son, and his band' });
    const rows = await t.bot.deps.db.selectFrom('reflections').selectAll().execute();
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.motivations)?.motivations).toBe('his son, and his band');
  });

  it('says you are up to date when everything is reflected, and names nobody it cannot find', async () => {
    const responses = t.slack.responses.length;
    await t.send.command('reflect', amy);
    expect((await response(t, responses + 1)).text).toMatch(/up to date/);
    await t.send.command('reflect Nobody Known', amy);
    expect((await response(t, responses + 2)).text).toMatch(/no one-to-one with/i);
  });
});

describe('editing both steps', () => {
  it('Open reopens step one prefilled; saving it brings step two prefilled; each saves its own fields', async () => {
    const row = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .selectAll()
      .where('stories', '=', 'arrived in 1998')
      .executeTakeFirstOrThrow();
    const opened = t.slack.callsOf('views.open').length;
    await t.send.blockAction(amy, { action_id: ACTION.openOneToOne, value: row.id });
    const view = await openedView(t, opened + 1);
    expect(view.view.title.text).toBe('Edit one-to-one');
    expect(block(view.view, LOG_BLOCK.existingPerson).element.initial_option.value).toBe(row.person_id);
    expect(block(view.view, LOG_BLOCK.nextStepDue).element.initial_date).toBe('2026-12-01');
    const { res } = await submitStepOne(t, amy, view, { [LOG_BLOCK.duration]: '60' });
    const stepTwo = res.json().view;
    expect(blockText(stepTwo.blocks)).toContain('Saved your changes');
    expect(block(stepTwo, LOG_BLOCK.stories).element.initial_value).toBe('arrived in 1998');
    expect(block(stepTwo, LOG_BLOCK.depth).element.initial_option.value).toBe('self_interest');
    const afterOne = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(afterOne).toMatchObject({
      duration_minutes: 60,
      stories: 'arrived in 1998',
      values_motivations: 'fairness',
    });

    const done = await submitStepTwo(t, amy, view.id, stepTwo, {
      [LOG_BLOCK.stories]: 'arrived in 1998, from Lagos',
    });
    expect(done.text).toBe('');
    const afterTwo = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .selectAll()
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(afterTwo).toMatchObject({
      duration_minutes: 60,
      stories: 'arrived in 1998, from Lagos',
      values_motivations: 'fairness',
      next_step_kind: 'introduction',
    });
    expect(await count(t, 'one_to_ones')).toBe(2);
  });
});

describe('the shortcuts and the person search', () => {
  it('the global shortcut opens the same step one', async () => {
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

  it('the message shortcut opens step one with the message’s author chosen', async () => {
    const opened = t.slack.callsOf('views.open').length;
    const res = await t.send.messageShortcut(amy, SHORTCUT.logWithAuthor, { user: 'UMEMBER' });
    expect(res.status).toBe(200);
    const view = await openedView(t, opened + 1);
    const who = block(view.view, LOG_BLOCK.existingPerson).element.initial_option;
    expect(who).toEqual({
      text: { type: 'plain_text', text: 'Grace Member (in this Slack)' },
      value: 'member:UMEMBER',
    });
    // Not yet one of mine: their institution and role are asked.
    expect(inputIds(view.view)).toContain(LOG_BLOCK.institution);
    const saved = await submit(t, amy, view, { [LOG_BLOCK.institution]: 'Unite branch 12' });
    expect(saved.text).toBe('');
    const member = await t.bot.deps.db
      .selectFrom('people')
      .selectAll()
      .where('slack_user_id', '=', 'UMEMBER')
      .executeTakeFirstOrThrow();
    expect(member).toMatchObject({
      name: 'Grace Member',
      organiser_id: 'UAMY',
      institution_key: 'unite branch 12',
    });

    // Now one of mine: chosen as themselves, no institution asked.
    const again = t.slack.callsOf('views.open').length;
    await t.send.messageShortcut(amy, SHORTCUT.logWithAuthor, { user: 'UMEMBER' });
    const second = await openedView(t, again + 1);
    expect(block(second.view, LOG_BLOCK.existingPerson).element.initial_option.value).toBe(member.id);
    expect(inputIds(second.view)).not.toContain(LOG_BLOCK.institution);
  });

  it('the message shortcut on a bot’s message, or on my own, answers kindly and opens nothing', async () => {
    t.slack.users.set('UROBOT', { id: 'UROBOT', real_name: 'Robot', is_bot: true });
    const opened = t.slack.callsOf('views.open').length;
    const n = t.slack.responses.length;
    await t.send.messageShortcut(amy, SHORTCUT.logWithAuthor, { bot_id: 'B0001', subtype: 'bot_message' });
    expect((await response(t, n + 1)).text).toMatch(/from a bot/);
    await t.send.messageShortcut(amy, SHORTCUT.logWithAuthor, { user: 'UROBOT' });
    expect((await response(t, n + 2)).text).toMatch(/from a bot/);
    await t.send.messageShortcut(amy, SHORTCUT.logWithAuthor, { user: 'UAMY' });
    expect((await response(t, n + 3)).text).toMatch(/your own message/);
    expect(t.slack.callsOf('views.open')).toHaveLength(opened);
  });

  it('the who search offers my people, members of this Slack and "New person: <typed name>"', async () => {
    t.slack.users.set('UPRIYA', { id: 'UPRIYA', real_name: 'Priya Shah', tz: 'Europe/London' });
    const ben = { user: 'UBEN' };
    await logNew(t, ben, 'Amelia Secret', { [LOG_BLOCK.institution]: "St Mary's Church" });

    const search = async (actor: typeof amy, text: string, blockId: string = LOG_BLOCK.existingPerson) =>
      (await t.send.options(actor, ACTION.personSearch, blockId, text)).json().options as any[];
    // The first search reads the member directory in the background.
    await search(amy, '');
    await t.slack.waitFor(() => t.slack.callsOf('users.list').length > 0);
    const directory = () => t.bot.deps.db.selectFrom('slack_members').select('user_id').execute();
    for (let i = 0; i < 100 && (await directory()).length < 4; i++)
      await new Promise((r) => setTimeout(r, 20));

    const pri = await search(amy, 'pri');
    expect(pri).toEqual([
      { text: { type: 'plain_text', text: 'Priya Shah (in this Slack)' }, value: 'member:UPRIYA' },
      { text: { type: 'plain_text', text: 'New person: pri' }, value: 'new:pri' },
    ]);
    // My own people by name or institution; a member already mine is offered once, as mine; never a bot, never me.
    const labels = (await search(amy, 'a')).map((o) => o.text.text);
    expect(labels).toEqual(
      expect.arrayContaining(["Amina Okafor (St Mary's Church)", 'Grace Member (Unite branch 12)']),
    );
    expect(labels.join()).not.toMatch(/Amelia|Robot|Amy Organiser|Grace Member \(in this Slack\)/);
    expect((await search(amy, 'st mary')).map((o) => o.text.text)).toEqual([
      "Amina Okafor (St Mary's Church)",
      'New person: st mary',
    ]);
    const benSees = (await search(ben, 'amelia')).map((o) => o.text.text);
    expect(benSees).toEqual(["Amelia Secret (St Mary's Church)", 'New person: amelia']);
    expect(await search(amy, '%')).toEqual([
      { text: { type: 'plain_text', text: 'New person: %' }, value: 'new:%' },
    ]);
    // Any other picker (introductions) offers my own people only.
    const intro = await search(amy, 'pri', 'intro_person_a');
    expect(intro).toEqual([]);
  });

  it('logs again with someone chosen from the search, and refuses a bot member inline', async () => {
    const amina = await t.bot.deps.db
      .selectFrom('people')
      .select('id')
      .where('name', '=', 'Amina Okafor')
      .executeTakeFirstOrThrow();
    const res = await logOneToOne(t, amy, { [LOG_BLOCK.existingPerson]: amina.id });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(
      await t.bot.deps.db.selectFrom('one_to_ones').select('id').where('person_id', '=', amina.id).execute(),
    ).toHaveLength(2);

    const before = await count(t, 'one_to_ones');
    const bot = await logOneToOne(t, amy, { [LOG_BLOCK.slackMember]: 'UROBOT' });
    expect(bot.json()).toEqual({
      response_action: 'errors',
      errors: { [LOG_BLOCK.existingPerson]: expect.stringMatching(/bot/) },
    });
    expect(await count(t, 'one_to_ones')).toBe(before);
  });
});

describe('the old single form, open across the upgrade', () => {
  it('still saves, with everything typed in it', async () => {
    const view = await openModalWith(t, amy);
    const legacy = {
      ...asSubmitted(view),
      state: undefined,
    };
    const values = {
      ...stateFor(view.view, { [LOG_BLOCK.nextStepKind]: 'none', [LOG_BLOCK.existingPerson]: null }),
      [LOG_BLOCK.newName]: { [ACTION.input]: { type: 'plain_text_input', value: 'Old Form Person' } },
      [LOG_BLOCK.stories]: { [ACTION.input]: { type: 'plain_text_input', value: 'typed in the old form' } },
    };
    const res = await t.send.viewSubmission(amy, legacy, values);
    expect(res.json().response_action).toBe('update');
    const row = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .selectAll()
      .where('source_view_id', '=', view.id)
      .executeTakeFirstOrThrow();
    expect(row.stories).toBe('typed in the old form');
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
      'his son',
      'house meeting',
      'Grace Member',
      'Priya',
      'Chidi',
      'Amelia Secret',
      'Old Form Person',
      'BEN WAS HERE',
      'xoxb-',
    ]) {
      expect(logs, text).not.toContain(text);
    }
  });
});
