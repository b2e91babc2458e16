import { afterAll, beforeAll, expect, it } from 'vitest';
import { CALLBACK, LOG_BLOCK } from '../../src/interaction-ids.js';
import { stateFor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Socket Mode, the manifest's default for development: with SLACK_APP_TOKEN set, the bot asks
 * apps.connections.open for a WebSocket URL, connects, and gets Slack's envelopes over it,
 * acknowledging each by its envelope_id. The same listeners answer as over HTTP.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ socketMode: true });
  t.slack.users.set('UORG', { id: 'UORG', real_name: 'Org', tz: 'Europe/London' });
});
afterAll(() => t.stop());

const command = (text: string) => ({
  token: 'deprecated-verification-token',
  team_id: 'T0001',
  team_domain: 'test',
  channel_id: 'C0001',
  channel_name: 'general',
  user_id: 'UORG',
  user_name: 'org',
  command: '/onetoone',
  text,
  api_app_id: 'A0001',
  response_url: t.slack.responseUrl(),
  trigger_id: `trigger-${text || 'log'}`,
});

it('connects through apps.connections.open and serves /healthz on PORT', async () => {
  expect(t.slack.callsOf('apps.connections.open').length).toBe(1);
  expect(t.slack.lastCall('apps.connections.open')?.token).toBe('xapp-test-token');
  expect(t.slack.socketConnected).toBe(true);
  const health = await fetch(`http://127.0.0.1:${t.bot.port}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ ok: true });
});

it('acks a slash command by its envelope id, then opens the log modal', async () => {
  const ack = await t.slack.sendEnvelope('slash_commands', command(''));
  expect(ack.envelope_id).toMatch(/^env-/);
  const open = await t.slack.waitForCall('views.open');
  expect(open.args.trigger_id).toBe('trigger-log');
  expect(open.args.view.callback_id).toBe(CALLBACK.logModal);
  // Sent with the bot token, never the app-level token.
  expect(open.token).toBe('xoxb-test-token');
});

it('saves a view submission before acking it, and answers field errors in the ack payload', async () => {
  const record = [...t.slack.views.values()].find((v) => v.trigger_id === 'trigger-log')!;
  const view = { ...record.view, id: record.id, hash: record.hash, team_id: 'T0001', type: 'modal' };
  const submission = (inputs: Record<string, string | null>) => ({
    type: 'view_submission',
    team: { id: 'T0001', domain: 'test' },
    user: { id: 'UORG', team_id: 'T0001' },
    api_app_id: 'A0001',
    view: { ...view, state: { values: stateFor(record.view, inputs) } },
  });

  const bad = await t.slack.sendEnvelope('interactive', submission({ [LOG_BLOCK.newName]: null }));
  expect(bad.payload?.response_action).toBe('errors');
  expect(Object.keys(bad.payload?.errors ?? {})).toEqual([LOG_BLOCK.existingPerson]);

  const good = await t.slack.sendEnvelope(
    'interactive',
    submission({ [LOG_BLOCK.existingPerson]: 'new:Amina Okafor', [LOG_BLOCK.nextStepKind]: 'none' }),
  );
  // Saved, and answered with step two in the same modal.
  expect(good.payload?.response_action).toBe('update');
  const rows = await t.bot.deps.db.selectFrom('one_to_ones').select(['organiser_id', 'met_on']).execute();
  expect(rows).toEqual([{ organiser_id: 'UORG', met_on: '2026-11-25' }]);
  expect(good.payload?.view?.callback_id).toBe('oto_log_learned');
});
