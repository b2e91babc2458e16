import { loadDatabaseUrl } from '../config.js';
import { openDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL and lists what it did. */
const db = openDatabase(loadDatabaseUrl());
try {
  const result = await migrateToLatest(db);
  const applied = result.results ?? [];
  console.log(
    applied.length
      ? applied.map((r) => `${r.status}: ${r.migrationName}`).join('\n')
      : 'Database is up to date.',
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await db.destroy();
}
