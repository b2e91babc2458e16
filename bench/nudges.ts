import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebClient } from '@slack/web-api';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { fixedClock } from '../src/clock.js';
import { parseConfig } from '../src/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';
import type { Deps } from '../src/deps.js';
import { globalDueWindow } from '../src/domain/nudge-timing.js';
import { addDays } from '../src/domain/time.js';
import { nudgesJob } from '../src/jobs/nudges.js';
import { createLogger } from '../src/logger.js';
import { findDueNudges } from '../src/services/nudges/due.js';
import { NUDGE_KINDS } from '../src/services/nudges/registry.js';
import { webApiPort } from '../src/slack/port/web-api-port.js';
import { TimeZoneCache } from '../src/time-zone-memo.js';

/**
 * One nudge tick over a large database: finding what is due (every kind's query) and a whole
 * dry-run tick (per organiser: settings, daily key, working hours, loading each card).
 *
 * The data: 550 one-to-ones a day across 2,000 organisers in 20 teams and four time zones, each
 * person met every 3 weeks, five times, and then no more (so a steady ~20% of meetings are
 * someone's last: "going cold" has real work). 50,000 next steps are open, from the newest 50,000
 * one-to-ones (about 91 days), 500 of them due now; older steps are done or none. The last 30 days are 70% reflected.
 *
 * History of 100,000 and 1,000,000 one-to-ones at the same rate (about 6 months and 5 years):
 * the recent data, and so what is due, is the same; only history grows. Then 5,000 due instead
 * of 500 in the 1M database: the cost should follow that.
 */

const NOW = new Date('2026-12-02T10:00:00Z'); // a Wednesday
const TODAY = '2026-12-02';
const PER_DAY = 550;
const ORGANISERS = 2_000;
const TEAMS = 20;
const PENDING = 50_000;
const DUE = 500;
const ZONES = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'America/Los_Angeles'];
const RUNS = 9;
/** Days between two meetings with the same person (under goingColdWeeks, so only last ones go cold). */
const CADENCE = 21;

/** A small deterministic PRNG so every run seeds the same data. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const organiserId = (o: number) => `UORG${String(o).padStart(5, '0')}`;
const teamOf = (o: number) => `TBENCH${o % TEAMS}`;
const FILLER = 'Private words an organiser wrote, never read by the nudge job.';

interface Bench {
  dir: string;
  sqlite: SQLite.Database;
  db: Kysely<Database>;
  queries: { sql: string; parameters: readonly unknown[] }[];
}

async function open(): Promise<Bench> {
  const dir = mkdtempSync(join(tmpdir(), 'onetoone-bench-nudges-'));
  const sqlite = new SQLite(join(dir, 'bench.db'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  const queries: Bench['queries'] = [];
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (event) => {
      if (event.level === 'query') queries.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
  await migrateToLatest(db);
  return { dir, sqlite, db, queries };
}

/**
 * Seeds `total` one-to-ones, newest day first. Slot j of day d meets person (j, era) where the
 * era is 5 × CADENCE days long, staggered by slot; within an era a person is met every CADENCE days.
 */
function seed(b: Bench, total: number): void {
  const { sqlite } = b;
  const rand = prng(42);
  const now = NOW.toISOString();
  const insertOrganiser = sqlite.prepare(
    `insert into organisers (team_id, user_id, weekly_goal, time_zone, time_zone_checked_at, created_at, updated_at)
     values (?, ?, 5, ?, ?, ?, ?)`,
  );
  const insertPerson = sqlite.prepare(
    `insert or ignore into people (id, team_id, organiser_id, name, name_key, institution_key, created_at, updated_at)
     values (?, ?, ?, ?, ?, '', ?, ?)`,
  );
  const insertOneToOne = sqlite.prepare(
    `insert into one_to_ones (id, team_id, organiser_id, person_id, met_on, duration_minutes, stories,
      next_step_kind, next_step_due_on, next_step_done_at, created_at, updated_at)
     values (?, ?, ?, ?, ?, 45, ?, ?, ?, ?, ?, ?)`,
  );
  const insertReflection = sqlite.prepare(
    `insert into reflections (id, team_id, organiser_id, one_to_one_id, motivations, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?)`,
  );
  // Indexes are dropped while seeding and rebuilt after (a sorted build beats a million random
  // inserts into a dozen B-trees); the queries then run on exactly the migrations' indexes.
  const indexes = sqlite
    .prepare(
      `select name, sql from sqlite_master where type = 'index' and sql is not null
       and tbl_name in ('one_to_ones', 'people', 'reflections')`,
    )
    .all() as { name: string; sql: string }[];
  for (const index of indexes) sqlite.exec(`drop index "${index.name}"`);
  const people = new Set<string>();
  sqlite.transaction(() => {
    for (let o = 0; o < ORGANISERS; o++) {
      insertOrganiser.run(teamOf(o), organiserId(o), ZONES[o % ZONES.length], now, now, now);
    }
    for (let i = 0; i < total; i++) {
      const d = Math.floor(i / PER_DAY);
      const j = i % PER_DAY;
      const era = Math.floor((d + (j % 5) * CADENCE) / (5 * CADENCE));
      const personKey = `${j}-${era}-${d % CADENCE}`;
      // A person belongs to one organiser.
      let h = 0;
      for (let c = 0; c < personKey.length; c++) h = (Math.imul(h, 31) + personKey.charCodeAt(c)) | 0;
      const o = Math.abs(h) % ORGANISERS;
      const team = teamOf(o);
      const organiser = organiserId(o);
      const personId = `P${personKey}`;
      if (!people.has(personId)) {
        people.add(personId);
        insertPerson.run(personId, team, organiser, `Person ${personKey}`, `person ${personKey}`, now, now);
      }
      const metOn = addDays(TODAY, -d);
      const createdAt = `${metOn}T19:00:00.000Z`;
      let kind = 'none';
      let dueOn: string | null = null;
      let doneAt: string | null = null;
      if (i < PENDING) {
        // The newest 50,000 (about 91 days) have an open step; every 100th is due now.
        if (i % (PENDING / DUE) === 0) {
          kind = 'meeting';
          dueOn = addDays(TODAY, -Math.floor(rand() * 3));
        } else {
          kind = 'introduction';
          dueOn = addDays(TODAY, 2 + Math.floor(rand() * 60));
        }
      } else if (rand() < 0.4) {
        kind = 'action';
        dueOn = addDays(metOn, 14);
        doneAt = `${addDays(metOn, 10)}T12:00:00.000Z`;
      }
      const id = `O${String(i).padStart(8, '0')}`;
      insertOneToOne.run(
        id,
        team,
        organiser,
        personId,
        metOn,
        FILLER,
        kind,
        dueOn,
        doneAt,
        createdAt,
        createdAt,
      );
      if (d < 30 && rand() < 0.7) {
        insertReflection.run(`R${id}`, team, organiser, id, FILLER, createdAt, createdAt);
      }
    }
  })();
  for (const index of indexes) sqlite.exec(index.sql);
  sqlite.pragma('optimize');
  sqlite.exec('analyze');
}

function deps(b: Bench): Deps {
  const config = parseConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench-signing-secret',
    // Never called: every organiser's time zone is cached and fresh.
    SLACK_API_URL: 'http://127.0.0.1:9/api/',
    DATABASE_URL: join(b.dir, 'bench.db'),
  });
  return {
    db: b.db,
    config,
    clock: fixedClock(NOW),
    logger: createLogger('error', () => {}),
    timeZones: new TimeZoneCache(),
    slack: webApiPort(
      new WebClient('xoxb-bench', { slackApiUrl: config.slack.apiUrl, retryConfig: { retries: 0 } }),
    ),
  };
}

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/**
 * Steady state: what earlier ticks already sent is in the ledger, as in production. Everything
 * found due before today (and not a next step, which stays due until done) is marked sent.
 */
async function markEarlierSent(b: Bench, d: Deps): Promise<void> {
  const due = await findDueNudges(d, NOW);
  const insert = b.sqlite.prepare(
    `insert or ignore into nudge_ledger (id, team_id, user_id, kind, subject_id, due_on, status, local_date,
      attempts, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 'sent', ?, 1, ?, ?)`,
  );
  let n = 0;
  b.sqlite.transaction(() => {
    for (const org of due) {
      for (const item of org.due) {
        const c = item.candidate;
        if (item.kind.name === 'next_step' || !c.dueOn || c.dueOn >= addDays(TODAY, -1)) continue;
        const at = `${c.dueOn}T09:00:00.000Z`;
        insert.run(`L${n++}`, c.teamId, c.userId, item.kind.name, c.subjectId, c.dueOn, c.dueOn, at, at);
      }
    }
  })();
}

async function measure(label: string, d: Deps): Promise<void> {
  const window = globalDueWindow(NOW);
  const scan = { now: NOW, window, settings: d.config.nudges };
  const counts: string[] = [];
  for (const kind of NUDGE_KINDS) counts.push(`${kind.name} ${(await kind.findDue(d.db, scan)).length}`);
  const find = await median(RUNS, () => findDueNudges(d, NOW));
  const perKind: string[] = [];
  for (const kind of NUDGE_KINDS) {
    perKind.push(`${kind.name} ${(await median(RUNS, () => kind.findDue(d.db, scan))).toFixed(1)}`);
  }
  let messages = 0;
  const tick = await median(3, async () => {
    const result = await nudgesJob.run({ deps: d, now: NOW, dryRun: true });
    messages = result.messages?.length ?? 0;
  });
  console.log(`${label}`);
  console.log(`  due found:            ${counts.join(', ')}`);
  console.log(`  find what is due:     ${find.toFixed(1)} ms (median of ${RUNS}; target < 50 ms)`);
  console.log(`    per kind (ms):      ${perKind.join(', ')}`);
  console.log(`  whole dry-run tick:   ${tick.toFixed(1)} ms for ${messages} DMs (median of 3)`);
}

export async function run(): Promise<void> {
  const small = await open();
  const big = await open();
  try {
    let start = performance.now();
    seed(small, 100_000);
    const smallDeps = deps(small);
    await markEarlierSent(small, smallDeps);
    console.log(`seeded 100,000 one-to-ones in ${((performance.now() - start) / 1000).toFixed(1)} s`);
    start = performance.now();
    seed(big, 1_000_000);
    const bigDeps = deps(big);
    await markEarlierSent(big, bigDeps);
    console.log(`seeded 1,000,000 one-to-ones in ${((performance.now() - start) / 1000).toFixed(1)} s`);
    const pending = big.sqlite
      .prepare(
        `select count(*) as n from one_to_ones where next_step_done_at is null and next_step_kind <> 'none'`,
      )
      .get() as { n: number };
    console.log(`open next steps: ${pending.n}`);

    await measure('100,000 one-to-ones, 500 next steps due', smallDeps);
    await measure('1,000,000 one-to-ones, 500 next steps due', bigDeps);

    // Ten times the due next steps, same history.
    big.sqlite
      .prepare(
        `update one_to_ones set next_step_due_on = ? where id in (
           select id from one_to_ones where next_step_done_at is null and next_step_kind = 'introduction'
           order by id limit ?)`,
      )
      .run(TODAY, 10 * DUE - DUE);
    await measure('1,000,000 one-to-ones, 5,000 next steps due', bigDeps);

    // How SQLite runs each kind's due query.
    big.queries.length = 0;
    await findDueNudges(bigDeps, NOW);
    console.log('query plans (1M):');
    for (const q of big.queries) {
      const plan = big.sqlite.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as {
        detail: string;
      }[];
      const table = /from "(\w+)"/.exec(q.sql)?.[1] ?? '?';
      console.log(`  ${table}: ${plan.map((p) => p.detail).join(' | ')}`);
    }
  } finally {
    await small.db.destroy();
    await big.db.destroy();
    rmSync(small.dir, { recursive: true, force: true });
    rmSync(big.dir, { recursive: true, force: true });
  }
}
