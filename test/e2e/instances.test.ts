import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Deps } from '../../src/deps.js';
import { createJobSlack } from '../../src/jobs/client.js';
import { DIGEST_LEASE_MS, digestJob } from '../../src/jobs/digest.js';
import { nudgesJob } from '../../src/jobs/nudges.js';
import { STALE_CLAIM_MS } from '../../src/services/nudges/daily-dm.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { seedDigestChannels, seedNextStepsDue } from '../support/job-fixtures.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Several instances on one database (a SQLite file, or in the PostgreSQL pass a fresh PostgreSQL
 * database): every digest and nudge DM goes out exactly once, whether the instances run their
 * jobs on the same tick or one of them dies mid-send (its claim is taken over after the lease).
 */

const TEAMS = ['TA01', 'TA02', 'TA03'];
const usersOf = (team: string) => Array.from({ length: 5 }, (_, i) => `U${team}${i + 1}`);
const channelsOf = (team: string) => Array.from({ length: 3 }, (_, i) => `C${team}${i + 1}`);

describe('three instances racing their jobs on the same ticks', () => {
  let database: TestDatabase;
  const apps: TestApp[] = [];
  let slack: FakeSlack;

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let i = 0; i < 3; i++) {
      apps.push(await startTestApp({ now: '2026-11-30T09:00:00Z', databaseUrl: database.url }));
    }
    // One Slack for all three (each app's own fake answers only its requests, unused here).
    slack = apps[0]!.slack;
    const db = apps[0]!.bot.deps.db;
    for (const team of TEAMS) {
      for (const id of usersOf(team)) slack.users.set(id, { id, tz: 'Europe/London', real_name: id });
      await seedNextStepsDue(db, team, usersOf(team), '2026-11-30');
      await seedDigestChannels(db, slack, team, channelsOf(team));
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await database.drop();
  });

  /** Each instance's job deps: its own database pool, its own job client, the one Slack. */
  function instanceDeps(app: TestApp): Deps {
    const config = { ...app.bot.deps.config, slack: { ...app.bot.deps.config.slack, apiUrl: slack.apiUrl } };
    return {
      ...app.bot.deps,
      config,
      slack: createJobSlack(config, app.bot.deps.logger, {
        tokenFor: async (teamId) => `xoxb-${teamId}`,
        clientOptions: { retryConfig: { retries: 0 } },
      }),
    };
  }

  it('sends each DM and each digest once, however the ticks overlap', async () => {
    const deps = apps.map(instanceDeps);
    const ticks = [
      '2026-11-30T09:00:00Z',
      '2026-11-30T09:00:00Z',
      '2026-11-30T09:00:01Z',
      '2026-11-30T09:05:00Z',
    ];
    const results = await Promise.all(
      ticks.flatMap((tick) =>
        deps.flatMap((d) => [
          nudgesJob.run({ deps: d, now: new Date(tick), dryRun: false }),
          digestJob.run({ deps: d, now: new Date(tick), dryRun: false }),
        ]),
      ),
    );
    const organisers = TEAMS.flatMap(usersOf);
    const channels = TEAMS.flatMap(channelsOf);
    for (const user of organisers)
      expect(slack.messages.filter((m) => m.channel === `D${user}`)).toHaveLength(1);
    for (const channel of channels)
      expect(slack.messages.filter((m) => m.channel === channel)).toHaveLength(1);
    const total = (key: string) => results.reduce((sum, r) => sum + (r.counts[key] ?? 0), 0);
    expect(total('sent')).toBe(organisers.length);
    expect(total('posted')).toBe(channels.length);
    expect(total('failed')).toBe(0);
    // Nothing was sent and then refused: no post reached Slack twice.
    expect(slack.callsOf('chat.postMessage')).toHaveLength(organisers.length + channels.length);
  });
});

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'src/jobs/cli.ts');

/** One run of `tsx src/jobs/cli.ts <job> --now <now>` in its own process. */
function runCli(job: string, now: string, env: Record<string, string>, cwd: string) {
  const child = spawn(TSX, [CLI, job, '--now', now], {
    cwd,
    // Not the developer's .env: only what the test says.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    out += String(chunk);
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, exited, output: () => out };
}

function killHard(child: ChildProcess): void {
  child.kill('SIGKILL');
}

describe('an instance killed mid-job', () => {
  let database: TestDatabase;
  let slack: FakeSlack;
  let env: Record<string, string>;
  let cwd: string;
  const TEAM = 'T0001';
  const users = ['UKILL1', 'UKILL2', 'UKILL3', 'UKILL4'];
  const channels = ['CKILL1', 'CKILL2', 'CKILL3'];
  const HUNG_USER = 'UKILL3';
  const HUNG_CHANNEL = 'CKILL2';

  beforeAll(async () => {
    slack = await startFakeSlack();
    database = await createTestDatabase();
    const db = openDatabase(database.url, { poolSize: 2 });
    try {
      await migrateToLatest(db);
      for (const id of users) slack.users.set(id, { id, tz: 'Europe/London', real_name: id });
      await seedNextStepsDue(db, TEAM, users, '2026-12-02');
      await seedDigestChannels(db, slack, TEAM, channels);
    } finally {
      await db.destroy();
    }
    cwd = mkdtempSync(join(tmpdir(), 'onetoone-cli-'));
    env = {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      DATABASE_URL: database.url,
      LOG_LEVEL: 'warn',
    };
  });
  afterAll(async () => {
    await slack.stop();
    await database.drop();
    rmSync(cwd, { recursive: true, force: true });
  });

  const delivered = (channel: string) => slack.messages.filter((m) => m.channel === channel).length;

  async function killedMidSend(job: string, now: string, hung: (args: Record<string, any>) => boolean) {
    slack.hangNext('chat.postMessage', hung);
    const run = runCli(job, now, env, cwd);
    // The send that hangs has reached Slack: the claim is held and the instance is mid-job.
    await slack.waitFor(() => slack.callsOf('chat.postMessage').some((c) => hung(c.args)), 30_000);
    await new Promise((r) => setTimeout(r, 200));
    killHard(run.child);
    expect(await run.exited).toBe(null); // killed, not finished
  }

  async function runToEnd(job: string, now: string): Promise<Record<string, number>> {
    const run = runCli(job, now, env, cwd);
    const code = await run.exited;
    if (code !== 0) throw new Error(`cli ${job} exited ${code}: ${run.output()}`);
    const line = run
      .output()
      .trim()
      .split('\n')
      .reverse()
      .find((l) => l.startsWith('{'));
    return JSON.parse(line ?? '{}');
  }

  it('nudges: the DM it was sending goes out once, after the lease, and no other twice', async () => {
    const at = '2026-12-02T10:00:00Z';
    await killedMidSend('nudges', at, (args) => args.channel === HUNG_USER);
    expect(delivered(`D${HUNG_USER}`)).toBe(0);

    // Within the lease another instance leaves the claim alone.
    const within = await runToEnd('nudges', '2026-12-02T10:05:00Z');
    expect(within.sent).toBe(users.filter((u) => delivered(`D${u}`) === 0).length - 1);
    expect(delivered(`D${HUNG_USER}`)).toBe(0);

    // After it, the claim is taken over and the DM sent; everyone has had exactly one.
    const after = new Date(Date.parse(at) + STALE_CLAIM_MS + 60_000).toISOString();
    const taken = await runToEnd('nudges', after);
    expect(taken.sent).toBe(1);
    for (const user of users) expect(delivered(`D${user}`)).toBe(1);
    // The hung attempt reached Slack, the takeover once more: two attempts, one delivery.
    expect(slack.callsOf('chat.postMessage').filter((c) => c.args.channel === HUNG_USER)).toHaveLength(2);
  }, 90_000);

  it('digest: the post it was making goes out once, after the lease, and no other twice', async () => {
    const at = '2026-11-30T09:00:00Z';
    await killedMidSend('digest', at, (args) => args.channel === HUNG_CHANNEL);
    expect(delivered(HUNG_CHANNEL)).toBe(0);

    const within = await runToEnd('digest', '2026-11-30T09:05:00Z');
    expect(within.busy).toBe(1);
    expect(delivered(HUNG_CHANNEL)).toBe(0);

    const after = new Date(Date.parse(at) + DIGEST_LEASE_MS + 60_000).toISOString();
    const taken = await runToEnd('digest', after);
    expect(taken.posted).toBe(1);
    for (const channel of channels) expect(delivered(channel)).toBe(1);
    expect(slack.callsOf('chat.postMessage').filter((c) => c.args.channel === HUNG_CHANNEL)).toHaveLength(2);
  }, 90_000);
});
