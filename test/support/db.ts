import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresAdapter, sql } from 'kysely';
import pg from 'pg';
import { type Db, openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/**
 * Which database this test pass runs on. `npm test` runs every database-touching suite twice
 * when TEST_POSTGRES_URL is set: once on SQLite (the `sqlite` vitest project) and once on
 * PostgreSQL (the `postgres` project, which sets TEST_DATABASE=postgres; see vitest.config.ts).
 */
export type TestDatabaseKind = 'sqlite' | 'postgres';

export function testDatabaseKind(): TestDatabaseKind {
  return process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
}

/** True in the PostgreSQL pass. */
export const onPostgres = testDatabaseKind() === 'postgres';
/** True in the SQLite pass: guard SQLite-only checks (a file, a pragma) with it. */
export const onSqlite = !onPostgres;

/** The server the PostgreSQL pass creates its databases on (an admin connection to it). */
export function postgresServerUrl(): string {
  const url = process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error('TEST_POSTGRES_URL is not set: the PostgreSQL pass needs a server');
  return url;
}

export interface TestDatabase {
  kind: TestDatabaseKind;
  /** What DATABASE_URL takes: a SQLite file path or a postgres:// URL. */
  url: string;
  /** Removes the database (drops it, or deletes its folder). Close every connection first. */
  drop(): Promise<void>;
}

/** This `npm test` run's id, set once by vitest.config.ts for every worker ('x' outside vitest). */
export function runId(): string {
  const id = process.env.TEST_RUN_ID ?? 'x';
  return /^[a-z0-9]{1,16}$/.test(id) ? id : 'x';
}

/** One short admin connection per statement: nothing left open to keep a worker alive. */
async function admin<R extends pg.QueryResultRow = pg.QueryResultRow>(
  statement: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: postgresServerUrl() });
  await client.connect();
  try {
    return (await client.query<R>(statement, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Drops every database of this run still on the server (a file that crashed before its
 * afterAll): the PostgreSQL pass's global teardown. Other runs' databases are left alone.
 */
export async function dropRunDatabases(): Promise<number> {
  const left = await admin<{ datname: string }>('select datname from pg_database where datname like $1', [
    `t\\_${runId()}\\_%`,
  ]);
  for (const { datname } of left) await admin(`drop database if exists "${datname}" with (force)`);
  return left.length;
}

/**
 * A fresh, empty database of this pass's kind, not yet migrated. On PostgreSQL a new database
 * `t_<random>` on the TEST_POSTGRES_URL server (from template0: a copy of nothing, fast); on
 * SQLite a file in a new temp folder (or in `dir`, which the caller then owns).
 */
export async function createTestDatabase(
  options: { dir?: string; kind?: TestDatabaseKind } = {},
): Promise<TestDatabase> {
  const kind = options.kind ?? testDatabaseKind();
  if (kind === 'postgres') {
    // The run's id first (vitest.config.ts), so the run's teardown can drop what a crashed file left.
    const name = `t_${runId()}_${randomBytes(6).toString('hex')}`;
    await admin(`create database ${name} template template0`);
    // A test database need not survive a power cut: commits skip the WAL flush wait, as
    // SQLite's synchronous=NORMAL in WAL mode does. Visibility and locking are unchanged.
    await admin(`alter database ${name} set synchronous_commit = off`);
    const url = new URL(postgresServerUrl());
    url.pathname = `/${name}`;
    let dropped = false;
    return {
      kind,
      url: url.toString(),
      async drop() {
        if (dropped) return;
        dropped = true;
        // FORCE: a pool a failed test left open must not keep the database alive.
        await admin(`drop database if exists ${name} with (force)`);
      },
    };
  }
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'onetoone-test-'));
  return {
    kind,
    url: join(dir, 'test.db'),
    async drop() {
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface OpenTestDatabase extends TestDatabase {
  db: Db;
  /** Closes the connection and drops the database. */
  close(): Promise<void>;
}

/** A fresh database of this pass's kind, opened and migrated (for tests without the app). */
export async function openTestDatabase(options: { kind?: TestDatabaseKind } = {}): Promise<OpenTestDatabase> {
  const created = await createTestDatabase(options);
  const db = openDatabase(created.url, { poolSize: 4 });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    await created.drop();
    throw error;
  }
  return {
    ...created,
    db,
    async close() {
      await db.destroy();
      await created.drop();
    },
  };
}

/** Whether a Kysely instance talks to PostgreSQL (else SQLite). */
export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The app's own tables (not the migrator's, not the engine's), sorted. */
export async function tableNames(db: Db): Promise<string[]> {
  const result = isPostgres(db)
    ? await sql<{ name: string }>`
        select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE'
      `.execute(db)
    : await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
  return result.rows
    .map((r) => r.name)
    .filter((name) => !name.startsWith('kysely_') && !name.startsWith('sqlite_'))
    .sort();
}

/** COUNT(*) of a table as a number (PostgreSQL answers a bigint, as a string). */
export async function countRows(db: Db, table: string): Promise<number> {
  const result = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** Every app table's row count: to show that a request wrote nothing. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of await tableNames(db)) counts[name] = await countRows(db, name);
  return counts;
}
