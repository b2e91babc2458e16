import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/time.js';
import { ACTION, CALLBACK, LOG_BLOCK } from '../../src/interaction-ids.js';
import {
  blockText,
  buttons,
  count,
  logNew,
  openedView,
  response,
  submit,
  submitStepOne,
} from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** `/onetoone list [person]`: paged, Older/Newer replace the message, Open reopens a record to edit. */

let t: TestApp;
const amy = { user: 'UAMY' };
const ids: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
  t.slack.users.set('UAMY', { id: 'UAMY', real_name: 'Amy', tz: 'Europe/London' });
  // 12 one-to-ones with Person 1 … Person 12 on consecutive days, and two with Amina.
  for (let i = 1; i <= 12; i++) {
    ids.push(await logNew(t, amy, `Person ${i}`, { [LOG_BLOCK.metOn]: addDays('2026-10-01', i) }));
  }
  await logNew(t, amy, 'Amina Okafor', {
    [LOG_BLOCK.metOn]: '2026-09-01',
    [LOG_BLOCK.institution]: 'Unite',
  });
  await logNew(t, amy, 'Amina Okafor', {
    [LOG_BLOCK.metOn]: '2026-09-15',
    [LOG_BLOCK.institution]: 'Unite',
    [LOG_BLOCK.nextStepKind]: 'meeting',
    [LOG_BLOCK.nextStepDue]: '2026-12-03',
  });
  await logNew(t, { user: 'UBEN' }, 'Person 99');
});
afterAll(() => t.stop());

/** The person names listed in a message, in order. */
function listed(blocks: any[]): string[] {
  return blocks
    .filter((b) => b.accessory?.action_id === ACTION.openOneToOne)
    .map((b) => /· (.+?)\n/.exec(b.text.text)?.[1] ?? '');
}

describe('/onetoone list', () => {
  it('shows my newest 10 with Open buttons and an Older button', async () => {
    const n = t.slack.responses.length;
    const res = await t.send.command('list', amy);
    expect(res.status).toBe(200);
    const reply = await response(t, n + 1);
    expect(reply.response_type).toBe('ephemeral');
    expect(listed(reply.blocks)).toEqual([
      'Person 12',
      'Person 11',
      'Person 10',
      'Person 9',
      'Person 8',
      'Person 7',
      'Person 6',
      'Person 5',
      'Person 4',
      'Person 3',
    ]);
    const nav = buttons(reply.blocks).filter((b) => b.action_id.startsWith(ACTION.listPage));
    expect(nav.map((b) => b.text)).toEqual(['Older']);
    expect(blockText(reply.blocks)).not.toContain('Person 99');
  });

  it('Older replaces the message with the next page, Newer goes back', async () => {
    const first = t.slack.responses.at(-1)!.body;
    const older = buttons(first.blocks).find((b) => b.text === 'Older')!;
    const n = t.slack.responses.length;
    const res = await t.send.blockAction(amy, { action_id: older.action_id, value: older.value });
    expect(res.status).toBe(200);
    const page2 = await response(t, n + 1);
    expect(page2.replace_original).toBe(true);
    expect(listed(page2.blocks)).toEqual([
      'Person 2',
      'Person 1',
      'Amina Okafor (Unite)',
      'Amina Okafor (Unite)',
    ]);
    const nav = buttons(page2.blocks).filter((b) => b.action_id.startsWith(ACTION.listPage));
    expect(nav.map((b) => b.text)).toEqual(['Newer']);

    await t.send.blockAction(amy, { action_id: nav[0]!.action_id, value: nav[0]!.value });
    const back = await response(t, n + 2);
    expect(back.replace_original).toBe(true);
    expect(listed(back.blocks)[0]).toBe('Person 12');
  });

  it('filters by person (name or institution) and shows the next step', async () => {
    const n = t.slack.responses.length;
    await t.send.command('list amina', amy);
    const reply = await response(t, n + 1);
    expect(listed(reply.blocks)).toEqual(['Amina Okafor (Unite)', 'Amina Okafor (Unite)']);
    expect(blockText(reply.blocks)).toContain('another meeting by Thu 3 Dec');
    expect(buttons(reply.blocks).filter((b) => b.action_id.startsWith(ACTION.listPage))).toEqual([]);

    await t.send.command('list unite', amy);
    expect(listed((await response(t, n + 2)).blocks)).toHaveLength(2);

    await t.send.command('list Person 99', amy);
    expect((await response(t, n + 3)).text).toMatch(/No one-to-ones/);
  });

  it('a crafted page number past the end says there are no more', async () => {
    const n = t.slack.responses.length;
    await t.send.blockAction(amy, { action_id: `${ACTION.listPage}_next`, value: '{"q":"","p":7}' });
    expect((await response(t, n + 1)).text).toMatch(/No more/);
    await t.send.blockAction(amy, { action_id: `${ACTION.listPage}_next`, value: 'not json' });
    expect(listed((await response(t, n + 2)).blocks)[0]).toBe('Person 12');
    await t.send.blockAction(amy, { action_id: `${ACTION.listPage}_next`, value: '{"q":"","p":1e308}' });
    expect(listed((await response(t, n + 3)).blocks)[0]).toBe('Person 12');
  });

  it('someone with nothing logged is told how to start', async () => {
    const n = t.slack.responses.length;
    await t.send.command('list', { user: 'UNEW' });
    expect((await response(t, n + 1)).text).toMatch(/No one-to-ones yet/);
  });
});

describe('Open', () => {
  it('reopens the record prefilled, and saving edits it in place', async () => {
    const id = ids[4]!;
    await t.bot.deps.db
      .updateTable('one_to_ones')
      .set({ stories: 'grew up in Lagos', listening_share: 'half', next_step_kind: 'action' })
      .where('id', '=', id)
      .execute();
    const opened = t.slack.callsOf('views.open').length;
    const res = await t.send.blockAction(amy, { action_id: ACTION.openOneToOne, value: id });
    expect(res.status).toBe(200);
    const view = await openedView(t, opened + 1);
    expect(view.view.callback_id).toBe(CALLBACK.logModal);
    expect(view.view.title.text).toBe('Edit one-to-one');
    const block = (id: string) => view.view.blocks.find((b: any) => b.block_id === id).element;
    expect(block(LOG_BLOCK.existingPerson).initial_option.text.text).toBe('Person 5');
    expect(block(LOG_BLOCK.metOn).initial_date).toBe('2026-10-06');
    expect(block(LOG_BLOCK.nextStepKind).initial_option.value).toBe('action');
    // What was learned is step two, which step one's save brings up prefilled.
    const { res: stepOne } = await submitStepOne(t, amy, view, {});
    const learned = stepOne.json().view;
    const field = (id: string) => learned.blocks.find((b: any) => b.block_id === id).element;
    expect(field(LOG_BLOCK.stories).initial_value).toBe('grew up in Lagos');
    expect(field(LOG_BLOCK.listening).initial_option.value).toBe('half');

    const before = await count(t, 'one_to_ones');
    const dms = t.slack.callsOf('chat.postMessage').length;
    const saved = await submit(t, amy, view, {
      [LOG_BLOCK.stories]: 'grew up in Lagos, moved here in 2001',
      [LOG_BLOCK.duration]: '60',
    });
    expect(saved.status).toBe(200);
    expect(saved.text).toBe('');
    expect(await count(t, 'one_to_ones')).toBe(before);
    const row = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      stories: 'grew up in Lagos, moved here in 2001',
      duration_minutes: 60,
      listening_share: 'half',
      next_step_kind: 'action',
      met_on: '2026-10-06',
    });
    // Confirmed in the modal (step two says "Saved"), with no DM per log.
    await t.send.command('help', amy);
    await t.slack.waitFor(() => t.slack.responses.length > 0);
    expect(t.slack.callsOf('chat.postMessage')).toHaveLength(dms);
  });

  it('an edit that clears a text field clears it', async () => {
    const id = ids[4]!;
    const opened = t.slack.callsOf('views.open').length;
    await t.send.blockAction(amy, { action_id: ACTION.openOneToOne, value: id });
    const view = await openedView(t, opened + 1);
    await submit(t, amy, view, { [LOG_BLOCK.stories]: '' });
    const row = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .select('stories')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.stories).toBeNull();
  });
});

describe('paging with ties', () => {
  it('one-to-ones on the same day, logged at the same instant, each appear on exactly one page', async () => {
    const carl = { user: 'UCARL' };
    const logged: string[] = [];
    for (let i = 0; i < 23; i++)
      logged.push(await logNew(t, carl, `Tie ${i}`, { [LOG_BLOCK.metOn]: '2026-11-20' }));
    const seen: string[] = [];
    let n = t.slack.responses.length;
    await t.send.command('list', carl);
    let page = await response(t, ++n);
    for (;;) {
      seen.push(
        ...buttons(page.blocks)
          .filter((b) => b.action_id === ACTION.openOneToOne)
          .map((b) => b.value!),
      );
      const older = buttons(page.blocks).find((b) => b.text === 'Older');
      if (!older) break;
      await t.send.blockAction(carl, { action_id: older.action_id, value: older.value });
      page = await response(t, ++n);
    }
    expect(seen).toHaveLength(23);
    expect([...seen].sort()).toEqual([...logged].sort());
  });
});
