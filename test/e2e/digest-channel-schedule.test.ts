import { afterAll, beforeAll, expect, it } from 'vitest';
import { digestJob } from '../../src/jobs/digest.js';
import { response } from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 9: whoever subscribed a channel sets that channel's digest schedule. A lead organiser
 * who is not a workspace admin moves their own team's digest (and only theirs); a workspace
 * admin may move it too; anyone else is kindly told who can, and nothing changes. End to end:
 * signed slash commands, the fake Slack's users.info for admin status, the real digest job.
 */

const TEAM_CHANNEL = 'C0LEADTEAM';
const OTHER_CHANNEL = 'C0OTHERTEAM';
const lead = { user: 'ULEAD' };
const admin = { user: 'UADMIN' };
const member = { user: 'UMEMBER' };
const other = { user: 'UOTHER' };
let t: TestApp;

async function command(text: string, actor: { user: string }, channel: string): Promise<string> {
  const before = t.slack.responses.length;
  await t.send.command(text, actor, { channel });
  return String((await response(t, before + 1)).text);
}

function postedIn(channel: string): number {
  return t.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === channel).length;
}

async function runAt(now: string) {
  return (await digestJob.run({ deps: t.bot.deps, now: new Date(now), dryRun: false })).counts;
}

async function subscription(channel: string) {
  return t.bot.deps.db
    .selectFrom('digest_subscriptions')
    .select(['subscribed_by', 'digest_day', 'digest_time', 'time_zone'])
    .where('channel_id', '=', channel)
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  // Sunday 29 Nov 2026.
  t = await startTestApp({ now: '2026-11-29T12:00:00Z' });
  for (const id of ['ULEAD', 'UMEMBER', 'UOTHER']) t.slack.users.set(id, { id, tz: 'Europe/London' });
  t.slack.users.set('UADMIN', { id: 'UADMIN', tz: 'Europe/London', is_admin: true });
  t.slack.channels.set(TEAM_CHANNEL, { id: TEAM_CHANNEL, members: ['ULEAD', 'UMEMBER', 'UADMIN'] });
  t.slack.channels.set(OTHER_CHANNEL, { id: OTHER_CHANNEL, members: ['UOTHER'] });
  expect(await command('digest here', lead, TEAM_CHANNEL)).toContain('every Monday at 09:00 (Europe/London)');
  expect(await command('digest here', other, OTHER_CHANNEL)).toContain(
    'every Monday at 09:00 (Europe/London)',
  );
});
afterAll(() => t.stop());

it('lets the lead organiser who subscribed the channel set its schedule, though not an admin', async () => {
  const reply = await command('digest schedule friday 16:00', lead, TEAM_CHANNEL);
  expect(reply).toContain(
    `Digests in <#${TEAM_CHANNEL}> are now posted every Friday at 16:00 (Europe/London)`,
  );
  expect(reply).toContain('the next one on Fri 4 Dec');
  expect(await subscription(TEAM_CHANNEL)).toEqual({
    subscribed_by: 'ULEAD',
    digest_day: 'friday',
    digest_time: '16:00',
    time_zone: null,
  });
  // Only this channel: the workspace's schedule, and the other channel's, are as they were.
  expect(await t.bot.deps.db.selectFrom('workspace_settings').selectAll().execute()).toEqual([]);
  expect(await subscription(OTHER_CHANNEL)).toMatchObject({ digest_day: null, digest_time: null });
  expect(await command('digest schedule', lead, TEAM_CHANNEL)).toContain(
    `Digests in <#${TEAM_CHANNEL}> are posted every Friday at 16:00`,
  );
  expect(await command('digest schedule', other, OTHER_CHANNEL)).toContain(
    'Digests are posted every Monday at 09:00',
  );
});

it('posts each channel on its own schedule', async () => {
  // Monday 30 Nov 09:00 London: the other team's digest; the lead's team waits for Friday.
  expect(await runAt('2026-11-30T09:00:00Z')).toMatchObject({ posted: 1, notDue: 1 });
  expect(postedIn(OTHER_CHANNEL)).toBe(1);
  expect(postedIn(TEAM_CHANNEL)).toBe(0);
  expect(await runAt('2026-12-04T15:59:00Z')).toMatchObject({ posted: 0, notDue: 1, alreadySent: 1 });
  expect(await runAt('2026-12-04T16:00:00Z')).toMatchObject({ posted: 1, alreadySent: 1 });
  expect(postedIn(TEAM_CHANNEL)).toBe(1);
  expect(postedIn(OTHER_CHANNEL)).toBe(1);
});

it('kindly refuses a member who neither subscribed the channel nor is an admin, and changes nothing', async () => {
  const reply = await command('digest schedule monday 07:00', member, TEAM_CHANNEL);
  expect(reply).toContain('looked after by <@ULEAD>, who subscribed it, and by workspace admins');
  expect(reply).toContain('I have left it as it is');
  expect(await subscription(TEAM_CHANNEL)).toMatchObject({ digest_day: 'friday', digest_time: '16:00' });
  // The lead of another channel has no say over this one either.
  expect(await command('digest schedule monday 07:00', other, TEAM_CHANNEL)).toContain(
    'looked after by <@ULEAD>',
  );
  // Nor over the workspace's schedule, from a direct message.
  expect(await command('digest schedule monday 07:00', member, 'D0MEMBER')).toContain(
    'Only workspace admins and owners can change the workspace’s digest schedule',
  );
  expect(await t.bot.deps.db.selectFrom('workspace_settings').selectAll().execute()).toEqual([]);
  expect(await subscription(TEAM_CHANNEL)).toMatchObject({ digest_day: 'friday', digest_time: '16:00' });
});

it('lets a workspace admin change a channel’s schedule they did not subscribe', async () => {
  const reply = await command('digest schedule thursday 10:30 America/New_York', admin, TEAM_CHANNEL);
  expect(reply).toContain('every Thursday at 10:30 (America/New_York)');
  expect(await subscription(TEAM_CHANNEL)).toEqual({
    subscribed_by: 'ULEAD',
    digest_day: 'thursday',
    digest_time: '10:30',
    time_zone: 'America/New_York',
  });
  // The lead changes the day again; the zone the admin set stays.
  expect(await command('digest schedule wed 08:00', lead, TEAM_CHANNEL)).toContain(
    'every Wednesday at 08:00 (America/New_York)',
  );
  expect(await t.bot.deps.db.selectFrom('workspace_settings').selectAll().execute()).toEqual([]);
});

it('says Slack could not be asked rather than guessing, for someone who is not the subscriber', async () => {
  t.slack.failNext('users.info', { error: 'internal_error' });
  const reply = await command('digest schedule monday 07:00', member, TEAM_CHANNEL);
  expect(reply).toContain('could not check with Slack whether you are a workspace admin, so nothing changed');
  expect(await subscription(TEAM_CHANNEL)).toMatchObject({ digest_day: 'wednesday', digest_time: '08:00' });
});
