import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK, LOG_BLOCK, REFLECT_BLOCK } from '../../src/interaction-ids.js';
import { blockText, logNew, openModalWith, response, submit } from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * `/onetoone <name>` and `/onetoone log <name>` open step one with that person chosen (one
 * match), named above the field (several), or offered as someone new (none); an @mention names a
 * Slack member in every subcommand that takes a person.
 */

let t: TestApp;
const amy = { user: 'UAMY' };
const ben = { user: 'UBEN' };

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
  t.slack.users.set('UAMY', { id: 'UAMY', real_name: 'Amy Organiser', tz: 'Europe/London' });
  t.slack.users.set('UBEN', { id: 'UBEN', real_name: 'Ben Organiser', tz: 'Europe/London' });
  t.slack.users.set('UPRIYA', { id: 'UPRIYA', real_name: 'Priya Shah', tz: 'Europe/London' });
  t.slack.users.set('UROBOT', { id: 'UROBOT', real_name: 'Robot', is_bot: true });
  await logNew(t, amy, 'Sam Lee', { [LOG_BLOCK.institution]: 'Unite branch 12' });
  await logNew(t, amy, 'Sam Ode');
  await logNew(t, amy, 'Amina Okafor', { [LOG_BLOCK.institution]: "St Mary's Church" });
  // Ben's Samira is his own: never a match for Amy.
  await logNew(t, ben, 'Samira Ben-Only');
});
afterAll(() => t.stop());

const who = (view: any) => view.blocks.find((b: any) => b.block_id === LOG_BLOCK.existingPerson).element;
const hasDetails = (view: any) => view.blocks.some((b: any) => b.block_id === LOG_BLOCK.institution);

async function personId(name: string): Promise<string> {
  const row = await t.bot.deps.db
    .selectFrom('people')
    .select('id')
    .where('name', '=', name)
    .where('organiser_id', '=', 'UAMY')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('/onetoone <name> and /onetoone log <name>', () => {
  it('one match: that person is chosen', async () => {
    for (const text of ['amina', 'log Amina', 'new amina okafor']) {
      const view = await openModalWith(t, amy, text);
      expect(view.view.callback_id).toBe(CALLBACK.logModal);
      expect(who(view.view).initial_option).toEqual({
        text: { type: 'plain_text', text: "Amina Okafor (St Mary's Church)" },
        value: await personId('Amina Okafor'),
      });
      expect(hasDetails(view.view)).toBe(false);
    }
  });

  it('an exact name among several matches is the one chosen', async () => {
    const view = await openModalWith(t, amy, 'Sam Ode');
    expect(who(view.view).initial_option.value).toBe(await personId('Sam Ode'));
  });

  it('several matches: named above the field, nobody chosen, the search suggested', async () => {
    const view = await openModalWith(t, amy, 'sam');
    expect(who(view.view).initial_option).toBeUndefined();
    expect(who(view.view).placeholder.text).toBe('Type “sam” to choose');
    const text = blockText(view.view.blocks);
    expect(text).toContain('Several of your people match “sam”');
    expect(text).toContain('Sam Lee (Unite branch 12)');
    expect(text).toContain('Sam Ode');
    expect(text).not.toContain('Samira');
  });

  it('no match: a new person of that name is chosen, with their institution and role asked', async () => {
    const view = await openModalWith(t, amy, 'Grace Mbeki');
    expect(who(view.view).initial_option).toEqual({
      text: { type: 'plain_text', text: 'New person: Grace Mbeki' },
      value: 'new:Grace Mbeki',
    });
    expect(hasDetails(view.view)).toBe(true);
    const res = await submit(t, amy, view, { [LOG_BLOCK.institution]: 'Green Lane Mosque' });
    expect(res.text).toBe('');
    const person = await t.bot.deps.db
      .selectFrom('people')
      .selectAll()
      .where('name', '=', 'Grace Mbeki')
      .executeTakeFirstOrThrow();
    expect(person.institution_key).toBe('green lane mosque');
  });

  it('text that is no name (Slack markup, a broadcast) gets the help, not a form', async () => {
    const opened = t.slack.callsOf('views.open').length;
    const n = t.slack.responses.length;
    await t.send.command('frobnicate <!channel>', amy);
    expect((await response(t, n + 1)).text).toMatch(/onetoone/);
    expect(t.slack.callsOf('views.open')).toHaveLength(opened);
  });
});

describe('@mentions wherever a person is named', () => {
  it('log @member: a member not yet mine is chosen as a member, with institution and role asked', async () => {
    for (const text of ['<@UPRIYA|priya>', 'log <@UPRIYA>']) {
      const view = await openModalWith(t, amy, text);
      expect(who(view.view).initial_option).toEqual({
        text: { type: 'plain_text', text: 'Priya Shah (in this Slack)' },
        value: 'member:UPRIYA',
      });
      expect(hasDetails(view.view)).toBe(true);
    }
  });

  it('reflect @Priya works once Priya was logged as a Slack member (it said "no one-to-one" before)', async () => {
    const n = t.slack.responses.length;
    await t.send.command('reflect <@UPRIYA|priya>', amy);
    expect((await response(t, n + 1)).text).toMatch(/no one-to-one with “@priya”/i);

    const view = await openModalWith(t, amy, 'log <@UPRIYA|priya>');
    expect((await submit(t, amy, view, { [LOG_BLOCK.institution]: 'Green Lane Mosque' })).text).toBe('');
    const reflect = await openModalWith(t, amy, 'reflect <@UPRIYA|priya>');
    expect(reflect.view.callback_id).toBe(CALLBACK.reflectionModal);
    expect(blockText(reflect.view.blocks)).toContain('Priya Shah');
    expect((await submit(t, amy, reflect, { [REFLECT_BLOCK.differently]: 'slow down' })).text).toBe('');

    // Now one of mine: the mention chooses her as herself.
    const again = await openModalWith(t, amy, '<@UPRIYA>');
    const priya = await personId('Priya Shah');
    expect(who(again.view).initial_option.value).toBe(priya);
    expect(hasDetails(again.view)).toBe(false);
  });

  it('list @Priya lists her one-to-ones, named by her name', async () => {
    const n = t.slack.responses.length;
    await t.send.command('list <@UPRIYA|priya>', amy);
    const list = await response(t, n + 1);
    expect(blockText(list.blocks)).toContain('with “Priya Shah”');
    expect(blockText(list.blocks)).toContain('Priya Shah (Green Lane Mosque)');
    expect(blockText(list.blocks)).not.toContain('Amina');
  });

  it('forget @Priya asks to confirm forgetting her; someone else’s mention finds nothing of theirs', async () => {
    const n = t.slack.responses.length;
    await t.send.command('forget <@UPRIYA|priya>', amy);
    const confirm = await response(t, n + 1);
    expect(blockText(confirm.blocks)).toContain('Priya Shah');
    expect(blockText(confirm.blocks)).toMatch(/Forget|forget/);
    // Ben never logged Priya: nothing of Amy's is shown to him.
    await t.send.command('forget <@UPRIYA|priya>', ben);
    const none = await response(t, n + 2);
    expect(blockText(none.blocks ?? []) + (none.text ?? '')).not.toContain('Green Lane');
  });

  it('a bot mentioned, or myself, is refused kindly with no form', async () => {
    const opened = t.slack.callsOf('views.open').length;
    const n = t.slack.responses.length;
    await t.send.command('log <@UROBOT>', amy);
    expect((await response(t, n + 1)).text).toMatch(/That is a bot/);
    await t.send.command('<@UAMY|amy>', amy);
    expect((await response(t, n + 2)).text).toMatch(/That is you/);
    expect(t.slack.callsOf('views.open')).toHaveLength(opened);
  });
});
