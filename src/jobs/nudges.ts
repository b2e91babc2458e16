import { cardsFor } from '../services/nudges/cards.js';
import {
  claimNudgeDm,
  prepareNudgeDm,
  recordNudgeDmFailed,
  recordNudgeDmSent,
  STALE_CLAIM_MS,
} from '../services/nudges/daily-dm.js';
import { type DueOrganiser, findDueNudges } from '../services/nudges/due.js';
import { withSendDeadline } from '../slack/port/rate-limits.js';
import { nudgeMessage } from '../views/nudges.js';
import { JOB_CALL_MAX_MS } from './client.js';
import { forEachWorkspace, groupByServedWorkspace, jobClock } from './per-workspace.js';
import type { Job, OutgoingMessage } from './types.js';

/**
 * The nudge tick (every few minutes, config.nudges.cron): finds everything due, and sends each
 * organiser at most one DM a day, in their working hours, claimed in the ledger before sending.
 * A failed send is retried on a later tick. Workspaces are worked through at once, each one's
 * organisers a few at a time, every call paced to that workspace's Slack limits (src/jobs/client.ts).
 * Run by hand: `npm run nudges -- --now ISO --dry-run`.
 */
export const nudgesJob: Job = {
  name: 'nudges',
  schedule: (config) => config.nudges.cron,
  async run({ deps, now, dryRun }) {
    const counts = { organisers: 0, sent: 0, nudges: 0, failed: 0, inactive: 0, skipped: 0, unserved: 0 };
    const messages: OutgoingMessage[] = [];
    const clock = jobClock(now);
    const due = await findDueNudges(deps, now);
    counts.organisers = due.length;
    const { groups, unserved } = await groupByServedWorkspace(deps, due, (org) => org.teamId);
    counts.unserved = unserved;

    const one = async (org: DueOrganiser) => {
      const prepared = await prepareNudgeDm(deps, org, now, dryRun);
      if (prepared.status === 'skipped') {
        if (prepared.reason === 'inactive') counts.inactive++;
        else counts.skipped++;
        return;
      }
      const { dm } = prepared;
      if (dryRun) {
        const message = nudgeMessage(cardsFor(dm.items));
        messages.push({ channel: dm.actor.userId, text: message.text, blocks: message.blocks });
        counts.nudges += dm.items.length;
        return;
      }
      // Stamped when claimed (a lease runs from here), decided at the tick's `now`.
      const claimed = await claimNudgeDm(deps, dm, clock());
      if (!claimed) {
        counts.skipped++;
        return;
      }
      const message = nudgeMessage(cardsFor(claimed.items));
      try {
        // Posting to the user id opens (or reuses) the DM with the bot. No wait for a rate limit
        // may run past the claim's lease, after which another instance may take it over.
        const res = await withSendDeadline(Date.now() + STALE_CLAIM_MS - JOB_CALL_MAX_MS, () =>
          deps.slack.postDm(dm.actor.teamId, dm.actor.userId, message),
        );
        await recordNudgeDmSent(deps, claimed, res.channel, res.ts, clock());
        counts.sent++;
        counts.nudges += claimed.items.length;
      } catch (error) {
        const { code, inactive } = await recordNudgeDmFailed(deps, claimed, error, clock());
        if (inactive) counts.inactive++;
        else {
          counts.failed++;
          deps.logger.warn('nudge DM failed; retried on a later tick', { team: dm.actor.teamId, code });
        }
      }
    };

    await forEachWorkspace(
      deps,
      groups,
      (_teamId, org) => one(org),
      () => {
        counts.unserved++;
      },
    );
    return dryRun ? { counts, messages } : { counts };
  },
};
