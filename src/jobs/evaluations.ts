import { runEvaluations } from '../services/lead.js';
import type { Job } from './types.js';

/**
 * The weekly evaluation between an organiser and their lead (issue 12): an hour before each
 * pair's scheduled day and time (the organiser's wall clock), the agenda built from the
 * organiser's counts, by DM to each of the two, once per pair and week however many instances
 * run (claimed before sending). It runs as often as the nudges (`NUDGE_CRON`, every 5 minutes by
 * default), well inside the hour's window. `--dry-run` prints the DMs and sends nothing.
 */
export const evaluationsJob: Job = {
  name: 'evaluations',
  schedule: (config) => config.nudges.cron,
  async run({ deps, now, dryRun }) {
    const { counts, messages } = await runEvaluations(deps, now, dryRun);
    return dryRun
      ? {
          counts: { ...counts },
          messages: messages.map((m) => ({
            channel: m.channel,
            text: m.message.text,
            blocks: m.message.blocks,
          })),
        }
      : { counts: { ...counts } };
  },
};
