import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import type { ContinueChoice } from '../../src/db/schema.js';
import { GOING_COLD_RULE, goingColdCutoff, goingColdDays } from '../../src/domain/relationship.js';
import { addDays } from '../../src/domain/time.js';
import { goingColdPeople } from '../../src/repositories/queries/home.js';
import { findLastMeetingsOn } from '../../src/repositories/queries/nudge-due.js';
import { type OpenTestDatabase, openTestDatabase } from '../support/db.js';
import { isGoingCold } from '../support/going-cold.js';

/**
 * The going-cold rule is SQL written once (src/repositories/queries/going-cold.ts, with
 * GOING_COLD_RULE's parameters) for the Home tab and the going-cold nudge. These tests pin its
 * parameters and check that both queries give the same answer as the plain rule (the oracle in
 * test/support/going-cold.ts), person by person, on one table of cases and real migrations.
 */

describe('GOING_COLD_RULE', () => {
  it('is: met at least twice, weeks from config, unless the last meeting said no to continuing', () => {
    expect(GOING_COLD_RULE).toEqual({ minMeetings: 2, notContinuing: 'no' });
    expect(goingColdDays(6)).toBe(42);
    expect(goingColdDays(1)).toBe(7);
    expect(goingColdCutoff('2026-11-25', 6)).toBe('2026-10-14');
  });

  it('applies every parameter in the pure rule', () => {
    const today = '2026-11-25';
    const cutoff = goingColdCutoff(today, 6);
    expect(isGoingCold(2, cutoff, today, 6)).toBe(true);
    expect(isGoingCold(2, addDays(cutoff, 1), today, 6)).toBe(false); // a day short
    expect(isGoingCold(1, cutoff, today, 6)).toBe(false); // met once
    expect(isGoingCold(2, cutoff, today, 6, 'no')).toBe(false); // they chose to stop
    expect(isGoingCold(2, cutoff, today, 6, 'maybe')).toBe(true);
    expect(isGoingCold(2, cutoff, today, 6, 'yes')).toBe(true);
    expect(isGoingCold(2, cutoff, today, 6, null)).toBe(true);
    // The weeks come from the caller (config), not a constant.
    expect(isGoingCold(2, addDays(today, -21), today, 3)).toBe(true);
    expect(isGoingCold(2, addDays(today, -21), today, 4)).toBe(false);
  });
});

describe('both going-cold queries (Home tab and nudge) follow the rule', () => {
  const TEAM = 'T1';
  const ME = 'U1';
  const OTHER = 'U2';
  const today = '2026-11-25';
  const weeks = 6;
  const cutoff = goingColdCutoff(today, weeks);
  let db: Db;
  let database: OpenTestDatabase | undefined;
  let seq = 0;

  /** One person of `organiser` with one-to-ones on `dates` (the last one answered `lastContinue`). */
  async function person(
    name: string,
    dates: string[],
    lastContinue: ContinueChoice | null = null,
    organiser = ME,
  ): Promise<void> {
    const at = '2026-01-01T00:00:00.000Z';
    const id = `p-${name}`;
    await db
      .insertInto('people')
      .values({
        id,
        team_id: TEAM,
        organiser_id: organiser,
        name,
        name_key: name.toLowerCase(),
        institution_id: null,
        role: null,
        slack_user_id: null,
        stage_override: null,
        created_at: at,
        updated_at: at,
      })
      .execute();
    for (const [i, met_on] of dates.entries()) {
      await db
        .insertInto('one_to_ones')
        .values({
          id: `o-${++seq}`,
          team_id: TEAM,
          organiser_id: organiser,
          person_id: id,
          met_on,
          duration_minutes: 45,
          setting: null,
          self_interest_needs: null,
          self_interest_meaning: null,
          stories: null,
          values_motivations: null,
          mutual_interests: null,
          listening_share: null,
          continue_relationship: i === dates.length - 1 ? lastContinue : null,
          next_step_due_on: null,
          next_step_note: null,
          next_step_done_at: null,
          source_view_id: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
  }

  const early = addDays(cutoff, -30);
  const cases: { name: string; dates: string[]; last: ContinueChoice | null }[] = [
    { name: 'twice-at-cutoff', dates: [early, cutoff], last: null },
    { name: 'thrice-long-ago', dates: [early, early, addDays(cutoff, -3)], last: 'maybe' },
    { name: 'twice-said-yes', dates: [early, cutoff], last: 'yes' },
    { name: 'twice-said-no', dates: [early, cutoff], last: 'no' },
    { name: 'once-long-ago', dates: [early], last: null },
    { name: 'twice-day-short', dates: [early, addDays(cutoff, 1)], last: null },
    { name: 'twice-recent', dates: [early, today], last: null },
  ];

  beforeAll(async () => {
    // This pass's database (SQLite, or PostgreSQL in the PostgreSQL pass), migrated.
    database = await openTestDatabase();
    db = database.db;
    for (const c of cases) await person(c.name, c.dates, c.last);
    // Someone else's cold relationship is never in my list.
    await person('not-mine', [early, cutoff], null, OTHER);
  });

  afterAll(async () => {
    await database?.close();
  });

  it('lists exactly the people the pure rule calls cold', async () => {
    const result = await goingColdPeople(db, TEAM, ME, cutoff, 50);
    const expected = cases
      .filter((c) => isGoingCold(c.dates.length, c.dates.at(-1) ?? null, today, weeks, c.last))
      .map((c) => c.name);
    // Pinned by hand too, so a change to the pure rule alone cannot pass unnoticed.
    expect(expected.sort()).toEqual(['thrice-long-ago', 'twice-at-cutoff', 'twice-said-yes']);
    expect(result.items.map((r) => r.person_name).sort()).toEqual(expected);
    expect(result.total).toBe(3);
    expect(result.items.find((r) => r.person_name === 'thrice-long-ago')?.meetings).toBe(3);
  });

  it('the nudge finds the same people, at their last meeting', async () => {
    // The widest scan: every last meeting up to the cutoff (the job narrows `from` to a few days).
    const rows = await findLastMeetingsOn(db, 'going_cold', '2000-01-01', cutoff);
    const expected = cases
      .filter((c) => isGoingCold(c.dates.length, c.dates.at(-1) ?? null, today, weeks, c.last))
      .map((c) => c.name)
      .sort();
    const mine = rows.filter((r) => r.organiser_id === ME);
    expect(mine.map((r) => r.person_id.replace(/^p-/, '')).sort()).toEqual(expected);
    for (const r of mine) {
      expect(r.met_on).toBe(cases.find((c) => `p-${c.name}` === r.person_id)?.dates.at(-1));
    }
    // The nudge scans every organiser: someone else's cold relationship is theirs, not mine.
    expect(rows.filter((r) => r.organiser_id === OTHER).map((r) => r.person_id)).toEqual(['p-not-mine']);
  });

  it('the nudge sees a relationship go cold on the day it does, and not the day before', async () => {
    const rows = await findLastMeetingsOn(db, 'going_cold', addDays(cutoff, -1), addDays(cutoff, -1));
    expect(rows.map((r) => r.person_id)).toEqual([]);
    const onTheDay = await findLastMeetingsOn(db, 'going_cold', cutoff, cutoff);
    expect(
      onTheDay
        .filter((r) => r.organiser_id === ME)
        .map((r) => r.person_id)
        .sort(),
    ).toEqual(['p-twice-at-cutoff', 'p-twice-said-yes']);
  });

  it('caps the items but counts them all', async () => {
    const result = await goingColdPeople(db, TEAM, ME, cutoff, 1);
    expect(result.items.map((r) => r.person_name)).toEqual(['twice-at-cutoff']); // most recent first
    expect(result.total).toBe(3);
  });
});
