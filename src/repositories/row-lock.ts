import { type Kysely, PostgresAdapter } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Whether a read inside this transaction should lock the rows it reads (SELECT … FOR UPDATE).
 * A service that reads a row and then writes by what it read (an edit, "Done", saving a
 * reflection, a new log finding its person) relies on nothing changing in between. SQLite gives
 * that for free: one connection, one transaction at a time. PostgreSQL runs transactions side
 * by side (READ COMMITTED), so there the read takes the row lock and a second writer of the same
 * row waits for the first to commit, then reads what it wrote: the same results on both.
 * Outside a transaction a lock would end with the statement, so none is taken.
 */
export function locksRowsOnRead(db: Kysely<Database>): boolean {
  return db.isTransaction && db.getExecutor().adapter instanceof PostgresAdapter;
}
