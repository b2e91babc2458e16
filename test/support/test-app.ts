import { type Clock, fixedClock } from '../../src/clock.js';
import { parseConfig } from '../../src/config.js';
import { isPostgresUrl } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';
import { type RunningBot, startBot } from '../../src/main.js';
import { createTestDatabase, type TestDatabaseKind } from './db.js';
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
  /** The app's DATABASE_URL: a SQLite file path, or a postgres:// URL in the PostgreSQL pass. */
  databaseUrl: string;
  /** Which database this app runs on (see test/support/db.ts). */
  databaseKind: TestDatabaseKind;
  /** @deprecated the same as databaseUrl (a file path only in the SQLite pass). */
  dbPath: string;
  /** Every log line the app wrote (to check nothing private is logged). */
  logs: string[];
  stop(): Promise<void>;
}

/**
 * Starts the real bot (real migrations on a fresh database: a temp SQLite file, or in the
 * PostgreSQL pass a new database on the TEST_POSTGRES_URL server, dropped on stop) on an ephemeral loopback port,
 * talking to a fake Slack Web API. Jobs are not scheduled: tests run them at a given time.
 */
export async function startTestApp(
  options: {
    now?: string;
    env?: Record<string, string>;
    clock?: Clock;
    /** SQLite: the folder for the database file (kept on stop). Not used on PostgreSQL. */
    dir?: string;
    /**
     * An existing database to run on (say, from createTestDatabase(), shared by several apps as
     * by several instances): not created, and not dropped on stop.
     */
    databaseUrl?: string;
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
  const database = options.databaseUrl
    ? undefined
    : await createTestDatabase(options.dir ? { dir: options.dir } : {});
  const config = parseConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    DATABASE_URL: options.databaseUrl ?? database!.url,
    PORT: '0',
    LOG_LEVEL: 'debug',
    ...(options.socketMode ? { SLACK_APP_TOKEN: 'xapp-test-token' } : {}),
    ...options.env,
  });
  const clock = fixedClock(options.now ?? '2026-11-25T12:00:00Z');
  const logs: string[] = [];
  let bot: RunningBot;
  try {
    bot = await startBot(config, {
      clock: options.clock ?? clock,
      logger: createLogger('debug', (line) => logs.push(line)),
      clientOptions: { retryConfig: { retries: 0 } },
      startJobs: false,
    });
  } catch (error) {
    await slack.stop();
    await database?.drop();
    throw error;
  }
  const baseUrl = `http://127.0.0.1:${bot.port}`;
  const databaseUrl = config.databaseUrl;
  const send = new SlackRequests(`${baseUrl}/slack/events`, SIGNING_SECRET, () => slack.responseUrl());
  if (options.orgWide) send.enterprise = 'E0001';
  return {
    bot,
    slack,
    send,
    clock,
    baseUrl,
    databaseUrl,
    databaseKind: isPostgresUrl(databaseUrl) ? 'postgres' : 'sqlite',
    dbPath: databaseUrl,
    logs,
    async stop() {
      await bot.stop();
      await slack.stop();
      await database?.drop();
    },
  };
}
