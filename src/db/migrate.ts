import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Kysely, Migration, MigrationProvider, MigrationResultSet } from 'kysely';
import { Migrator, SqliteAdapter, sql } from 'kysely';

/** migrations/ sits at the project root, both from src/ (tsx) and from dist/src/ (compiled). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Loads every migration file in a folder, named by its file name (date-prefixed, so sorting by
 * name is applying in order). Our own import() rather than Kysely's FileMigrationProvider, so
 * the same code loads .ts under tsx and vitest and .js once compiled.
 */
export class FolderMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const file of (await readdir(this.folder)).sort()) {
      const match = /^(.+)\.(ts|js|mjs)$/.exec(file);
      if (!match || file.endsWith('.d.ts')) continue;
      const module = (await import(pathToFileURL(join(this.folder, file)).href)) as Migration;
      migrations[match[1]!] = module;
    }
    return migrations;
  }
}

export function createMigrator(db: Kysely<any>, folder = MIGRATIONS_DIR): Migrator {
  return new Migrator({ db, provider: new FolderMigrationProvider(folder) });
}

/**
 * Applies every pending migration, on SQLite or PostgreSQL alike (the same files), once even
 * when several instances start together: on PostgreSQL Kysely holds an advisory lock meanwhile;
 * on SQLite we hold the file's write lock (see below). Throws with the failing migration's name.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const result =
    db.getExecutor().adapter instanceof SqliteAdapter
      ? await migrateSqliteExclusively(db)
      : await createMigrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    // No failed migration: the database itself could not be read (unreachable, no such database).
    throw new Error(
      failed
        ? `Migration ${failed} failed: ${String(result.error)}`
        : `Migrations could not run: ${String(result.error)}`,
    );
  }
  return result;
}

/** How long a starting instance waits for another's migrations on the same SQLite file. */
const SQLITE_MIGRATION_WAIT_MS = 60_000;

/**
 * Kysely takes no lock on SQLite (it assumes one process), so two processes starting on one
 * new file would both run the first migration. Here the whole run is one IMMEDIATE transaction:
 * the second process waits for the first to commit, then finds nothing pending; and a failed
 * migration leaves nothing half-applied (SQLite's DDL is transactional).
 */
async function migrateSqliteExclusively(db: Kysely<any>): Promise<MigrationResultSet> {
  return db.connection().execute(async (connection) => {
    const deadline = Date.now() + SQLITE_MIGRATION_WAIT_MS;
    for (;;) {
      try {
        await sql`begin immediate`.execute(connection);
        break;
      } catch (error) {
        // busy_timeout already waited a while; a long migration elsewhere may need longer.
        if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      }
    }
    let result: MigrationResultSet;
    try {
      result = await createMigrator(connection).migrateToLatest();
    } catch (error) {
      await sql`rollback`.execute(connection);
      throw error;
    }
    await sql.raw(result.error ? 'rollback' : 'commit').execute(connection);
    return result;
  });
}
