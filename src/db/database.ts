import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type SQLiteDriver from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type PgDriver from 'pg';
import type { Database } from './schema.js';
import { withStatementCache } from './statement-cache.js';

/*
 * Each driver is loaded only when its database is opened: `pg` alone adds ~15 MB to a process,
 * which a bot on SQLite never needs (the command benchmark's peak-RSS target), and a PostgreSQL
 * instance never needs better-sqlite3's native module. Both are CommonJS, so `require` loads
 * them synchronously and openDatabase stays synchronous.
 */
const require = createRequire(import.meta.url);
const loadPg = (): typeof PgDriver => require('pg') as typeof PgDriver;
const loadSqlite = (): typeof SQLiteDriver => require('better-sqlite3') as typeof SQLiteDriver;

export type Db = Kysely<Database>;

export interface DatabaseOptions {
  /** PostgreSQL: connections in this instance's pool (DATABASE_POOL_SIZE). */
  poolSize?: number;
}

/** Whether DATABASE_URL names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Opens the database DATABASE_URL names: a `postgres://` URL through the `pg` driver with a
 * pool (several stateless instances share one server), or else a SQLite file (the embedded
 * default, one process). The same migrations and queries run on both.
 */
export function openDatabase(url: string, options: DatabaseOptions = {}): Db {
  return isPostgresUrl(url) ? openPostgres(url, options) : openSqlite(url);
}

function openPostgres(url: string, options: DatabaseOptions): Db {
  const pool = new (loadPg().Pool)({
    connectionString: url,
    max: options.poolSize ?? 10,
    // A connection that cannot be had in 10 s fails the request rather than queueing forever.
    connectionTimeoutMillis: 10_000,
  });
  // An idle client's error (the server restarted) must not crash the process: the pool drops
  // that client and the next query opens a new one.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * SQLite (creating its folder). WAL lets the digest and nudge jobs read while the app writes;
 * foreign keys make deletes cascade; busy_timeout lets two processes (say, the bot and
 * `npm run digest`) share the file without "database is locked" errors.
 */
function openSqlite(url: string): Db {
  if (url !== ':memory:') mkdirSync(dirname(url), { recursive: true });
  const SQLite = loadSqlite();
  const sqlite = new SQLite(url);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // Up to 64 MiB of page cache (SQLite's default is 2 MiB): the weekly digest reads an 8-week
  // window of a large team's rows, and under 100 ms needs those pages in memory.
  sqlite.pragma('cache_size = -65536');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}
