import { eraseWorkspaceData, listWorkspacesDueForErasure } from '../services/installation-store.js';
import type { Job } from './types.js';

/**
 * Erases the data of workspaces that uninstalled the app (or revoked its bot token) once their
 * grace period (UNINSTALL_GRACE_DAYS) is over: every table's rows for the team in batches, then
 * the installation row, with an 'erased' audit row holding the counts. A workspace that
 * reinstalled in the meantime is no longer due and keeps its data, even if that happens while
 * this runs (each batch re-checks). Runs hourly, and at once after an uninstall when the grace
 * period is 0. `--dry-run` lists how many workspaces are due and erases nothing.
 */

export interface ErasureJobOptions {
  /** Rows per delete statement (each in its own short transaction). */
  batchSize?: number;
  /** Installations read per page. */
  pageSize?: number;
}

/** Minute 15 of every hour: days of grace need no finer schedule. */
export const ERASURE_CRON = '15 * * * *';

export function createErasureJob(options: ErasureJobOptions = {}): Job {
  const pageSize = Math.max(1, options.pageSize ?? 50);
  return {
    name: 'erasure',
    schedule: () => ERASURE_CRON,
    async run({ deps, now, dryRun }) {
      const counts = { due: 0, erased: 0, kept: 0, rows: 0, batches: 0 };
      // Erased rows leave the list, so each page is read from the start; a workspace already
      // tried in this run (it reinstalled, or failed) is not tried again.
      const tried = new Set<string>();
      for (;;) {
        const page = (await listWorkspacesDueForErasure(deps.db, now, pageSize + tried.size)).filter(
          (teamId) => !tried.has(teamId),
        );
        if (page.length === 0) break;
        for (const teamId of page) {
          tried.add(teamId);
          counts.due += 1;
          if (dryRun) continue;
          const result = await eraseWorkspaceData(deps.db, teamId, now, { batchSize: options.batchSize });
          counts.batches += result.batches;
          counts.rows += Object.values(result.counts).reduce((a, b) => a + b, 0);
          if (result.erased) counts.erased += 1;
          else {
            counts.kept += 1;
            deps.logger.info('erasure stopped: the workspace reinstalled', { teamId });
          }
        }
      }
      return { counts };
    },
  };
}

export const erasureJob: Job = createErasureJob();
