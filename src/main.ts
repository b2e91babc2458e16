import { pathToFileURL } from 'node:url';
import type { WebClientOptions } from '@slack/web-api';
import { type Clock, systemClock } from './clock.js';
import { type Config, loadConfigOrExit } from './config.js';
import { createTokenCipher } from './crypto/token-cipher.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import type { Deps } from './deps.js';
import { createJobSlack } from './jobs/client.js';
import { erasureJob } from './jobs/erasure.js';
import { JOBS } from './jobs/index.js';
import { type Scheduler, startScheduler } from './jobs/scheduler.js';
import { createLogger, type Logger, toSlackLogger } from './logger.js';
import { assertTokenKeyMatches } from './services/installation-store.js';
import { startSlackApp } from './slack/app.js';
import { createDistribution, type Distribution } from './slack/distribution/runtime.js';
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
  /** What listeners get (in distributed mode: per-workspace tokens, the served workspaces). */
  deps: Deps;
  /** What the jobs get: the same, but with the jobs' Web API client settings (src/jobs/client.ts). */
  jobDeps: Deps;
  /** Set in distributed ("Add to Slack") mode. */
  distribution?: Distribution;
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
  const oauth = config.distribution;
  let distribution: Distribution | undefined;
  // Filled once everything is built: the erasure run after an uninstall needs the jobs' deps.
  let jobDeps: Deps | undefined;
  if (oauth) {
    const cipher = createTokenCipher({ current: oauth.tokenKey, previous: oauth.previousTokenKeys });
    try {
      // A wrong TOKEN_ENCRYPTION_KEY stops the start here, with a message naming it.
      await assertTokenKeyMatches(db, cipher);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    distribution = createDistribution({
      db,
      clock,
      logger,
      oauth,
      cipher,
      clientOptions: {
        slackApiUrl: config.slack.apiUrl,
        logger: toSlackLogger(logger, config.logLevel),
        ...options.clientOptions,
      },
      eraseNow: async () => {
        if (jobDeps) await erasureJob.run({ deps: jobDeps, now: clock.now(), dryRun: false });
      },
    });
  }

  const running = await startSlackApp(
    {
      db,
      config,
      clock,
      logger,
      timeZones,
      ...(distribution ? { workspaces: distribution.workspaces } : {}),
    },
    { clientOptions: options.clientOptions, distribution },
  );
  const deps: Deps = {
    db,
    config,
    clock,
    logger,
    timeZones,
    slack: running.slack,
    ...(distribution ? { workspaces: distribution.workspaces } : {}),
  };
  // The jobs' clients (src/jobs/client.ts): one per workspace, rate-limited per workspace, with
  // the jobs' retry settings; in distributed mode each with its workspace's token from our
  // cached store, and only while the workspace is served.
  const jobSlack = createJobSlack(config, logger, {
    ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
    ...(distribution ? { tokenFor: (teamId: string) => distribution.store.botToken(teamId) } : {}),
  });
  jobDeps = {
    ...deps,
    slack: distribution ? distribution.servedOnly((teamId) => jobSlack.clientFor(teamId)) : jobSlack,
  };
  const scheduler: Scheduler | undefined =
    options.startJobs === false ? undefined : startScheduler(JOBS, jobDeps);

  let stopping: Promise<void> | undefined;
  return {
    deps,
    jobDeps,
    ...(distribution ? { distribution } : {}),
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
  const config = loadConfigOrExit(1);
  const logger = createLogger(config.logLevel);
  const bot = await startBot(config, { logger });
  logger.info('bot started', {
    mode: config.slack.appToken ? 'socket' : 'http',
    workspaces: config.distribution ? 'distributed' : 'single',
    port: bot.port,
  });

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
