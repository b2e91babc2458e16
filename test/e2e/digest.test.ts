import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import type { Deps } from '../../src/deps.js';
import { validateLog } from '../../src/domain/one-to-one.js';
import { LOG_BLOCK, REFLECT_BLOCK } from '../../src/interaction-ids.js';
import { DIGEST_LEASE_MS, digestJob } from '../../src/jobs/digest.js';
import { claimLedgerEntry } from '../../src/repositories/digest-ledger.js';
import { markNextStepDone } from '../../src/services/next-steps.js';
import { logOneToOne } from '../../src/services/one-to-ones.js';
import type { RecordedCall } from '../support/fake-slack.js';
import { logNew, openModalWith, response, submit } from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The weekly digest end to end: subscribe with the signed slash command, log one-to-ones through
 * the real modals for organisers in three time zones across two weeks, run the job at given
 * times, and read what the fake Slack received.
 */

const CHANNEL = 'C0DIGEST';
const QUIET = 'C0QUIET';
const amy = { user: 'UAMY' };
const ben = { user: 'UBEN' };
const cat = { user: 'UCAT' };
const out = { user: 'UOUT' };

/** Everything anyone wrote in a one-to-one or reflection below, and every person's name. */
const PRIVATE = [
  'Amina',
  'Okafor',
  'Bilal',
  'Rahman',
  'Chen',
  'Dora',
  'Tanaka',
  'Eve Outsider',
  'Outsider Institute',
  'Amy Organiser',
  'Ben Organiser',
  'housing for her mother',
  'arrived in 1998',
  'kitchen table',
  'fairness',
  'library closure',
  'introduce to the head teacher',
  'secret reflection',
  'would listen more',
  'union rep story',
  'other workspace secret',
];

let t: TestApp;

function posts(channel?: string): RecordedCall[] {
  return t.slack
    .callsOf('chat.postMessage')
    .filter((c) => String(c.args.channel).startsWith('C') && (!channel || c.args.channel === channel));
}

function textOf(call: RecordedCall | { text: string; blocks?: unknown[] }): string {
  const args = 'args' in call ? call.args : call;
  return `${args.text}\n${JSON.stringify(args.blocks)}`;
}

function run(now: string, dryRun = false, deps: Deps = t.bot.deps) {
  return digestJob.run({ deps, now: new Date(now), dryRun });
}

async function at<T>(instant: string, fn: () => Promise<T>): Promise<T> {
  t.clock.set(instant);
  return fn();
}

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-09T12:00:00Z' });
  for (const [id, name, tz] of [
    ['UAMY', 'Amy Organiser', 'Europe/London'],
    ['UBEN', 'Ben Organiser', 'America/New_York'],
    ['UCAT', 'Cat Organiser', 'Asia/Tokyo'],
    ['UOUT', 'Oona Elsewhere', 'Europe/London'],
  ] as const) {
    t.slack.users.set(id, { id, real_name: name, tz });
  }
  // Amy is a workspace admin (the digest schedule is an admin setting); Ben is not.
  t.slack.users.set('UAMY', { id: 'UAMY', real_name: 'Amy Organiser', tz: 'Europe/London', is_admin: true });
  // 450 members, so conversations.members takes three pages of 200.
  const filler = Array.from({ length: 445 }, (_, i) => `UFILL${String(i).padStart(4, '0')}`);
  t.slack.channels.set(CHANNEL, {
    id: CHANNEL,
    name: 'organising-team',
    members: ['UAMY', ...filler.slice(0, 300), 'UBEN', 'UCAT', ...filler.slice(300), 'UDAN', 'UBOT0001'],
  });
  t.slack.channels.set(QUIET, { id: QUIET, name: 'quiet-team', members: ['UCAT', 'UDAN'] });
  t.slack.channels.set('C0NOBOT', { id: 'C0NOBOT', name: 'no-bot', members: ['UAMY'], botIsMember: false });
  t.slack.channels.set('G0PRIVATE', {
    id: 'G0PRIVATE',
    name: 'private',
    members: ['UAMY'],
    botIsMember: false,
    is_private: true,
  });
});
afterAll(() => t.stop());

describe('subscribing', () => {
  it('says how to invite the bot when it is not in the channel, and subscribes nothing', async () => {
    const before = t.slack.responses.length;
    await t.send.command('digest here', amy, { channel: 'C0NOBOT' });
    const reply = await response(t, before + 1);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('/invite @onetoone');
    // A private channel the bot cannot see at all: Slack answers channel_not_found.
    await t.send.command('digest here', amy, { channel: 'G0PRIVATE' });
    expect((await response(t, before + 2)).text).toContain('/invite @onetoone');
    await t.send.command('digest preview', amy, { channel: 'G0PRIVATE' });
    expect((await response(t, before + 3)).text).toContain('/invite @onetoone');
    await t.send.command('digest preview', amy, { channel: 'C0NOBOT' });
    expect((await response(t, before + 4)).text).toContain('/invite @onetoone');
    const rows = await t.bot.deps.db.selectFrom('digest_subscriptions').selectAll().execute();
    expect(rows).toEqual([]);
  });

  it('refuses a direct message as the digest channel', async () => {
    const before = t.slack.responses.length;
    await t.send.command('digest here', amy, { channel: 'D0AMY' });
    expect((await response(t, before + 1)).text).toContain('team’s channel');
  });

  it('subscribes two channels with the signed slash command, once each', async () => {
    const before = t.slack.responses.length;
    const res = await t.send.command('digest here', amy, { channel: CHANNEL });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const reply = await response(t, before + 1);
    expect(reply.text).toContain(`<#${CHANNEL}> will get the weekly digest`);
    expect(reply.text).toContain('every Monday at 09:00 (Europe/London)');
    expect(t.slack.lastCall('conversations.info')?.args.channel).toBe(CHANNEL);

    await t.send.command('digest here', ben, { channel: CHANNEL });
    expect((await response(t, before + 2)).text).toContain('already gets the weekly digest');
    await t.send.command('digest here', cat, { channel: QUIET });
    await response(t, before + 3);

    const rows = await t.bot.deps.db
      .selectFrom('digest_subscriptions')
      .selectAll()
      .orderBy('channel_id')
      .execute();
    expect(rows.map((r) => [r.team_id, r.channel_id, r.subscribed_by])).toEqual([
      ['T0001', CHANNEL, 'UAMY'],
      ['T0001', QUIET, 'UCAT'],
    ]);
  });

  it('validates the schedule and stores it for the channel (its subscriber) or the workspace (an admin)', async () => {
    const before = t.slack.responses.length;
    await t.send.command('digest schedule funday 09:00', amy, { channel: CHANNEL });
    expect((await response(t, before + 1)).text).toContain('not a day of the week');
    await t.send.command('digest schedule monday 25:00', amy, { channel: CHANNEL });
    expect((await response(t, before + 2)).text).toContain('not a time');
    await t.send.command('digest schedule monday 09:00 Mars/Olympus', amy, { channel: CHANNEL });
    expect((await response(t, before + 3)).text).toContain('not a time zone');
    expect(await t.bot.deps.db.selectFrom('workspace_settings').selectAll().execute()).toEqual([]);

    // A member who neither subscribed this channel nor is a workspace admin cannot move its digest,
    // nor every channel's (from a direct message).
    await t.send.command('digest schedule tue 7:30 America/New_York', { user: 'UBEN' }, { channel: CHANNEL });
    expect((await response(t, before + 4)).text).toContain('looked after by <@UAMY>, who subscribed it');
    await t.send.command('digest schedule tue 7:30 America/New_York', { user: 'UBEN' }, { channel: 'D0BEN' });
    expect((await response(t, before + 5)).text).toContain('Only workspace admins and owners');
    expect(await t.bot.deps.db.selectFrom('workspace_settings').selectAll().execute()).toEqual([]);

    // In a channel that gets it, the schedule is that channel's own.
    await t.send.command('digest schedule tue 7:30 America/New_York', amy, { channel: CHANNEL });
    expect((await response(t, before + 6)).text).toContain('every Tuesday at 07:30 (America/New_York)');
    expect(await t.bot.deps.db.selectFrom('workspace_settings').selectAll().execute()).toEqual([]);
    // Back to Monday 09:00 London for the rest of this file: the channel's, and the workspace's.
    await t.send.command('digest schedule monday 09:00 Europe/London', amy, { channel: CHANNEL });
    expect((await response(t, before + 7)).text).toContain('every Monday at 09:00 (Europe/London)');
    await t.send.command('digest schedule monday 09:00 Europe/London', amy, { channel: 'D0AMY' });
    expect((await response(t, before + 8)).text).toContain('Digests in this workspace are now posted');
    const row = await t.bot.deps.db.selectFrom('workspace_settings').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      team_id: 'T0001',
      digest_day: 'monday',
      digest_time: '09:00',
      time_zone: 'Europe/London',
    });
  });
});

describe('the digest', () => {
  let amyFirst: string;

  it('logs one-to-ones across two weeks and three time zones', async () => {
    const before = t.slack.responses.length;
    await t.send.command('goal 2', amy);
    await response(t, before + 1);
    await t.send.command('goal 4', cat);
    await response(t, before + 2);
    // The week before (Mon 9 – Sun 15 Nov).
    amyFirst = await at('2026-11-10T18:00:00Z', () =>
      logNew(t, amy, 'Amina Okafor', {
        [LOG_BLOCK.institution]: "St Mary's Church",
        [LOG_BLOCK.metOn]: '2026-11-10',
        [LOG_BLOCK.duration]: '50',
        [LOG_BLOCK.stories]: 'arrived in 1998',
        [LOG_BLOCK.nextStepKind]: 'meeting',
        [LOG_BLOCK.nextStepDue]: '2026-11-16',
      }),
    );
    await at('2026-11-12T10:00:00Z', () =>
      logNew(t, cat, 'Dora Tanaka', {
        [LOG_BLOCK.institution]: 'Riverside Mosque',
        [LOG_BLOCK.metOn]: '2026-11-12',
        [LOG_BLOCK.nextStepKind]: 'action',
        [LOG_BLOCK.nextStepDue]: '2026-11-14',
      }),
    );
    // Last week (Mon 16 – Sun 22 Nov). Amy completes her first next step on Tuesday.
    await at('2026-11-17T10:00:00Z', () =>
      markNextStepDone(t.bot.deps, { teamId: 'T0001', userId: 'UAMY' }, amyFirst),
    );
    await at('2026-11-17T19:00:00Z', () =>
      logNew(t, amy, 'Amina Okafor', {
        [LOG_BLOCK.institution]: "St Mary's Church",
        [LOG_BLOCK.metOn]: '2026-11-17',
        [LOG_BLOCK.duration]: '50',
        [LOG_BLOCK.needs]: 'stable housing for her mother',
        [LOG_BLOCK.setting]: 'her kitchen table',
        [LOG_BLOCK.values]: 'fairness',
        [LOG_BLOCK.nextStepKind]: 'introduction',
        [LOG_BLOCK.nextStepDue]: '2026-11-20',
        [LOG_BLOCK.nextStepNote]: 'introduce to the head teacher',
      }),
    );
    await at('2026-11-18T19:00:00Z', () =>
      logNew(t, amy, 'Bilal Rahman', {
        [LOG_BLOCK.institution]: 'Unison Branch 12',
        [LOG_BLOCK.metOn]: '2026-11-18',
        [LOG_BLOCK.duration]: '60',
        [LOG_BLOCK.mutual]: 'library closure',
        [LOG_BLOCK.stories]: 'union rep story',
      }),
    );
    // Bilal reflected on within 48 hours; Amina's second one after 49 hours (not counted).
    await at('2026-11-19T09:00:00Z', async () => {
      const view = await openModalWith(t, amy, 'reflect Bilal');
      await submit(t, amy, view, { [REFLECT_BLOCK.motivations]: 'secret reflection about Bilal' });
    });
    await at('2026-11-19T20:00:00Z', async () => {
      const view = await openModalWith(t, amy, 'reflect Amina');
      await submit(t, amy, view, { [REFLECT_BLOCK.differently]: 'would listen more' });
    });
    // Ben, in New York, on Sunday evening: already Monday in UTC, still last week for him.
    await at('2026-11-23T02:00:00Z', () =>
      logNew(t, ben, 'Chen Wei', {
        // Known to the team through Cat's one-to-one the week before: not new.
        [LOG_BLOCK.institution]: 'Riverside Mosque',
        [LOG_BLOCK.metOn]: '2026-11-22',
        [LOG_BLOCK.duration]: '30',
        [LOG_BLOCK.nextStepKind]: 'meeting',
        [LOG_BLOCK.nextStepDue]: '2026-11-29',
      }),
    );
    // Cat, in Tokyo, early on Monday 23rd local: this week, not last week.
    await at('2026-11-22T15:30:00Z', () =>
      logNew(t, cat, 'Dora Tanaka', {
        [LOG_BLOCK.institution]: 'Riverside Mosque',
        [LOG_BLOCK.metOn]: '2026-11-23',
      }),
    );
    // Someone not in the channel, and another workspace: never part of this team's digest.
    await at('2026-11-18T12:00:00Z', () =>
      logNew(t, out, 'Eve Outsider', {
        [LOG_BLOCK.institution]: 'Outsider Institute',
        [LOG_BLOCK.metOn]: '2026-11-18',
      }),
    );
    const other = validateLog(
      {
        newName: 'Amina Okafor',
        metOn: '2026-11-18',
        stories: 'other workspace secret',
        institution: 'Far Away Union',
      },
      '2026-11-20',
    );
    if (!other.ok) throw new Error('bad fixture');
    await logOneToOne(t.bot.deps, { teamId: 'T0002', userId: 'UAMY' }, other.value, 'V-T2-1');

    expect(await t.bot.deps.db.selectFrom('one_to_ones').select('id').execute()).toHaveLength(8);
    expect(await t.bot.deps.db.selectFrom('reflections').select('id').execute()).toHaveLength(2);
  });

  it('is not due before Monday 09:00 London', async () => {
    const before = posts().length;
    const result = await run('2026-11-23T08:59:00Z');
    expect(result.counts).toMatchObject({ subscriptions: 2, notDue: 2, posted: 0 });
    expect(posts()).toHaveLength(before);
  });

  it('a dry run returns the messages and posts and records nothing', async () => {
    const result = await run('2026-11-23T09:00:00Z', true);
    expect(result.messages?.map((m) => m.channel).sort()).toEqual([CHANNEL, QUIET]);
    expect(textOf(result.messages!.find((m) => m.channel === CHANNEL)!)).toContain('3 one-to-ones');
    expect(posts()).toHaveLength(0);
    expect(await t.bot.deps.db.selectFrom('digest_ledger').selectAll().execute()).toEqual([]);
  });

  it('posts last week’s digest to each channel at 09:00, reading members page by page', async () => {
    const membersBefore = t.slack.callsOf('conversations.members').length;
    const result = await run('2026-11-23T09:00:00Z');
    expect(result.counts).toMatchObject({ posted: 2, failed: 0 });
    const memberCalls = t.slack.callsOf('conversations.members').slice(membersBefore);
    const digestPages = memberCalls.filter((c) => c.args.channel === CHANNEL);
    expect(digestPages).toHaveLength(3);
    expect(digestPages[1]!.args.cursor).toBeTruthy();

    const [post] = posts(CHANNEL);
    const text = textOf(post!);
    expect(post!.args.text).toBe(
      '3 one-to-ones last week (Mon 16 Nov – Sun 22 Nov): 2 new relationships, 1 deepening.',
    );
    // Growth first.
    const first = (post!.args.blocks as any[])[1].text.text as string;
    expect(first).toContain(
      '*Relationships growing:* *2 new* and *1 deepening*, from *3 one-to-ones* last week',
    );
    expect(text).toContain('up from 2 the week before');
    expect(text).toContain('*3 institutions* reached; new this week: *Unison Branch 12*.');
    expect(text).toContain(':memo: *2 reflections* written');
    expect(text).toContain('*2 agreed*, *1 completed*, *2 still open*');
    expect(text).toContain('Average length *47 min*: right in the practice of 45–60 minutes');
    // Not graded: no summed goals or percentages, nothing "overdue", and in a team of three no
    // count of members and nobody named (each would point at someone).
    expect(text).not.toMatch(/weekly goals|%|overdue/);
    expect(text).not.toMatch(/members?\b/);
    expect(text).not.toContain('<@');
    // Nor two introductions lines that could disagree: there were none between leaders.
    expect(text).not.toContain('ntroduction');
    // The chart starts at the team's first week of use (9 Nov), on one scale.
    const chart = (post!.args.blocks as any[]).find((b) => b.text?.text?.includes('```'))!.text
      .text as string;
    expect(chart).toContain('*Since the team began (2 weeks)*');
    const lines = chart.split('```')[1]!.split('\n');
    expect(lines).toEqual([`9 Nov  ${'█'.repeat(8)}${' '.repeat(4)} 2`, `16 Nov ${'█'.repeat(12)} 3`]);
    // The same weeks as a picture, in the post's thread, with the figures in its alt text.
    const picture = t.slack.fileUploads.find((u) => u.channel === CHANNEL)!;
    const sent = await t.bot.deps.db
      .selectFrom('digest_ledger')
      .select(['message_ts', 'picture_status'])
      .where('channel_id', '=', CHANNEL)
      .executeTakeFirstOrThrow();
    expect(sent.picture_status).toBe('uploaded');
    expect(picture).toMatchObject({ completed: true, isPng: true, threadTs: sent.message_ts });
    expect(picture.altText).toContain('9 Nov: 2 one-to-ones');
    expect(picture.altText).toContain('16 Nov: 3 one-to-ones');

    const [quiet] = posts(QUIET);
    expect(textOf(quiet!)).toContain('A quiet week');
    expect(textOf(quiet!)).toContain('`/onetoone`');
    expect(textOf(quiet!)).not.toMatch(/members?\b/);
  });

  it('never posts the same digest twice', async () => {
    const before = posts().length;
    const again = await run('2026-11-23T09:00:00Z');
    const later = await run('2026-11-25T17:00:00Z');
    expect(again.counts).toMatchObject({ alreadySent: 2, posted: 0 });
    expect(later.counts).toMatchObject({ alreadySent: 2, posted: 0 });
    expect(posts()).toHaveLength(before);
    const ledger = await t.bot.deps.db.selectFrom('digest_ledger').selectAll().execute();
    expect(ledger.map((l) => [l.channel_id, l.week_start, l.status, l.attempts]).sort()).toEqual([
      [CHANNEL, '2026-11-16', 'sent', 1],
      [QUIET, '2026-11-16', 'sent', 1],
    ]);
    expect(ledger.every((l) => l.message_ts)).toBe(true);
  });

  it('previews this week’s digest to me only', async () => {
    const before = t.slack.responses.length;
    const postsBefore = posts().length;
    await at('2026-11-24T12:00:00Z', () => t.send.command('digest preview', ben, { channel: CHANNEL }));
    const reply = await response(t, before + 1);
    expect(reply.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply.blocks)).toContain('Preview: only you can see this');
    expect(JSON.stringify(reply.blocks)).toContain('*Relationships growing:* *2 new* and *1 deepening*');
    expect(JSON.stringify(reply.blocks)).not.toMatch(/members?\b/);
    expect(posts()).toHaveLength(postsBefore);
  });

  it('retries on a later run when Slack answers 500, then 429', async () => {
    // Week of 23 Nov; due Monday 30 Nov 09:00 GMT.
    t.slack.failNext('chat.postMessage', { status: 500 }, { status: 429, retryAfter: 1 });
    const before = posts().length;
    const first = await run('2026-11-30T09:00:00Z');
    expect(first.counts).toMatchObject({ failed: 2, posted: 0 });
    let ledger = await t.bot.deps.db
      .selectFrom('digest_ledger')
      .selectAll()
      .where('week_start', '=', '2026-11-23')
      .execute();
    expect(ledger.map((l) => l.status)).toEqual(['failed', 'failed']);
    expect(ledger.map((l) => l.last_error).sort()).toEqual(['http_500', 'slack_webapi_request_error']);

    const second = await run('2026-11-30T09:05:00Z');
    expect(second.counts).toMatchObject({ posted: 2, failed: 0 });
    // Every attempt reached Slack; the two that succeeded are the only new messages.
    expect(posts().length - before).toBe(4);
    expect(t.slack.messages.filter((m) => m.channel.startsWith('C'))).toHaveLength(4);
    ledger = await t.bot.deps.db
      .selectFrom('digest_ledger')
      .selectAll()
      .where('week_start', '=', '2026-11-23')
      .execute();
    expect(ledger.map((l) => [l.status, l.attempts])).toEqual([
      ['sent', 2],
      ['sent', 2],
    ]);
    // Cat's Tokyo one-to-one on the 23rd belongs to this week.
    expect(textOf(posts(QUIET).at(-1)!)).toContain('1 one-to-one last week');
    expect((await run('2026-11-30T09:10:00Z')).counts).toMatchObject({ posted: 0, alreadySent: 2 });
  });

  it('takes over a claim left by a crash only after the lease', async () => {
    // An instance claimed next week's digest for CHANNEL at 09:00 and died before posting.
    const claimed = await claimLedgerEntry(
      t.bot.deps.db,
      { teamId: 'T0001', channelId: CHANNEL, weekStart: '2026-11-30' },
      {
        id: 'crashed',
        token: 'crashed-instance',
        now: '2026-12-07T09:00:00.000Z',
        staleBefore: '2026-12-07T08:45:00.000Z',
        maxAttempts: 20,
      },
    );
    expect(claimed).toBe(true);
    const before = posts(CHANNEL).length;
    const within = await run('2026-12-07T09:05:00Z');
    expect(within.counts).toMatchObject({ busy: 1, posted: 1 }); // QUIET posted; CHANNEL held by the claim
    expect(posts(CHANNEL)).toHaveLength(before);
    const after = await run(
      new Date(Date.parse('2026-12-07T09:00:00Z') + DIGEST_LEASE_MS + 60_000).toISOString(),
    );
    expect(after.counts).toMatchObject({ posted: 1 });
    expect(posts(CHANNEL)).toHaveLength(before + 1);
  });

  it('two instances sharing the database post once', async () => {
    const second: Deps = { ...t.bot.deps, db: openDatabase(t.dbPath) };
    try {
      const before = posts().length;
      const results = await Promise.all([
        run('2026-12-14T09:00:00Z', false, t.bot.deps),
        run('2026-12-14T09:00:00Z', false, second),
        run('2026-12-14T09:00:01Z', false, second),
      ]);
      expect(results.reduce((s, r) => s + (r.counts.posted ?? 0), 0)).toBe(2);
      expect(posts().length - before).toBe(2);
      expect(
        new Set(
          posts()
            .slice(before)
            .map((p) => p.args.channel),
        ),
      ).toEqual(new Set([CHANNEL, QUIET]));
    } finally {
      await second.db.destroy();
    }
  });

  it('posts a digest missed while the bot was down later in the week, but not once the week is over', async () => {
    const before = posts().length;
    // Down all Monday; back on Thursday: last week's digest is still this week's news.
    const thursday = await run('2026-12-24T15:00:00Z');
    expect(thursday.counts).toMatchObject({ posted: 2 });
    // Down from Monday 28 Dec until the next Monday morning: that week's digest is skipped
    // rather than posted a week late, and the next one waits for 09:00.
    const nextMonday = await run('2027-01-04T08:00:00Z');
    expect(nextMonday.counts).toMatchObject({ posted: 0, notDue: 2 });
    expect(posts().length - before).toBe(2);
    const weeks = await t.bot.deps.db.selectFrom('digest_ledger').select('week_start').distinct().execute();
    expect(weeks.map((w) => w.week_start)).not.toContain('2026-12-21');
  });

  it('stops posting to a channel after digest off', async () => {
    const before = t.slack.responses.length;
    await t.send.command('digest off', cat, { channel: QUIET });
    expect((await response(t, before + 1)).text).toContain('will no longer get the weekly digest');
    await t.send.command('digest off', cat, { channel: QUIET });
    expect((await response(t, before + 2)).text).toContain('doesn’t get the weekly digest');
    const result = await run('2027-01-04T09:00:00Z');
    expect(result.counts).toMatchObject({ subscriptions: 1, posted: 1 });
    expect(posts().at(-1)!.args.channel).toBe(CHANNEL);
  });

  it('keeps retrying a channel the bot was removed from, and posts once it is back', async () => {
    const channel = t.slack.channels.get(CHANNEL)!;
    channel.botIsMember = false;
    const before = t.slack.messages.filter((m) => m.channel === CHANNEL).length;
    const removed = await run('2027-01-11T09:00:00Z');
    expect(removed.counts).toMatchObject({ failed: 1, posted: 0 });
    const entry = await t.bot.deps.db
      .selectFrom('digest_ledger')
      .selectAll()
      .where('channel_id', '=', CHANNEL)
      .where('week_start', '=', '2027-01-04')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ status: 'failed', last_error: 'not_in_channel', attempts: 1 });
    channel.botIsMember = true;
    expect((await run('2027-01-11T09:05:00Z')).counts).toMatchObject({ posted: 1 });
    expect(t.slack.messages.filter((m) => m.channel === CHANNEL).length).toBe(before + 1);
  });

  it('never shows what anyone wrote or any person’s name, in any digest or log line', async () => {
    const all = posts();
    expect(all.length).toBeGreaterThanOrEqual(10);
    for (const post of all) {
      const text = textOf(post);
      for (const secret of PRIVATE) expect(text).not.toContain(secret);
    }
    const digestLogs = t.logs.filter((l) => l.includes('digest'));
    expect(digestLogs.length).toBeGreaterThan(0);
    for (const line of digestLogs) for (const secret of PRIVATE) expect(line).not.toContain(secret);
  });
});
