import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { type Db, openDatabase } from '../../src/db/database.js';
import { createMigrator, migrateToLatest } from '../../src/db/migrate.js';
import type { OneToOnesTable } from '../../src/db/schema.js';
import { validateLog } from '../../src/domain/one-to-one.js';
import { createLogger } from '../../src/logger.js';
import { refreshOrganiserFacts } from '../../src/repositories/digest-facts.js';
import { forgetPerson } from '../../src/services/forget.js';
import { markNextStepDone } from '../../src/services/next-steps.js';
import { editOneToOne, logOneToOne } from '../../src/services/one-to-ones.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

/**
 * The digest's facts kept on write (src/repositories/digest-facts.ts): the migration backfills
 * them from rows already stored, and every write path keeps them equal to a rebuild from the
 * one-to-ones themselves (log, edit that moves a meeting to another person, week and
 * institution, a next step done, a person forgotten). On SQLite and PostgreSQL.
 */

const TEAM = 'TFACTS';
const ME = { teamId: TEAM, userId: 'UFACTS1' };
const BEFORE_0600 = '2026-12-02-0500-home-next';

let created: TestDatabase;
let db: Db;
const clock = fixedClock('2026-11-25T12:00:00Z');
const deps = () => ({ db, clock, logger: createLogger('error', () => {}) });

/** Every fact, in a stable order, without bookkeeping columns. */
async function facts(): Promise<Record<string, unknown>> {
  const weeks = await db
    .selectFrom('one_to_one_weeks')
    .select(['organiser_id', 'week_start', 'held', 'minutes', 'steps_agreed'])
    .where('team_id', '=', TEAM)
    .orderBy('organiser_id')
    .orderBy('week_start')
    .execute();
  const people = await db
    .selectFrom('people')
    .select(['name', 'first_met_on', 'second_met_on', 'introduced_at', 'action_at'])
    .where('team_id', '=', TEAM)
    .orderBy('name')
    .execute();
  const institutions = await db
    .selectFrom('institutions')
    .select(['name', 'first_met_on'])
    .where('team_id', '=', TEAM)
    .orderBy('name')
    .execute();
  const oneToOnes = await db
    .selectFrom('one_to_ones')
    .select(['id', 'institution_id'])
    .where('team_id', '=', TEAM)
    .orderBy('id')
    .execute();
  return {
    weeks: weeks.map((w) => ({
      ...w,
      held: Number(w.held),
      minutes: Number(w.minutes),
      steps_agreed: Number(w.steps_agreed),
    })),
    people,
    institutions,
    oneToOnes,
  };
}

/** What a rebuild from scratch gives, restored afterwards by the same rebuild (it is idempotent). */
async function rebuilt(): Promise<Record<string, unknown>> {
  await refreshOrganiserFacts(db, TEAM, undefined, clock.now().toISOString());
  return facts();
}

function input(over: Record<string, string | null>) {
  const v = validateLog({ metOn: '2026-11-20', ...over }, '2026-11-25');
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.value;
}

beforeAll(async () => {
  created = await createTestDatabase();
  db = openDatabase(created.url);
  // The database as it was before the digest's facts existed, with rows in it.
  const migrated = await createMigrator(db).migrateTo(BEFORE_0600);
  if (migrated.error) throw migrated.error;
  const now = '2026-11-01T10:00:00.000Z';
  await db
    .insertInto('organisers')
    .values({ team_id: TEAM, user_id: ME.userId, weekly_goal: 7, created_at: now, updated_at: now })
    .execute();
  await db
    .insertInto('institutions')
    .values([
      { id: 'I1', team_id: TEAM, name: 'Church', name_key: 'church', created_at: '2026-11-20T10:00:00.000Z' },
      { id: 'I2', team_id: TEAM, name: 'School', name_key: 'school', created_at: now },
    ])
    .execute();
  const keys: Record<string, string> = { I1: 'church', I2: 'school' };
  const person = (id: string, name: string, institution: string | null) => ({
    id,
    team_id: TEAM,
    organiser_id: ME.userId,
    name,
    name_key: name.toLowerCase(),
    institution_id: institution,
    institution_key: institution ? keys[institution]! : '',
    created_at: now,
    updated_at: now,
  });
  await db
    .insertInto('people')
    .values([person('P1', 'Ada', 'I1'), person('P2', 'Bo', 'I2'), person('P3', 'Cy', null)])
    .execute();
  const meeting = (
    id: string,
    personId: string,
    metOn: string,
    extra: Partial<Insertable<OneToOnesTable>> = {},
  ): Insertable<OneToOnesTable> => ({
    id,
    team_id: TEAM,
    organiser_id: ME.userId,
    person_id: personId,
    met_on: metOn,
    duration_minutes: 45,
    next_step_kind: 'none',
    next_step_due_on: null,
    next_step_done_at: null,
    created_at: now,
    updated_at: now,
    ...extra,
  });
  await db
    .insertInto('one_to_ones')
    .values([
      // Ada: first met in October (the church was typed in November: it is not new then).
      meeting('O1', 'P1', '2026-10-05'),
      meeting('O2', 'P1', '2026-11-03', {
        next_step_kind: 'introduction',
        next_step_due_on: '2026-11-10',
        next_step_done_at: '2026-11-09T09:00:00.000Z',
      }),
      meeting('O3', 'P2', '2026-11-04', {
        duration_minutes: 60,
        next_step_kind: 'action',
        next_step_due_on: '2026-11-20',
      }),
      meeting('O4', 'P3', '2026-11-05'),
      meeting('O5', 'P3', '2026-11-05'),
    ])
    .execute();
});
afterAll(async () => {
  await db.destroy();
  await created.drop();
});

describe('the digest facts', () => {
  it('are backfilled by the migration from the rows already stored', async () => {
    await migrateToLatest(db);
    const got = await facts();
    expect(got.weeks).toEqual([
      { organiser_id: ME.userId, week_start: '2026-10-05', held: 1, minutes: 45, steps_agreed: 0 },
      { organiser_id: ME.userId, week_start: '2026-11-02', held: 4, minutes: 195, steps_agreed: 2 },
    ]);
    expect(got.people).toEqual([
      {
        name: 'Ada',
        first_met_on: '2026-10-05',
        second_met_on: '2026-11-03',
        introduced_at: '2026-11-09T09:00:00.000Z',
        action_at: null,
      },
      { name: 'Bo', first_met_on: '2026-11-04', second_met_on: null, introduced_at: null, action_at: null },
      // Met twice on one day: the second meeting is that day too.
      {
        name: 'Cy',
        first_met_on: '2026-11-05',
        second_met_on: '2026-11-05',
        introduced_at: null,
        action_at: null,
      },
    ]);
    // First met from the meetings, not from when the row was typed.
    expect(got.institutions).toEqual([
      { name: 'Church', first_met_on: '2026-10-05' },
      { name: 'School', first_met_on: '2026-11-04' },
    ]);
    expect(got.oneToOnes).toEqual([
      { id: 'O1', institution_id: 'I1' },
      { id: 'O2', institution_id: 'I1' },
      { id: 'O3', institution_id: 'I2' },
      { id: 'O4', institution_id: null },
      { id: 'O5', institution_id: null },
    ]);
    // The goal so far has held since always.
    expect(
      await db.selectFrom('goal_history').select(['user_id', 'from_week', 'weekly_goal']).execute(),
    ).toEqual([{ user_id: ME.userId, from_week: '0001-01-01', weekly_goal: 7 }]);
    expect(await rebuilt()).toEqual(got);
  });

  it('stay equal to a rebuild through logs, edits, a step done and a person forgotten', async () => {
    // A new person at a new institution, last week.
    const dee = await logOneToOne(
      deps(),
      ME,
      input({ newName: 'Dee', institution: 'Mosque', metOn: '2026-11-17' }),
      'V1',
    );
    let got = await facts();
    expect((got.people as { name: string }[]).find((p) => p.name === 'Dee')).toMatchObject({
      first_met_on: '2026-11-17',
      second_met_on: null,
    });
    expect(got.institutions).toContainEqual({ name: 'Mosque', first_met_on: '2026-11-17' });
    expect(await rebuilt()).toEqual(got);

    // Bo again, with an action step.
    const bo = await logOneToOne(
      deps(),
      ME,
      input({
        newName: 'Bo',
        institution: 'School',
        metOn: '2026-11-18',
        nextStepKind: 'action',
        nextStepDue: '2026-11-24',
      }),
      'V2',
    );
    got = await facts();
    expect((got.people as { name: string }[]).find((p) => p.name === 'Bo')).toMatchObject({
      second_met_on: '2026-11-18',
    });
    expect(await rebuilt()).toEqual(got);

    // The action done: Bo took part in an action.
    clock.set('2026-11-24T15:00:00Z');
    await markNextStepDone(deps(), ME, bo.id);
    got = await facts();
    expect((got.people as { name: string }[]).find((p) => p.name === 'Bo')).toMatchObject({
      action_at: '2026-11-24T15:00:00.000Z',
    });
    expect(await rebuilt()).toEqual(got);

    // Dee's meeting was really with Ada, at the church, a week earlier: every fact moves.
    await editOneToOne(
      deps(),
      ME,
      dee.id,
      input({ newName: 'Ada', institution: 'Church', metOn: '2026-11-10' }),
    );
    got = await facts();
    expect((got.people as { name: string }[]).find((p) => p.name === 'Dee')).toMatchObject({
      first_met_on: null,
    });
    expect(got.institutions).toContainEqual({ name: 'Mosque', first_met_on: null });
    expect(got.weeks).toContainEqual(expect.objectContaining({ week_start: '2026-11-16', held: 1 }));
    expect(got.weeks).toContainEqual(expect.objectContaining({ week_start: '2026-11-09', held: 1 }));
    expect(await rebuilt()).toEqual(got);

    // Cy forgotten: their two meetings leave the week's totals.
    await forgetPerson(deps(), ME, 'P3');
    got = await facts();
    expect(got.weeks).toContainEqual({
      organiser_id: ME.userId,
      week_start: '2026-11-02',
      held: 2,
      minutes: 105,
      steps_agreed: 2,
    });
    expect(await rebuilt()).toEqual(got);
  });
});
