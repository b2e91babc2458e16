import { parseArgs } from 'node:util';
import { systemClock } from '../clock.js';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { createLogger } from '../logger.js';
import { TimeZoneCache } from '../time-zone-memo.js';
import { createJobSlack, jobWorkspaces } from './client.js';
import { findJob, JOBS } from './index.js';

/**
 * Runs one job once: `npm run digest -- --now 2026-11-30T09:00:00Z --dry-run`.
 * The same code the scheduler runs, at the time you give, for every served workspace. Safe beside
 * running instances: the ledgers' claims let exactly one of them send each digest and DM.
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
  const db = openDatabase(config.databaseUrl, { poolSize: config.databasePoolSize });
  try {
    await migrateToLatest(db);
    // Every workspace's calls with its own token and its own rate-limit windows; in distributed
    // mode only the installed workspaces, asked again before each item (an uninstall counts at once).
    const slack = createJobSlack(config, logger, { db, clock: systemClock });
    const workspaces = jobWorkspaces(config, db);
    const result = await job.run({
      deps: {
        db,
        config,
        clock: systemClock,
        logger,
        slack,
        timeZones: new TimeZoneCache(),
        ...(workspaces ? { workspaces } : {}),
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
