import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { parseConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/schema.js';
import type { Deps } from '../../src/deps.js';
import { validateLog } from '../../src/domain/one-to-one.js';
import { digestJob } from '../../src/jobs/digest.js';
import { nudgesJob } from '../../src/jobs/nudges.js';
import { retentionJob } from '../../src/jobs/retention.js';
import { createLogger } from '../../src/logger.js';
import { buildMyExport } from '../../src/services/data-export.js';
import { subscribeDigest } from '../../src/services/digest.js';
import { forgetPerson, previewForget } from '../../src/services/forget.js';
import { showHome } from '../../src/services/home.js';
import { recordIntroduction } from '../../src/services/introductions.js';
import { markNextStepDone, snoozeNextStep } from '../../src/services/next-steps.js';
import {
  editOneToOne,
  findMyPeople,
  listMyOneToOnes,
  logOneToOne,
  nextToReflect,
} from '../../src/services/one-to-ones.js';
import { changeWeeklyGoal } from '../../src/services/organisers.js';
import { listMyPeople, setLeader } from '../../src/services/people.js';
import { showPowerMap } from '../../src/services/power-map.js';
import { saveReflection } from '../../src/services/reflections.js';
import { myStats } from '../../src/services/stats.js';
import { changeWorkspaceSettings } from '../../src/services/workspace-settings.js';
import { webApiPort } from '../../src/slack/port/web-api-port.js';
import { TimeZoneCache } from '../../src/time-zone-memo.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';

/**
 * The queries stay portable to PostgreSQL (the project will run several instances on a shared
 * PostgreSQL): the same scenario — migrations, the /onetoone loop, people, Home, map,
 * introductions, export, the three jobs, forget — runs on SQLite and on a real PostgreSQL, and
 * must give the same results. Needs TEST_POSTGRES_URL (`.ci/run` installs and starts PostgreSQL
 * and sets it); without it this file is skipped with a message.
 */
const url = process.env.TEST_POSTGRES_URL;
if (!url)
  console.warn('postgres-portability: TEST_POSTGRES_URL is not set, so the PostgreSQL run is skipped');

async function scenario(db: Kysely<Database>, slack: FakeSlack): Promise<Record<string, unknown>> {
  await migrateToLatest(db);
  const deps: Deps = {
    db,
    config: parseConfig({ SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 'secret-secret' }),
    clock: fixedClock('2026-11-25T12:00:00Z'),
    logger: createLogger('error', () => {}),
    slack: webApiPort(new WebClient('xoxb-x', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } })),
    timeZones: new TimeZoneCache(),
  };
  const actor = { teamId: 'T1', userId: 'U1' };
  const input = (over: Record<string, string | null>) => {
    const v = validateLog(
      { metOn: '2026-11-20', nextStepKind: 'introduction', nextStepDue: '2026-11-25', ...over },
      '2026-11-25',
    );
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    return v.value;
  };
  const out: Record<string, unknown> = {};
  const first = await logOneToOne(
    deps,
    actor,
    input({ newName: 'Amina 50%', institution: "St Mary's", stories: 'her story' }),
    'V1',
  );
  out.again = (
    await logOneToOne(deps, actor, input({ newName: 'Amina 50%', institution: "St Mary's" }), 'V1')
  ).created;
  await logOneToOne(
    deps,
    actor,
    input({ newName: 'amina 50%', institution: "st mary's", metOn: '2026-09-01', stories: 'old' }),
    'V2',
  );
  await logOneToOne(deps, actor, input({ newName: 'Bo', institution: 'Union', metOn: '2026-09-02' }), 'V3');
  await editOneToOne(
    deps,
    actor,
    first.id,
    input({ newName: 'Amina 50%', institution: "St Mary's", duration: '50' }),
  );
  out.search = (await findMyPeople(deps, actor, '50%')).map((p) => p.name);
  out.searchUnderscore = (await findMyPeople(deps, actor, '_')).length;
  out.list = (await listMyOneToOnes(deps, actor, 'amina', 0)).items.map((i) => [
    i.metOn,
    i.personName,
    i.reflected,
  ]);
  out.toReflect = (await nextToReflect(deps, actor, ''))?.metOn;
  await saveReflection(deps, actor, first.id, {
    motivations: 'm',
    contribution: null,
    differently: null,
    depth: 'stories',
  });
  await changeWeeklyGoal(deps, actor, 3);
  const stats = await myStats(deps, actor);
  out.stats = [
    stats.thisWeek,
    stats.goal,
    stats.heldInPeriod,
    stats.reflectionRate,
    stats.weeks.map((w) => w.held),
  ];
  out.snooze = await snoozeNextStep(deps, actor, first.id, '2026-11-25', 3);
  out.done = await markNextStepDone(deps, actor, first.id);
  const home = await showHome(deps, actor);
  out.home = [home.thisWeek, home.goal, home.streak];
  const people = await findMyPeople(deps, actor, '');
  const amina = people.find((p) => p.name === 'Amina 50%')!;
  const bo = people.find((p) => p.name === 'Bo')!;
  await setLeader(deps, actor, { personId: amina.id, leader: true, list: { query: '', page: 0 } });
  out.people = (await listMyPeople(deps, actor, { query: '', page: 0 })).items
    .map((p) => [p.name, p.isLeader])
    .sort();
  const map = await showPowerMap(deps, actor);
  out.map = map.groups.flatMap((g) => g.institutions.map((i) => [i.name, i.organisers, i.leaders])).sort();
  await recordIntroduction(
    deps,
    actor,
    {
      personA: amina.id,
      personB: bo.id,
      why: 'both care about housing',
      introducedOn: '2026-11-18',
    },
    'V9',
  );
  out.export = (await buildMyExport(deps, actor)).counts;
  out.subscribe = (await subscribeDigest(deps, actor, 'C1')).kind;
  out.digest = (await digestJob.run({ deps, now: new Date('2026-11-30T09:30:00Z'), dryRun: false })).counts;
  out.digestAgain = (
    await digestJob.run({ deps, now: new Date('2026-11-30T09:35:00Z'), dryRun: false })
  ).counts;
  out.nudges = (await nudgesJob.run({ deps, now: new Date('2026-11-25T10:00:00Z'), dryRun: false })).counts;
  out.nudgesAgain = (
    await nudgesJob.run({ deps, now: new Date('2026-11-25T10:05:00Z'), dryRun: false })
  ).counts;
  await changeWorkspaceSettings(deps, 'T1', { retentionMonths: 2 });
  out.retention = (
    await retentionJob.run({ deps, now: new Date('2026-11-26T03:30:00Z'), dryRun: false })
  ).counts;
  out.forgetFind = (await previewForget(deps, actor, 'Bo')).kind;
  const erased = await forgetPerson(deps, actor, bo.id);
  if (!erased.ok) throw new Error('forget was refused');
  out.forget = { ...erased.value };
  out.left = Number(
    (
      await db
        .selectFrom('one_to_ones')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  return out;
}

describe.skipIf(!url)('PostgreSQL portability', () => {
  let slack: FakeSlack;
  let dir: string;
  // A database of its own, created and dropped here, so runs never see each other's rows.
  const database = `onetoone_portability_${process.pid}_${Date.now()}`;
  let admin: pg.Pool;
  let postgres: Kysely<Database>;

  beforeAll(async () => {
    slack = await startFakeSlack();
    slack.users.set('U1', { id: 'U1', tz: 'Europe/London', is_admin: true });
    slack.channels.set('C1', { id: 'C1', members: ['U1'] });
    dir = mkdtempSync(join(tmpdir(), 'onetoone-portability-'));
    admin = new pg.Pool({ connectionString: url, max: 1 });
    await admin.query(`create database ${database}`);
    const target = new URL(url!);
    target.pathname = `/${database}`;
    postgres = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.toString() }) }),
    });
  });

  afterAll(async () => {
    await postgres?.destroy();
    await admin?.query(`drop database if exists ${database}`);
    await admin?.end();
    await slack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same results on SQLite and PostgreSQL, end to end', async () => {
    const sqlite = openDatabase(join(dir, 'portability.db'));
    const onSqlite = await scenario(sqlite, slack);
    await sqlite.destroy();
    slack.reset();
    const onPostgres = await scenario(postgres, slack);

    expect(onPostgres).toEqual(onSqlite);
    // And the results are the right ones, not merely the same.
    expect(onSqlite).toMatchObject({
      again: false,
      search: ['Amina 50%'],
      searchUnderscore: 0,
      toReflect: '2026-11-20',
      // Only the 20 Nov one-to-one is in the last 8 weeks (the September ones are older), reflected.
      stats: [0, 3, 1, 1, [0, 0, 0, 0, 0, 0, 1, 0]],
      done: { changed: true },
      people: [
        ['Amina 50%', true],
        ['Bo', false],
      ],
      export: { oneToOnes: 3, reflections: 1, people: 2, introductions: 1 },
      subscribe: 'subscribed',
      digest: { posted: 1 },
      digestAgain: { posted: 0, alreadySent: 1 },
      nudgesAgain: { sent: 0 },
      retention: { oneToOnes: 1 },
      forgetFind: 'one',
      forget: { oneToOnes: 1, introductions: 1 },
      left: 2,
    });
  });
});
