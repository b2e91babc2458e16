import type { Deps } from '../deps.js';
import { type DigestSchedule, type DigestSummary, digestTiming } from '../domain/digest.js';
import { newId } from '../domain/keys.js';
import { slackErrorCode } from '../errors.js';
import type { PostedMessage } from '../ports/slack.js';
import {
  claimLedgerEntry,
  findLedgerEntry,
  type LedgerKey,
  markLedgerFailed,
  markLedgerSent,
} from '../repositories/digest-ledger.js';
import { listAllSubscriptions } from '../repositories/digest-subscriptions.js';
import {
  buildDigest,
  type DigestPictureOutcome,
  digestSchedule,
  sendDigestPicture,
} from '../services/digest.js';
import { channelSchedule } from '../services/digest-schedule.js';
import { withSendDeadline } from '../slack/port/rate-limits.js';
import { digestMessage, digestPictureWords } from '../views/digest.js';
import { JOB_CALL_MAX_MS } from './client.js';
import { forEachWorkspace, groupByServedWorkspace, jobClock } from './per-workspace.js';
import type { Job, OutgoingMessage } from './types.js';

/**
 * A claim older than this is taken to be left by a crash between claim and post, and is taken
 * over. Longer than any one post can take (the WebClient may wait out a Retry-After), short enough
 * that a digest is still posted the same morning.
 */
export const DIGEST_LEASE_MS = 15 * 60 * 1000;
/** A channel that keeps failing (archived, bot removed) stops being retried after this many tries. */
export const DIGEST_MAX_ATTEMPTS = 20;

/**
 * Posts every digest that is due: for each subscribed channel, last week's digest once the
 * channel's scheduled local day and time (its own, else the workspace's) has passed this week
 * (so one missed while the bot was down is posted on the next run, while still in the week). Exactly once per channel and week,
 * through the ledger: claimed before posting, marked sent after, released on failure for a later
 * tick. Workspaces are worked through at once, each one's channels a few at a time; the job's
 * client paces every call to the workspace's Slack limits (one post a second per channel,
 * https://api.slack.com/methods/chat.postMessage#rate_limiting) and waits out Retry-After on a
 * 429, within the claim's lease (src/jobs/client.ts).
 */
export const digestJob: Job = {
  name: 'digest',
  schedule: (config) => config.digest.cron,
  async run({ deps, now, dryRun }) {
    const counts = {
      subscriptions: 0,
      notDue: 0,
      alreadySent: 0,
      busy: 0,
      posted: 0,
      failed: 0,
      previewed: 0,
      unserved: 0,
      pictures: 0,
    };
    const messages: OutgoingMessage[] = [];
    const clock = jobClock(now);
    const subscriptions = await listAllSubscriptions(deps.db);
    counts.subscriptions = subscriptions.length;
    const { groups, unserved } = await groupByServedWorkspace(deps, subscriptions, (s) => s.team_id);
    counts.unserved = unserved;
    const schedules = new Map<string, Promise<DigestSchedule>>();
    const scheduleOf = (teamId: string) => {
      let schedule = schedules.get(teamId);
      if (!schedule) {
        schedule = digestSchedule(deps, teamId);
        schedules.set(teamId, schedule);
      }
      return schedule;
    };

    // Workspaces at once, each one's channels a few at a time (src/jobs/per-workspace.ts).
    await forEachWorkspace(
      deps,
      groups,
      async (teamId, sub) => {
        // The channel's own schedule (set by its subscriber), field by field over the workspace's.
        const schedule = channelSchedule(await scheduleOf(teamId), sub);
        const timing = digestTiming(now, schedule);
        if (!timing.due) {
          counts.notDue++;
          return;
        }
        const key: LedgerKey = { teamId, channelId: sub.channel_id, weekStart: timing.weekStart };
        const entry = await findLedgerEntry(deps.db, key);
        if (entry?.status === 'sent') {
          counts.alreadySent++;
          return;
        }

        if (dryRun) {
          try {
            const summary = await buildDigest(
              deps,
              teamId,
              sub.channel_id,
              timing.weekStart,
              schedule.timeZone,
            );
            const message = digestMessage(summary);
            messages.push({ channel: sub.channel_id, text: message.text, blocks: message.blocks });
            counts.previewed++;
          } catch (error) {
            // One channel that cannot be read must not hide the others' digests.
            deps.logger.warn('digest not built', {
              team: teamId,
              channel: sub.channel_id,
              code: slackErrorCode(error),
            });
            counts.failed++;
          }
          return;
        }

        const outcome = await postOnce(deps, key, schedule.timeZone, clock);
        counts[outcome.result]++;
        if (outcome.picture === 'uploaded') counts.pictures++;
      },
      () => {
        counts.unserved++;
      },
    );
    return dryRun ? { counts, messages } : { counts };
  },
};

async function postOnce(
  deps: Deps,
  key: LedgerKey,
  timeZone: string,
  clock: () => Date,
): Promise<{ result: 'posted' | 'failed' | 'busy'; picture?: DigestPictureOutcome }> {
  const token = newId();
  const now = clock();
  const claimed = await claimLedgerEntry(deps.db, key, {
    id: newId(),
    token,
    now: now.toISOString(),
    staleBefore: new Date(now.getTime() - DIGEST_LEASE_MS).toISOString(),
    maxAttempts: DIGEST_MAX_ATTEMPTS,
  });
  // Another instance holds it, or it was sent meanwhile, or it has failed too often.
  if (!claimed) return { result: 'busy' };
  let sent: { summary: DigestSummary; posted: PostedMessage };
  try {
    // No Slack call for this claim starts waiting (for a rate limit) past the point where it
    // could still end within the lease: after that another instance may take the claim over.
    sent = await withSendDeadline(Date.now() + DIGEST_LEASE_MS - JOB_CALL_MAX_MS, async () => {
      const summary = await buildDigest(deps, key.teamId, key.channelId, key.weekStart, timeZone);
      const posted = await deps.slack.postToChannel(key.teamId, key.channelId, digestMessage(summary));
      return { summary, posted };
    });
    await markLedgerSent(deps.db, key, token, sent.posted.ts || null, clock().toISOString());
  } catch (error) {
    const code = slackErrorCode(error);
    await markLedgerFailed(deps.db, key, token, code, clock().toISOString());
    deps.logger.warn('digest not posted; retried on a later run', {
      team: key.teamId,
      channel: key.channelId,
      week: key.weekStart,
      code,
    });
    return { result: 'failed' };
  }
  deps.logger.info('digest posted', { team: key.teamId, channel: key.channelId, week: key.weekStart });
  // Once the post is recorded as sent: its trend picture, in the post's thread. The upload has a
  // claim of its own in the ledger, so no retry of either ever uploads twice.
  const { summary, posted } = sent;
  const picture = posted.ts
    ? await sendDigestPicture(deps, key, posted, summary, digestPictureWords(summary), clock)
    : 'none';
  return { result: 'posted', picture };
}
