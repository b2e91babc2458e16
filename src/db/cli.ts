import { loadDatabaseUrl } from '../config.js';
import { isPostgresUrl, openDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';

/**
 * `npm run migrate`: applies pending migrations to DATABASE_URL (a SQLite file or a postgres://
 * URL) and lists what it did. Names the kind of database, never the URL (it may hold a password).
 */
const url = loadDatabaseUrl();
const kind = isPostgresUrl(url) ? 'PostgreSQL' : 'SQLite';
const db = openDatabase(url);
try {
  const result = await migrateToLatest(db);
  const applied = result.results ?? [];
  console.log(
    applied.length
      ? applied.map((r) => `${r.status}: ${r.migrationName}`).join('\n')
      : `Database is up to date (${kind}).`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await db.destroy();
}
