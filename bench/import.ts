import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WebClient } from '@slack/web-api';
import { fixedClock } from '../src/clock.js';
import { parseConfig } from '../src/config.js';
import { type Db, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Deps } from '../src/deps.js';
import { toCsv } from '../src/domain/csv.js';
import { nameKey } from '../src/domain/keys.js';
import { addDays } from '../src/domain/time.js';
import { createLogger } from '../src/logger.js';
import { applyImport, startImport } from '../src/services/import.js';
import { webApiPort } from '../src/slack/port/web-api-port.js';
import { TimeZoneCache } from '../src/time-zone-memo.js';
import { createTestDatabase } from '../test/support/db.js';
import { type FakeSlack, startFakeSlack } from '../test/support/fake-slack.js';

/**
 * `/onetoone import` of a 10,000-row tracker (issue 12; targets: dry run under 2 s, Import under
 * 5 s), on SQLite and, with TEST_POSTGRES_URL, on PostgreSQL (a database created for each round,
 * dropped after). The organiser already has 1,000 people and 5,000 one-to-ones; the file names
 * 2,000 people at 60 institutions (a quarter of them people the organiser has: merged), with
 * notes of a few hundred characters, next steps, dates in three styles, and 1% unusable rows.
 *
 * - dry run: download from the fake Slack (loopback), decode, parse, plan, match against the
 *   organiser's records, store the pending import: what happens before the summary DM;
 * - Import: the pending import applied in one transaction (bulk inserts);
 * - again: the same file imported a second time (nothing new), dry run and Import.
 * Each round starts from a fresh database; the median of the rounds is reported.
 */

const TEAM = 'TBENCH';
const USER = 'UORG0001';
const ROWS = 10_000;
const FILE_PEOPLE = 2_000;
const EXISTING_PEOPLE = 1_000;
const EXISTING_ONE_TO_ONES = 5_000;
const ROUNDS = 3;
const TODAY = '2026-11-25';
const NOW = '2026-11-25T12:00:00.000Z';
const NOTE =
  'Talked about the rent going up again and the night bus being cut; her daughter’s school has a leaking roof, "nobody listens". ';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Wall time, and this process's CPU time (steadier on a busy machine; PostgreSQL's own work is not in it). */
async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; cpu: number; value: T }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await fn();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpu: (used.user + used.system) / 1000, value };
}

function trackerCsv(): Buffer {
  const header = [
    'Name',
    'Organisation',
    'Role',
    'Date met',
    'Minutes',
    'Notes',
    'Next step',
    'Due date',
    'Phone',
  ];
  const rows = Array.from({ length: ROWS }, (_, n) => {
    const p = n % FILE_PEOPLE;
    const metOn = addDays(TODAY, -((n * 37) % 1000) - 1);
    const [y, m, d] = metOn.split('-');
    const date =
      n % 3 === 0 ? metOn : n % 3 === 1 ? `${d}/${m}/${y}` : `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`;
    const step = n % 4 === 0;
    if (n % 100 === 99) return [`Person ${p}`, '', '', 'sometime', '45', '', '', '', ''];
    return [
      `Person ${p}`,
      `Institution ${p % 60}`,
      p % 5 === 0 ? 'Steward' : '',
      date,
      String(30 + (n % 60)),
      `${NOTE}${n}`,
      step ? 'Coffee again, bring the petition' : '',
      step ? addDays(metOn, 14) : '',
      '07700 900123',
    ];
  });
  return Buffer.from(`\uFEFF${toCsv(header, rows)}`, 'utf8');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The organiser's existing records: people 0–499 of the file exist (merged), and 500 others. */
async function seed(db: Db): Promise<void> {
  await db
    .insertInto('organisers')
    .values({
      team_id: TEAM,
      user_id: USER,
      time_zone: 'Europe/London',
      time_zone_checked_at: NOW,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  const institutions = Array.from({ length: 60 }, (_, i) => ({
    id: randomUUID(),
    team_id: TEAM,
    name: `Institution ${i}`,
    name_key: nameKey(`Institution ${i}`),
    created_at: NOW,
  }));
  await db.insertInto('institutions').values(institutions).execute();
  const people = Array.from({ length: EXISTING_PEOPLE }, (_, i) => {
    const inFile = i < EXISTING_PEOPLE / 2;
    const name = inFile ? `Person ${i}` : `Known ${i}`;
    const inst = institutions[i % 60]!;
    return {
      id: randomUUID(),
      team_id: TEAM,
      organiser_id: USER,
      name,
      name_key: nameKey(name),
      institution_id: inst.id,
      institution_key: inst.name_key,
      role: null,
      slack_user_id: null,
      created_at: NOW,
      updated_at: NOW,
    };
  });
  for (let i = 0; i < people.length; i += 400)
    await db
      .insertInto('people')
      .values(people.slice(i, i + 400))
      .execute();
  const rows = Array.from({ length: EXISTING_ONE_TO_ONES }, (_, n) => {
    const metOn = addDays(TODAY, -(n % 900) - 1);
    return {
      id: randomUUID(),
      team_id: TEAM,
      organiser_id: USER,
      person_id: people[n % people.length]!.id,
      met_on: metOn,
      duration_minutes: 45,
      stories: NOTE,
      next_step_kind: 'none' as const,
      source_view_id: `V${n}`,
      created_at: `${metOn}T12:00:00.000Z`,
      updated_at: NOW,
    };
  });
  for (let i = 0; i < rows.length; i += 400)
    await db
      .insertInto('one_to_ones')
      .values(rows.slice(i, i + 400))
      .execute();
}

function depsFor(db: Db, slack: FakeSlack, url: string): Deps {
  const config = parseConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench-signing-secret',
    SLACK_API_URL: slack.apiUrl,
    DATABASE_URL: url,
  });
  return {
    db,
    config,
    clock: fixedClock(NOW),
    logger: createLogger('error', () => {}),
    timeZones: new TimeZoneCache(),
    slack: webApiPort(
      new WebClient('xoxb-bench', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }),
    ),
  };
}

interface Round {
  dryRun: number;
  dryRunCpu: number;
  apply: number;
  applyCpu: number;
  againDryRun: number;
  againApply: number;
  created: string;
}

async function round(deps: Deps, slack: FakeSlack, bytes: Buffer): Promise<Round> {
  await seed(deps.db);
  const actor = { teamId: TEAM, userId: USER };
  const file = () => {
    const f = slack.hostFile(bytes, { name: 'tracker.csv' });
    return { name: f.name, filetype: 'csv', size: f.size, url: f.url_private_download };
  };
  const dry = await time(() => startImport(deps, actor, [file()]));
  if (dry.value.kind !== 'summary' || !dry.value.summary.importId)
    throw new Error(`bench: no pending import: ${JSON.stringify(dry.value).slice(0, 500)}`);
  const importId = dry.value.summary.importId;
  const apply = await time(() => applyImport(deps, actor, importId));
  if (apply.value.kind !== 'applied') throw new Error(`bench: import ${apply.value.kind}`);
  const again = await time(() => startImport(deps, actor, [file()]));
  if (again.value.kind !== 'summary' || again.value.summary.create.oneToOnes !== 0)
    throw new Error('bench: the second import would create one-to-ones');
  // Nothing to import the second time, so there is no pending import: Import of the first again.
  const againApply = await time(() => applyImport(deps, actor, importId));
  const s = dry.value.summary;
  return {
    dryRun: dry.ms,
    dryRunCpu: dry.cpu,
    apply: apply.ms,
    applyCpu: apply.cpu,
    againDryRun: again.ms,
    againApply: againApply.ms,
    created: `${s.create.oneToOnes} one-to-ones, ${s.create.people} new people (${s.merged.length} merged), ${s.create.nextSteps} next steps, ${s.problems.length} unusable rows`,
  };
}

function report(label: string, rounds: Round[]): void {
  const fmt = (xs: number[]) =>
    `median ${median(xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`;
  const cpu = (xs: number[]) => `this process's CPU median ${median(xs).toFixed(0)} ms`;
  console.log(`${label}: ${rounds[0]!.created}`);
  console.log(
    `  dry run (download, read, plan, match, store): ${fmt(rounds.map((r) => r.dryRun))}, ${cpu(rounds.map((r) => r.dryRunCpu))}; target < 2,000 ms`,
  );
  console.log(
    `  Import (one transaction): ${fmt(rounds.map((r) => r.apply))}, ${cpu(rounds.map((r) => r.applyCpu))}; target < 5,000 ms`,
  );
  console.log(
    `  the same file again: dry run ${fmt(rounds.map((r) => r.againDryRun))}, nothing to import; a second Import click ${fmt(rounds.map((r) => r.againApply))}`,
  );
}

export async function run(): Promise<void> {
  const slack = await startFakeSlack();
  const bytes = trackerCsv();
  console.log(`file: ${ROWS.toLocaleString('en')} rows, ${(bytes.length / 1e6).toFixed(1)} MB`);
  try {
    const lite: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const created = await createTestDatabase({ kind: 'sqlite' });
      const db = openDatabase(created.url);
      try {
        await migrateToLatest(db);
        lite.push(await round(depsFor(db, slack, created.url), slack, bytes));
      } finally {
        await db.destroy();
        await created.drop();
      }
    }
    report('SQLite', lite);
    if (!process.env.TEST_POSTGRES_URL) {
      console.log('PostgreSQL: skipped (set TEST_POSTGRES_URL=postgres://… to run the same import on it)');
      return;
    }
    const pg: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const created = await createTestDatabase({ kind: 'postgres' });
      const db = openDatabase(created.url, { poolSize: 10 });
      try {
        await migrateToLatest(db);
        pg.push(await round(depsFor(db, slack, created.url), slack, bytes));
      } finally {
        await db.destroy();
        await created.drop();
      }
    }
    report('PostgreSQL', pg);
  } finally {
    await slack.stop();
  }
}
