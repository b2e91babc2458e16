import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';

/**
 * Erasing an uninstalled workspace (issue 10): every table that holds a team's rows, children
 * first (so it does not depend on foreign-key cascades), each deleted in bounded batches so no
 * transaction holds locks on a large workspace for long. The installation row and its audit
 * trail are not here: the erasure ends by deleting the one and writing the other.
 */

/** A table with the team's rows and the columns that, with team_id, name one row. */
interface TeamTable {
  table: keyof Database;
  key: readonly string[];
}

export const TEAM_TABLES: readonly TeamTable[] = [
  { table: 'reflections', key: ['id'] },
  { table: 'introductions', key: ['id'] },
  { table: 'nudge_ledger', key: ['id'] },
  { table: 'nudge_days', key: ['user_id', 'local_date'] },
  { table: 'nudge_preferences', key: ['user_id', 'kind'] },
  { table: 'one_to_ones', key: ['id'] },
  { table: 'people', key: ['id'] },
  { table: 'institutions', key: ['id'] },
  { table: 'digest_ledger', key: ['id'] },
  { table: 'digest_subscriptions', key: ['channel_id'] },
  { table: 'organisers', key: ['user_id'] },
  { table: 'workspace_settings', key: ['team_id'] },
  { table: 'erasures', key: ['id'] },
];

/**
 * Deletes up to `limit` of the team's rows from one table; returns how many went. Portable:
 * `(a, b) IN (SELECT a, b … LIMIT n)` runs on SQLite (row values, 3.15+) and PostgreSQL alike.
 */
export async function deleteTeamRowsBatch(
  db: Kysely<Database>,
  { table, key }: TeamTable,
  teamId: string,
  limit: number,
): Promise<number> {
  const columns = sql.join(key.map((k) => sql.ref(k)));
  const target = key.length === 1 ? columns : sql`(${columns})`;
  const result = await sql`
    delete from ${sql.table(table)}
    where team_id = ${teamId}
      and ${target} in (select ${columns} from ${sql.table(table)} where team_id = ${teamId} limit ${limit})
  `.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
