import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Clock, fixedClock } from '../../src/clock.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type RunningBot, startBot } from '../../src/main.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { SlackRequests } from './slack-requests.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-token';

export interface TestApp {
  bot: RunningBot;
  slack: FakeSlack;
  send: SlackRequests;
  clock: ReturnType<typeof fixedClock>;
  baseUrl: string;
  dbPath: string;
  /** Every log line the app wrote (to check nothing private is logged). */
  logs: string[];
  stop(): Promise<void>;
}

/**
 * Starts the real bot (real migrations on a temp SQLite file) on an ephemeral loopback port,
 * talking to a fake Slack Web API. Jobs are not scheduled: tests run them at a given time.
 */
export async function startTestApp(
  options: {
    now?: string;
    env?: Record<string, string>;
    clock?: Clock;
    dir?: string;
    /** Connect over Socket Mode (SLACK_APP_TOKEN) to the fake Slack's WebSocket instead of HTTP. */
    socketMode?: boolean;
    /**
     * An org-wide install in Enterprise Grid org E0001: requests from several workspaces (teams)
     * of the org are served, each team's rows its own. Without it, the bot serves T0001 only.
     */
    orgWide?: boolean;
  } = {},
): Promise<TestApp> {
  const slack = await startFakeSlack();
  if (options.socketMode) slack.enableSocketMode();
  if (options.orgWide) slack.identity = { enterprise_id: 'E0001', is_enterprise_install: true };
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'onetoone-test-'));
  const dbPath = join(dir, 'test.db');
  const config = parseConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    DATABASE_URL: dbPath,
    PORT: '0',
    LOG_LEVEL: 'debug',
    ...(options.socketMode ? { SLACK_APP_TOKEN: 'xapp-test-token' } : {}),
    ...options.env,
  });
  const clock = fixedClock(options.now ?? '2026-11-25T12:00:00Z');
  const logs: string[] = [];
  const bot = await startBot(config, {
    clock: options.clock ?? clock,
    logger: createLogger('debug', (line) => logs.push(line)),
    clientOptions: { retryConfig: { retries: 0 } },
    startJobs: false,
  });
  const baseUrl = `http://127.0.0.1:${bot.port}`;
  const send = new SlackRequests(`${baseUrl}/slack/events`, SIGNING_SECRET, () => slack.responseUrl());
  if (options.orgWide) send.enterprise = 'E0001';
  return {
    bot,
    slack,
    send,
    clock,
    baseUrl,
    dbPath,
    logs,
    async stop() {
      await bot.stop();
      await slack.stop();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
