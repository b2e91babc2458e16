import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { serveBench } from './ipc.js';

/**
 * The baseline: the same Bolt version and receiver with one command listener that acks and opens
 * an empty modal. Whatever our app costs beyond this is ours (listeners, SQLite, users.info,
 * rendering, logging).
 */
serveBench(async (s) => {
  const receiver = new HTTPReceiver({ signingSecret: s.signingSecret, endpoints: '/slack/events' });
  const app = new App({
    token: s.botToken,
    receiver,
    logLevel: s.logLevel === 'debug' ? LogLevel.DEBUG : LogLevel.INFO,
    clientOptions: { slackApiUrl: s.apiUrl, retryConfig: { retries: 0 } },
  });
  app.command('/onetoone', async ({ ack, command, client }) => {
    await ack();
    await client.views.open({
      trigger_id: command.trigger_id,
      view: { type: 'modal', title: { type: 'plain_text', text: 'Bench' }, blocks: [] },
    });
  });
  const server = (await app.start(0)) as Server;
  return { port: (server.address() as AddressInfo).port, stop: async () => void (await app.stop()) };
});
