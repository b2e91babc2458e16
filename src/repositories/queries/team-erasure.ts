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
  // A lead's view (issue 12): children of reflections and lead_shares first.
  { table: 'lead_shared_reflections', key: ['lead_id', 'reflection_id'] },
  { table: 'lead_agenda_points', key: ['share_id', 'eval_on'] },
  { table: 'lead_agenda_ledger', key: ['id'] },
  { table: 'lead_access_log', key: ['id'] },
  { table: 'lead_shares', key: ['id'] },
  { table: 'reflections', key: ['id'] },
  { table: 'introductions', key: ['id'] },
  { table: 'nudge_ledger', key: ['id'] },
  { table: 'nudge_days', key: ['user_id', 'local_date'] },
  { table: 'nudge_preferences', key: ['user_id', 'kind'] },
  { table: 'nudge_settings', key: ['user_id'] },
  { table: 'pauses', key: ['id'] },
  { table: 'one_to_one_weeks', key: ['organiser_id', 'week_start'] },
  { table: 'goal_history', key: ['user_id', 'from_week'] },
  { table: 'retention_notices', key: ['user_id', 'effective_on'] },
  // Listening campaigns (issue 11), children first: they point at one-to-ones and people.
  { table: 'campaign_quotes', key: ['id'] },
  { table: 'one_to_one_themes', key: ['one_to_one_id', 'theme_id'] },
  { table: 'house_meeting_follow_ups', key: ['id'] },
  { table: 'house_meeting_themes', key: ['house_meeting_id', 'theme_id'] },
  { table: 'house_meeting_attendees', key: ['house_meeting_id', 'person_id'] },
  { table: 'house_meetings', key: ['id'] },
  { table: 'campaign_themes', key: ['id'] },
  { table: 'campaign_members', key: ['campaign_id', 'user_id'] },
  { table: 'campaign_admins', key: ['campaign_id', 'user_id'] },
  { table: 'campaigns', key: ['id'] },
  { table: 'one_to_ones', key: ['id'] },
  { table: 'people', key: ['id'] },
  { table: 'institutions', key: ['id'] },
  { table: 'digest_ledger', key: ['id'] },
  { table: 'digest_subscriptions', key: ['channel_id'] },
  { table: 'organisers', key: ['user_id'] },
  { table: 'workspace_settings', key: ['team_id'] },
  { table: 'slack_members', key: ['user_id'] },
  { table: 'slack_member_syncs', key: ['team_id'] },
  { table: 'erasures', key: ['id'] },
  { table: 'imports', key: ['id'] },
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
