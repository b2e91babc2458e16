import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAM_TABLES } from '../../src/repositories/queries/team-erasure.js';
import { isPostgres, type OpenTestDatabase, openTestDatabase, tableNames } from '../support/db.js';

/**
 * Erasing an uninstalled workspace walks TEAM_TABLES. A table added by a later migration but not
 * listed there would keep a workspace's rows (its people's stories) after erasure, silently: this
 * reads the migrated schema and names any such table.
 */

/** Tables with a team_id that erasure deliberately leaves: it ends by deleting the installation
 * and writing its audit row; OAuth states are short-lived and carry no workspace data. */
const KEPT_BY_DESIGN = new Set(['installations', 'installation_audit', 'oauth_states']);

async function columnsOf(t: OpenTestDatabase, table: string): Promise<string[]> {
  if (isPostgres(t.db)) {
    const r = await sql<{ name: string }>`
      select column_name as name from information_schema.columns
      where table_schema = current_schema() and table_name = ${table}
    `.execute(t.db);
    return r.rows.map((row) => row.name);
  }
  const r = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(t.db);
  return r.rows.map((row) => row.name);
}

describe('workspace erasure covers every table', () => {
  let t: OpenTestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists every table holding a team_id (but the installation and its audit) in TEAM_TABLES', async () => {
    const listed = new Set<string>(TEAM_TABLES.map((e) => e.table));
    const missing: string[] = [];
    for (const table of await tableNames(t.db)) {
      if (KEPT_BY_DESIGN.has(table) || listed.has(table)) continue;
      if ((await columnsOf(t, table)).includes('team_id')) missing.push(table);
    }
    expect(missing).toEqual([]);
  });

  it('names only real tables, with key columns that exist', async () => {
    const tables = new Set(await tableNames(t.db));
    for (const entry of TEAM_TABLES) {
      expect(tables.has(entry.table), entry.table).toBe(true);
      const columns = await columnsOf(t, entry.table);
      for (const key of entry.key) expect(columns, `${entry.table}.${key}`).toContain(key);
    }
  });
});
