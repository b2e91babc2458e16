import type { Weekday } from '../config.js';
import type { Deps } from '../deps.js';
import { findWorkspaceSettings, updateWorkspaceSettings } from '../repositories/workspace-settings.js';

/** A workspace's settings with the environment's defaults filled in. */
export interface EffectiveWorkspaceSettings {
  teamId: string;
  timeZone: string;
  digestDay: Weekday;
  digestTime: string;
  retentionMonths: number | null;
}

export async function workspaceSettings(deps: Deps, teamId: string): Promise<EffectiveWorkspaceSettings> {
  const row = await findWorkspaceSettings(deps.db, teamId);
  return {
    teamId,
    timeZone: row?.time_zone ?? deps.config.defaultTimeZone,
    digestDay: (row?.digest_day as Weekday | null) ?? deps.config.digest.day,
    digestTime: row?.digest_time ?? deps.config.digest.time,
    retentionMonths: row?.retention_months ?? null,
  };
}

export async function changeWorkspaceSettings(
  deps: Deps,
  teamId: string,
  patch: { timeZone?: string; digestDay?: Weekday; digestTime?: string; retentionMonths?: number | null },
): Promise<void> {
  await updateWorkspaceSettings(
    deps.db,
    teamId,
    {
      ...(patch.timeZone !== undefined ? { time_zone: patch.timeZone } : {}),
      ...(patch.digestDay !== undefined ? { digest_day: patch.digestDay } : {}),
      ...(patch.digestTime !== undefined ? { digest_time: patch.digestTime } : {}),
      ...(patch.retentionMonths !== undefined ? { retention_months: patch.retentionMonths } : {}),
    },
    deps.clock.now().toISOString(),
  );
}
