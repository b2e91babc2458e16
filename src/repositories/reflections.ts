import type { Insertable, Kysely } from 'kysely';
import type { Database, Reflection, ReflectionsTable } from '../db/schema.js';

/** One reflection per one-to-one: a second save edits the first. */
export async function upsertReflection(
  db: Kysely<Database>,
  row: Insertable<ReflectionsTable>,
): Promise<void> {
  await db
    .insertInto('reflections')
    .values(row)
    .onConflict((oc) =>
      oc.column('one_to_one_id').doUpdateSet({
        motivations: row.motivations ?? null,
        contribution: row.contribution ?? null,
        differently: row.differently ?? null,
        depth: row.depth ?? null,
        updated_at: row.updated_at,
      }),
    )
    .execute();
}

export async function findOwnedReflection(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  oneToOneId: string,
): Promise<Reflection | undefined> {
  return db
    .selectFrom('reflections')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('one_to_one_id', '=', oneToOneId)
    .executeTakeFirst();
}
