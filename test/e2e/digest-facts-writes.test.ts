import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { parseConfig } from '../../src/config.js';
import { type Db, openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { validateLog } from '../../src/domain/one-to-one.js';
import { createLogger } from '../../src/logger.js';
import type { SlackPort } from '../../src/ports/slack.js';
import { refreshOrganiserFacts } from '../../src/repositories/digest-facts.js';
import { blankOneToOnes } from '../../src/repositories/queries/retention.js';
import { forgetPerson } from '../../src/services/forget.js';
import { applyImport, startImport } from '../../src/services/import.js';
import { editOneToOne, logOneToOne } from '../../src/services/one-to-ones.js';
import { TimeZoneCache } from '../../src/time-zone-memo.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

/**
 * The digest's facts on the write paths digest-facts.test.ts does not walk: an import, retention
 * blanking old text, and an old meeting with no institution, which stays without one when the
 * person later joins an institution and a later refresh (a forget, an import) runs. Each time the
 * stored facts equal a rebuild from the one-to-ones. On SQLite and PostgreSQL.
 */

const TEAM = 'TFACTW';
const ME = { teamId: TEAM, userId: 'UFACTW1' };
const CSV =
  'Name,Organisation,Date met,Minutes,Next step,Due date\nEve Imported,Library,2026-11-10,50,action,2026-11-20\nEve Imported,Library,2026-11-18,30,,\n';

let created: TestDatabase;
let db: Db;
const clock = fixedClock('2026-11-25T12:00:00Z');
const slack = {
  downloadFile: async () => ({ ok: true as const, bytes: Buffer.from(CSV) }),
  userInfo: async () => ({ tz: 'Europe/London' }),
} as unknown as SlackPort;
const deps = () => ({
  db,
  clock,
  logger: createLogger('error', () => {}),
  config: parseConfig({
    SLACK_BOT_TOKEN: 'xoxb-t',
    SLACK_SIGNING_SECRET: 'facts-writes-signing-secret',
    DATABASE_URL: created.url,
  }),
  slack,
  timeZones: new TimeZoneCache(),
});

async function facts(): Promise<Record<string, unknown>> {
  const weeks = await db
    .selectFrom('one_to_one_weeks')
    .select(['organiser_id', 'week_start', 'held', 'minutes', 'steps_agreed'])
    .where('team_id', '=', TEAM)
    .orderBy('organiser_id')
    .orderBy('week_start')
    .execute();
  return {
    weeks: weeks.map((w) => ({
      ...w,
      held: Number(w.held),
      minutes: Number(w.minutes),
      steps_agreed: Number(w.steps_agreed),
    })),
    people: await db
      .selectFrom('people')
      .select(['name', 'institution_id', 'first_met_on', 'second_met_on', 'introduced_at', 'action_at'])
      .where('team_id', '=', TEAM)
      .orderBy('name')
      .execute(),
    institutions: await db
      .selectFrom('institutions')
      .select(['name', 'first_met_on'])
      .where('team_id', '=', TEAM)
      .orderBy('name')
      .execute(),
    oneToOnes: await db
      .selectFrom('one_to_ones')
      .select(['id', 'met_on', 'institution_id'])
      .where('team_id', '=', TEAM)
      .orderBy('id')
      .execute(),
  };
}

async function rebuilt(): Promise<Record<string, unknown>> {
  await refreshOrganiserFacts(db, TEAM, undefined, clock.now().toISOString());
  return facts();
}

function input(over: Record<string, string | null>) {
  const v = validateLog({ metOn: '2026-11-20', ...over }, '2026-11-25');
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.value;
}

const institutionId = async (name: string) =>
  (
    await db
      .selectFrom('institutions')
      .select('id')
      .where('team_id', '=', TEAM)
      .where('name', '=', name)
      .executeTakeFirstOrThrow()
  ).id;

beforeAll(async () => {
  created = await createTestDatabase();
  db = openDatabase(created.url);
  await migrateToLatest(db);
});
afterAll(async () => {
  await db.destroy();
  await created.drop();
});

describe('the digest facts on other write paths', () => {
  it('keep an old meeting without an institution when the person joins one later', async () => {
    // Cy met with no institution on 2 Nov; then at the church on 17 Nov.
    const first = await logOneToOne(deps(), ME, input({ newName: 'Cy', metOn: '2026-11-02' }), 'W1');
    const cy = (
      await db
        .selectFrom('one_to_ones')
        .select('person_id')
        .where('id', '=', first.id)
        .executeTakeFirstOrThrow()
    ).person_id;
    await logOneToOne(
      deps(),
      ME,
      input({ existingPerson: cy, institution: 'Church', metOn: '2026-11-17' }),
      'W2',
    );
    const dee = await logOneToOne(deps(), ME, input({ newName: 'Dee', metOn: '2026-11-18' }), 'W3');
    const church = await institutionId('Church');
    let got = await facts();
    expect(got.oneToOnes).toContainEqual({ id: first.id, met_on: '2026-11-02', institution_id: null });
    expect(got.institutions).toEqual([{ name: 'Church', first_met_on: '2026-11-17' }]);

    // Forgetting Dee refreshes all my facts: the church is still first met on the 17th.
    const deePerson = (
      await db
        .selectFrom('one_to_ones')
        .select('person_id')
        .where('id', '=', dee.id)
        .executeTakeFirstOrThrow()
    ).person_id;
    expect((await forgetPerson(deps(), ME, deePerson)).ok).toBe(true);
    got = await facts();
    expect(got.oneToOnes).toContainEqual({ id: first.id, met_on: '2026-11-02', institution_id: null });
    expect(got.institutions).toEqual([{ name: 'Church', first_met_on: '2026-11-17' }]);
    expect(got.weeks).toEqual([
      { organiser_id: ME.userId, week_start: '2026-11-02', held: 1, minutes: 45, steps_agreed: 0 },
      { organiser_id: ME.userId, week_start: '2026-11-16', held: 1, minutes: 45, steps_agreed: 0 },
    ]);
    expect(await rebuilt()).toEqual(got);

    // Editing the old meeting (its duration) records where the person is now, as a log does.
    await editOneToOne(
      deps(),
      ME,
      first.id,
      input({ existingPerson: cy, metOn: '2026-11-02', duration: '60' }),
    );
    got = await facts();
    expect(got.oneToOnes).toContainEqual({ id: first.id, met_on: '2026-11-02', institution_id: church });
    expect(got.institutions).toEqual([{ name: 'Church', first_met_on: '2026-11-02' }]);
    expect(await rebuilt()).toEqual(got);
  });

  it('count what an import brought in, with its institution, and stay equal to a rebuild', async () => {
    const dry = await startImport(deps(), ME, [{ name: 'tracker.csv', url: 'https://files.slack.com/x' }]);
    if (dry.kind !== 'summary' || !dry.summary.importId) throw new Error(JSON.stringify(dry));
    const outcome = await applyImport(deps(), ME, dry.summary.importId);
    expect(outcome.kind).toBe('applied');
    const library = await institutionId('Library');
    const got = await facts();
    expect(got.institutions).toContainEqual({ name: 'Library', first_met_on: '2026-11-10' });
    expect(got.people).toContainEqual({
      name: 'Eve Imported',
      institution_id: library,
      first_met_on: '2026-11-10',
      second_met_on: '2026-11-18',
      introduced_at: null,
      action_at: null,
    });
    const imported = (got.oneToOnes as { met_on: string; institution_id: string | null }[]).filter(
      (o) => o.institution_id === library,
    );
    expect(imported.map((o) => o.met_on).sort()).toEqual(['2026-11-10', '2026-11-18']);
    expect(got.weeks).toContainEqual({
      organiser_id: ME.userId,
      week_start: '2026-11-09',
      held: 1,
      minutes: 50,
      steps_agreed: 1,
    });
    // The week of the 16th: the church meeting (45) and the imported 30 minutes.
    expect(got.weeks).toContainEqual({
      organiser_id: ME.userId,
      week_start: '2026-11-16',
      held: 2,
      minutes: 75,
      steps_agreed: 0,
    });
    expect(await rebuilt()).toEqual(got);
  });

  it('are left as they are by retention blanking old text', async () => {
    const before = await facts();
    const ids = (before.oneToOnes as { id: string }[]).map((o) => o.id);
    expect(await blankOneToOnes(db, ids, clock.now().toISOString())).toBe(ids.length);
    expect(await facts()).toEqual(before);
    expect(await rebuilt()).toEqual(before);
  });
});
