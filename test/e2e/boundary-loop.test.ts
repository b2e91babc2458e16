import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_TEXT_MAX } from '../../src/domain/limits.js';
import { ACTION, LOG_BLOCK } from '../../src/interaction-ids.js';
import {
  asSubmitted,
  blockText,
  logNew,
  openModalWith,
  response,
  submitStepOne,
} from '../support/onetoone.js';
import { stateFor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The loop's boundary (log, reflect, list, the person picker): every payload value is decoded
 * before a use case sees it. Unbounded text is cut, a value of the wrong type gets the polite
 * notice (or no options), a refused request writes nothing, and what an organiser typed is
 * rendered as text, never as Slack markup.
 */

let t: TestApp;
const amy = { user: 'UAMY' };
/** Eve has never used the bot: she has no organisers row. */
const eve = { user: 'UEVE' };
let amyRecord: string;

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
  t.slack.users.set('UAMY', { id: 'UAMY', real_name: 'Amy', tz: 'Europe/London' });
  // A valid zone: looking it up for Eve would cache it, so an organisers row would appear.
  t.slack.users.set('UEVE', { id: 'UEVE', real_name: 'Eve', tz: 'Europe/London' });
  amyRecord = await logNew(t, amy, 'Amina Okafor', { [LOG_BLOCK.institution]: 'Unite' });
});
afterAll(() => t.stop());

/** No listener threw: a TypeError or a database error would be logged as 'listener failed'. */
function expectNoListenerFailure(): void {
  expect(t.logs.filter((l) => l.includes('listener failed'))).toEqual([]);
}

async function organiserRows(user: string): Promise<number> {
  const row = await t.bot.deps.db
    .selectFrom('organisers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', user)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('unbounded search text', () => {
  it('the person picker answers a search of over 50,000 bytes normally', async () => {
    for (const value of ['a'.repeat(60_000), 'é'.repeat(30_000)]) {
      const res = await t.send.options(amy, ACTION.personSearch, LOG_BLOCK.existingPerson, value);
      expect(res.status).toBe(200);
      // Nobody of mine; the log's who field still offers the typed name as someone new, cut to a name's length.
      expect(res.json().options.map((o: any) => o.value)).toEqual([`new:${value.slice(0, 80)}`]);
    }
    // Cut to SEARCH_TEXT_MAX characters (then trimmed), not refused: this still finds Amina.
    const found = await t.send.options(
      amy,
      ACTION.personSearch,
      LOG_BLOCK.existingPerson,
      `amina${' '.repeat(60_000)}`,
    );
    expect(found.json().options.map((o: any) => o.text.text)).toEqual([
      'Amina Okafor (Unite)',
      'New person: amina',
    ]);
    expectNoListenerFailure();
  });

  it('/onetoone list and reflect with 60,000 characters answer normally, echoing at most the bound', async () => {
    const long = 'z'.repeat(60_000);
    const n = t.slack.responses.length;
    expect((await t.send.command(`list ${long}`, amy)).status).toBe(200);
    const list = await response(t, n + 1);
    expect(list.text).toMatch(/^No one-to-ones with/);
    expect(list.text).toContain('z'.repeat(SEARCH_TEXT_MAX));
    expect(list.text).not.toContain('z'.repeat(SEARCH_TEXT_MAX + 1));

    expect((await t.send.command(`reflect ${long}`, amy)).status).toBe(200);
    const reflect = await response(t, n + 2);
    expect(reflect.text).toMatch(/no one-to-one with/i);
    expect(reflect.text).not.toContain('z'.repeat(SEARCH_TEXT_MAX + 1));
    expectNoListenerFailure();
  });
});

describe('a value of the wrong type', () => {
  const odd: unknown[] = [{ id: 'x' }, 42, ['a'], null, true];

  it('in the person picker’s search: no options, no error', async () => {
    for (const value of odd) {
      const res = await t.send.options(amy, ACTION.personSearch, LOG_BLOCK.existingPerson, value as any);
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({ options: [] });
    }
    expectNoListenerFailure();
  });

  it.each([
    ['Open', ACTION.openOneToOne],
    ['Reflect now', ACTION.reflectNow],
    ['Older', `${ACTION.listPage}_next`],
  ])('in a %s button’s value: the polite notice, nothing opened', async (_name, actionId) => {
    for (const value of [{ q: '', p: 1 }, 7, [amyRecord]]) {
      const opened = t.slack.callsOf('views.open').length;
      const n = t.slack.responses.length;
      const res = await t.send.blockAction(amy, { action_id: actionId, value: value as any });
      expect(res.status).toBe(200);
      const reply = await response(t, n + 1);
      expect(reply.text).toMatch(/couldn’t read that request/);
      expect(reply.response_type).toBe('ephemeral');
      expect(t.slack.callsOf('views.open').length).toBe(opened);
    }
    expectNoListenerFailure();
    expect(t.logs.join('\n')).not.toContain('TypeError');
  });
});

describe('refused requests write nothing', () => {
  it('opening, reflecting on or editing someone else’s record creates no organisers row', async () => {
    expect(await organiserRows('UEVE')).toBe(0);
    const n = t.slack.responses.length;
    await t.send.blockAction(eve, { action_id: ACTION.openOneToOne, value: amyRecord });
    expect((await response(t, n + 1)).text).toMatch(/can’t find that one-to-one among yours/);
    await t.send.blockAction(eve, { action_id: ACTION.reflectNow, value: amyRecord });
    expect((await response(t, n + 2)).text).toMatch(/can’t find/);

    // An edit submission whose private_metadata names Amy's record (the view is one Slack
    // opened for Amy; Eve never opened one, so she never had her time zone looked up).
    const view = await openModalWith(t, amy);
    const res = await t.send.viewSubmission(
      eve,
      { ...asSubmitted(view), private_metadata: JSON.stringify({ editingId: amyRecord }) },
      stateFor(view.view, { [LOG_BLOCK.newName]: 'Overwriter' }),
    );
    expect(res.json().response_action).toBe('errors');
    expect(await organiserRows('UEVE')).toBe(0);
    const people = await t.bot.deps.db
      .selectFrom('people')
      .select('id')
      .where('organiser_id', '=', 'UEVE')
      .execute();
    expect(people).toEqual([]);
    expect(t.slack.callsOf('users.info').filter((c) => c.args.user === 'UEVE')).toEqual([]);
  });

  it('a new log naming someone else’s person is refused on the field, writing nothing', async () => {
    const amyPerson = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .select('person_id')
      .where('id', '=', amyRecord)
      .executeTakeFirstOrThrow();
    const view = await openModalWith(t, amy);
    const res = await t.send.viewSubmission(
      { user: 'UMAL' },
      asSubmitted(view),
      stateFor(view.view, { [LOG_BLOCK.existingPerson]: amyPerson.person_id }),
    );
    expect(res.json()).toEqual({
      response_action: 'errors',
      errors: { [LOG_BLOCK.existingPerson]: expect.stringMatching(/can’t find/) },
    });
    expect(await organiserRows('UMAL')).toBe(0);
    expect(t.slack.callsOf('users.info').filter((c) => c.args.user === 'UMAL')).toEqual([]);
  });

  it('a legitimate modal open still caches the organiser’s zone', async () => {
    await openModalWith(t, eve);
    const row = await t.bot.deps.db
      .selectFrom('organisers')
      .select('time_zone')
      .where('user_id', '=', 'UEVE')
      .executeTakeFirstOrThrow();
    expect(row.time_zone).toBe('Europe/London');
  });
});

describe('what an organiser typed is shown as text', () => {
  const NAME = '*Bold* <!here> _lean_ ~x~ `code`';
  const SHOWN = '∗Bold∗ &lt;!here&gt; ˍleanˍ ∼x∼ ˋcodeˋ';

  it('in the confirmation ("Saved", in the modal) and the list', async () => {
    const view = await openModalWith(t, amy);
    const { res } = await submitStepOne(t, amy, view, {
      [LOG_BLOCK.newName]: NAME,
      [LOG_BLOCK.institution]: '<https://evil.example|St Mary>',
    });
    const sent = blockText(res.json().view.blocks);
    expect(sent).toContain(SHOWN);
    expect(sent).toContain('&lt;https://evil.example|St Mary&gt;');
    expect(sent).not.toContain('<!here>');
    expect(sent).not.toContain('*Bold*');

    const n = t.slack.responses.length;
    await t.send.command('list bold', amy);
    const list = blockText((await response(t, n + 1)).blocks);
    expect(list).toContain(SHOWN);
    expect(list).not.toContain('<!here>');
  });

  it('in the person picker (plain text: no invisible controls)', async () => {
    await logNew(t, amy, 'Rana\u202Egro.live\u202C');
    const res = await t.send.options(amy, ACTION.personSearch, LOG_BLOCK.existingPerson, 'rana');
    expect(res.json().options.map((o: any) => o.text.text)).toEqual(['Ranagro.live', 'New person: rana']);
  });

  it('in the reflect notice', async () => {
    const n = t.slack.responses.length;
    await t.send.command('reflect <!channel> *x*', amy);
    const reply = await response(t, n + 1);
    expect(reply.text).toContain('&lt;!channel&gt; ∗x∗');
    expect(reply.text).not.toContain('<!channel>');
  });
});
