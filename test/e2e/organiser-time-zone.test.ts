import { afterAll, beforeAll, expect, it } from 'vitest';
import { LOG_BLOCK } from '../../src/interaction-ids.js';
import { openModalWith, submit } from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * An organiser's "today" comes from their Slack time zone (users.info), cached for a day; when
 * Slack cannot say, the cached zone, else DEFAULT_TIME_ZONE. At 12:30 UTC on Sunday 29 Nov it
 * is Monday 30 Nov in Auckland and Sunday 29 Nov in Los Angeles.
 */

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-29T12:30:00Z', env: { DEFAULT_TIME_ZONE: 'Pacific/Auckland' } });
});
afterAll(() => t.stop());

async function today(user: string): Promise<string> {
  const view = await openModalWith(t, { user });
  return view.view.blocks.find((b: any) => b.block_id === LOG_BLOCK.metOn).element.initial_date;
}

it('uses DEFAULT_TIME_ZONE when Slack does not know the user', async () => {
  expect(await today('UNKNOWN')).toBe('2026-11-30');
});

it('uses DEFAULT_TIME_ZONE when Slack gives a zone that does not exist', async () => {
  t.slack.users.set('UODD', { id: 'UODD', tz: 'Mars/Olympus_Mons' });
  expect(await today('UODD')).toBe('2026-11-30');
});

it('asks Slack once a day, and keeps the cached zone when Slack fails', async () => {
  t.slack.users.set('ULAX', { id: 'ULAX', tz: 'America/Los_Angeles' });
  expect(await today('ULAX')).toBe('2026-11-29');
  const asked = () => t.slack.callsOf('users.info').filter((c) => c.args.user === 'ULAX').length;
  expect(asked()).toBe(1);
  expect(await today('ULAX')).toBe('2026-11-29');
  expect(asked()).toBe(1);

  // A day later Slack is down: the cached zone still holds (Monday in LA, Tuesday in Auckland).
  t.clock.set('2026-11-30T12:30:00Z');
  t.slack.failNext('users.info', { status: 500 });
  expect(await today('ULAX')).toBe('2026-11-30');
  expect(asked()).toBe(2);
  expect(t.logs.some((l) => l.includes('users.info failed'))).toBe(true);

  // Slack answers again: the organiser has moved to Auckland.
  t.slack.users.set('ULAX', { id: 'ULAX', tz: 'Pacific/Auckland' });
  expect(await today('ULAX')).toBe('2026-12-01');
  const row = await t.bot.deps.db
    .selectFrom('organisers')
    .select(['time_zone', 'time_zone_checked_at'])
    .where('user_id', '=', 'ULAX')
    .executeTakeFirstOrThrow();
  expect(row).toEqual({ time_zone: 'Pacific/Auckland', time_zone_checked_at: '2026-11-30T12:30:00.000Z' });
});

it('goes on without Slack’s answer when users.info hangs (an ack is due within 3 seconds)', async () => {
  t.slack.users.set('UNYC', { id: 'UNYC', tz: 'America/New_York' });
  t.clock.set('2026-12-03T12:30:00Z');
  expect(await today('UNYC')).toBe('2026-12-03');
  // From here on users.info never answers, as when Slack is slow or the client keeps retrying.
  t.slack.on('users.info', () => new Promise(() => {}));
  t.clock.set('2026-12-05T12:30:00Z'); // every cached zone is stale: Slack must be asked again
  const view = await openModalWith(t, { user: 'USLOW' });
  expect(view.view.blocks.find((b: any) => b.block_id === LOG_BLOCK.metOn).element.initial_date).toBe(
    '2026-12-06',
  );
  const res = await submit(t, { user: 'USLOW' }, view, { [LOG_BLOCK.slackMember]: 'UMEMBER' });
  expect(res.status).toBe(200);
  expect(res.text).toBe('');
  const person = await t.bot.deps.db
    .selectFrom('people')
    .select(['name', 'slack_user_id'])
    .where('organiser_id', '=', 'USLOW')
    .executeTakeFirstOrThrow();
  expect(person).toEqual({ name: 'UMEMBER', slack_user_id: 'UMEMBER' });
  // An organiser with a cached zone keeps it (Saturday 5 Dec in New York, not Auckland's Sunday).
  expect(await today('UNYC')).toBe('2026-12-05');
});
