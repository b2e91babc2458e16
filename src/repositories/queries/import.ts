import { type Insertable, type Kysely, type RawBuilder, sql } from 'kysely';
import type {
  Database,
  InstitutionsTable,
  OneToOnesTable,
  PeopleTable,
  ReflectionsTable,
} from '../../db/schema.js';
import { APOSTROPHE_LOOKALIKES } from '../../domain/keys.js';

/**
 * The bulk reads and writes of `/onetoone import` (issue 12): a 10,000-row file is matched and
 * written in a few dozen statements, not three per row. Every read is scoped to (team,
 * organiser); nothing is looked up by an id that came from a file.
 *
 * Batches stay inside both databases' limits on bound parameters (SQLite's default
 * SQLITE_MAX_VARIABLE_NUMBER is 32,766; PostgreSQL's protocol allows 65,535): an insert binds at
 * most 30,000 values (about 1,300 one-to-ones), an IN list 1,000.
 */
const MAX_BOUND = 30_000;
const IN_BATCH = 1000;

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Rows per insert for rows of this width, so a batch binds at most MAX_BOUND values. */
function insertBatch(rows: readonly object[]): number {
  return Math.max(1, Math.floor(MAX_BOUND / Math.max(1, Object.keys(rows[0] ?? {}).length)));
}

export interface OwnedPersonKey {
  id: string;
  name_key: string;
  institution_key: string;
  institution_id: string | null;
  slack_user_id: string | null;
  role: string | null;
}

/** Every one of the organiser's people, by the keys a person is matched on. */
export async function listOwnedPersonKeys(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
): Promise<OwnedPersonKey[]> {
  return db
    .selectFrom('people')
    .select(['id', 'name_key', 'institution_key', 'institution_id', 'slack_user_id', 'role'])
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .execute();
}

export interface OwnedOneToOneKey {
  person_id: string;
  met_on: string;
  duration_minutes: number;
  source_view_id: string | null;
}

/** Every one of the organiser's one-to-ones, by what tells one from another (no text). */
export async function listOwnedOneToOneKeys(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
): Promise<OwnedOneToOneKey[]> {
  return db
    .selectFrom('one_to_ones')
    .select(['person_id', 'met_on', 'duration_minutes', 'source_view_id'])
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .execute();
}

/** The team's institutions among these name keys: key → id. */
export async function findInstitutionIds(
  db: Kysely<Database>,
  teamId: string,
  keys: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const batch of chunks(keys, IN_BATCH)) {
    const rows = await db
      .selectFrom('institutions')
      .select(['id', 'name_key'])
      .where('team_id', '=', teamId)
      .where('name_key', 'in', batch)
      .execute();
    for (const r of rows) out.set(r.name_key, r.id);
  }
  return out;
}

/**
 * The team's institutions whose name key, with every apostrophe look-alike read as `'`
 * (src/domain/import-plan.ts matchKey), is one of `matchKeys`: the file's St Mary's finds the
 * St Mary’s someone logged. The same replace() on SQLite and PostgreSQL; it scans the team's
 * institutions (a few thousand at most), not an index.
 */
export async function findInstitutionsByMatchKey(
  db: Kysely<Database>,
  teamId: string,
  matchKeys: readonly string[],
): Promise<{ id: string; name_key: string }[]> {
  const folded = APOSTROPHE_LOOKALIKES.reduce<RawBuilder<string>>(
    (e, c) => sql<string>`replace(${e}, ${c}, ${"'"})`,
    sql<string>`${sql.ref('name_key')}`,
  );
  const out: { id: string; name_key: string }[] = [];
  for (const batch of chunks(matchKeys, IN_BATCH)) {
    const rows = await db
      .selectFrom('institutions')
      .select(['id', 'name_key'])
      .where('team_id', '=', teamId)
      .where(folded, 'in', batch)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    out.push(...rows);
  }
  return out;
}

/** Inserts institutions; one that exists by then (another organiser's log) is left as it is. */
export async function insertInstitutions(
  db: Kysely<Database>,
  rows: readonly Insertable<InstitutionsTable>[],
): Promise<void> {
  for (const batch of chunks(rows, insertBatch(rows))) {
    await db
      .insertInto('institutions')
      .values(batch)
      .onConflict((oc) => oc.columns(['team_id', 'name_key']).doNothing())
      .execute();
  }
}

/**
 * Inserts people; one whose (name, institution) or Slack member the organiser has by then (a log
 * saved meanwhile) is skipped: the caller reads the keys again and links to that person.
 */
export async function insertPeople(
  db: Kysely<Database>,
  rows: readonly Insertable<PeopleTable>[],
): Promise<void> {
  for (const batch of chunks(rows, insertBatch(rows))) {
    await db
      .insertInto('people')
      .values(batch)
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** Fills in what a known person lacked (a role, their Slack id); never overwrites. */
export async function fillPerson(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  personId: string,
  patch: { role?: string; slack_user_id?: string },
  now: string,
): Promise<void> {
  let q = db
    .updateTable('people')
    .set({ ...patch, updated_at: now })
    .where('team_id', '=', teamId)
    .where('organiser_id', '=', organiserId)
    .where('id', '=', personId);
  if (patch.role !== undefined) q = q.where('role', 'is', null);
  if (patch.slack_user_id !== undefined) q = q.where('slack_user_id', 'is', null);
  await q.execute();
}

/**
 * Inserts one-to-ones, each once: a row whose source_view_id (the import's content key) the team
 * has already is skipped. Returns the ids of those inserted, by source_view_id.
 */
export async function insertOneToOnesOnce(
  db: Kysely<Database>,
  rows: readonly Insertable<OneToOnesTable>[],
): Promise<Map<string, string>> {
  const created = new Map<string, string>();
  for (const batch of chunks(rows, insertBatch(rows))) {
    const inserted = await db
      .insertInto('one_to_ones')
      .values(batch)
      .onConflict((oc) => oc.columns(['team_id', 'source_view_id']).doNothing())
      .returning(['id', 'source_view_id'])
      .execute();
    for (const r of inserted) if (r.source_view_id) created.set(r.source_view_id, r.id);
  }
  return created;
}

/** Inserts reflections of one-to-ones just created (one per one-to-one: an existing one stays). */
export async function insertReflections(
  db: Kysely<Database>,
  rows: readonly Insertable<ReflectionsTable>[],
): Promise<number> {
  let n = 0;
  for (const batch of chunks(rows, insertBatch(rows))) {
    const inserted = await db
      .insertInto('reflections')
      .values(batch)
      .onConflict((oc) => oc.column('one_to_one_id').doNothing())
      .returning('id')
      .execute();
    n += inserted.length;
  }
  return n;
}
