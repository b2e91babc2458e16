import { expireImports } from '../services/import.js';
import { applyRetention } from '../services/retention.js';
import type { Job } from './types.js';

/**
 * Daily: blanks one-to-one, reflection and introduction text older than each workspace's
 * retention period (`/onetoone retention N`), keeping the rows so counts stay. Safe to run
 * again at any time: blank text is not blanked twice. `--dry-run` reports counts only.
 */
export const retentionJob: Job = {
  name: 'retention',
  schedule: (config) => config.retention.cron,
  async run({ deps, now, dryRun }) {
    const counts = await applyRetention(deps, now, dryRun);
    // Import dry runs nobody finished: their plans (private text) go after a day (issue 12).
    const expiredImports = dryRun ? 0 : await expireImports(deps, now);
    // Reported only when there were some, so a run's counts stay the retention figures.
    return { counts: { ...counts, ...(expiredImports > 0 ? { expiredImports } : {}) } };
  },
};
