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
import { buildMyExport } from '../src/services/data-export.js';
import { forgetPerson, previewForget } from '../src/services/forget.js';
import { applyRetention } from '../src/services/retention.js';
import { webApiPort } from '../src/slack/port/web-api-port.js';
import { TimeZoneCache } from '../src/time-zone-memo.js';
import { exportFiles } from '../src/views/export-csv.js';
import { startFakeSlack } from '../test/support/fake-slack.js';

/**
 * The organiser's data controls at scale, on a workspace of 20 organisers × 10,000 one-to-ones
 * (200,000 over 3 years, half reflected), each organiser with 2,000 people and 500 introductions:
 * - export: build all four CSV files for one organiser (queries + CSV writing);
 * - forget: preview and delete a person with ~5 one-to-ones, in one transaction;
 * - retention: the first nightly run at 12 months (blanks about two thirds), then the second run
 *   (nothing left: the idempotent steady state), and a dry run.
 */

const TEAM = 'TBENCH';
const ORGANISERS = 20;
const PEOPLE = 2_000;
const ONE_TO_ONES = 10_000;
const INTRODUCTIONS = 500;
const DAYS = 3 * 365;
const TODAY = '2026-11-25';
const NOW = '2026-11-25T12:00:00.000Z';
const TEXT = 'What they care about, in their words: rent, the school roof, "the night bus", café talk. ';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

function seed(path: string): { organisers: string[]; peopleOf: Map<string, string[]> } {
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  const organisers = Array.from({ length: ORGANISERS }, (_, i) => `UORG${String(i).padStart(4, '0')}`);
  const peopleOf = new Map<string, string[]>();
  const org = sqlite.prepare(
    `insert into organisers (team_id, user_id, weekly_goal, time_zone, time_zone_checked_at, created_at, updated_at)
     values (?, ?, 5, 'Europe/London', ?, ?, ?)`,
  );
  const inst = sqlite.prepare(
    `insert into institutions (id, team_id, name, name_key, created_at) values (?, ?, ?, ?, ?)`,
  );
  const person = sqlite.prepare(
    `insert into people (id, team_id, organiser_id, name, name_key, institution_id, institution_key, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const oto = sqlite.prepare(
    `insert into one_to_ones (id, team_id, organiser_id, person_id, met_on, duration_minutes, setting, stories,
       self_interest_needs, values_motivations, next_step_kind, next_step_due_on, next_step_note, created_at, updated_at)
     values (?, ?, ?, ?, ?, 45, 'café', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const refl = sqlite.prepare(
    `insert into reflections (id, team_id, organiser_id, one_to_one_id, motivations, contribution, differently, depth, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?, 'stories', ?, ?)`,
  );
  const intro = sqlite.prepare(
    `insert into introductions (id, team_id, organiser_id, person_a_id, person_b_id, why, status, across_institutions,
       introduced_on, follow_up_due_on, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, 'agreed', 1, ?, ?, ?, ?)`,
  );
  sqlite.transaction(() => {
    const institutions = Array.from({ length: 300 }, (_, i) => {
      const id = randomUUID();
      inst.run(id, TEAM, `Institution ${i}`, `institution ${i}`, NOW);
      return { id, key: `institution ${i}` };
    });
    for (const [o, user] of organisers.entries()) {
      org.run(TEAM, user, NOW, NOW, NOW);
      const people: string[] = [];
      for (let p = 0; p < PEOPLE; p++) {
        const id = randomUUID();
        const i = institutions[(p * 7 + o) % institutions.length]!;
        person.run(id, TEAM, user, `Person ${o}-${p}`, `person ${o}-${p}`, i.id, i.key, NOW, NOW);
        people.push(id);
      }
      peopleOf.set(user, people);
      for (let n = 0; n < ONE_TO_ONES; n++) {
        const id = randomUUID();
        const metOn = addDays(TODAY, -((n * 37 + o) % DAYS));
        const step = n % 3 === 0;
        oto.run(
          id,
          TEAM,
          user,
          people[n % PEOPLE]!,
          metOn,
          TEXT,
          TEXT,
          n % 11 === 0 ? '=1+1 looks like a formula' : TEXT,
          step ? 'meeting' : 'none',
          step ? addDays(metOn, 7) : null,
          step ? 'call back' : null,
          `${metOn}T12:00:00.000Z`,
          `${metOn}T12:00:00.000Z`,
        );
        if (n % 2 === 0)
          refl.run(randomUUID(), TEAM, user, id, TEXT, TEXT, TEXT, `${metOn}T13:00:00.000Z`, NOW);
      }
      for (let n = 0; n < INTRODUCTIONS; n++) {
        const on = addDays(TODAY, -((n * 13) % DAYS));
        intro.run(randomUUID(), TEAM, user, people[n]!, people[n + 1]!, TEXT, on, addDays(on, 7), NOW, NOW);
      }
    }
  })();
  sqlite.close();
  return { organisers, peopleOf };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'onetoone-bench-data-'));
  const path = join(dir, 'bench.db');
  const slack = await startFakeSlack();
  const migrating = openDatabase(path);
  await migrateToLatest(migrating);
  await migrating.destroy();
  const seeded = performance.now();
  const { organisers, peopleOf } = seed(path);
  console.log(
    `seeded ${ORGANISERS} organisers × ${ONE_TO_ONES} one-to-ones (${ORGANISERS * ONE_TO_ONES} total), ${PEOPLE} people and ${INTRODUCTIONS} introductions each, in ${Math.round(performance.now() - seeded)} ms`,
  );

  const config = parseConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench-signing-secret',
    SLACK_API_URL: slack.apiUrl,
    DATABASE_URL: path,
  });
  const db = openDatabase(path);
  const deps: Deps = {
    db,
    config,
    clock: fixedClock(NOW),
    logger: createLogger('error', () => {}),
    timeZones: new TimeZoneCache(),
    slack: webApiPort(
      new WebClient('xoxb-bench', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }),
    ),
  };
  try {
    const actor = { teamId: TEAM, userId: organisers[0]! };
    const exports: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 5; i++) {
      const { ms, value } = await time(async () => exportFiles((await buildMyExport(deps, actor)).data));
      exports.push(ms);
      bytes = value.reduce((s, f) => s + f.bytes.length, 0);
    }
    console.log(
      `export: one organiser's 10,000 one-to-ones, 5,000 reflections, 2,000 people, 500 introductions → 4 CSV files, ${(bytes / 1e6).toFixed(1)} MB: median ${median(exports).toFixed(0)} ms (of 5)`,
    );

    const previews: number[] = [];
    const forgets: number[] = [];
    const people = peopleOf.get(organisers[1]!)!;
    const other = { teamId: TEAM, userId: organisers[1]! };
    for (let i = 0; i < 9; i++) {
      const name = `Person 1-${1_000 + i}`;
      const p = await time(() => previewForget(deps, other, name));
      previews.push(p.ms);
      const f = await time(() => forgetPerson(deps, other, people[1_000 + i]!));
      forgets.push(f.ms);
      if (!f.value.ok || f.value.value.oneToOnes === 0)
        throw new Error('bench: expected one-to-ones to forget');
    }
    console.log(
      `forget: preview (find + counts) median ${median(previews).toFixed(1)} ms; delete in one transaction median ${median(forgets).toFixed(1)} ms (of 9, ~5 one-to-ones each)`,
    );

    await db
      .insertInto('workspace_settings')
      .values({
        team_id: TEAM,
        time_zone: 'Europe/London',
        digest_day: null,
        digest_time: null,
        retention_months: 12,
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
    const now = new Date('2026-11-25T03:30:00Z');
    const dry = await time(() => applyRetention(deps, now, true));
    const first = await time(() => applyRetention(deps, now, false));
    const second = await time(() => applyRetention(deps, now, false));
    console.log(
      `retention (12 months) dry run: ${dry.ms.toFixed(0)} ms, would blank ${JSON.stringify(dry.value)}`,
    );
    console.log(`retention first run: ${first.ms.toFixed(0)} ms, blanked ${JSON.stringify(first.value)}`);
    console.log(
      `retention second run (nothing left): ${second.ms.toFixed(0)} ms, ${JSON.stringify(second.value)}`,
    );
  } finally {
    await db.destroy();
    await slack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
