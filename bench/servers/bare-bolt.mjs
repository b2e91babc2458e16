// @ts-check
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { localDate } from '../../dist/src/domain/time.js';
import { logModal } from '../../dist/src/views/log-modal.js';
import { serveApp } from './serve.mjs';

/**
 * The baseline: the same Bolt version, receiver and options as our app (HTTPReceiver on
 * /slack/events, the fake Slack's URL, retries off, no conversation store), under plain `node`
 * as our compiled app runs, with one command listener that acks and opens the very same log
 * modal ours opens (compiled from src/views/log-modal.ts: step one of the two-step log, dated
 * today in the organisers' zone, which the bare app knows without asking; the bench checks the
 * two apps' modals are byte for byte the same). Whatever our app costs beyond this is ours
 * (authorize, listeners, SQLite, the time-zone lookup, logging). `--bare-modal=empty` opens
 * an empty modal instead (prices the payload); `--bare-listeners=N` adds N listeners that never
 * match a command (prices Bolt's matching).
 */
serveApp(async (s) => {
  const receiver = new HTTPReceiver({ signingSecret: s.signingSecret, endpoints: '/slack/events' });
  const app = new App({
    token: s.botToken,
    receiver,
    logLevel: s.logLevel === 'debug' ? LogLevel.DEBUG : LogLevel.INFO,
    clientOptions: { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 } },
    convoStore: false,
  });
  // Listeners that never match a slash command, like most of a real app's: Bolt still runs each
  // one's matchers on every request.
  for (let i = 0; i < s.bareListeners; i++) {
    if (i % 2) app.action(`bench_action_${i}`, async ({ ack }) => ack());
    else app.view(`bench_view_${i}`, async ({ ack }) => ack());
  }
  const today = localDate(new Date(), s.timeZone);
  app.command('/onetoone', async ({ ack, command, client }) => {
    await ack();
    await client.views.open({
      trigger_id: command.trigger_id,
      view:
        s.bareModal === 'empty'
          ? { type: 'modal', title: { type: 'plain_text', text: 'Bench' }, blocks: [] }
          : logModal({ today }),
    });
  });
  const server = /** @type {import('node:http').Server} */ (await app.start(0));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { port: address.port, stop: async () => void (await app.stop()) };
});
