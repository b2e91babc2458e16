import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { fixedClock } from '../src/clock.js';
import { parseConfig } from '../src/config.js';
import { type Db, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { TEAM_VIEW_MAX } from '../src/domain/lead.js';
import { addDays } from '../src/domain/time.js';
import { refreshOrganiserFacts } from '../src/repositories/digest-facts.js';
import { goalChanges } from '../src/repositories/goal-history.js';
import {
  doneStepsSince,
  heldByWeek,
  houseMeetingsByDate,
  introductionsSince,
  openStepsByDue,
  organiserBasics,
  peopleByStage,
  stageMovesSince,
  themePeople,
  unreflectedByDate,
} from '../src/repositories/queries/lead-figures.js';
import { organiserFigures, teamFigures } from '../src/services/lead.js';
import { teamMessage } from '../src/views/lead-messages.js';
import { createTestDatabase } from '../test/support/db.js';
import { type Bulk, openBulk } from './lib/bulk.js';

/**
 * The lead's view (issue 12): `/onetoone team` for a lead of 40 organisers whose history holds
 * 1,000,000 one-to-ones (25,000 each: 30 a week for 16 years, 400 people each, 70% reflected,
 * half with a next step, 2% of old steps never done), their reflections, introductions, house
 * meetings and a running campaign's themes. Measured at 100,000 rows (the newest) and again at
 * 1,000,000, the same recent weeks with more history behind, to show the cost follows the
 * chart's 8 weeks and what is still open, not history. Whole view: every query, the access log
 * written for each of the 40, and the Block Kit. Then the same 1M on PostgreSQL when
 * TEST_POSTGRES_URL is set (a database of its own, created and dropped). Target: < 50 ms.
 */

const TEAM = 'TLEADBENCH';
const LEAD = 'ULEADBENCH';
const ORGANISERS = Array.from({ length: 40 }, (_, i) => `UORG${String(i).padStart(4, '0')}`);
const PEOPLE_PER_ORGANISER = 400;
const PER_WEEK = 30;
const TOTAL = 1_000_000;
const CHECKPOINT = 100_000;
const NOW = '2026-12-02T12:00:00.000Z';
const TODAY = '2026-12-02';
const THIS_MONDAY = '2026-11-30';
const WARMUP = 5;
const RUNS = 25;
const THEMES = 6;
const CAMPAIGN = 'campaign-lead-bench';

function prng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

const TABLES = [
  'one_to_ones',
  'reflections',
  'people',
  'introductions',
  'house_meetings',
  'one_to_one_themes',
];

async function seedBase(bulk: Bulk): Promise<void> {
  const at = '2010-01-01T00:00:00.000Z';
  await bulk.add(
    'organisers',
    ['team_id', 'user_id', 'weekly_goal', 'time_zone', 'time_zone_checked_at', 'created_at', 'updated_at'],
    [TEAM, LEAD, 5, 'Europe/London', at, at, at],
  );
  for (const [i, o] of ORGANISERS.entries()) {
    await bulk.add(
      'organisers',
      ['team_id', 'user_id', 'weekly_goal', 'time_zone', 'time_zone_checked_at', 'created_at', 'updated_at'],
      [TEAM, o, 5 + (i % 20), i % 4 === 0 ? 'America/New_York' : 'Europe/London', at, at, at],
    );
    await bulk.add(
      'lead_shares',
      [
        'id',
        'team_id',
        'organiser_id',
        'lead_id',
        'status',
        'invited_at',
        'accepted_at',
        'created_at',
        'updated_at',
      ],
      [`share-${o}`, TEAM, o, LEAD, 'accepted', at, at, at, at],
    );
    for (let p = 0; p < PEOPLE_PER_ORGANISER; p++) {
      await bulk.add(
        'people',
        ['id', 'team_id', 'organiser_id', 'name', 'name_key', 'institution_key', 'created_at', 'updated_at'],
        [`p-${o}-${p}`, TEAM, o, `Person ${p}`, `person ${p}`, '', at, at],
      );
    }
  }
  await bulk.add(
    'campaigns',
    [
      'id',
      'team_id',
      'name',
      'question',
      'starts_on',
      'ends_on',
      'min_count',
      'time_zone',
      'created_by',
      'created_at',
      'updated_at',
    ],
    [
      CAMPAIGN,
      TEAM,
      'Winter listening',
      'What keeps you up?',
      '2026-11-01',
      '2027-01-31',
      3,
      'Europe/London',
      LEAD,
      at,
      at,
    ],
  );
  for (let t = 0; t < THEMES; t++) {
    await bulk.add(
      'campaign_themes',
      ['id', 'team_id', 'campaign_id', 'label', 'label_key', 'position', 'created_at'],
      [`theme-${t}`, TEAM, CAMPAIGN, `Theme ${t}`, `theme ${t}`, t, at],
    );
  }
}

/**
 * Rows `from` to `to` of the history, newest first: week w (0 = this week) holds PER_WEEK
 * one-to-ones of each organiser, spread over its days.
 */
async function seedHistory(bulk: Bulk, rnd: () => number, from: number, to: number): Promise<void> {
  const perWeek = PER_WEEK * ORGANISERS.length;
  for (let n = from; n < to; n++) {
    const week = Math.floor(n / perWeek);
    const within = n % perWeek;
    const o = ORGANISERS[within % ORGANISERS.length]!;
    const day = Math.floor(rnd() * 7);
    let metOn = addDays(THIS_MONDAY, -7 * week + day);
    if (metOn > TODAY) metOn = TODAY;
    const id = `o-${n}`;
    const at = `${metOn}T18:00:00.000Z`;
    const person = `p-${o}-${Math.floor(rnd() * PEOPLE_PER_ORGANISER)}`;
    const step = rnd() < 0.5;
    const due = step ? addDays(metOn, 7) : null;
    const kind = step ? (rnd() < 0.1 ? 'introduction' : rnd() < 0.1 ? 'action' : 'meeting') : 'none';
    const done = step && due! < addDays(TODAY, -14) && rnd() > 0.02 ? `${due}T10:00:00.000Z` : null;
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
        'next_step_done_at',
        'created_at',
        'updated_at',
      ],
      [id, TEAM, o, person, metOn, 45, kind, due, done, at, at],
    );
    if (rnd() < 0.7) {
      const rat = `${addDays(metOn, 1)}T09:00:00.000Z`;
      await bulk.add(
        'reflections',
        ['id', 'team_id', 'organiser_id', 'one_to_one_id', 'created_at', 'updated_at'],
        [`r-${n}`, TEAM, o, id, rat, rat],
      );
    }
    if (metOn >= '2026-11-01') {
      await bulk.add(
        'one_to_one_themes',
        ['team_id', 'one_to_one_id', 'theme_id', 'campaign_id'],
        [TEAM, id, `theme-${Math.floor(rnd() * THEMES)}`, CAMPAIGN],
      );
    }
    // Two introductions and one house meeting a week per organiser, roughly.
    if (rnd() < 2 / PER_WEEK) {
      await bulk.add(
        'introductions',
        [
          'id',
          'team_id',
          'organiser_id',
          'person_a_id',
          'person_b_id',
          'status',
          'introduced_on',
          'created_at',
          'updated_at',
        ],
        [`i-${n}`, TEAM, o, person, `p-${o}-0`, rnd() < 0.5 ? 'met' : 'agreed', metOn, at, at],
      );
    }
    if (rnd() < 1 / PER_WEEK) {
      await bulk.add(
        'house_meetings',
        ['id', 'team_id', 'organiser_id', 'held_on', 'host_kind', 'attendance', 'created_at', 'updated_at'],
        [`h-${n}`, TEAM, o, metOn, 'me', 8, at, at],
      );
    }
  }
}

async function seedPhase(bulk: Bulk, phase: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await bulk.dropIndexes(TABLES);
  await phase();
  await bulk.flush();
  await bulk.restoreIndexes();
  return (performance.now() - started) / 1000;
}

async function rebuildFacts(db: Db): Promise<number> {
  const started = performance.now();
  await refreshOrganiserFacts(db, TEAM, undefined, NOW);
  return (performance.now() - started) / 1000;
}

function depsFor(db: Db, url: string) {
  const config = parseConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench-secret',
    DATABASE_URL: url,
    LOG_LEVEL: 'error',
  });
  return { db, config, clock: fixedClock(NOW) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function measure(db: Db, url: string, label: string): Promise<number> {
  const deps = depsFor(db, url);
  const actor = { teamId: TEAM, userId: LEAD };
  const times: number[] = [];
  const cpu: number[] = [];
  let blocks = 0;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const view = await teamFigures(deps, actor, 'team', TEAM_VIEW_MAX);
    blocks = teamMessage(view).blocks.length;
    const c = process.cpuUsage(c0);
    if (i >= WARMUP) {
      times.push(performance.now() - t0);
      cpu.push((c.user + c.system) / 1000);
    }
  }
  // The figures alone (no access log written), and a sanity line of what they say.
  const figs: number[] = [];
  let sample = '';
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    const f = await organiserFigures(deps, TEAM, ORGANISERS, LEAD);
    figs.push(performance.now() - t0);
    const x = f[1]!;
    sample = `e.g. ${x.organiserId}: ${x.thisWeek} of ${x.goal} this week, ${x.nextSteps.stillOpen} open past due, ${x.reflectionsPending} waiting for a reflection, ${x.themes.length} themes shown`;
  }
  // Each query alone, with this week's and the 8 weeks' bounds (London), in the order issued.
  const ids = ORGANISERS;
  const parts: [string, () => Promise<unknown>][] = [
    ['basics', () => organiserBasics(db, TEAM, ids)],
    ['weeks', () => heldByWeek(db, TEAM, ids, '2026-10-12', THIS_MONDAY)],
    ['goals', () => goalChanges(db, TEAM, ids, THIS_MONDAY)],
    ['house meetings', () => houseMeetingsByDate(db, TEAM, ids, '2026-10-12', '2026-12-06')],
    ['open steps', () => openStepsByDue(db, TEAM, ids, TODAY, '2026-12-06')],
    ['done steps', () => doneStepsSince(db, TEAM, ids, '2026-11-30T00:00:00.000Z')],
    ['unreflected', () => unreflectedByDate(db, TEAM, ids, '2026-10-12')],
    ['stages', () => peopleByStage(db, TEAM, ids)],
    [
      'stage moves',
      () => stageMovesSince(db, TEAM, ids, { date: THIS_MONDAY, instant: '2026-11-30T00:00:00.000Z' }),
    ],
    ['introductions', () => introductionsSince(db, TEAM, ids, '2026-10-12')],
    ['themes', () => themePeople(db, TEAM, ids, TODAY)],
  ];
  const line: string[] = [];
  for (const [name, q] of parts) {
    const ms: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      await q();
      ms.push(performance.now() - t0);
    }
    line.push(`${name} ${median(ms).toFixed(1)}`);
  }
  console.log(`    parts (ms): ${line.join(' · ')}`);
  const total = median(times);
  console.log(
    `${label} /onetoone team for 40 organisers: median ${total.toFixed(1)} ms wall, ${median(cpu).toFixed(1)} ms CPU (${blocks} blocks); figures alone ${median(figs).toFixed(1)} ms. ${sample}`,
  );
  return total;
}

async function onSqlite(): Promise<number> {
  // BENCH_LEAD_SQLITE=/some/file.db keeps the seeded database, and a later run measures it again
  // without seeding (after any new migration): for working on the queries.
  const kept = process.env.BENCH_LEAD_SQLITE;
  const dir = mkdtempSync(join(tmpdir(), 'onetoone-bench-lead-'));
  const path = kept ?? join(dir, 'bench.db');
  const reuse = kept !== undefined && existsSync(kept);
  const db = openDatabase(path);
  try {
    await migrateToLatest(db);
    if (reuse) return await measure(db, path, `  ${TOTAL.toLocaleString('en')} rows (kept):`);
    const bulk = await openBulk(path);
    const rnd = prng(7);
    let seconds = await seedPhase(bulk, async () => {
      await seedBase(bulk);
      await seedHistory(bulk, rnd, 0, CHECKPOINT);
    });
    console.log(
      `SQLite: seeded the newest ${CHECKPOINT.toLocaleString('en')} one-to-ones in ${seconds.toFixed(1)} s, facts in ${(await rebuildFacts(db)).toFixed(1)} s`,
    );
    await measure(db, path, `  ${CHECKPOINT.toLocaleString('en')} rows:`);
    seconds = await seedPhase(bulk, () => seedHistory(bulk, rnd, CHECKPOINT, TOTAL));
    await bulk.close();
    const facts = await rebuildFacts(db);
    console.log(
      `SQLite: seeded the older ${(TOTAL - CHECKPOINT).toLocaleString('en')} in ${seconds.toFixed(1)} s, facts in ${facts.toFixed(1)} s (database ${(statSync(path).size / 1e6).toFixed(0)} MB)`,
    );
    return await measure(db, path, `  ${TOTAL.toLocaleString('en')} rows:`);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(): Promise<number> {
  const created = await createTestDatabase({ kind: 'postgres' });
  const db = openDatabase(created.url, { poolSize: 10 });
  try {
    await migrateToLatest(db);
    const bulk = await openBulk(created.url);
    const rnd = prng(7);
    const seconds = await seedPhase(bulk, async () => {
      await seedBase(bulk);
      await seedHistory(bulk, rnd, 0, TOTAL);
    });
    await bulk.close();
    const facts = await rebuildFacts(db);
    // The facts' rebuild rewrote every one-to-one: vacuum as autovacuum would after it, so
    // index-only scans see the visibility map (they are what the view reads).
    await sql`vacuum analyze`.execute(db);
    console.log(
      `PostgreSQL: seeded ${TOTAL.toLocaleString('en')} in ${seconds.toFixed(1)} s, facts in ${facts.toFixed(1)} s`,
    );
    return await measure(db, created.url, `  ${TOTAL.toLocaleString('en')} rows:`);
  } finally {
    await db.destroy();
    await created.drop();
  }
}

export async function run(): Promise<void> {
  const lite = await onSqlite();
  console.log(`SQLite at 1M: ${lite.toFixed(1)} ms; target: under 50 ms`);
  if (process.env.TEST_POSTGRES_URL) {
    const pg = await onPostgres();
    console.log(
      `PostgreSQL at 1M: ${pg.toFixed(1)} ms (${(pg / lite).toFixed(2)}x SQLite); target: under 50 ms`,
    );
  } else {
    console.log('PostgreSQL: skipped (set TEST_POSTGRES_URL=postgres://… to run it)');
  }
}
