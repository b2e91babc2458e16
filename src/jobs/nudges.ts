import { cardsFor } from '../services/nudges/cards.js';
import {
  claimNudgeDm,
  prepareNudgeDm,
  recordNudgeDmFailed,
  recordNudgeDmSent,
} from '../services/nudges/daily-dm.js';
import { findDueNudges } from '../services/nudges/due.js';
import { nudgeMessage } from '../views/nudges.js';
import type { Job, OutgoingMessage } from './types.js';

/**
 * The nudge tick (every few minutes, config.nudges.cron): finds everything due, and sends each
 * organiser at most one DM a day, in their working hours, claimed in the ledger before sending.
 * A failed send is retried on a later tick. Run by hand: `npm run nudges -- --now ISO --dry-run`.
 */
export const nudgesJob: Job = {
  name: 'nudges',
  schedule: (config) => config.nudges.cron,
  async run({ deps, now, dryRun }) {
    const counts = { organisers: 0, sent: 0, nudges: 0, failed: 0, inactive: 0, skipped: 0 };
    const messages: OutgoingMessage[] = [];
    const due = await findDueNudges(deps, now);
    counts.organisers = due.length;
    for (const org of due) {
      const prepared = await prepareNudgeDm(deps, org, now, dryRun);
      if (prepared.status === 'skipped') {
        if (prepared.reason === 'inactive') counts.inactive++;
        else counts.skipped++;
        continue;
      }
      const { dm } = prepared;
      if (dryRun) {
        const message = nudgeMessage(cardsFor(dm.items));
        messages.push({ channel: dm.actor.userId, text: message.text, blocks: message.blocks });
        counts.nudges += dm.items.length;
        continue;
      }
      const claimed = await claimNudgeDm(deps, dm, now);
      if (!claimed) {
        counts.skipped++;
        continue;
      }
      const message = nudgeMessage(cardsFor(claimed.items));
      try {
        // Posting to the user id opens (or reuses) the DM with the bot.
        const res = await deps.slack.postDm(dm.actor.teamId, dm.actor.userId, message);
        await recordNudgeDmSent(deps, claimed, res.channel, res.ts, now);
        counts.sent++;
        counts.nudges += claimed.items.length;
      } catch (error) {
        const { code, inactive } = await recordNudgeDmFailed(deps, claimed, error, now);
        if (inactive) counts.inactive++;
        else {
          counts.failed++;
          deps.logger.warn('nudge DM failed; retried on a later tick', { team: dm.actor.teamId, code });
        }
      }
    }
    return dryRun ? { counts, messages } : { counts };
  },
};
