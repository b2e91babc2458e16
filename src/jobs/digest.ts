import type { Deps } from '../deps.js';
import { type DigestSchedule, digestTiming } from '../domain/digest.js';
import { newId } from '../domain/keys.js';
import { slackErrorCode } from '../errors.js';
import {
  claimLedgerEntry,
  findLedgerEntry,
  type LedgerKey,
  markLedgerFailed,
  markLedgerSent,
} from '../repositories/digest-ledger.js';
import { listAllSubscriptions } from '../repositories/digest-subscriptions.js';
import { buildDigest, digestSchedule } from '../services/digest.js';
import { digestMessage } from '../views/digest.js';
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
 * workspace's scheduled local day and time has passed this week (so one missed while the bot was
 * down is posted on the next run, while still in the week). Exactly once per channel and week,
 * through the ledger: claimed before posting, marked sent after, released on failure for a later
 * tick. Posts go one at a time: chat.postMessage allows about one message per second per channel
 * (https://api.slack.com/methods/chat.postMessage#rate_limiting), and the WebClient waits out
 * Retry-After on a 429 before its own retries.
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
    };
    const messages: OutgoingMessage[] = [];
    const schedules = new Map<string, DigestSchedule>();
    const subscriptions = await listAllSubscriptions(deps.db);
    counts.subscriptions = subscriptions.length;

    for (const sub of subscriptions) {
      let schedule = schedules.get(sub.team_id);
      if (!schedule) {
        schedule = await digestSchedule(deps, sub.team_id);
        schedules.set(sub.team_id, schedule);
      }
      const timing = digestTiming(now, schedule);
      if (!timing.due) {
        counts.notDue++;
        continue;
      }
      const key: LedgerKey = { teamId: sub.team_id, channelId: sub.channel_id, weekStart: timing.weekStart };
      const entry = await findLedgerEntry(deps.db, key);
      if (entry?.status === 'sent') {
        counts.alreadySent++;
        continue;
      }

      if (dryRun) {
        try {
          const summary = await buildDigest(
            deps,
            sub.team_id,
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
            team: sub.team_id,
            channel: sub.channel_id,
            code: slackErrorCode(error),
          });
          counts.failed++;
        }
        continue;
      }

      const outcome = await postOnce(deps, key, schedule.timeZone, now);
      counts[outcome]++;
    }
    return dryRun ? { counts, messages } : { counts };
  },
};

async function postOnce(
  deps: Deps,
  key: LedgerKey,
  timeZone: string,
  now: Date,
): Promise<'posted' | 'failed' | 'busy'> {
  const token = newId();
  const claimed = await claimLedgerEntry(deps.db, key, {
    id: newId(),
    token,
    now: now.toISOString(),
    staleBefore: new Date(now.getTime() - DIGEST_LEASE_MS).toISOString(),
    maxAttempts: DIGEST_MAX_ATTEMPTS,
  });
  // Another instance holds it, or it was sent meanwhile, or it has failed too often.
  if (!claimed) return 'busy';
  try {
    const summary = await buildDigest(deps, key.teamId, key.channelId, key.weekStart, timeZone);
    const message = digestMessage(summary);
    const result = await deps.slack.postToChannel(key.teamId, key.channelId, message);
    await markLedgerSent(deps.db, key, token, result.ts || null, now.toISOString());
    deps.logger.info('digest posted', { team: key.teamId, channel: key.channelId, week: key.weekStart });
    return 'posted';
  } catch (error) {
    const code = slackErrorCode(error);
    await markLedgerFailed(deps.db, key, token, code, now.toISOString());
    deps.logger.warn('digest not posted; retried on a later run', {
      team: key.teamId,
      channel: key.channelId,
      week: key.weekStart,
      code,
    });
    return 'failed';
  }
}
