import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK, HOME_ACTION, LOG_BLOCK, PEOPLE_ACTION, REFLECT_BLOCK } from '../../src/interaction-ids.js';
import type { RecordedCall } from '../support/fake-slack.js';
import { blockText, buttons, dmsTo, logNew, openedView, response, submit } from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 5 (Home tab, people, power map) end to end: real bot, real SQLite and migrations, fake
 * Slack. Wednesday 25 November 2026; weeks run Monday 23 → Sunday 29.
 */

let t: TestApp;
const amy = { user: 'UAMY' };
const ben = { user: 'UBEN' };
const stranger = { user: 'UOTHER', team: 'T0002' };
const ids = {} as Record<
  | 'amina'
  | 'bilal1'
  | 'bilal2'
  | 'eve1'
  | 'eve2'
  | 'chidi'
  | 'dora'
  | 'aminaPerson'
  | 'bilalPerson'
  | 'chidiPerson',
  string
>;
const HOME_VIEW = { id: 'VHOME', type: 'home' };

const publishesFor = (user: string): RecordedCall[] =>
  t.slack.callsOf('views.publish').filter((c) => c.args.user_id === user);

/** Waits for the n-th Home publish for `user` and returns its view. */
async function nthHome(user: string, n: number): Promise<any> {
  return (await t.slack.waitFor(() => publishesFor(user)[n - 1])).args.view;
}

/** Opens the Home tab as Slack does (a signed app_home_opened event) and returns what was published. */
async function openHome(user: string, team = 'T0001'): Promise<any> {
  const before = publishesFor(user).length;
  const res = await t.send.event(team, { type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' });
  expect(res.status).toBe(200);
  return nthHome(user, before + 1);
}

async function personId(organiser: string, name: string): Promise<string> {
  const row = await t.bot.deps.db
    .selectFrom('people')
    .select('id')
    .where('organiser_id', '=', organiser)
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function personRow(id: string) {
  return t.bot.deps.db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function institutionType(name: string) {
  const row = await t.bot.deps.db
    .selectFrom('institutions')
    .select('type')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.type;
}

/** `/onetoone <text>` → the ephemeral answer. */
async function command(text: string, actor: { user: string; team?: string }): Promise<Record<string, any>> {
  const before = t.slack.responses.length;
  const res = await t.send.command(text, actor);
  expect(res.status).toBe(200);
  return response(t, before + 1);
}

/** Presses a control in a message (the people list) → the response_url answer. */
async function press(
  actor: { user: string; team?: string },
  action: { action_id: string; block_id?: string; value?: string; type?: string; selected_option?: any },
): Promise<Record<string, any>> {
  const before = t.slack.responses.length;
  const res = await t.send.blockAction(actor, action);
  expect(res.status).toBe(200);
  return response(t, before + 1);
}

const controlsOf = (blocks: any[]): any[] =>
  blocks.filter((b) => b.type === 'actions' && b.block_id !== 'people_nav');

beforeAll(async () => {
  // An org-wide install: these tests send from a second workspace of the same org, whose rows
  // must stay apart (a single-workspace install refuses other workspaces outright).
  t = await startTestApp({ now: '2026-11-25T12:00:00Z', orgWide: true });
  t.slack.users.set('UAMY', { id: 'UAMY', real_name: 'Amy Organiser', tz: 'Europe/London' });
  t.slack.users.set('UBEN', { id: 'UBEN', real_name: 'Ben Organiser', tz: 'Europe/London' });

  // Amy: one this week with an overdue introduction; Bilal met twice long ago (going cold).
  ids.amina = await logNew(t, amy, 'Amina Okafor', {
    [LOG_BLOCK.institution]: "St Mary's",
    [LOG_BLOCK.role]: 'Parish council chair',
    [LOG_BLOCK.metOn]: '2026-11-23',
    [LOG_BLOCK.needs]: 'AMY-PRIVATE-NEEDS',
    [LOG_BLOCK.nextStepKind]: 'introduction',
    [LOG_BLOCK.nextStepDue]: '2026-11-24',
    [LOG_BLOCK.nextStepNote]: 'AMY-PRIVATE-NOTE',
  });
  ids.bilal1 = await logNew(t, amy, 'Bilal Hussain', { [LOG_BLOCK.metOn]: '2026-09-01' });
  ids.bilal2 = await logNew(t, amy, 'Bilal Hussain', { [LOG_BLOCK.metOn]: '2026-09-20' });
  // Eve: met twice long ago, but "do we continue?" was no at the last meeting: not going cold.
  ids.eve1 = await logNew(t, amy, 'Eve Stone', { [LOG_BLOCK.metOn]: '2026-08-01' });
  ids.eve2 = await logNew(t, amy, 'Eve Stone', {
    [LOG_BLOCK.metOn]: '2026-08-20',
    [LOG_BLOCK.continue]: 'no',
  });
  // Ben: someone at the same institution (a leader, later), and one at an institution gone quiet.
  ids.chidi = await logNew(t, ben, 'Chidi Eze', {
    [LOG_BLOCK.institution]: "ST MARY'S",
    [LOG_BLOCK.role]: 'BEN-PRIVATE-ROLE',
    [LOG_BLOCK.metOn]: '2026-11-02',
    [LOG_BLOCK.stories]: 'BEN-PRIVATE-STORY',
  });
  ids.dora = await logNew(t, ben, 'Dora Finch', {
    [LOG_BLOCK.institution]: 'Old Chapel',
    [LOG_BLOCK.metOn]: '2026-08-01',
  });
  ids.aminaPerson = await personId('UAMY', 'Amina Okafor');
  ids.bilalPerson = await personId('UAMY', 'Bilal Hussain');
  ids.chidiPerson = await personId('UBEN', 'Chidi Eze');
});
afterAll(() => t.stop());

describe('the Home tab', () => {
  it('is published again after each one-to-one is logged', async () => {
    // Five logs by Amy: five refreshes, after the ack.
    await nthHome('UAMY', 5);
    await nthHome('UBEN', 2);
  });

  it('is published on app_home_opened and reflects what was logged', async () => {
    const view = await openHome('UAMY');
    expect(view.type).toBe('home');
    const text = blockText(view.blocks);
    expect(text).toContain('*1 of 5* one-to-ones this week: 4 to go.');
    expect(text).toContain('▓▓░░░░░░░░');
    expect(text).toContain('No streak yet');
    // Due the day before: still open, under the next 7 days (issue 9: "still open", not "overdue").
    expect(text).toContain('still open since Tue 24 Nov');
    expect(text).not.toContain('overdue');
    expect(text).toContain('AMY-PRIVATE-NOTE'); // my own note, on my own Home tab
    expect(text).toContain('45–60 minutes');
    const b = buttons(view.blocks);
    expect(b.filter((x) => x.action_id === HOME_ACTION.done).map((x) => x.value)).toEqual([ids.amina]);
    // Amina's meeting two days ago is the suggestion at the top; each waiting one has its Reflect.
    const reflect = b.filter((x) => x.action_id === HOME_ACTION.reflect).map((x) => x.value);
    expect(reflect[0]).toBe(ids.amina);
    expect([...new Set(reflect)].sort()).toEqual(
      [ids.amina, ids.bilal1, ids.bilal2, ids.eve1, ids.eve2].sort(),
    );
    // Going cold: Bilal (twice, last 20 Sep); Amina (once) is not a relationship yet; Eve said no.
    expect(b.filter((x) => x.action_id === HOME_ACTION.log).map((x) => x.value)).toEqual([
      undefined,
      ids.bilalPerson,
    ]);
    const meetAgain = text.slice(
      text.indexOf('People to meet again'),
      text.indexOf('Waiting for a reflection'),
    );
    expect(meetAgain).toContain('Bilal Hussain');
    expect(meetAgain).not.toContain('Eve Stone');
    expect(text).toContain('Bilal Hussain');
    // Nothing of Ben's.
    expect(text).not.toContain('Chidi');
    expect(text).not.toContain('BEN-PRIVATE');
  });

  it('welcomes someone who has logged nothing, in their own workspace', async () => {
    const view = await openHome('UOTHER', 'T0002');
    const text = blockText(view.blocks);
    expect(text).toContain('*Welcome.*');
    expect(text).toContain('Your goal is 5 a week');
    // Not "All reflected. Thank you." before anything is logged (issue 9).
    expect(text).not.toContain('All reflected');
    expect(text).not.toContain('Nothing due');
    expect(buttons(view.blocks).filter((x) => x.action_id === HOME_ACTION.log)).toHaveLength(1);
    for (const name of ['Amina', 'Bilal', 'Chidi']) expect(text).not.toContain(name);
  });

  it('ignores the Messages tab', async () => {
    const before = publishesFor('UAMY').length;
    await t.send.event('T0001', { type: 'app_home_opened', user: 'UAMY', channel: 'DUAMY', tab: 'messages' });
    await openHome('UAMY'); // a Home open afterwards: exactly one more publish, not two
    expect(publishesFor('UAMY').length).toBe(before + 1);
  });

  it('marks a next step done from its Done button and republishes', async () => {
    const before = publishesFor('UAMY').length;
    const res = await t.send.blockAction(
      amy,
      { action_id: HOME_ACTION.done, value: ids.amina },
      { view: HOME_VIEW },
    );
    expect(res.status).toBe(200);
    const view = await nthHome('UAMY', before + 1);
    const row = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .select('next_step_done_at')
      .where('id', '=', ids.amina)
      .executeTakeFirstOrThrow();
    expect(row.next_step_done_at).toBe('2026-11-25T12:00:00.000Z');
    expect(buttons(view.blocks).some((x) => x.action_id === HOME_ACTION.done)).toBe(false);
    expect(blockText(view.blocks)).toContain('Nothing due in the next 7 days');
  });

  it('opens the log modal with the person filled in from "Log a one-to-one"', async () => {
    const before = t.slack.callsOf('views.open').length;
    await t.send.blockAction(
      amy,
      { action_id: HOME_ACTION.log, value: ids.bilalPerson },
      { view: HOME_VIEW },
    );
    const opened = await openedView(t, before + 1);
    expect(opened.view.callback_id).toBe(CALLBACK.logModal);
    const who = opened.view.blocks.find((b: any) => b.block_id === LOG_BLOCK.existingPerson);
    expect(who.element.initial_option.value).toBe(ids.bilalPerson);
    expect(who.element.initial_option.text.text).toBe('Bilal Hussain');
  });

  it('takes a reflection from its Reflect button off the list', async () => {
    const opens = t.slack.callsOf('views.open').length;
    await t.send.blockAction(amy, { action_id: HOME_ACTION.reflect, value: ids.bilal1 }, { view: HOME_VIEW });
    const modal = await openedView(t, opens + 1);
    expect(modal.view.callback_id).toBe(CALLBACK.reflectionModal);
    const before = publishesFor('UAMY').length;
    const res = await submit(t, amy, modal, { [REFLECT_BLOCK.motivations]: 'listened well' });
    expect(res.status).toBe(200);
    const view = await nthHome('UAMY', before + 1);
    const reflect = buttons(view.blocks).filter((x) => x.action_id === HOME_ACTION.reflect);
    expect([...new Set(reflect.map((x) => x.value))].sort()).toEqual(
      [ids.amina, ids.bilal2, ids.eve1, ids.eve2].sort(),
    );
  });
});

describe('/onetoone people', () => {
  it('lists my people with counts, last date and stage; searchable by name or institution', async () => {
    const all = await command('people', amy);
    const text = blockText(all.blocks);
    expect(all.response_type).toBe('ephemeral');
    expect(text).toContain('Amina Okafor');
    expect(text).toContain('Bilal Hussain');
    expect(text).toContain('2 one-to-ones, the last Sun 20 Sep');
    // Amina: one meeting, and the introduction next step was marked done.
    expect(text).toContain('1 one-to-one, the last Mon 23 Nov · stage: *Introduced to others*');
    expect(text).toContain('stage: *Met again*');
    expect(text).not.toContain('Chidi');

    const byInstitution = blockText((await command('people st mary', amy)).blocks);
    expect(byInstitution).toContain('Amina Okafor');
    expect(byInstitution).not.toContain('Bilal');
    const byName = blockText((await command('people BILAL', amy)).blocks);
    expect(byName).toContain('Bilal Hussain');
    expect(byName).not.toContain('Amina');
  });

  it('says so when there is no one yet, and explains a bare /onetoone institution', async () => {
    expect(blockText((await command('people', stranger)).blocks)).toContain('No people yet');
    expect(blockText((await command('institution', amy)).blocks)).toContain(
      'Say which institution and its type',
    );
  });

  it('treats search text literally and finds nothing of anyone else’s', async () => {
    expect(blockText((await command('people %', amy)).blocks)).toContain('None of your people match');
    expect(blockText((await command('people Chidi', amy)).blocks)).toContain('None of your people match');
  });

  it('marks and unmarks a leader', async () => {
    const list = await command('people Amina', amy);
    const [controls] = controlsOf(list.blocks);
    const leader = controls.elements.find((e: any) => e.action_id === PEOPLE_ACTION.leader);
    expect(leader.value).toBe('1');
    const after = await press(amy, {
      action_id: PEOPLE_ACTION.leader,
      block_id: controls.block_id,
      value: '1',
    });
    expect(after.replace_original).toBe(true);
    expect(blockText(after.blocks)).toContain(':star: leader');
    expect((await personRow(ids.aminaPerson)).is_leader).toBe(1);

    await press(amy, { action_id: PEOPLE_ACTION.leader, block_id: controls.block_id, value: '0' });
    expect((await personRow(ids.aminaPerson)).is_leader).toBe(0);
    await press(amy, { action_id: PEOPLE_ACTION.leader, block_id: controls.block_id, value: '1' });
    expect((await personRow(ids.aminaPerson)).is_leader).toBe(1);
  });

  it('corrects the stage, and goes back to the computed one', async () => {
    const [controls] = controlsOf((await command('people Bilal', amy)).blocks);
    const select = (value: string) => ({
      action_id: PEOPLE_ACTION.stage,
      type: 'static_select',
      block_id: controls.block_id,
      selected_option: { text: { type: 'plain_text', text: value }, value },
    });
    const after = await press(amy, select('holds_one_to_ones'));
    expect(blockText(after.blocks)).toContain('stage: *Holds one-to-ones* (set by you)');
    expect((await personRow(ids.bilalPerson)).stage_override).toBe('holds_one_to_ones');

    const back = await press(amy, select('auto'));
    expect(blockText(back.blocks)).toContain('stage: *Met again*');
    expect((await personRow(ids.bilalPerson)).stage_override).toBeNull();

    // A stage that does not exist changes nothing.
    const bad = await press(amy, select('overlord'));
    expect(blockText(bad.blocks)).toContain('can’t find that person');
    expect((await personRow(ids.bilalPerson)).stage_override).toBeNull();
  });

  it('sets an institution’s type from the list and by command', async () => {
    const [controls] = controlsOf((await command('people Amina', amy)).blocks);
    await press(amy, {
      action_id: PEOPLE_ACTION.institutionType,
      type: 'static_select',
      block_id: controls.block_id,
      selected_option: { text: { type: 'plain_text', text: 'Faith' }, value: 'faith' },
    });
    expect(await institutionType("St Mary's")).toBe('faith');

    expect(blockText((await command('institution "st mary\'s"', amy)).blocks)).toContain(
      'is a *faith* institution',
    );
    expect(blockText((await command('institution Old Chapel community group', amy)).blocks)).toContain(
      'as *community group*',
    );
    expect(await institutionType('Old Chapel')).toBe('community_group');
    expect(blockText((await command('institution "Nowhere Hall" school', amy)).blocks)).toContain(
      'No one in your team has logged',
    );
    expect(blockText((await command('institution "St Mary\'s" spaceship', amy)).blocks)).toContain(
      'I don’t know the type “spaceship”',
    );
    expect(await institutionType("St Mary's")).toBe('faith');
  });

  it('pages through a long list', async () => {
    for (let i = 0; i < 11; i++) await logNew(t, ben, `Person ${String(i).padStart(2, '0')}`);
    const first = await command('people Person', ben);
    expect(controlsOf(first.blocks)).toHaveLength(10);
    const next = buttons(first.blocks).find((b) => b.action_id === `${PEOPLE_ACTION.page}_next`);
    expect(next).toBeDefined();
    const second = await press(ben, { action_id: `${PEOPLE_ACTION.page}_next`, value: next!.value });
    expect(controlsOf(second.blocks)).toHaveLength(1);
    expect(blockText(second.blocks)).toContain('(page 2)');
  });
});

describe('/onetoone map', () => {
  it('counts institutions across organisers and never shows a person or anything written', async () => {
    // Ben marks Chidi a leader: the map counts two leaders at St Mary's (Amina and Chidi).
    const [controls] = controlsOf((await command('people Chidi', ben)).blocks);
    await press(ben, { action_id: PEOPLE_ACTION.leader, block_id: controls.block_id, value: '1' });

    const forBen = await command('map', ben);
    const benText = blockText(forBen.blocks);
    expect(forBen.response_type).toBe('ephemeral');
    expect(benText).toContain(
      "*Faith* (1 institution)\\n• *St Mary's*: 2 organisers, 2 leaders, last contact Mon 23 Nov",
    );
    expect(benText).toContain('*Community group* (1 institution, 1 gap)');
    expect(benText).toContain('*Old Chapel*: 1 organiser, 0 leaders, last contact Sat 1 Aug · :warning: gap');
    for (const secret of ['Amina', 'Bilal', 'AMY-PRIVATE', 'Parish council chair', 'listened well']) {
      expect(benText).not.toContain(secret);
    }

    const amyText = blockText((await command('map', amy)).blocks);
    expect(amyText).toContain("*St Mary's*: 2 organisers, 2 leaders");
    for (const secret of ['Chidi', 'Dora', 'BEN-PRIVATE', 'Person 0']) expect(amyText).not.toContain(secret);

    // Another workspace sees none of this team's map.
    expect(blockText((await command('map', stranger)).blocks)).toContain('No institutions on the map yet');
  });
});

describe('crafted payloads', () => {
  it('cannot touch another organiser’s person, and reveal nothing', async () => {
    const [amyControls] = controlsOf((await command('people Amina', amy)).blocks);
    const before = await personRow(ids.aminaPerson);
    const refusals = [
      await press(ben, { action_id: PEOPLE_ACTION.leader, block_id: amyControls.block_id, value: '0' }),
      await press(ben, {
        action_id: PEOPLE_ACTION.stage,
        type: 'static_select',
        block_id: amyControls.block_id,
        selected_option: { text: { type: 'plain_text', text: 'x' }, value: 'met_once' },
      }),
      await press(ben, {
        action_id: PEOPLE_ACTION.institutionType,
        type: 'static_select',
        block_id: amyControls.block_id,
        selected_option: { text: { type: 'plain_text', text: 'x' }, value: 'business' },
      }),
      // The same person id from another workspace.
      await press(stranger, { action_id: PEOPLE_ACTION.leader, block_id: amyControls.block_id, value: '0' }),
      await press(ben, { action_id: PEOPLE_ACTION.leader, block_id: 'not-json', value: '1' }),
    ];
    for (const r of refusals) {
      expect(r.replace_original).toBe(false);
      expect(blockText(r.blocks)).toContain('can’t find that person among yours');
      expect(blockText(r.blocks)).not.toContain('Amina');
    }
    expect(await personRow(ids.aminaPerson)).toEqual(before);
    expect(await institutionType("St Mary's")).toBe('faith');
  });

  it('cannot mark another organiser’s next step done from the Home tab', async () => {
    await t.bot.deps.db
      .updateTable('one_to_ones')
      .set({ next_step_done_at: null })
      .where('id', '=', ids.amina)
      .execute();
    const dms = dmsTo(t, 'UBEN').length;
    await t.send.blockAction(ben, { action_id: HOME_ACTION.done, value: ids.amina }, { view: HOME_VIEW });
    const dm = await t.slack.waitFor(() => dmsTo(t, 'UBEN')[dms]);
    expect(dm.args.text).toContain('can’t find that one-to-one among yours');
    expect(dm.args.text).not.toContain('Amina');
    const row = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .select('next_step_done_at')
      .where('id', '=', ids.amina)
      .executeTakeFirstOrThrow();
    expect(row.next_step_done_at).toBeNull();
  });

  it('cannot open a reflection on another organiser’s one-to-one from the Home tab', async () => {
    const opens = t.slack.callsOf('views.open').length;
    const dms = dmsTo(t, 'UBEN').length;
    await t.send.blockAction(ben, { action_id: HOME_ACTION.reflect, value: ids.amina }, { view: HOME_VIEW });
    const dm = await t.slack.waitFor(() => dmsTo(t, 'UBEN')[dms]);
    expect(dm.args.text).toContain('can’t find that one-to-one among yours');
    expect(t.slack.callsOf('views.open').length).toBe(opens);
  });

  it('opens an empty log modal for someone else’s person id, naming no one', async () => {
    const before = t.slack.callsOf('views.open').length;
    await t.send.blockAction(
      ben,
      { action_id: HOME_ACTION.log, value: ids.aminaPerson },
      { view: HOME_VIEW },
    );
    const opened = await openedView(t, before + 1);
    const who = opened.view.blocks.find((b: any) => b.block_id === LOG_BLOCK.existingPerson);
    expect(who.element.initial_option).toBeUndefined();
    expect(JSON.stringify(opened.view)).not.toContain('Amina');
  });

  it('never writes a name or anything written to the log', async () => {
    // Our own lines (Bolt's client echoes request bodies at debug level: its lines say "source":"slack").
    const logs = t.logs.filter((l) => !l.includes('"source":"slack"')).join('\n');
    expect(logs).toContain('refused a control');
    for (const secret of ['Amina', 'Bilal', 'Chidi', 'PRIVATE', 'listened well'])
      expect(logs).not.toContain(secret);
  });
});
