import type { Kysely, Updateable } from 'kysely';
import type { Database, WorkspaceSettings, WorkspaceSettingsTable } from '../db/schema.js';

export async function findWorkspaceSettings(
  db: Kysely<Database>,
  teamId: string,
): Promise<WorkspaceSettings | undefined> {
  return db.selectFrom('workspace_settings').selectAll().where('team_id', '=', teamId).executeTakeFirst();
}

/** Sets some settings of a workspace, creating its row on first use. */
export async function updateWorkspaceSettings(
  db: Kysely<Database>,
  teamId: string,
  patch: Omit<Updateable<WorkspaceSettingsTable>, 'team_id' | 'created_at' | 'updated_at'>,
  now: string,
): Promise<void> {
  await db
    .insertInto('workspace_settings')
    .values({
      team_id: teamId,
      time_zone: null,
      digest_day: null,
      digest_time: null,
      retention_months: null,
      ...patch,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('team_id').doUpdateSet({ ...patch, updated_at: now }))
    .execute();
}

/**
 * Puts a confirmed shorter retention period in force once its grace period is over (`today` is
 * the workspace-local date). Conditional on the pending date, so two instances promote it once.
 */
export async function promoteDueRetention(
  db: Kysely<Database>,
  teamId: string,
  today: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('workspace_settings')
    .set((eb) => ({
      retention_months: eb.ref('retention_pending_months'),
      retention_pending_months: null,
      retention_pending_on: null,
      retention_pending_by: null,
      updated_at: now,
    }))
    .where('team_id', '=', teamId)
    .where('retention_pending_months', 'is not', null)
    .where('retention_pending_on', '<=', today)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
