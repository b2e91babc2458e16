import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebClient } from '@slack/web-api';
import { sql } from 'kysely';
import { fixedClock } from '../src/clock.js';
import { parseConfig } from '../src/config.js';
import { type Db, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Deps } from '../src/deps.js';
import { weekInstants } from '../src/domain/digest.js';
import { addDays } from '../src/domain/time.js';
import { createLogger } from '../src/logger.js';
import { refreshOrganiserFacts } from '../src/repositories/digest-facts.js';
import { goalChanges } from '../src/repositories/goal-history.js';
import { teamHouseMeetingWeek } from '../src/repositories/house-meetings.js';
import { countTeamIntroductions } from '../src/repositories/introductions.js';
import { pausedDuring } from '../src/repositories/pauses.js';
import {
  countInstitutionsMet,
  findTeamOrganisers,
  firstWeekBefore,
  institutionsFirstMet,
  institutionsReached,
  stageMoveCandidates,
  teamWeekCounts,
  workspaceWeeks,
} from '../src/repositories/queries/digest-stats.js';
import { campaignDigestSection } from '../src/services/campaign-report.js';
import { buildDigest, channelMembers } from '../src/services/digest.js';
import { webApiPort } from '../src/slack/port/web-api-port.js';
import { TimeZoneCache } from '../src/time-zone-memo.js';
import { digestMessage } from '../src/views/digest.js';
import { createTestDatabase } from '../test/support/db.js';
import { type FakeSlack, startFakeSlack } from '../test/support/fake-slack.js';
import { type Bulk, openBulk } from './lib/bulk.js';

/**
 * Building one team's weekly digest (members through conversations.members on a loopback fake
 * Slack, then every aggregate query, then the view) for a 200-member team, on a database holding
 * that team's 1,000,000 one-to-ones over 3 years plus 5,000 other workspaces' data.
 *
 * The team's rows are seeded newest week first, so the figure at 100k and at 1M is for the very
 * same last week and 8-week window: only the history behind them grows. The cost should not.
 *
 * Beside it, the SQL floor: one indexed aggregate over the same week (count(*) of the team's
 * one-to-ones met last week), the least any digest must read. Then, when TEST_POSTGRES_URL is
 * set, the same seed and the same digest on PostgreSQL, in a database created for the run and
 * dropped after.
 */

const TEAM = 'TBENCH';
const CHANNEL = 'CBENCH';
const MEMBERS = 200;
const PEOPLE_PER_ORGANISER = 400;
const INSTITUTIONS = 2_000;
const TOTAL = 1_000_000;
const CHECKPOINT = 100_000;
const WEEKS = 156; // 3 years
const OTHER_TEAMS = 5_000;
const OTHER_ROWS_PER_TEAM = 10;
// Enough runs that the median means something on a shared, loaded machine.
const RUNS = 21;
/** The reported week: Monday 16 Nov 2026 (the digest posted on Monday 23 Nov). */
const WEEK_START = '2026-11-16';

const organisers = Array.from({ length: MEMBERS }, (_, i) => `UORG${String(i).padStart(5, '0')}`);

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

const FILLER = 'Private words an organiser wrote, never read by the digest.';
const KINDS = ['meeting', 'introduction', 'action'] as const;

const ONE_TO_ONE_COLUMNS = [
  'id',
  'team_id',
  'organiser_id',
  'person_id',
  'met_on',
  'duration_minutes',
  'stories',
  'self_interest_needs',
  'next_step_kind',
  'next_step_due_on',
  'next_step_done_at',
  'institution_id',
  'created_at',
  'updated_at',
] as const;
const REFLECTION_COLUMNS = [
  'id',
  'team_id',
  'organiser_id',
  'one_to_one_id',
  'motivations',
  'created_at',
  'updated_at',
] as const;
const TABLES = ['institutions', 'organisers', 'people', 'one_to_ones', 'reflections'];

/** Each seeded person's institution: stored on their one-to-ones, as the app does when logging. */
const institutionOf = new Map<string, string | null>();

/** One one-to-one (and maybe its reflection) on `metOn`, with a next step some of the time. */
async function insertOne(
  bulk: Bulk,
  rnd: () => number,
  team: string,
  organiser: string,
  personId: string,
  metOn: string,
): Promise<void> {
  const id = randomUUID();
  const created = `${metOn}T${String(12 + Math.floor(rnd() * 10)).padStart(2, '0')}:00:00.000Z`;
  const hasStep = rnd() < 0.4;
  const kind = hasStep ? KINDS[Math.floor(rnd() * KINDS.length)]! : 'none';
  const due = hasStep ? addDays(metOn, 7) : null;
  const done =
    hasStep && rnd() < 0.7 ? new Date(Date.parse(created) + rnd() * 10 * 86_400_000).toISOString() : null;
  const duration = 30 + Math.floor(rnd() * 40);
  await bulk.add('one_to_ones', ONE_TO_ONE_COLUMNS, [
    id,
    team,
    organiser,
    personId,
    metOn,
    duration,
    FILLER,
    FILLER,
    kind,
    due,
    done,
    institutionOf.get(personId) ?? null,
    created,
    created,
  ]);
  if (rnd() < 0.6) {
    const at = new Date(Date.parse(created) + rnd() * 72 * 3_600_000).toISOString();
    await bulk.add('reflections', REFLECTION_COLUMNS, [randomUUID(), team, organiser, id, FILLER, at, at]);
  }
}

async function seedBase(bulk: Bulk, rnd: () => number): Promise<Map<string, string[]>> {
  const now = '2023-11-01T00:00:00.000Z';
  const institution = (id: string, team: string, name: string) =>
    bulk.add(
      'institutions',
      ['id', 'team_id', 'name', 'name_key', 'created_at'],
      [id, team, name, name.toLowerCase(), now],
    );
  const organiser = (team: string, user: string, goal: number) =>
    bulk.add(
      'organisers',
      ['team_id', 'user_id', 'weekly_goal', 'created_at', 'updated_at'],
      [team, user, goal, now, now],
    );
  const person = (row: unknown[]) =>
    bulk.add(
      'people',
      [
        'id',
        'team_id',
        'organiser_id',
        'name',
        'name_key',
        'institution_id',
        'institution_key',
        'created_at',
        'updated_at',
      ],
      [...row, now, now],
    );
  const people = new Map<string, string[]>();
  const institutions: { id: string; key: string }[] = [];
  for (let i = 0; i < INSTITUTIONS; i++) {
    const id = randomUUID();
    const name = `Institution ${i}`;
    await institution(id, TEAM, name);
    institutions.push({ id, key: name.toLowerCase() });
  }
  for (const o of organisers) {
    await organiser(TEAM, o, 20 + Math.floor(rnd() * 20));
    const mine: string[] = [];
    for (let p = 0; p < PEOPLE_PER_ORGANISER; p++) {
      const id = randomUUID();
      const inst = rnd() < 0.8 ? institutions[Math.floor(rnd() * institutions.length)]! : undefined;
      const name = `Person ${o} ${p}`;
      await person([id, TEAM, o, name, name.toLowerCase(), inst?.id ?? null, `${inst?.key ?? ''}#${p}`]);
      institutionOf.set(id, inst?.id ?? null);
      mine.push(id);
    }
    people.set(o, mine);
  }
  // 5,000 other workspaces: two organisers, an institution, four people, ten one-to-ones each,
  // spread over the same three years (so some fall in the very same week).
  for (let t = 0; t < OTHER_TEAMS; t++) {
    const team = `TOTHER${t}`;
    const inst = randomUUID();
    await institution(inst, team, 'Institution 1');
    const ids: string[] = [];
    for (const u of ['UOTHER1', organisers[t % MEMBERS]!]) {
      await organiser(team, u, 5);
      for (let p = 0; p < 2; p++) {
        const id = randomUUID();
        await person([id, team, u, `Other ${p}`, `other ${p} ${u}`, inst, 'institution 1']);
        institutionOf.set(id, inst);
        ids.push(id);
      }
    }
    for (let r = 0; r < OTHER_ROWS_PER_TEAM; r++) {
      const who = ids[r % ids.length]!;
      const owner = r % ids.length < 2 ? 'UOTHER1' : organisers[t % MEMBERS]!;
      const metOn = addDays(WEEK_START, 6 - Math.floor(rnd() * WEEKS * 7));
      await insertOne(bulk, rnd, team, owner, who, metOn);
    }
  }
  return people;
}

/** The team's rows from `from` to `to` (0 = newest), newest week first, ~TOTAL/WEEKS a week. */
async function seedTeam(
  bulk: Bulk,
  rnd: () => number,
  people: Map<string, string[]>,
  from: number,
  to: number,
): Promise<void> {
  for (let n = from; n < to; n++) {
    // Row n lies in week floor(n / perWeek) back from the reported week, on a random day.
    const week = Math.floor((n * WEEKS) / TOTAL);
    const metOn = addDays(WEEK_START, -7 * week + Math.floor(rnd() * 7));
    const organiser = organisers[n % MEMBERS]!;
    const mine = people.get(organiser)!;
    await insertOne(bulk, rnd, TEAM, organiser, mine[Math.floor(rnd() * mine.length)]!, metOn);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The SQL floor: one indexed aggregate over the same week, the least a digest must read. */
function floor(db: Db): Promise<unknown> {
  return db
    .selectFrom('one_to_ones')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('team_id', '=', TEAM)
    .where('met_on', '>=', WEEK_START)
    .where('met_on', '<=', addDays(WEEK_START, 6))
    .executeTakeFirst();
}

interface Measured {
  /** Median wall-clock milliseconds of a whole digest (members, queries, view). */
  digest: number;
  /** The fastest run's wall-clock milliseconds: the figure least disturbed by the neighbours. */
  fastest: number;
  /** Median CPU milliseconds of this process per digest (SQLite runs in it). */
  cpu: number;
  /** PostgreSQL's backends' CPU milliseconds per digest (mean over the runs), where readable. */
  serverCpu?: number;
  floor: number;
}

/**
 * CPU ticks so far of each PostgreSQL backend serving this database, from /proc (Linux, the
 * server on this host, as in development and CI); undefined elsewhere. With this process's own
 * CPU time it gives what a digest costs on PostgreSQL whatever the neighbours do to the wall clock.
 */
async function serverTicks(db: Db): Promise<Map<number, number> | undefined> {
  if (!existsSync('/proc/self/stat')) return undefined;
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database()
  `.execute(db);
  const ticks = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      // Fields after "pid (comm) ": state is the first, utime the 12th and stime the 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      return undefined;
    }
  }
  return ticks;
}

/** Milliseconds of backend CPU between two readings (USER_HZ is 100 on Linux). */
function serverCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return ticks * 10;
}

async function measure(deps: Deps, label: string, onPostgres = false): Promise<Measured> {
  // Warm-up: the first build pays for page-cache misses and statement preparation (and, on
  // PostgreSQL, opens the pool's connections).
  let summary = await buildDigest(deps, TEAM, CHANNEL, WEEK_START, 'Europe/London');
  await buildDigest(deps, TEAM, CHANNEL, WEEK_START, 'Europe/London');
  const serverBefore = onPostgres ? await serverTicks(deps.db) : undefined;
  const times: number[] = [];
  // CPU time of this process too: on a shared 2-core machine the wall clock mostly measures the
  // neighbours (SQLite runs on this thread; the fake Slack's share is small).
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const before = process.cpuUsage();
    times.push(
      await timed(async () => {
        summary = await buildDigest(deps, TEAM, CHANNEL, WEEK_START, 'Europe/London');
        digestMessage(summary);
      }),
    );
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
  }
  const serverAfter = serverBefore ? await serverTicks(deps.db) : undefined;
  const serverCpu =
    serverBefore && serverAfter ? serverCpuBetween(serverBefore, serverAfter) / RUNS : undefined;
  const floorTimes: number[] = [];
  await floor(deps.db);
  for (let i = 0; i < RUNS; i++) floorTimes.push(await timed(() => floor(deps.db)));
  const chartRows = summary.weeks.reduce((s, w) => s + w.held, 0);
  console.log(
    `${label.padEnd(44)} median ${median(times).toFixed(1).padStart(6)} ms wall, ${median(cpu).toFixed(1)} ms CPU${serverCpu === undefined ? '' : ` + ${serverCpu.toFixed(1)} ms server CPU`}  (wall min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}; ${RUNS} runs)  SQL floor ${median(floorTimes).toFixed(2)} ms; last week ${summary.held} rows, 8 weeks ${chartRows} rows`,
  );
  // Where the time goes: each query on its own (medians), in the order buildDigest issues them.
  const { db } = deps;
  const end = addDays(WEEK_START, 6);
  const chartStart = addDays(WEEK_START, -49);
  const { from, to } = weekInstants(WEEK_START, 'Europe/London');
  const [f, t] = [from.toISOString(), to.toISOString()];
  const week = { fromDate: WEEK_START, toDate: end, fromInstant: f, toInstant: t };
  const team = await findTeamOrganisers(db, TEAM, organisers);
  const ids = team.map((o) => o.user_id);
  const parts: [string, () => Promise<unknown>][] = [
    ['members', () => channelMembers(deps, TEAM, CHANNEL)],
    ['team', () => findTeamOrganisers(db, TEAM, organisers)],
    ['paused', () => pausedDuring(db, TEAM, WEEK_START, addDays(WEEK_START, 7))],
    ['goals', () => goalChanges(db, TEAM, ids, WEEK_START)],
    ['8 weeks per organiser', () => workspaceWeeks(db, TEAM, chartStart, WEEK_START)],
    ['first week', () => firstWeekBefore(db, TEAM, ids, chartStart)],
    ['institutions', () => countInstitutionsMet(db, TEAM, WEEK_START, end)],
    ['institutions (several teams)', () => institutionsReached(db, TEAM, ids, WEEK_START, end)],
    ['new institutions', () => institutionsFirstMet(db, TEAM, WEEK_START, end)],
    ['stage moves', () => stageMoveCandidates(db, TEAM, ids, week)],
    ['new people, reflections, steps done and open', () => teamWeekCounts(db, TEAM, ids, week, chartStart)],
    ['introductions', () => countTeamIntroductions(db, TEAM, ids, week)],
    ['campaign', () => campaignDigestSection(deps, TEAM, CHANNEL, WEEK_START, end)],
    ['house meetings', () => teamHouseMeetingWeek(db, TEAM, ids, WEEK_START, end)],
  ];
  const figures: string[] = [];
  for (const [name, fn] of parts) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push(await timed(fn));
    figures.push(`${name} ${median(times).toFixed(1)}`);
  }
  console.log(`${''.padEnd(44)} parts (ms): ${figures.join(', ')}`);
  return {
    digest: median(times),
    fastest: Math.min(...times),
    cpu: median(cpu),
    ...(serverCpu === undefined ? {} : { serverCpu }),
    floor: median(floorTimes),
  };
}

/**
 * The same with SQLite's 2 MB default page cache, for comparison: the app opens its database with
 * 64 MB (src/db/database.ts), which is what the first figure measures.
 */
async function measureWithDefaultCache(deps: Deps, label: string): Promise<Measured> {
  await sql`pragma cache_size = -2000`.execute(deps.db);
  try {
    return await measure(deps, label);
  } finally {
    await sql`pragma cache_size = -65536`.execute(deps.db);
  }
}

/** Deps for buildDigest on `db`, with a fresh Slack client (a keep-alive socket left idle while seeding is closed). */
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
    clock: fixedClock('2026-11-23T09:00:00Z'),
    logger: createLogger('error', () => {}),
    timeZones: new TimeZoneCache(),
    slack: webApiPort(
      new WebClient('xoxb-bench', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 1, minTimeout: 10 } }),
    ),
  };
}

/** Seeds [from, to) of the team's rows with the indexes off, then rebuilds them. */
async function seedPhase(bulk: Bulk, phase: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await bulk.dropIndexes(TABLES);
  await phase();
  await bulk.restoreIndexes();
  return (performance.now() - started) / 1000;
}

/**
 * The digest's facts, kept on write by the app (src/repositories/digest-facts.ts), for rows the
 * seed wrote around it: rebuilt from the one-to-ones, as after an import. Only the measured
 * team's (every read is by team_id first, so other workspaces' facts would not be read).
 */
async function rebuildFacts(db: Db, teams: readonly string[]): Promise<number> {
  const started = performance.now();
  const now = new Date().toISOString();
  for (const team of teams) await refreshOrganiserFacts(db, team, undefined, now);
  return (performance.now() - started) / 1000;
}

/**
 * BENCH_DIGEST_SQLITE=/some/file.db keeps the seeded SQLite database there, and a later run with
 * the same file measures it again without seeding (after applying any new migration): for
 * working on the digest's queries without waiting for the seed each time.
 */
async function onSqlite(slack: FakeSlack): Promise<Measured> {
  const kept = process.env.BENCH_DIGEST_SQLITE;
  if (kept && existsSync(kept)) {
    const db = openDatabase(kept);
    try {
      await migrateToLatest(db);
      console.log(`SQLite: the database kept in ${kept} (${(statSync(kept).size / 1e6).toFixed(0)} MB)`);
      const measured = await measure(
        depsFor(db, slack, kept),
        `team history ${TOTAL.toLocaleString('en')} rows:`,
      );
      await measureWithDefaultCache(depsFor(db, slack, kept), `  same, SQLite's 2 MB default cache:`);
      return measured;
    } finally {
      await db.destroy();
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'onetoone-bench-digest-'));
  const path = kept ?? join(dir, 'bench.db');
  const db = openDatabase(path);
  try {
    await migrateToLatest(db);
    const bulk = await openBulk(path);
    const rnd = prng(42);
    let people = new Map<string, string[]>();
    let seconds = await seedPhase(bulk, async () => {
      people = await seedBase(bulk, rnd);
      await seedTeam(bulk, rnd, people, 0, CHECKPOINT);
    });
    console.log(
      `SQLite: seeded ${MEMBERS} organisers × ${PEOPLE_PER_ORGANISER} people, ${INSTITUTIONS} institutions, ${OTHER_TEAMS} other workspaces (${OTHER_TEAMS * OTHER_ROWS_PER_TEAM} rows) and the team's newest ${CHECKPOINT.toLocaleString('en')} one-to-ones in ${seconds.toFixed(1)} s; digest facts rebuilt in ${(await rebuildFacts(db, [TEAM])).toFixed(1)} s`,
    );
    await measure(depsFor(db, slack, path), `team history ${CHECKPOINT.toLocaleString('en')} rows:`);
    await measureWithDefaultCache(depsFor(db, slack, path), `  same, SQLite's 2 MB default cache:`);

    seconds = await seedPhase(bulk, () => seedTeam(bulk, rnd, people, CHECKPOINT, TOTAL));
    await bulk.close();
    const facts = await rebuildFacts(db, [TEAM]);
    console.log(
      `seeded the older ${(TOTAL - CHECKPOINT).toLocaleString('en')} in ${seconds.toFixed(1)} s, the team's digest facts rebuilt in ${facts.toFixed(1)} s (database ${(statSync(path).size / 1e6).toFixed(0)} MB)`,
    );
    // Seeding blocked the event loop: let the fake Slack's keep-alive timers close idle sockets now.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const measured = await measure(
      depsFor(db, slack, path),
      `team history ${TOTAL.toLocaleString('en')} rows:`,
    );
    await measureWithDefaultCache(depsFor(db, slack, path), `  same, SQLite's 2 MB default cache:`);
    return measured;
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * BENCH_DIGEST_POSTGRES=postgres://…/some_db does the same on PostgreSQL: the first run seeds that
 * (existing, empty) database and keeps it, later runs migrate and measure it without seeding.
 */
async function onPostgres(slack: FakeSlack): Promise<Measured> {
  const kept = process.env.BENCH_DIGEST_POSTGRES;
  const created = kept ? undefined : await createTestDatabase({ kind: 'postgres' });
  const url = kept ?? created!.url;
  const db = openDatabase(url, { poolSize: 10 });
  try {
    await migrateToLatest(db);
    const seeded =
      kept !== undefined &&
      (await db
        .selectFrom('one_to_ones')
        .select('id')
        .where('team_id', '=', TEAM)
        .limit(1)
        .executeTakeFirst()) !== undefined;
    if (seeded) {
      await sql`analyze`.execute(db);
      console.log('PostgreSQL: the database kept in BENCH_DIGEST_POSTGRES');
    } else {
      const bulk = await openBulk(url);
      const rnd = prng(42);
      const seconds = await seedPhase(bulk, async () => {
        const people = await seedBase(bulk, rnd);
        await seedTeam(bulk, rnd, people, 0, TOTAL);
      });
      await bulk.close();
      const facts = await rebuildFacts(db, [TEAM]);
      // What autovacuum would do after the rebuild's updates: fresh statistics, and a visibility
      // map that lets index-only scans skip the table (the floor among them).
      await sql`vacuum analyze`.execute(db);
      console.log(
        `PostgreSQL: seeded the same ${TOTAL.toLocaleString('en')} (and the rest) in ${seconds.toFixed(1)} s, digest facts rebuilt in ${facts.toFixed(1)} s`,
      );
    }
    return await measure(depsFor(db, slack, url), `team history ${TOTAL.toLocaleString('en')} rows:`, true);
  } finally {
    await db.destroy();
    await created?.drop();
  }
}

export async function run(): Promise<void> {
  const slack = await startFakeSlack();
  slack.channels.set(CHANNEL, { id: CHANNEL, members: [...organisers, 'UBOT0001'] });
  try {
    const lite = await onSqlite(slack);
    console.log(
      `SQLite at 1M: ${lite.digest.toFixed(1)} ms (fastest ${lite.fastest.toFixed(1)}, CPU ${lite.cpu.toFixed(1)}), ${(lite.digest / lite.floor).toFixed(0)}x its SQL floor of ${lite.floor.toFixed(2)} ms; target: 25 ms or less, and no growth from 100k to 1M`,
    );
    if (process.env.TEST_POSTGRES_URL) {
      const pg = await onPostgres(slack);
      const cpu = pg.cpu + (pg.serverCpu ?? 0);
      console.log(
        `PostgreSQL at 1M: ${pg.digest.toFixed(1)} ms (fastest ${pg.fastest.toFixed(1)}, CPU ${cpu.toFixed(1)}${pg.serverCpu === undefined ? '' : ' with the server'}), ${(pg.digest / pg.floor).toFixed(0)}x its SQL floor of ${pg.floor.toFixed(2)} ms; ${(pg.digest / lite.digest).toFixed(2)}x SQLite (fastest ${(pg.fastest / lite.fastest).toFixed(2)}x, CPU ${(cpu / lite.cpu).toFixed(2)}x); target: 2x or less`,
      );
    } else {
      console.log('PostgreSQL: skipped (set TEST_POSTGRES_URL=postgres://… to run the same digest on it)');
    }
  } finally {
    await slack.stop();
  }
}
