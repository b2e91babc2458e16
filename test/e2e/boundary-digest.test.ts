import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_BLOCK } from '../../src/interaction-ids.js';
import { digestJob } from '../../src/jobs/digest.js';
import type { RecordedCall } from '../support/fake-slack.js';
import { logNew, openModalWith, response } from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The digest at the boundary, through signed requests and the fake Slack: who counts as the
 * team, and what typed text looks like once it reaches a team channel or a reply.
 */

const CHANNEL = 'C0BOUNDARY';
const ADMIN = { user: 'UBADMIN' };
const LOGGER = { user: 'UBLOGGER' };
const BYSTANDER = { user: 'UBYSTAND' };

/** Typed into the institution field: formatting, a link, a channel name, a bidi override, zero-widths. */
const HOSTILE = '*bo\u200Bld* https://evil\u202E.example #gen\u200Beral';
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;

let t: TestApp;

/** Every mrkdwn text object in a list of blocks (sections, their fields, context elements). */
function mrkdwnObjects(blocks: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
    } else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'mrkdwn') out.push(o);
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(blocks);
  return out;
}

function posts(): RecordedCall[] {
  return t.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === CHANNEL);
}

async function command(text: string, actor = ADMIN): Promise<Record<string, any>> {
  const before = t.slack.responses.length;
  const res = await t.send.command(text, actor, { channel: CHANNEL });
  expect(res.status).toBe(200);
  return response(t, before + 1);
}

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-16T12:00:00Z' });
  t.slack.users.set(ADMIN.user, { id: ADMIN.user, tz: 'Europe/London', is_admin: true });
  t.slack.users.set(LOGGER.user, { id: LOGGER.user, tz: 'Europe/London' });
  t.slack.users.set(BYSTANDER.user, { id: BYSTANDER.user, tz: 'Europe/London' });
  t.slack.channels.set(CHANNEL, {
    id: CHANNEL,
    name: 'team',
    members: [ADMIN.user, LOGGER.user, BYSTANDER.user],
  });
  expect((await command('digest here')).text).toContain('will get the weekly digest');
});
afterAll(() => t.stop());

describe('the team', () => {
  it('counts only members who have logged a one-to-one, not one who merely opened /onetoone', async () => {
    t.clock.set('2026-11-17T12:00:00Z');
    await logNew(t, LOGGER, 'Ada Lovelace', {
      [LOG_BLOCK.institution]: HOSTILE,
      [LOG_BLOCK.metOn]: '2026-11-17',
    });
    // The bystander opens the log form and walks away: that leaves an organisers row behind.
    await openModalWith(t, BYSTANDER);
    // So does the admin, who only ever ran digest commands and opened the form.
    await openModalWith(t, ADMIN);
    const rows = await t.bot.deps.db.selectFrom('organisers').select('user_id').orderBy('user_id').execute();
    expect(rows.map((r) => r.user_id)).toEqual([ADMIN.user, LOGGER.user, BYSTANDER.user].sort());

    t.clock.set('2026-11-24T12:00:00Z');
    const preview = await command('digest preview', BYSTANDER);
    // Issue 9: a count of members in a team under 5 would point at a person, so none is shown.
    expect(JSON.stringify(preview.blocks)).toContain('from *1 one-to-one* last week');
    expect(JSON.stringify(preview.blocks)).not.toMatch(/members?\* held/);

    const result = await digestJob.run({
      deps: t.bot.deps,
      now: new Date('2026-11-23T09:00:00Z'),
      dryRun: false,
    });
    expect(result.counts).toMatchObject({ posted: 1 });
    const posted = JSON.stringify(posts().at(-1)!.args.blocks);
    expect(posted).toContain('from *1 one-to-one* last week');
    expect(posted).not.toMatch(/members?\* held/);
    expect(posted).not.toContain('of 3 members');
    // Issue 9: no summed-goal percentage grades the team.
    expect(posted).not.toContain('weekly goals of');
    expect(posted).not.toMatch(/\d+%/);
  });
});

describe('typed text in the team channel', () => {
  it('shows an institution’s name as typed: no formatting, link, channel link or invisible controls', () => {
    const post = posts().at(-1)!;
    const blocks = post.args.blocks as unknown[];
    const json = JSON.stringify(blocks);
    expect(json).toContain('new this week:');
    const line = mrkdwnObjects(blocks)
      .map((m) => String(m.text))
      .find((text) => text.includes('new this week:'))!;
    // The name, neutralised: look-alike stars, no bidi override or zero-width space left.
    expect(line).toContain('*∗bold∗ https://evil.example #general*');
    expect(line).not.toMatch(INVISIBLE);
    expect(json).not.toContain('*bold*');
    expect(json).not.toContain('<http');
    expect(json).not.toContain('<#');
    expect(json).not.toContain('|');
    // Slack neither auto-links the URL nor the #channel in any of the digest's mrkdwn.
    const objects = mrkdwnObjects(blocks);
    // Growth, practice and the footer: a one-week team of three has no member line or chart.
    expect(objects.length).toBeGreaterThanOrEqual(3);
    for (const m of objects) expect(m.verbatim).toBe(true);
  });

  it('quotes a mistyped day, time or time zone as typed in the schedule reply', async () => {
    const cases: [string, string, string[]][] = [
      [
        'digest schedule *fun*<!here> 09:00',
        '“∗fun∗&lt;!here&gt;” is not a day of the week',
        ['*fun*', '<!here>'],
      ],
      ['digest schedule monday _9_:00', '“ˍ9ˍ:00” is not a time', ['_9_']],
      [
        'digest schedule monday 09:00 Mars/<https://evil.example|x>',
        '“Mars/&lt;https://evil.example|x&gt;” is not a time zone',
        ['<https://'],
      ],
      ['digest schedule monday 09:00 Mars/\u202EOly\u200Bmpus', '“Mars/Olympus” is not a time zone', []],
    ];
    for (const [text, expected, absent] of cases) {
      const reply = await command(text);
      const shown = mrkdwnObjects(reply.blocks).map((m) => String(m.text));
      expect(shown.join('\n'), text).toContain(expected);
      expect(reply.text, text).toContain(expected);
      for (const raw of absent) expect(JSON.stringify(reply), text).not.toContain(raw);
      expect(JSON.stringify(reply)).not.toMatch(INVISIBLE);
      for (const m of mrkdwnObjects(reply.blocks)) expect(m.verbatim).toBe(true);
    }
    // Nothing was saved by any of them.
    expect(await t.bot.deps.db.selectFrom('workspace_settings').selectAll().execute()).toEqual([]);
  });
});
