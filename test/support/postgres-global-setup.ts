import { dropRunDatabases } from './db.js';

/**
 * The PostgreSQL pass's global teardown: every test app and test drops its own database on
 * stop; this drops whatever a file that crashed (or timed out) before its afterAll left behind.
 */
export async function teardown(): Promise<void> {
  const dropped = await dropRunDatabases();
  if (dropped) console.warn(`PostgreSQL pass: dropped ${dropped} test database(s) left by a failed file`);
}
