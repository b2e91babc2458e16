import {
  type BatchOutcome,
  claimAndPrepareNudgeBatch,
  releaseNudgeDm,
  sentRecorder,
} from '../services/nudges/batch.js';
import { dmView } from '../services/nudges/cards.js';
import {
  loadNudgeContext,
  type NudgeContext,
  prepareNudgeDm,
  recordNudgeDmFailed,
  STALE_CLAIM_MS,
} from '../services/nudges/daily-dm.js';
import { type DueOrganiser, findDueNudges } from '../services/nudges/due.js';
import { withSendDeadline } from '../slack/port/rate-limits.js';
import { nudgeMessage } from '../views/nudges.js';
import { JOB_CALL_MAX_MS } from './client.js';
import {
  forEachWorkspace,
  groupByServedWorkspace,
  jobClock,
  PER_WORKSPACE_CONCURRENCY,
  pool,
  WORKSPACE_CONCURRENCY,
} from './per-workspace.js';
import type { Job, OutgoingMessage } from './types.js';

/**
 * Organisers of one workspace claimed and prepared together (src/services/nudges/batch.ts): big
 * enough that each claim is one statement for many, small enough that an instance that dies
 * mid-batch strands few claims until their lease runs out.
 */
export const NUDGE_BATCH = 25;

/**
 * Workspaces worked on at once: three times the digest's. A workspace's part of the tick is a
 * chain of short waits (the database, users.list, each post), so at 2,000 workspaces the tick
 * waits far more than it computes (measured: 96 s at 32, 55 s at 96 on SQLite). Each
 * workspace's calls are still paced by its own rate-limit windows, whatever this is.
 */
const NUDGE_WORKSPACES = WORKSPACE_CONCURRENCY * 3;

/**
 * The nudge tick (every few minutes, config.nudges.cron): finds everything due, and sends each
 * organiser at most one DM a day (its nudges and the daily summary of what they logged), in their
 * working hours, on their working days, never while paused, claimed in the ledger before sending.
 * A failed send is retried on a later tick. Workspaces are worked through at once, each one's
 * DMs a few at a time, every call paced to that workspace's Slack limits (src/jobs/client.ts).
 *
 * At scale (issue 10: 20,000 organisers in one tick, several instances): each workspace's
 * settings, zones, pauses and day rows are read in one batch when it comes up; its organisers
 * are then claimed and prepared NUDGE_BATCH at a time (days in one statement, stale zones from
 * users.list pages, nudges in one statement), each day claimed before its DM is put together,
 * so when several instances run the same tick only the claim's winner does the work; sent DMs
 * are recorded together when they finish together (sentRecorder); and each instance starts at
 * its own place in the list of workspaces, so they mostly work on different workspaces and find
 * the others' days already taken in their batch.
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

    const recordSent = sentRecorder(deps, clock);
    const send = async (o: BatchOutcome & { status: 'claimed' }) => {
      const { dm, claimed } = o;
      const message = nudgeMessage(await dmView(deps, dm.actor, claimed.items, claimed.extras));
      try {
        // Posting to the user id opens (or reuses) the DM with the bot. No wait for a rate limit
        // may run past the claim's lease, after which another instance may take it over.
        const res = await withSendDeadline(o.claimedAtMs + STALE_CLAIM_MS - JOB_CALL_MAX_MS, () =>
          deps.slack.postDm(dm.actor.teamId, dm.actor.userId, message),
        );
        await recordSent(claimed, res.channel, res.ts);
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

    /**
     * One workspace, NUDGE_BATCH organisers at a time: claimed and prepared together, then
     * posted a few at a time. Before each batch and each post the workspace is asked again
     * whether it is still served: one uninstalled while the job runs gets no further call.
     */
    const liveWorkspace = async (teamId: string, orgs: DueOrganiser[]) => {
      let gone = false;
      const served = async () => {
        if (!gone && deps.workspaces && !(await deps.workspaces.isServed(teamId))) gone = true;
        return !gone;
      };
      for (let i = 0; i < orgs.length; i += NUDGE_BATCH) {
        const batch = orgs.slice(i, i + NUDGE_BATCH);
        if (!(await served())) {
          counts.unserved += batch.length;
          continue;
        }
        const outcomes = await claimAndPrepareNudgeBatch(deps, batch, await contextFor(teamId), now, clock);
        await pool(outcomes, PER_WORKSPACE_CONCURRENCY, async (o) => {
          if (o.status === 'skipped') {
            if (o.reason === 'inactive') counts.inactive++;
            else counts.skipped++;
          } else if (!(await served())) {
            await releaseNudgeDm(deps, o.claimed, clock());
            counts.unserved++;
          } else await send(o);
        });
      }
    };

    if (!dryRun) {
      await pool([...startAnywhere(groups)], NUDGE_WORKSPACES, ([teamId, orgs]) =>
        liveWorkspace(teamId, orgs),
      );
      return { counts };
    }

    await forEachWorkspace(
      deps,
      groups,
      (_teamId, org) => dry(org),
      () => {
        counts.unserved++;
      },
    );
    return { counts, messages };
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
