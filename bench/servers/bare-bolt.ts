import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { logModal } from '../../src/views/log-modal.js';
import { serveApp } from './ipc.js';

/**
 * The baseline: the same Bolt version and receiver with one command listener that acks and opens
 * an empty modal. Whatever our app costs beyond this is ours (listeners, SQLite, users.info,
 * rendering, logging). `--bare-listeners=N` and `--bare-modal=log` (see bench/command.ts) add
 * one of those costs to this baseline to measure it alone.
 */
serveApp(async (s) => {
  const receiver = new HTTPReceiver({ signingSecret: s.signingSecret, endpoints: '/slack/events' });
  const app = new App({
    token: s.botToken,
    receiver,
    logLevel: s.logLevel === 'debug' ? LogLevel.DEBUG : LogLevel.INFO,
    clientOptions: { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 } },
  });
  // Listeners that never match a slash command, like most of a real app's: Bolt still runs each
  // one's matchers on every request.
  for (let i = 0; i < s.bareListeners; i++) {
    if (i % 2) app.action(`bench_action_${i}`, async ({ ack }) => ack());
    else app.view(`bench_view_${i}`, async ({ ack }) => ack());
  }
  app.command('/onetoone', async ({ ack, command, client }) => {
    await ack();
    await client.views.open({
      trigger_id: command.trigger_id,
      view:
        s.bareModal === 'log'
          ? logModal({ today: '2026-11-25' })
          : { type: 'modal', title: { type: 'plain_text', text: 'Bench' }, blocks: [] },
    });
  });
  const server = (await app.start(0)) as Server;
  return { port: (server.address() as AddressInfo).port, stop: async () => void (await app.stop()) };
});
