import type { Weekday } from '../config.js';
import type { Deps } from '../deps.js';
import type { AdminRefusal } from '../domain/digest.js';
import type { PendingRetention } from '../domain/retention.js';
import { findWorkspaceSettings, updateWorkspaceSettings } from '../repositories/workspace-settings.js';
import { type Actor, isWorkspaceAdmin } from './organisers.js';

/** A workspace's settings with the environment's defaults filled in. */
export interface EffectiveWorkspaceSettings {
  teamId: string;
  timeZone: string;
  digestDay: Weekday;
  digestTime: string;
  retentionMonths: number | null;
  /** A shorter period confirmed by an admin, in force from `effectiveOn`; null when none. */
  retentionPending: PendingRetention | null;
}

export interface WorkspaceSettingsPatch {
  timeZone?: string;
  digestDay?: Weekday;
  digestTime?: string;
  retentionMonths?: number | null;
  /** null drops a pending change. */
  retentionPending?: (PendingRetention & { by: string }) | null;
}

export async function workspaceSettings(
  deps: Pick<Deps, 'db' | 'config'>,
  teamId: string,
): Promise<EffectiveWorkspaceSettings> {
  const row = await findWorkspaceSettings(deps.db, teamId);
  return {
    teamId,
    timeZone: row?.time_zone ?? deps.config.defaultTimeZone,
    digestDay: (row?.digest_day as Weekday | null) ?? deps.config.digest.day,
    digestTime: row?.digest_time ?? deps.config.digest.time,
    retentionMonths: row?.retention_months ?? null,
    retentionPending:
      row?.retention_pending_months != null && row.retention_pending_on
        ? { months: Number(row.retention_pending_months), effectiveOn: row.retention_pending_on }
        : null,
  };
}

export async function changeWorkspaceSettings(
  deps: Pick<Deps, 'db' | 'clock'>,
  teamId: string,
  patch: WorkspaceSettingsPatch,
): Promise<void> {
  await updateWorkspaceSettings(
    deps.db,
    teamId,
    {
      ...(patch.timeZone !== undefined ? { time_zone: patch.timeZone } : {}),
      ...(patch.digestDay !== undefined ? { digest_day: patch.digestDay } : {}),
      ...(patch.digestTime !== undefined ? { digest_time: patch.digestTime } : {}),
      ...(patch.retentionMonths !== undefined ? { retention_months: patch.retentionMonths } : {}),
      ...(patch.retentionPending !== undefined
        ? {
            retention_pending_months: patch.retentionPending?.months ?? null,
            retention_pending_on: patch.retentionPending?.effectiveOn ?? null,
            retention_pending_by: patch.retentionPending?.by ?? null,
          }
        : {}),
    },
    deps.clock.now().toISOString(),
  );
}

/**
 * Workspace settings (the digest schedule, retention) apply to everyone, so only Slack workspace
 * admins and owners may change them. Undefined when the actor may; otherwise why not. If Slack
 * cannot be asked, the answer is no.
 */
export async function adminRefusal(
  deps: Pick<Deps, 'slack'>,
  actor: Actor,
): Promise<AdminRefusal | undefined> {
  const admin = await isWorkspaceAdmin(deps, actor);
  if (admin === undefined) return { kind: 'slackUnavailable' };
  return admin ? undefined : { kind: 'notAdmin' };
}
