import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Kysely, Migration, MigrationProvider, MigrationResultSet } from 'kysely';
import { Migrator } from 'kysely';

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

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const result = await createMigrator(db).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${String(result.error)}`);
  }
  return result;
}
