import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_BLOCK, REFLECT_BLOCK } from '../../src/interaction-ids.js';
import { SUBCOMMANDS } from '../../src/slack/listeners/commands/onetoone/registry.js';
import { logNew, logOneToOne, openedView, openModalWith, response, submit } from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * `/onetoone goal`, `/onetoone stats` and help. The clock stands at Sunday 29 Nov 2026 12:30 UTC:
 * already Monday 30 Nov 01:30 in Auckland (a new week), still Sunday 04:30 in Los Angeles. Each
 * organiser's "today" and weeks come from their own zone, as users.info gives it.
 */

let t: TestApp;
const akl = { user: 'UAKL' };
const lax = { user: 'ULAX' };

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-29T12:30:00Z' });
  t.slack.users.set('UAKL', { id: 'UAKL', real_name: 'Aroha', tz: 'Pacific/Auckland' });
  t.slack.users.set('ULAX', { id: 'ULAX', real_name: 'Luis', tz: 'America/Los_Angeles' });
});
afterAll(() => t.stop());

async function reply(text: string, actor: { user: string }): Promise<Record<string, any>> {
  const n = t.slack.responses.length;
  const res = await t.send.command(text, actor);
  expect(res.status).toBe(200);
  return response(t, n + 1);
}

/** The text of every section in a message, joined. */
function texts(message: Record<string, any>): string {
  return message.blocks.map((b: any) => b.text?.text ?? '').join('\n');
}

/** The stats chart's lines: label, bar and count. */
function chart(message: Record<string, any>): string[] {
  // The chart may follow a lead-in line ("Since your first week with me …").
  const block = message.blocks.find((b: any) => b.text?.text?.includes('```'));
  return /```([\s\S]*)```/.exec(block.text.text)![1]!.split('\n');
}

describe('today in the organiser’s zone', () => {
  it('the log modal defaults to each organiser’s own today', async () => {
    const aklView = await openModalWith(t, akl);
    const laxView = await openModalWith(t, lax);
    const date = (v: any) =>
      v.view.blocks.find((b: any) => b.block_id === LOG_BLOCK.metOn).element.initial_date;
    expect(date(aklView)).toBe('2026-11-30');
    expect(date(laxView)).toBe('2026-11-29');
  });

  it('Monday 30 Nov is today in Auckland but the future in Los Angeles', async () => {
    const ok = await logOneToOne(t, akl, { [LOG_BLOCK.newName]: 'Tama', [LOG_BLOCK.metOn]: '2026-11-30' });
    expect(ok.text).toBe('');
    const refused = await logOneToOne(t, lax, {
      [LOG_BLOCK.newName]: 'Rosa',
      [LOG_BLOCK.metOn]: '2026-11-30',
    });
    expect(refused.json().errors).toEqual({ [LOG_BLOCK.metOn]: expect.stringMatching(/today or earlier/) });
  });
});

describe('/onetoone goal', () => {
  it('shows the default goal, then sets a valid one', async () => {
    expect((await reply('goal', akl)).text).toMatch(/weekly goal is \*5\*/);
    expect((await reply('goal 3', akl)).text).toMatch(/now \*3\*/);
    const row = await t.bot.deps.db
      .selectFrom('organisers')
      .select('weekly_goal')
      .where('user_id', '=', 'UAKL')
      .executeTakeFirstOrThrow();
    expect(row.weekly_goal).toBe(3);
    expect((await reply('goal 100', lax)).text).toMatch(/now \*100\*/);
    expect((await reply('goal 5', lax)).text).toMatch(/now \*5\*/);
  });

  it.each(['0', '101', 'abc', '2.5', '-3', '1e1'])('refuses goal %s and keeps the old one', async (bad) => {
    const answer = await reply(`goal ${bad}`, akl);
    expect(answer.text).toMatch(/whole number from 1 to 100/);
    const row = await t.bot.deps.db
      .selectFrom('organisers')
      .select('weekly_goal')
      .where('user_id', '=', 'UAKL')
      .executeTakeFirstOrThrow();
    expect(row.weekly_goal).toBe(3);
  });
});

describe('/onetoone stats', () => {
  it('counts this week, 8 weeks and the reflection rate in Auckland weeks', async () => {
    await logNew(t, akl, 'Mere', { [LOG_BLOCK.metOn]: '2026-11-29' }); // last week in Auckland
    await logNew(t, akl, 'Wiremu', { [LOG_BLOCK.metOn]: '2026-11-17' });
    await logNew(t, akl, 'Hemi', { [LOG_BLOCK.metOn]: '2026-11-16' });
    await logNew(t, akl, 'Old', { [LOG_BLOCK.metOn]: '2026-10-11' }); // before the 8 weeks
    // Reflect on the latest unreflected (Tama, 30 Nov).
    const view = await openModalWith(t, akl, 'reflect');
    expect(JSON.stringify(view.view.blocks)).toContain('Tama');
    await submit(t, akl, view, { [REFLECT_BLOCK.depth]: 'stories' });

    const stats = await reply('stats', akl);
    expect(stats.response_type).toBe('ephemeral');
    expect(stats.text).toBe('1 of 3 one-to-ones this week');
    expect(JSON.stringify(stats.blocks)).toContain('2 to go');
    const lines = chart(stats);
    // 8 weeks (the first use, 11 Oct, is before them all) and the goal's legend. The weeks before
    // the change keep their goal of 5 (┆ in the last column); this week's is 3.
    expect(lines).toHaveLength(9);
    expect(lines[0]).toMatch(/^12 Oct\s/);
    expect(lines[5]).toMatch(/^16 Nov\s+▇{4}\s+┆ 2$/);
    expect(lines[6]).toMatch(/^23 Nov\s+▇{2}\s+┆ 1$/);
    expect(lines[7]).toMatch(/^this week ▇{2}\s+┆\s+1$/);
    expect(lines[8]).toMatch(/^\s{15}┆ goal 3$/);
    expect(lines.slice(0, 5).every((l) => / 0$/.test(l))).toBe(true);
    // 1 reflected of the 4 in the last 8 weeks.
    expect(JSON.stringify(stats.blocks)).toContain('*25%*');
  });

  it('the same Sunday is this week in Los Angeles', async () => {
    await logNew(t, lax, 'Rosa', { [LOG_BLOCK.metOn]: '2026-11-29' });
    await logNew(t, lax, 'Ana', { [LOG_BLOCK.metOn]: '2026-11-23' });
    await logNew(t, lax, 'Beto', { [LOG_BLOCK.metOn]: '2026-11-22' });
    const stats = await reply('stats', lax);
    expect(stats.text).toBe('2 of 5 one-to-ones this week');
    // From Luis's first week of use (a meeting on Sunday 22 Nov): no rows of 0 before it.
    const lines = chart(stats);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^16 Nov\s+▇+\s+┆\s+1$/);
    expect(lines[1]).toMatch(/^this week\s+▇+\s+┆\s+2$/);
    expect(lines[2]).toMatch(/┆ goal 5$/);
    expect(JSON.stringify(stats.blocks)).toContain('*0%*');
  });

  it('meeting the goal says so; nobody else’s one-to-ones count', async () => {
    await reply('goal 1', lax);
    const stats = await reply('stats', lax);
    expect(JSON.stringify(stats.blocks)).toContain('Goal met');
    const fresh = await reply('stats', { user: 'UNEW' });
    expect(fresh.text).toBe('0 of 5 one-to-ones this week');
    expect(JSON.stringify(fresh.blocks)).toContain('No one-to-ones in your first week yet');
  });

  it('follows the organiser when they move zone (after the cached zone expires)', async () => {
    t.slack.users.set('ULAX', { id: 'ULAX', real_name: 'Luis', tz: 'Pacific/Auckland' });
    t.clock.set('2026-11-30T13:00:00Z'); // a day later: Tuesday 02:00 in Auckland, Monday in LA
    const view = await openModalWith(t, lax);
    const date = view.view.blocks.find((b: any) => b.block_id === 'met_on').element.initial_date;
    expect(date).toBe('2026-12-01');
    t.clock.set('2026-11-29T12:30:00Z');
  });
});

describe('help', () => {
  it('/onetoone help lists every subcommand with an example', async () => {
    const help = await reply('help', lax);
    expect(help.response_type).toBe('ephemeral');
    const text = texts(help);
    for (const s of SUBCOMMANDS) {
      expect(text).toContain(s.example);
      expect(text).toContain(`/onetoone${s.usage ? ` ${s.usage}` : ''}`);
    }
    expect(text).toContain('/onetoone help');
    expect(t.slack.callsOf('views.open').every((c) => c.args.trigger_id)).toBe(true);
  });

  it('unknown text answers with the same list and what was not understood, escaped', async () => {
    const help = await reply('frobnicate <!channel>', lax);
    const text = texts(help);
    expect(text).toContain('frobnicate &lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
    for (const s of SUBCOMMANDS) expect(text).toContain(s.example);
  });

  it('subcommand words are case-insensitive', async () => {
    const opened = t.slack.callsOf('views.open').length;
    await t.send.command('LOG', lax);
    const view = await openedView(t, opened + 1);
    expect(view.view.callback_id).toBe('oto_log');
    expect((await reply('Stats', lax)).text).toMatch(/one-to-ones this week/);
  });
});
