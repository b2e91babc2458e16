import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/database.js';
import { createMigrator, migrateToLatest } from '../../src/db/migrate.js';
import { nameKey } from '../../src/domain/keys.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

/**
 * "St Mary’s" typed on a phone and "St Mary's" typed on a laptop are one place. Keys stored
 * before apostrophes were folded are rewritten by migration 2026-12-02-1500; where both
 * spellings were already stored as two rows, neither is merged or lost.
 */

const TEAM = 'T_APOS';
const NOW = '2026-11-01T10:00:00.000Z';
const BEFORE = '2026-12-02-1000-imports';
// How nameKey wrote keys before it folded apostrophes.
const oldKey = (name: string) => name.normalize('NFKC').toLocaleLowerCase('en').replace(/\s+/g, ' ').trim();

let created: TestDatabase;
let db: Db;

beforeAll(async () => {
  created = await createTestDatabase();
  db = openDatabase(created.url);
  const migrated = await createMigrator(db).migrateTo(BEFORE);
  if (migrated.error) throw migrated.error;
  const institution = (id: string, name: string) => ({
    id,
    team_id: TEAM,
    name,
    name_key: oldKey(name),
    created_at: NOW,
  });
  await db
    .insertInto('institutions')
    .values([
      institution('I1', 'St Mary’s Church'),
      // Both spellings already stored as two rows: the curly one cannot take the folded key.
      institution('I2', "St Anne's Hall"),
      institution('I3', 'St Anne’s Hall'),
      institution('I4', 'Al-Noor Mosque'),
    ])
    .execute();
  await db
    .insertInto('people')
    .values({
      id: 'P1',
      team_id: TEAM,
      organiser_id: 'U1',
      name: 'Mary O’Brien',
      name_key: oldKey('Mary O’Brien'),
      institution_id: 'I1',
      institution_key: oldKey('St Mary’s Church'),
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  await db
    .insertInto('slack_members')
    .values({
      team_id: TEAM,
      user_id: 'UM1',
      name: 'Siobhán O‘Neill',
      name_key: oldKey('Siobhán O‘Neill'),
      updated_at: NOW,
    })
    .execute();
  await migrateToLatest(db);
});

afterAll(async () => {
  await db?.destroy();
  await created?.drop();
});

describe('apostrophes in name keys', () => {
  it('reads every apostrophe look-alike as a plain one', () => {
    for (const a of ['\u2019', '\u2018', '\u02BC', '\u02BB', '\u201B', '`', '\u2032', '\u00B4', '\uFF07']) {
      expect(nameKey(`St Mary${a}s  CHURCH `)).toBe("st mary's church");
    }
    expect(nameKey('St-Mary')).not.toBe(nameKey('St Mary'));
  });

  it('rewrites the stored keys so a straight-apostrophe search finds the curly name', async () => {
    const keys = Object.fromEntries(
      (
        await db.selectFrom('institutions').select(['id', 'name_key']).where('team_id', '=', TEAM).execute()
      ).map((r) => [r.id, r.name_key]),
    );
    expect(keys.I1).toBe(nameKey("St Mary's Church"));
    expect(keys.I4).toBe('al-noor mosque');
    const person = await db
      .selectFrom('people')
      .select(['name', 'name_key', 'institution_key'])
      .where('id', '=', 'P1')
      .executeTakeFirstOrThrow();
    // Display names stay as written; only the keys fold.
    expect(person).toEqual({
      name: 'Mary O’Brien',
      name_key: nameKey("mary o'brien"),
      institution_key: nameKey("st mary's church"),
    });
    const member = await db.selectFrom('slack_members').select('name_key').executeTakeFirstOrThrow();
    expect(member.name_key).toBe(nameKey("Siobhán O'Neill"));
  });

  it('keeps two rows that were both spellings apart, each still there', async () => {
    const anne = await db
      .selectFrom('institutions')
      .select(['id', 'name', 'name_key'])
      .where('team_id', '=', TEAM)
      .where('id', 'in', ['I2', 'I3'])
      .orderBy('id')
      .execute();
    expect(anne).toEqual([
      { id: 'I2', name: "St Anne's Hall", name_key: "st anne's hall" },
      { id: 'I3', name: 'St Anne’s Hall', name_key: 'st anne’s hall' },
    ]);
  });
});
