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
