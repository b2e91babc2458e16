import { parseArgs } from 'node:util';
import { systemClock } from '../clock.js';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { createLogger } from '../logger.js';
import { webApiPort } from '../slack/port/web-api-port.js';
import { TimeZoneCache } from '../time-zone-memo.js';
import { createJobClient } from './client.js';
import { findJob, JOBS } from './index.js';

/**
 * Runs one job once: `npm run digest -- --now 2026-11-30T09:00:00Z --dry-run`.
 * The same code the scheduler runs, at the time you give.
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { now: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  });
  const name = positionals[0];
  const job = name ? findJob(name) : undefined;
  if (!job) {
    console.error(
      `Usage: tsx src/jobs/cli.ts <${JOBS.map((j) => j.name).join('|')}> [--now ISO-time] [--dry-run]`,
    );
    process.exit(2);
  }
  const now = values.now ? new Date(values.now) : systemClock.now();
  if (Number.isNaN(now.getTime())) {
    console.error(`--now must be an ISO time such as 2026-11-30T09:00:00Z, not "${values.now}"`);
    process.exit(2);
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel, (line) => process.stderr.write(`${line}\n`));
  const db = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const slack = createJobClient(config, logger);
    const result = await job.run({
      deps: {
        db,
        config,
        clock: systemClock,
        logger,
        slack: webApiPort(() => slack, logger),
        timeZones: new TimeZoneCache(),
      },
      now,
      dryRun: values['dry-run'],
    });
    for (const m of result.messages ?? []) {
      console.log(`--- to ${m.channel}\n${m.text}`);
      if (m.blocks) console.log(JSON.stringify(m.blocks, null, 2));
    }
    console.log(
      JSON.stringify({ job: job.name, now: now.toISOString(), dryRun: values['dry-run'], ...result.counts }),
    );
  } finally {
    await db.destroy();
  }
}

main().catch((error) => {
  console.error(
    error instanceof ConfigError
      ? error.message
      : `Job failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
