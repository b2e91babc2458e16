import { afterAll, beforeAll, expect, it } from 'vitest';
import { digestJob } from '../../src/jobs/digest.js';
import { response } from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The digest's schedule is a local day and time in the workspace's time zone: it stays at that
 * wall-clock time across clock changes, and a wall time skipped by spring-forward is posted at
 * the moment the clocks jump.
 */

const CHANNEL = 'C0TEAM';
const lead = { user: 'ULEAD' };
let t: TestApp;

function posted(): number {
  return t.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === CHANNEL).length;
}

async function runAt(now: string) {
  return (await digestJob.run({ deps: t.bot.deps, now: new Date(now), dryRun: false })).counts;
}

async function command(text: string): Promise<string> {
  const before = t.slack.responses.length;
  await t.send.command(text, lead, { channel: CHANNEL });
  return String((await response(t, before + 1)).text);
}

beforeAll(async () => {
  t = await startTestApp({ now: '2026-10-01T12:00:00Z' });
  t.slack.users.set('ULEAD', { id: 'ULEAD', tz: 'Europe/London', is_admin: true });
  t.slack.channels.set(CHANNEL, { id: CHANNEL, members: ['ULEAD'] });
  expect(await command('digest here')).toContain('every Monday at 09:00 (Europe/London)');
});
afterAll(() => t.stop());

it('posts at 09:00 London on the Monday after the clocks go back (09:00 UTC, not 08:00)', async () => {
  // Sunday 25 Oct 2026: BST ends. Monday 26 Oct 09:00 GMT is 09:00 UTC.
  expect(await runAt('2026-10-26T08:30:00Z')).toMatchObject({ notDue: 1, posted: 0 });
  expect(posted()).toBe(0);
  expect(await runAt('2026-10-26T09:00:00Z')).toMatchObject({ posted: 1 });
  expect(posted()).toBe(1);
});

it('posts at 09:00 London on the Monday after the clocks go forward (08:00 UTC)', async () => {
  // Sunday 28 Mar 2027: BST starts. Monday 29 Mar 09:00 BST is 08:00 UTC.
  expect(await runAt('2027-03-29T07:59:00Z')).toMatchObject({ notDue: 1, posted: 0 });
  expect(await runAt('2027-03-29T08:00:00Z')).toMatchObject({ posted: 1 });
  expect(posted()).toBe(2);
});

it('posts a digest scheduled in the skipped hour when the clocks jump', async () => {
  expect(await command('digest schedule sunday 01:30')).toContain('every Sunday at 01:30 (Europe/London)');
  // 01:30 does not exist on Sunday 28 Mar 2027 in London: clocks go from 01:00 GMT to 02:00 BST.
  // That Sunday's digest reports on the week of 15 Mar: not posted yet.
  expect(await runAt('2027-03-28T00:59:00Z')).toMatchObject({ notDue: 1, posted: 0 });
  expect(await runAt('2027-03-28T01:00:00Z')).toMatchObject({ posted: 1 });
  expect(posted()).toBe(3);
});

it('follows the workspace time zone set with the schedule command, across its own clock change', async () => {
  expect(await command('digest schedule monday 09:00 America/New_York')).toContain(
    'every Monday at 09:00 (America/New_York)',
  );
  // US clocks go back on Sunday 1 Nov 2026: Monday 2 Nov 09:00 EST is 14:00 UTC.
  expect(await runAt('2026-11-02T13:00:00Z')).toMatchObject({ notDue: 1, posted: 0 });
  expect(await runAt('2026-11-02T14:00:00Z')).toMatchObject({ posted: 1 });
  const ledger = await t.bot.deps.db
    .selectFrom('digest_ledger')
    .select('week_start')
    .orderBy('week_start')
    .execute();
  expect(ledger.map((l) => l.week_start)).toEqual(['2026-10-19', '2026-10-26', '2027-03-15', '2027-03-22']);
});
