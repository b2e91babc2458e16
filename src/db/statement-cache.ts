import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Kysely's SQLite driver prepares every query afresh, and with better-sqlite3 preparing costs
 * about as much as running a short query: a nudge tick for 20,000 organisers runs the same few
 * dozen statements hundreds of thousands of times. So the database handed to Kysely keeps its
 * prepared statements by SQL text (most recently used MAX_STATEMENTS). A statement is reused only
 * when idle: one still being iterated (a streamed query) is never handed out twice. SQLite
 * re-prepares a cached statement itself after a schema change (sqlite3_prepare_v3).
 */
const MAX_STATEMENTS = 500;

interface Prepared extends SqliteStatement {
  readonly busy?: boolean;
}

export function withStatementCache(db: { prepare(sql: string): Prepared; close(): unknown }): SqliteDatabase {
  const cache = new Map<string, Prepared>();
  return {
    close: () => {
      cache.clear();
      db.close();
    },
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        // Maps keep insertion order: re-inserting marks it the most recently used.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = db.prepare(sql);
      if (!cached) {
        cache.set(sql, statement);
        if (cache.size > MAX_STATEMENTS) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  };
}
