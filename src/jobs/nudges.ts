import { dmView } from '../services/nudges/cards.js';
import {
  claimAndPrepareNudgeDm,
  loadNudgeContext,
  type NudgeContext,
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
 * organiser at most one DM a day (its nudges and the daily summary of what they logged), in their
 * working hours, on their working days, never while paused, claimed in the ledger before sending.
 * A failed send is retried on a later tick. Workspaces are worked through at once, each one's
 * organisers a few at a time, every call paced to that workspace's Slack limits (src/jobs/client.ts).
 *
 * At scale (issue 10): each workspace's settings, zones, pauses and day rows are read in one
 * batch when its first organiser comes up; each organiser's day is claimed before its DM is put
 * together, so when several instances run the same tick only the claim's winner does the work;
 * and each instance starts at its own place in the list of workspaces, so they mostly work on
 * different workspaces and find the others' days already taken in their batch.
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

    const contexts = new Map<string, Promise<NudgeContext>>();
    const contextFor = (teamId: string): Promise<NudgeContext> => {
      let ctx = contexts.get(teamId);
      if (!ctx) {
        const users = (groups.get(teamId) ?? []).map((o) => o.userId);
        ctx = loadNudgeContext(deps, teamId, users, now);
        contexts.set(teamId, ctx);
      }
      return ctx;
    };

    const dry = async (org: DueOrganiser) => {
      const prepared = await prepareNudgeDm(deps, org, now, true, await contextFor(org.teamId));
      if (prepared.status === 'skipped') {
        if (prepared.reason === 'inactive') counts.inactive++;
        else counts.skipped++;
        return;
      }
      const { dm } = prepared;
      const message = nudgeMessage(await dmView(deps, dm.actor, dm.items, dm.extras));
      messages.push({ channel: dm.actor.userId, text: message.text, blocks: message.blocks });
      counts.nudges += dm.items.length;
    };

    const live = async (org: DueOrganiser) => {
      const prepared = await claimAndPrepareNudgeDm(deps, org, await contextFor(org.teamId), now, clock);
      if (prepared.status === 'skipped') {
        if (prepared.reason === 'inactive') counts.inactive++;
        else counts.skipped++;
        return;
      }
      const { dm, claimed } = prepared;
      const message = nudgeMessage(await dmView(deps, dm.actor, claimed.items, claimed.extras));
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
      startAnywhere(groups),
      (_teamId, org) => (dryRun ? dry(org) : live(org)),
      () => {
        counts.unserved++;
      },
    );
    return dryRun ? { counts, messages } : { counts };
  },
};

/**
 * The workspaces in their order, begun at a random one: instances running the same tick then
 * start apart, rather than all racing for the same organisers' claims.
 */
function startAnywhere<T>(groups: Map<string, T[]>): Map<string, T[]> {
  const entries = [...groups];
  const at = Math.floor(Math.random() * entries.length);
  return new Map([...entries.slice(at), ...entries.slice(0, at)]);
}
