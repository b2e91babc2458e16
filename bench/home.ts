import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebClient } from '@slack/web-api';
import SQLite from 'better-sqlite3';
import { fixedClock } from '../src/clock.js';
import { parseConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Deps } from '../src/deps.js';
import { addDays } from '../src/domain/time.js';
import { createLogger } from '../src/logger.js';
import { showHome } from '../src/services/home.js';
import { listMyPeople } from '../src/services/people.js';
import { showPowerMap } from '../src/services/power-map.js';
import { webApiPort } from '../src/slack/port/web-api-port.js';
import { refreshHome } from '../src/slack/surfaces/home-tab.js';
import { TimeZoneCache } from '../src/time-zone-memo.js';
import { homeView } from '../src/views/home.js';
import { peopleMessage } from '../src/views/people.js';
import { mapMessage } from '../src/views/power-map.js';
import { startFakeSlack } from '../test/support/fake-slack.js';

/**
 * The Home tab for a busy organiser: 2,000 people and 10,000 one-to-ones over two years (plus
 * three colleagues with 2,000 each, so the queries must filter). Target: build the view (all its
 * queries and the rendering) in under 50 ms. Also: views.publish round trip to a fake Slack on
 * loopback, the people list and the team's power map. Median and p95 over RUNS runs after warm-up.
 */

const TEAM = 'TBENCH';
const ME = 'UBENCHME';
const NOW = '2026-11-25T12:00:00Z';
const TODAY = '2026-11-25';
const PEOPLE = 2_000;
const ONE_TO_ONES = 10_000;
const COLLEAGUES = ['UBENCH01', 'UBENCH02', 'UBENCH03'];
const COLLEAGUE_ONE_TO_ONES = 2_000;
const INSTITUTIONS = 80;
const WARMUP = 5;
const RUNS = 40;

const TYPES = [
  'faith',
  'school',
  'union',
  'tenants',
  'business',
  'public_body',
  'community_group',
  'other',
  null,
];

/** A small deterministic generator: the same data set every run. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function seed(path: string): void {
  const db = new SQLite(path);
  const random = rng(42);
  const now = new Date(NOW).toISOString();
  const institutionIds: string[] = [];
  const insertOrganiser = db.prepare(
    'insert into organisers (team_id, user_id, weekly_goal, time_zone, time_zone_checked_at, created_at, updated_at) values (?, ?, 5, ?, ?, ?, ?)',
  );
  const insertInstitution = db.prepare(
    'insert into institutions (id, team_id, name, name_key, created_at, type) values (?, ?, ?, ?, ?, ?)',
  );
  const insertPerson = db.prepare(
    `insert into people (id, team_id, organiser_id, name, name_key, institution_id, institution_key, role, slack_user_id, is_leader, stage_override, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, null, ?, null, ?, ?)`,
  );
  const insertOneToOne = db.prepare(
    `insert into one_to_ones (id, team_id, organiser_id, person_id, met_on, duration_minutes, self_interest_needs, stories,
       next_step_kind, next_step_due_on, next_step_note, next_step_done_at, created_at, updated_at)
     values (?, ?, ?, ?, ?, 45, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertReflection = db.prepare(
    `insert into reflections (id, team_id, organiser_id, one_to_one_id, motivations, depth, created_at, updated_at)
     values (?, ?, ?, ?, ?, 'stories', ?, ?)`,
  );

  const organiser = (user: string, people: number, oneToOnes: number) => {
    insertOrganiser.run(TEAM, user, 'Europe/London', now, now, now);
    const personIds: string[] = [];
    for (let i = 0; i < people; i++) {
      const id = randomUUID();
      const inst = random() < 0.8 ? Math.floor(random() * INSTITUTIONS) : -1;
      const name = `${user} person ${i}`;
      insertPerson.run(
        id,
        TEAM,
        user,
        name,
        name.toLowerCase(),
        inst >= 0 ? institutionIds[inst] : null,
        inst >= 0 ? `institution ${inst}` : '',
        random() < 0.5 ? 'member' : null,
        random() < 0.1 ? 1 : 0,
        now,
        now,
      );
      personIds.push(id);
    }
    for (let i = 0; i < oneToOnes; i++) {
      const id = randomUUID();
      // Every person met at least once, the rest spread at random over two years.
      const person =
        i < personIds.length ? personIds[i]! : personIds[Math.floor(random() * personIds.length)]!;
      const metOn = addDays(TODAY, -Math.floor(random() * 730));
      const kinds = ['none', 'meeting', 'introduction', 'action'] as const;
      const kind = kinds[Math.floor(random() * kinds.length)]!;
      const due = kind === 'none' ? null : addDays(metOn, 7 + Math.floor(random() * 21));
      const done = kind !== 'none' && random() < 0.7 ? now : null;
      insertOneToOne.run(
        id,
        TEAM,
        user,
        person,
        metOn,
        'what they need, in a paragraph or two of private notes',
        'a story',
        kind,
        due,
        kind === 'none' ? null : 'a short note',
        done,
        now,
        now,
      );
      if (random() < 0.7) insertReflection.run(randomUUID(), TEAM, user, id, 'what I learned', now, now);
    }
  };

  db.transaction(() => {
    for (let i = 0; i < INSTITUTIONS; i++) {
      const id = randomUUID();
      insertInstitution.run(id, TEAM, `Institution ${i}`, `institution ${i}`, now, TYPES[i % TYPES.length]);
      institutionIds.push(id);
    }
    organiser(ME, PEOPLE, ONE_TO_ONES);
    for (const c of COLLEAGUES) organiser(c, PEOPLE / 4, COLLEAGUE_ONE_TO_ONES);
  })();
  db.close();
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, min ${sorted[0]!.toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms (n=${sorted.length})`;
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'onetoone-bench-home-'));
  const path = join(dir, 'bench.db');
  const slack = await startFakeSlack();
  const migrated = openDatabase(path);
  await migrateToLatest(migrated);
  await migrated.destroy();
  const seedStart = performance.now();
  seed(path);
  console.log(
    `seeded ${PEOPLE} people and ${ONE_TO_ONES} one-to-ones for one organiser (+${COLLEAGUES.length} colleagues × ${COLLEAGUE_ONE_TO_ONES}) in ${Math.round(performance.now() - seedStart)} ms`,
  );

  const db = openDatabase(path);
  const config = parseConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench-token',
    SLACK_SIGNING_SECRET: 'bench-signing-secret-0123456789',
    SLACK_API_URL: slack.apiUrl,
    DATABASE_URL: path,
    LOG_LEVEL: 'warn',
  });
  const client = new WebClient(config.slack.botToken, {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
  });
  const deps: Deps = {
    db,
    config,
    clock: fixedClock(NOW),
    logger: createLogger('warn'),
    slack: webApiPort(client),
    timeZones: new TimeZoneCache(),
  };
  const actor = { teamId: TEAM, userId: ME };

  try {
    const data = await showHome(deps, actor);
    const view = homeView(data);
    console.log(
      `home view: ${view.blocks.length} blocks, ${JSON.stringify(view).length} bytes; due ${data.dueSteps.total}, unreflected ${data.unreflected.total}, going cold ${data.goingCold.total}`,
    );
    console.log(
      `build Home view (queries + render): ${stats(await time(async () => homeView(await showHome(deps, actor))))}`,
    );
    console.log(`render only (pure view):            ${stats(await time(() => homeView(data)))}`);
    console.log(
      `refreshHome (build + views.publish to a loopback fake Slack): ${stats(await time(() => refreshHome(deps, actor)))}`,
    );
    console.log(
      `/onetoone people, first page:       ${stats(await time(async () => peopleMessage(await listMyPeople(deps, actor, { query: '', page: 0 }))))}`,
    );
    console.log(
      `/onetoone people person 1 (search): ${stats(await time(async () => peopleMessage(await listMyPeople(deps, actor, { query: 'person 1', page: 0 }))))}`,
    );
    console.log(
      `/onetoone map (whole team, ${INSTITUTIONS} institutions): ${stats(await time(async () => mapMessage(await showPowerMap(deps, actor))))}`,
    );
  } finally {
    await db.destroy();
    await slack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
