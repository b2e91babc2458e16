import SQLite from 'better-sqlite3';
import pg from 'pg';

/**
 * Seeding for the benches, on SQLite or PostgreSQL alike: rows are added table by table and
 * written in large batches (one transaction of prepared inserts on SQLite, multi-row INSERTs on
 * PostgreSQL), with the tables' secondary indexes dropped while seeding and rebuilt after (a
 * sorted build beats a million random inserts into a dozen B-trees). The queries measured then
 * run on exactly the migrations' indexes.
 */
export interface Bulk {
  /** Queues one row; writes the table's batch when it is full. */
  add(table: string, columns: readonly string[], row: readonly unknown[]): Promise<void>;
  /** Writes every queued row. */
  flush(): Promise<void>;
  /** Drops the secondary indexes of `tables` (not those behind primary keys or unique constraints). */
  dropIndexes(tables: readonly string[]): Promise<void>;
  /** Rebuilds what dropIndexes dropped (and, on PostgreSQL, vacuums and analyses as autovacuum would). */
  restoreIndexes(): Promise<void>;
  close(): Promise<void>;
}

interface Batch {
  columns: readonly string[];
  rows: (readonly unknown[])[];
}

abstract class Batched implements Bulk {
  protected readonly batches = new Map<string, Batch>();
  protected dropped: { name: string; sql: string }[] = [];
  constructor(private readonly rowsPerBatch: (columns: number) => number) {}

  async add(table: string, columns: readonly string[], row: readonly unknown[]): Promise<void> {
    let batch = this.batches.get(table);
    if (!batch) {
      batch = { columns, rows: [] };
      this.batches.set(table, batch);
    }
    batch.rows.push(row);
    if (batch.rows.length >= this.rowsPerBatch(columns.length)) await this.write(table, batch);
  }

  async flush(): Promise<void> {
    // Parents first: the order tables were first added in (foreign keys).
    for (const [table, batch] of this.batches) if (batch.rows.length) await this.write(table, batch);
  }

  protected abstract write(table: string, batch: Batch): Promise<void>;
  abstract dropIndexes(tables: readonly string[]): Promise<void>;
  abstract restoreIndexes(): Promise<void>;
  abstract close(): Promise<void>;
}

class SqliteBulk extends Batched {
  private readonly statements = new Map<string, SQLite.Statement>();
  constructor(private readonly sqlite: SQLite.Database) {
    super(() => 20_000);
  }

  protected async write(table: string, batch: Batch): Promise<void> {
    // A child row's batch may fill first: write every table's rows, parents first.
    const all = [...this.batches].filter(([, b]) => b.rows.length);
    if (!all.some(([t]) => t === table)) all.push([table, batch]);
    this.sqlite.transaction(() => {
      for (const [t, b] of all) {
        const key = `${t}(${b.columns.join(',')})`;
        let statement = this.statements.get(key);
        if (!statement) {
          statement = this.sqlite.prepare(
            `insert into ${t} (${b.columns.join(', ')}) values (${b.columns.map(() => '?').join(', ')})`,
          );
          this.statements.set(key, statement);
        }
        for (const row of b.rows) statement.run(...row);
        b.rows = [];
      }
    })();
  }

  async dropIndexes(tables: readonly string[]): Promise<void> {
    const list = tables.map((t) => `'${t}'`).join(', ');
    this.dropped = this.sqlite
      .prepare(
        `select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${list})`,
      )
      .all() as { name: string; sql: string }[];
    for (const index of this.dropped) this.sqlite.exec(`drop index "${index.name}"`);
  }

  async restoreIndexes(): Promise<void> {
    await this.flush();
    for (const index of this.dropped) this.sqlite.exec(index.sql);
    this.dropped = [];
    this.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    await this.flush();
    this.sqlite.close();
  }
}

class PostgresBulk extends Batched {
  constructor(private readonly client: pg.Client) {
    // PostgreSQL takes at most 65,535 bound parameters per statement.
    super((columns) => Math.floor(60_000 / columns));
  }

  protected async write(table: string, batch: Batch): Promise<void> {
    const all = [...this.batches].filter(([, b]) => b.rows.length);
    if (!all.some(([t]) => t === table)) all.push([table, batch]);
    for (const [t, b] of all) {
      const params: unknown[] = [];
      const values = b.rows.map((row) => {
        const marks = row.map((v) => {
          params.push(v);
          return `$${params.length}`;
        });
        return `(${marks.join(', ')})`;
      });
      b.rows = [];
      await this.client.query(
        `insert into ${t} (${b.columns.join(', ')}) values ${values.join(', ')}`,
        params,
      );
    }
  }

  async dropIndexes(tables: readonly string[]): Promise<void> {
    const { rows } = await this.client.query<{ name: string; sql: string }>(
      `select indexname as name, indexdef as sql from pg_indexes
       where schemaname = 'public' and tablename = any($1)
         and indexname not in (select conname from pg_constraint)`,
      [tables],
    );
    this.dropped = rows;
    for (const index of rows) await this.client.query(`drop index "${index.name}"`);
  }

  async restoreIndexes(): Promise<void> {
    await this.flush();
    for (const index of this.dropped) await this.client.query(index.sql);
    this.dropped = [];
    // What autovacuum would have done to a table this size: statistics for the planner, and the
    // visibility map that lets an index-only scan skip the table.
    await this.client.query('vacuum analyze');
  }

  async close(): Promise<void> {
    await this.flush();
    await this.client.end();
  }
}

/** A bulk writer on the database at `url` (a SQLite file path or a postgres:// URL). */
export async function openBulk(url: string): Promise<Bulk> {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // Seeding only: no WAL flush wait per commit.
    await client.query('set synchronous_commit = off');
    return new PostgresBulk(client);
  }
  const sqlite = new SQLite(url);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('foreign_keys = OFF');
  // Seeding only: a large page cache keeps the index builds in memory. What is measured goes
  // through the app's own connection, with the app's own settings.
  sqlite.pragma('cache_size = -1000000');
  return new SqliteBulk(sqlite);
}
