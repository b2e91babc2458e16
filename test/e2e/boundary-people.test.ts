import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_TEXT_MAX } from '../../src/domain/limits.js';
import {
  FORGET_ACTION,
  HOME_ACTION,
  INTRO_BLOCK,
  LOG_BLOCK,
  PEOPLE_ACTION,
} from '../../src/interaction-ids.js';
import type { RecordedCall } from '../support/fake-slack.js';
import { blockText, buttons, dmsTo, logNew, openModalWith, submit } from '../support/onetoone.js';
import type { Actor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 8 at the boundary of the Home tab, people, map, introductions and forget: crafted page
 * values and block ids, text past SQLite's LIKE limit, values of the wrong type, and names that
 * try to format, mention or hide themselves. Real bot, real SQLite, fake Slack.
 */

const A: Actor = { user: 'UBNDA001' };
const B: Actor = { user: 'UBNDB002' };

/** A name and an institution that try everything mrkdwn and Unicode allow. */
const HOSTILE = '*bold* <!here> https://evil.example #general';
const NAME = `${HOSTILE} Ada\u202E\u200BLovelace`;
const INSTITUTION = `${HOSTILE} Hall\u202E\u200B`;

let t: TestApp;
const ids = {} as Record<'hostile' | 'hostile2' | 'plain', string>;

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
  for (const u of [A, B]) t.slack.users.set(u.user, { id: u.user, tz: 'Europe/London', real_name: u.user });
  await logNew(t, A, NAME, { [LOG_BLOCK.institution]: INSTITUTION, [LOG_BLOCK.metOn]: '2026-11-24' });
  await logNew(t, A, NAME, { [LOG_BLOCK.institution]: 'Other Place', [LOG_BLOCK.metOn]: '2026-11-23' });
  await logNew(t, A, 'Plain Person', {
    [LOG_BLOCK.institution]: 'Riverside',
    [LOG_BLOCK.metOn]: '2026-11-22',
  });
  for (let i = 0; i < 11; i++) await logNew(t, B, `Paged ${String(i).padStart(2, '0')}`);
  const people = await t.bot.deps.db
    .selectFrom('people')
    .leftJoin('institutions', 'institutions.id', 'people.institution_id')
    .select(['people.id', 'people.name', 'institutions.name as institution'])
    .where('people.organiser_id', '=', A.user)
    .execute();
  ids.hostile = people.find((p) => p.institution === INSTITUTION)!.id;
  ids.hostile2 = people.find((p) => p.institution === 'Other Place')!.id;
  ids.plain = people.find((p) => p.name === 'Plain Person')!.id;
});
afterAll(() => t.stop());

async function command(actor: Actor, text: string): Promise<Record<string, any>> {
  const n = t.slack.responses.length;
  const res = await t.send.command(text, actor);
  expect(res.status).toBe(200);
  return t.slack.waitForResponse(n + 1);
}

async function press(actor: Actor, action: Record<string, any>): Promise<Record<string, any>> {
  const n = t.slack.responses.length;
  const res = await t.send.blockAction(actor, action as any);
  expect(res.status).toBe(200);
  return t.slack.waitForResponse(n + 1);
}

async function leaderFlag(id: string): Promise<number> {
  const row = await t.bot.deps.db
    .selectFrom('people')
    .select('is_leader')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(row.is_leader);
}

const controlsOf = (blocks: any[]): any[] =>
  blocks.filter((b) => b.type === 'actions' && b.block_id !== 'people_nav');

/** Nothing failed or broke in SQLite: no listener error, no SQL message anywhere in the logs. */
function expectNoFailures(): void {
  const logs = t.logs.join('\n');
  expect(logs).not.toContain('listener failed');
  expect(logs).not.toMatch(/SQLITE|TypeError|LIKE or GLOB pattern too complex/);
}

/** What a reply must look like when it echoes hostile text: inert, visible, verbatim. */
function expectInert(payload: unknown): void {
  const json = JSON.stringify(payload);
  expect(json).not.toContain('<!here>');
  expect(json).not.toContain('*bold*');
  expect(json).not.toMatch(/[\u202E\u200B]/);
  expect(json).toContain('&lt;!here&gt;');
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn') expect(o.verbatim).toBe(true);
      Object.values(o).forEach(walk);
    }
  };
  walk(payload);
}

describe('a crafted people page (fix a)', () => {
  it('a page button of 1e300 gives the first page; an old `n` value still pages', async () => {
    const first = await press(B, {
      action_id: `${PEOPLE_ACTION.page}_next`,
      value: '{"q":"Paged","p":1e300}',
    });
    expect(controlsOf(first.blocks)).toHaveLength(10);
    expect(blockText(first.blocks)).not.toContain('(page');
    const old = await press(B, { action_id: `${PEOPLE_ACTION.page}_next`, value: '{"q":"Paged","n":1}' });
    expect(controlsOf(old.blocks)).toHaveLength(1);
    expect(blockText(old.blocks)).toContain('(page 2)');
    // A value of the wrong type altogether: the first page too.
    const junk = await press(B, { action_id: `${PEOPLE_ACTION.page}_next`, value: { p: 1 } });
    expect(controlsOf(junk.blocks)).toHaveLength(10);
    expectNoFailures();
  });

  it('new page buttons carry the shared codec’s value', async () => {
    const list = await command(B, 'people Paged');
    const next = buttons(list.blocks).find((b) => b.action_id === `${PEOPLE_ACTION.page}_next`)!;
    expect(JSON.parse(next.value!)).toEqual({ q: 'Paged', p: 1 });
  });

  it('a leader control whose block id asks for page 1e300 is applied and confirmed on the first page', async () => {
    expect(await leaderFlag(ids.plain)).toBe(0);
    const blockId = JSON.stringify({ p: ids.plain, q: '', n: 1e300 });
    const after = await press(A, { action_id: PEOPLE_ACTION.leader, block_id: blockId, value: '1' });
    expect(after.replace_original).toBe(true);
    expect(blockText(after.blocks)).toContain(':star: leader');
    expect(blockText(after.blocks)).not.toContain('(page');
    expect(await leaderFlag(ids.plain)).toBe(1);
    expectNoFailures();
  });

  it('a leader control with a value that is not 0 or 1 is refused before anything is written', async () => {
    const [controls] = controlsOf((await command(A, 'people Plain')).blocks);
    const before = await leaderFlag(ids.plain);
    for (const value of [{ evil: true }, 7, ['1'], 'yes']) {
      const r = await press(A, { action_id: PEOPLE_ACTION.leader, block_id: controls.block_id, value });
      expect(r.replace_original).toBe(false);
      expect(blockText(r.blocks)).toContain('can’t find that person among yours');
    }
    expect(await leaderFlag(ids.plain)).toBe(before);
    expectNoFailures();
  });
});

describe('search text and payload types (fix b)', () => {
  const HUGE = `Plain${'%_x'.repeat(20_000)}`; // 60,005 bytes: past SQLite's 50,000-byte LIKE limit

  it('/onetoone people with 60,000 bytes of text answers normally, searching the first SEARCH_TEXT_MAX', async () => {
    expect(Buffer.byteLength(HUGE)).toBeGreaterThan(50_000);
    const reply = await command(A, `people ${HUGE}`);
    expect(blockText(reply.blocks)).toContain('None of your people match');
    // The echo is cut too.
    expect(JSON.stringify(reply).length).toBeLessThan(SEARCH_TEXT_MAX * 20);
    expectNoFailures();
  });

  it('/onetoone forget with 60,000 bytes of text answers normally', async () => {
    const reply = await command(A, `forget ${HUGE}`);
    expect(blockText(reply.blocks)).toContain('no one called');
    expect(buttons(reply.blocks)).toEqual([]);
    expectNoFailures();
  });

  it('objects, numbers and arrays where a string belongs in a people control get the polite notice', async () => {
    const [controls] = controlsOf((await command(A, 'people Plain')).blocks);
    const crafted = [
      { action_id: PEOPLE_ACTION.leader, block_id: 42, value: '1' },
      {
        action_id: PEOPLE_ACTION.leader,
        block_id: JSON.stringify({ p: { id: ids.plain }, n: 0 }),
        value: '1',
      },
      {
        action_id: PEOPLE_ACTION.stage,
        type: 'static_select',
        block_id: controls.block_id,
        selected_option: { text: { type: 'plain_text', text: 'x' }, value: { stage: 'action' } },
      },
      {
        action_id: PEOPLE_ACTION.institutionType,
        type: 'static_select',
        block_id: controls.block_id,
        selected_option: { text: { type: 'plain_text', text: 'x' }, value: ['faith'] },
      },
      {
        action_id: PEOPLE_ACTION.stage,
        type: 'static_select',
        block_id: controls.block_id,
        selected_option: 5,
      },
    ];
    const before = await t.bot.deps.db.selectFrom('people').selectAll().where('id', '=', ids.plain).execute();
    for (const action of crafted) {
      const r = await press(A, action);
      expect(r.replace_original).toBe(false);
      expect(blockText(r.blocks)).toContain('can’t find that person among yours');
    }
    expect(
      await t.bot.deps.db.selectFrom('people').selectAll().where('id', '=', ids.plain).execute(),
    ).toEqual(before);
    expectNoFailures();
  });

  it('a forget button with an object, a number or an array for the person gets the polite notice', async () => {
    const people = await t.bot.deps.db.selectFrom('people').select('id').execute();
    for (const value of [{ id: ids.plain }, 12, [ids.plain]]) {
      const r = await press(A, { action_id: FORGET_ACTION.confirm, value });
      expect(blockText(r.blocks)).toContain('can’t find that person');
    }
    expect(await t.bot.deps.db.selectFrom('people').select('id').execute()).toEqual(people);
    expect(await t.bot.deps.db.selectFrom('erasures').selectAll().execute()).toEqual([]);
    expectNoFailures();
  });

  it('a Home tab button with an object for its id is answered by DM, and nothing changes', async () => {
    const dms = dmsTo(t, A.user).length;
    await t.send.blockAction(
      A,
      { action_id: HOME_ACTION.done, value: { id: 'x' } as any },
      { view: { id: 'VHOME', type: 'home' } },
    );
    const dm = await t.slack.waitFor(() => dmsTo(t, A.user)[dms]);
    expect(dm.args.text).toContain('Sorry');
    expectNoFailures();
  });
});

describe('what the organiser typed is shown as typed, and inert (fix c)', () => {
  it('in the people list', async () => {
    const reply = await command(A, 'people Ada');
    expect(blockText(reply.blocks)).toContain('&lt;!here&gt;');
    expectInert(reply);
  });

  it('in a search echo', async () => {
    const reply = await command(A, `people ${HOSTILE} nobody`);
    expect(blockText(reply.blocks)).toContain('None of your people match');
    expectInert(reply);
  });

  it('on the power map', async () => {
    const reply = await command(A, 'map');
    expect(blockText(reply.blocks)).toContain('Hall');
    expectInert(reply);
  });

  it('on the Home tab', async () => {
    const publishes = (): RecordedCall[] =>
      t.slack.callsOf('views.publish').filter((c) => c.args.user_id === A.user);
    await t.slack.waitFor(() => publishes().length >= 3);
    const before = publishes().length;
    await t.send.event('T0001', {
      type: 'app_home_opened',
      user: A.user,
      channel: `D${A.user}`,
      tab: 'home',
    });
    const view = (await t.slack.waitFor(() => publishes()[before])).args.view;
    expect(blockText(view.blocks)).toContain('Lovelace');
    expectInert(view);
  });

  it('in /onetoone institution replies: set, shown, unknown and an unknown type', async () => {
    const set = await command(A, `institution "${INSTITUTION}" faith`);
    expect(blockText(set.blocks)).toContain('now on the power map as *faith*');
    expectInert(set);
    const shown = await command(A, `institution "${INSTITUTION}"`);
    expect(blockText(shown.blocks)).toContain('is a *faith* institution');
    expectInert(shown);
    const unknown = await command(A, `institution "${HOSTILE}" school`);
    expect(blockText(unknown.blocks)).toContain('No one in your team has logged');
    expectInert(unknown);
    const badType = await command(A, `institution "Riverside" ${HOSTILE}`);
    expect(blockText(badType.blocks)).toContain('I don’t know the type');
    expectInert(badType);
  });

  it('in the forget confirmation and the "more than one" answer', async () => {
    const many = await command(A, `forget ${NAME}`);
    expect(blockText(many.blocks)).toContain('More than one of your people matches');
    expectInert(many);
    const one = await command(A, `forget ${NAME} (${INSTITUTION})`);
    const [yes] = buttons(one.blocks);
    expect(yes).toMatchObject({ action_id: FORGET_ACTION.confirm, value: ids.hostile });
    expectInert(one);
    const none = await command(A, `forget ${HOSTILE} nobody`);
    expect(blockText(none.blocks)).toContain('no one called');
    expectInert(none);
  });

  it('in the introduction DM', async () => {
    const dms = dmsTo(t, A.user).length;
    const view = await openModalWith(t, A, 'introduce');
    const res = await submit(t, A, view, {
      [INTRO_BLOCK.personA]: ids.hostile,
      [INTRO_BLOCK.personB]: ids.plain,
      [INTRO_BLOCK.why]: 'the roof',
    });
    expect(res.text).toBe('');
    const dm = await t.slack.waitFor(() => dmsTo(t, A.user)[dms]);
    expect(dm.args.text).toContain('Recorded your introduction');
    expectInert({ text: dm.args.text, blocks: dm.args.blocks });
  });

  it('and the forgotten name too', async () => {
    const r = await press(A, { action_id: FORGET_ACTION.confirm, value: ids.hostile2 });
    expect(blockText(r.blocks)).toContain('Forgotten');
    expectInert(r);
    expectNoFailures();
  });
});
