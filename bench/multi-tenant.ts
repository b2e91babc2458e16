import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fixedClock } from '../src/clock.js';
import { parseConfig } from '../src/config.js';
import { type Db, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Deps } from '../src/deps.js';
import { createJobSlack } from '../src/jobs/client.js';
import { digestJob } from '../src/jobs/digest.js';
import { nudgesJob } from '../src/jobs/nudges.js';
import { createLogger } from '../src/logger.js';
import { TimeZoneCache } from '../src/time-zone-memo.js';
import { createTestDatabase } from '../test/support/db.js';
import { type Bulk, openBulk } from './lib/bulk.js';
import { type Child, launch } from './servers/ipc.js';

/**
 * Many workspaces at once: 2,000 workspaces of 10 organisers, each with a digest channel, every
 * digest due in the same minute (the default schedule, Monday 09:00 Europe/London), against a
 * fake Slack in its own process that holds each workspace to Slack's per-workspace limits and
 * answers 429 past them (bench/servers/tenant-slack.ts). Then one nudge tick for the 20,000
 * organisers, each with a next step due. The jobs run as the app runs them (digestJob.run,
 * nudgesJob.run, through the jobs' own per-workspace rate-limited Slack client, createJobSlack),
 * on SQLite and, when TEST_POSTGRES_URL is set, on PostgreSQL (a database created for the run,
 * dropped after); with 1 instance and with 3 (three job runs racing on the same database, each
 * with its own connection or pool and its own rate-limit windows, in this one process).
 *
 * Figures: time until every digest is posted (goal: under 5 minutes), 429s received, the most
 * calls one workspace made in any minute, and whether any channel got two digests; the nudge
 * tick's work time (goal: under 60 s) and DMs sent (each organiser exactly once).
 *
 * Options after `--`: `--teams=N` (default 2000), `--instances=1,3`, `--sqlite-only`,
 * `--postgres-only`, `--nudges-only` (the nudge tick without the digests before it);
 * BENCH_DEBUG=1 prints the calls by method and the jobs' counts.
 */

const ORGANISERS_PER_TEAM = 10;
const ONE_TO_ONES_PER_ORGANISER = 4;
/** Monday 23 Nov 2026, a minute after 09:00 in London: every workspace's digest is due. */
const DIGEST_NOW = new Date('2026-11-23T09:01:00Z');
/** Wednesday 2 Dec 2026, 10:00 in London: within working hours, every organiser has a step due. */
const NUDGE_NOW = new Date('2026-12-02T10:00:00Z');
/** Ticks the digest job gets before giving up (a failed post is retried on the next tick). */
const MAX_TICKS = 5;

const teamId = (t: number) => `TW${String(t).padStart(5, '0')}`;
const userId = (t: number, o: number) => `U${String(t).padStart(5, '0')}X${o}`;

interface Options {
  teams: number;
  instances: number[];
  sqliteOnly: boolean;
  postgresOnly: boolean;
  nudgesOnly: boolean;
}

function readOptions(argv: string[]): Options {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const teams = Number(value('teams'));
  const instances = (value('instances') ?? '1,3')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0 && n <= 8);
  return {
    teams: Number.isInteger(teams) && teams > 0 ? teams : 2_000,
    instances: instances.length ? instances : [1, 3],
    sqliteOnly: argv.includes('--sqlite-only'),
    postgresOnly: argv.includes('--postgres-only'),
    nudgesOnly: argv.includes('--nudges-only'),
  };
}

async function seed(bulk: Bulk, teams: number): Promise<void> {
  const now = '2026-11-01T00:00:00.000Z';
  const checked = '2026-12-01T00:00:00.000Z';
  for (let t = 0; t < teams; t++) {
    const team = teamId(t);
    await bulk.add(
      'digest_subscriptions',
      ['team_id', 'channel_id', 'subscribed_by', 'created_at', 'updated_at'],
      [team, `C${team}`, userId(t, 0), now, now],
    );
    for (let o = 0; o < ORGANISERS_PER_TEAM; o++) {
      const user = userId(t, o);
      // Time zones cached 34 hours before the nudge tick, so past their day: the tick confirms
      // every one with Slack (the worst case, once a day), through users.list pages.
      await bulk.add(
        'organisers',
        [
          'team_id',
          'user_id',
          'weekly_goal',
          'time_zone',
          'time_zone_checked_at',
          'created_at',
          'updated_at',
        ],
        [team, user, 3, 'Europe/London', checked, now, now],
      );
      for (let n = 0; n < ONE_TO_ONES_PER_ORGANISER; n++) {
        const person = `P${user}N${n}`;
        await bulk.add(
          'people',
          [
            'id',
            'team_id',
            'organiser_id',
            'name',
            'name_key',
            'institution_key',
            'created_at',
            'updated_at',
          ],
          [person, team, user, `Person ${n}`, `person ${n}`, '', now, now],
        );
        // Last week's one-to-ones (the digest's), each with a next step due on 1 Dec (the nudge's).
        const metOn = `2026-11-${17 + n}`;
        await bulk.add(
          'one_to_ones',
          [
            'id',
            'team_id',
            'organiser_id',
            'person_id',
            'met_on',
            'duration_minutes',
            'next_step_kind',
            'next_step_due_on',
            'created_at',
            'updated_at',
          ],
          [
            `O${user}N${n}`,
            team,
            user,
            person,
            metOn,
            45,
            'meeting',
            '2026-12-01',
            `${metOn}T18:00:00.000Z`,
            `${metOn}T18:00:00.000Z`,
          ],
        );
      }
    }
  }
}

interface Instance {
  deps: Deps;
  db: Db;
}

function instance(url: string, apiUrl: string, rateLimited: { n: number }): Instance {
  const config = parseConfig({
    SLACK_BOT_TOKEN: 'xoxb-TW00000',
    SLACK_SIGNING_SECRET: 'bench-signing-secret',
    SLACK_API_URL: apiUrl,
    DATABASE_URL: url,
  });
  const logger = createLogger('error', () => {});
  const db = openDatabase(url, { poolSize: 10 });
  const slack = createJobSlack(config, logger, {
    // Each workspace's own token, as in distributed mode: the fake tells workspaces apart by it.
    tokenFor: async (team) => `xoxb-${team}`,
    onRateLimited: () => {
      rateLimited.n++;
    },
  });
  return {
    db,
    deps: {
      db,
      config,
      clock: fixedClock(DIGEST_NOW),
      logger,
      timeZones: new TimeZoneCache(),
      slack,
    },
  };
}

interface SlackStats {
  methods: Record<string, number>;
  calls: number;
  rateLimited: number;
  maxPerMinute: number;
  messages: number;
  targets: number;
  duplicates: number;
  lastPostAt: number;
}

async function scenario(
  label: string,
  url: string,
  fake: Child,
  apiUrl: string,
  teams: number,
  count: number,
  nudgesOnly: boolean,
) {
  const seen = { n: 0 };
  const instances = Array.from({ length: count }, () => instance(url, apiUrl, seen));
  try {
    if (!nudgesOnly) await digests(label, fake, instances, teams, count);
    await nudges(label, fake, instances, teams);
  } finally {
    await Promise.all(instances.map((i) => i.db.destroy()));
  }
}

async function digests(label: string, fake: Child, instances: Instance[], teams: number, count: number) {
  await fake.call('reset');
  const startedAt = Date.now();
  const started = performance.now();
  let ticks = 0;
  const counts: Record<string, number> = {};
  while (ticks < MAX_TICKS && (await fake.call<number>('posted')) < teams) {
    ticks++;
    const results = await Promise.all(
      instances.map((i) => digestJob.run({ deps: i.deps, now: DIGEST_NOW, dryRun: false })),
    );
    for (const r of results) for (const [k, v] of Object.entries(r.counts)) counts[k] = (counts[k] ?? 0) + v;
  }
  const jobSeconds = (performance.now() - started) / 1000;
  const d = await fake.call<SlackStats>('stats', undefined, 120_000);
  const postedIn = d.lastPostAt ? (d.lastPostAt - startedAt) / 1000 : Number.NaN;
  console.log(
    `${label}, ${count} instance${count > 1 ? 's' : ''}: digests ${d.targets}/${teams} posted in ${postedIn.toFixed(1)} s (${ticks} tick${ticks > 1 ? 's' : ''}, jobs done in ${jobSeconds.toFixed(1)} s), ` +
      `${d.duplicates} channels posted twice, 429s ${d.rateLimited}, max calls per workspace per minute ${d.maxPerMinute} ` +
      `(posted ${counts.posted ?? 0}, busy ${counts.busy ?? 0}, failed ${counts.failed ?? 0})`,
  );
  if (process.env.BENCH_DEBUG) console.log(JSON.stringify({ digest: d.methods, counts }));
}

async function nudges(label: string, fake: Child, instances: Instance[], teams: number) {
  await fake.call('reset');
  for (const i of instances) i.deps = { ...i.deps, clock: fixedClock(NUDGE_NOW) };
  const nudgeStarted = performance.now();
  // This process's CPU time (the jobs; the fake Slack is another process): a figure that a
  // busy machine inflates far less than the wall-clock time.
  const cpuBefore = process.cpuUsage();
  const results = await Promise.all(
    instances.map((i) => nudgesJob.run({ deps: i.deps, now: NUDGE_NOW, dryRun: false })),
  );
  const nudgeSeconds = (performance.now() - nudgeStarted) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const n = await fake.call<SlackStats>('stats', undefined, 120_000);
  const sum = (k: string) => results.reduce((s, r) => s + (r.counts[k] ?? 0), 0);
  console.log(
    `${''.padEnd(label.length)}  nudge tick: ${nudgeSeconds.toFixed(1)} s for ${teams * ORGANISERS_PER_TEAM} organisers (${cpuSeconds.toFixed(1)} s of CPU, load ${loadavg()[0]!.toFixed(1)}), ` +
      `DMs ${n.targets} (${n.duplicates} organisers twice), 429s ${n.rateLimited}, max calls per workspace per minute ${n.maxPerMinute} ` +
      `(sent ${sum('sent')}, skipped ${sum('skipped')}, failed ${sum('failed')})`,
  );
  if (process.env.BENCH_DEBUG)
    console.log(JSON.stringify({ nudge: n.methods, counts: results.map((r) => r.counts) }));
}

async function withDatabase(kind: 'sqlite' | 'postgres', use: (url: string) => Promise<void>): Promise<void> {
  if (kind === 'postgres') {
    const created = await createTestDatabase({ kind: 'postgres' });
    try {
      await use(created.url);
    } finally {
      await created.drop();
    }
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'onetoone-bench-tenants-'));
  try {
    await use(join(dir, 'bench.db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A fresh database for each scenario: the ledgers start empty. */
async function prepared(url: string, teams: number): Promise<void> {
  const db = openDatabase(url);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  const bulk = await openBulk(url);
  await bulk.dropIndexes(['organisers', 'people', 'one_to_ones', 'digest_subscriptions']);
  await seed(bulk, teams);
  await bulk.restoreIndexes();
  await bulk.close();
}

export async function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  const options = readOptions(argv);
  const fake = launch(new URL('./servers/tenant-slack.ts', import.meta.url));
  try {
    const apiUrl = await fake.call<string>(
      'start',
      Array.from({ length: options.teams }, (_, t) => ({
        id: teamId(t),
        channel: `C${teamId(t)}`,
        members: Array.from({ length: ORGANISERS_PER_TEAM }, (_, o) => userId(t, o)),
      })),
      120_000,
    );
    const kinds: ('sqlite' | 'postgres')[] = [
      ...(options.postgresOnly ? [] : (['sqlite'] as const)),
      ...(process.env.TEST_POSTGRES_URL && !options.sqliteOnly ? (['postgres'] as const) : []),
    ];
    console.log(
      `${options.teams} workspaces × ${ORGANISERS_PER_TEAM} organisers, one digest channel each, Slack's per-workspace limits enforced by the fake; goals: every digest within 5 minutes, a nudge tick within 60 s`,
    );
    if (kinds.length === 1)
      console.log('PostgreSQL: skipped (set TEST_POSTGRES_URL=postgres://… to run it too)');
    for (const kind of kinds) {
      for (const count of options.instances) {
        await withDatabase(kind, async (url) => {
          const started = performance.now();
          await prepared(url, options.teams);
          const label = kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
          console.log(`${label}: seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
          await scenario(label, url, fake, apiUrl, options.teams, count, options.nudgesOnly);
        });
      }
    }
  } finally {
    await fake.stop();
  }
}
