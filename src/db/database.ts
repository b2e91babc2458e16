import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

/**
 * Opens the SQLite database (creating its folder). WAL lets the digest and nudge jobs read while
 * the app writes; foreign keys make deletes cascade; busy_timeout lets two processes (say, the
 * bot and `npm run digest`) share the file without "database is locked" errors.
 */
export function openDatabase(url: string): Db {
  if (url !== ':memory:') mkdirSync(dirname(url), { recursive: true });
  const sqlite = new SQLite(url);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // Up to 64 MiB of page cache (SQLite's default is 2 MiB): the weekly digest reads an 8-week
  // window of a large team's rows, and under 100 ms needs those pages in memory.
  sqlite.pragma('cache_size = -65536');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}
