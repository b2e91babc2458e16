import { pathToFileURL } from 'node:url';
import type { WebClientOptions } from '@slack/web-api';
import { type Clock, systemClock } from './clock.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import type { Deps } from './deps.js';
import { createJobClient } from './jobs/client.js';
import { JOBS } from './jobs/index.js';
import { type Scheduler, startScheduler } from './jobs/scheduler.js';
import { createLogger, type Logger } from './logger.js';
import { startSlackApp } from './slack/app.js';
import { webApiPort } from './slack/port/web-api-port.js';
import { TimeZoneCache } from './time-zone-memo.js';

/**
 * The composition root: config → database → migrations → Slack app → jobs, and the reverse on
 * stop. Tests call `startBot` with their own config, clock and client options.
 */

export interface BotOptions {
  clock?: Clock;
  logger?: Logger;
  clientOptions?: WebClientOptions;
  /** Start the cron jobs (the process does; end-to-end tests run jobs by hand instead). */
  startJobs?: boolean;
}

export interface RunningBot {
  deps: Deps;
  port: number;
  stop(): Promise<void>;
}

export async function startBot(config: Config, options: BotOptions = {}): Promise<RunningBot> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const db = openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }

  const timeZones = new TimeZoneCache();
  const running = await startSlackApp(
    { db, config, clock, logger, timeZones },
    { clientOptions: options.clientOptions },
  );
  const deps: Deps = { db, config, clock, logger, timeZones, slack: running.slack };
  const jobClient = createJobClient(config, logger, options.clientOptions);
  const scheduler: Scheduler | undefined =
    options.startJobs === false
      ? undefined
      : startScheduler(JOBS, { ...deps, slack: webApiPort(() => jobClient, logger) });

  let stopping: Promise<void> | undefined;
  return {
    deps,
    port: running.port,
    stop: () => {
      stopping ??= (async () => {
        await running.stop();
        await scheduler?.stop();
        await db.destroy();
      })();
      return stopping;
    },
  };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const bot = await startBot(config, { logger });
  logger.info('bot started', { mode: config.slack.appToken ? 'socket' : 'http', port: bot.port });

  const shutdown = (signal: string) => {
    logger.info('stopping', { signal });
    // A second signal, or a stop that hangs, ends the process anyway.
    setTimeout(() => process.exit(1), 10_000).unref();
    bot.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error('stop failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`The bot could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
