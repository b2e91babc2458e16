import type { Weekday } from '../config.js';
import type { DigestSubscription } from '../db/schema.js';
import type { Deps } from '../deps.js';
import {
  type ChangeDigestScheduleResult,
  type DigestSchedule,
  type DigestScheduleInfo,
  nextDigestAt,
  parseDigestSchedule,
} from '../domain/digest.js';
import { localDate } from '../domain/time.js';
import { findSubscription, setSubscriptionSchedule } from '../repositories/digest-subscriptions.js';
import { type Actor, isWorkspaceAdmin } from './organisers.js';
import { adminRefusal, changeWorkspaceSettings, workspaceSettings } from './workspace-settings.js';

/**
 * When the weekly digest is posted: the workspace's schedule (set by a Slack admin), which a
 * subscribed channel may override with its own (issue 9: whoever subscribed a channel sets that
 * channel's schedule, so a lead organiser who is not an admin can move their team's digest
 * without moving everyone's). A channel's own day, time and zone are each used when set.
 */

type ScheduleDeps = Pick<Deps, 'db' | 'config' | 'clock'>;
type Subscription = Pick<DigestSubscription, 'channel_id' | 'digest_day' | 'digest_time' | 'time_zone'>;

/** The schedule a channel's digest follows: its own fields over the workspace's. */
export function channelSchedule(workspace: DigestSchedule, sub: Subscription | undefined): DigestSchedule {
  return {
    day: (sub?.digest_day as Weekday | null | undefined) ?? workspace.day,
    time: sub?.digest_time ?? workspace.time,
    timeZone: sub?.time_zone ?? workspace.timeZone,
  };
}

function hasOwnSchedule(sub: Subscription | undefined): sub is Subscription {
  return Boolean(sub && (sub.digest_day || sub.digest_time || sub.time_zone));
}

async function workspaceSchedule(deps: Pick<Deps, 'db' | 'config'>, teamId: string): Promise<DigestSchedule> {
  const s = await workspaceSettings(deps, teamId);
  return { day: s.digestDay, time: s.digestTime, timeZone: s.timeZone };
}

function withNext(schedule: DigestSchedule, now: Date, channelId?: string): DigestScheduleInfo {
  return {
    ...schedule,
    nextOn: localDate(nextDigestAt(now, schedule), schedule.timeZone),
    ...(channelId ? { channelId } : {}),
  };
}

/**
 * The schedule a channel's digest follows, with its next date; `channelId` is set when the
 * channel has its own. Without a subscription (or a channel), the workspace's.
 */
export async function digestScheduleInfoFor(
  deps: ScheduleDeps,
  teamId: string,
  channelId: string | undefined,
): Promise<DigestScheduleInfo> {
  const [workspace, sub] = await Promise.all([
    workspaceSchedule(deps, teamId),
    channelId ? findSubscription(deps.db, teamId, channelId) : Promise.resolve(undefined),
  ]);
  const now = deps.clock.now();
  return hasOwnSchedule(sub)
    ? withNext(channelSchedule(workspace, sub), now, sub.channel_id)
    : withNext(workspace, now);
}

/** `/onetoone digest schedule`: when digests are posted here, and the next one. */
export async function currentDigestSchedule(
  deps: ScheduleDeps,
  actor: Actor,
  channelId?: string,
): Promise<DigestScheduleInfo> {
  return digestScheduleInfoFor(deps, actor.teamId, channelId);
}

/**
 * `/onetoone digest schedule DAY HH:MM [TZ]`. In a channel that gets the digest, it sets that
 * channel's own schedule, which the person who subscribed it or a Slack workspace admin may do
 * (anyone else is told who can). Anywhere else it sets the workspace's schedule, which every
 * channel without its own follows: workspace admins and owners only, as with retention. If Slack
 * cannot be asked whether someone is an admin, the answer is no.
 */
export async function changeDigestSchedule(
  deps: Pick<Deps, 'db' | 'config' | 'clock' | 'slack'>,
  actor: Actor,
  text: string,
  channelId?: string,
): Promise<ChangeDigestScheduleResult> {
  const parsed = parseDigestSchedule(text);
  if (!parsed.ok) return { kind: 'invalid', problem: parsed.problem };
  const sub = channelId ? await findSubscription(deps.db, actor.teamId, channelId) : undefined;
  if (!sub) {
    const refusal = await adminRefusal(deps, actor);
    if (refusal) return refusal;
    await changeWorkspaceSettings(deps, actor.teamId, {
      digestDay: parsed.day,
      digestTime: parsed.time,
      ...(parsed.timeZone ? { timeZone: parsed.timeZone } : {}),
    });
    return { kind: 'changed', schedule: await digestScheduleInfoFor(deps, actor.teamId, undefined) };
  }
  // The subscriber needs no call to Slack; anyone else must be an admin.
  if (sub.subscribed_by !== actor.userId) {
    const admin = await isWorkspaceAdmin(deps, actor);
    if (admin === undefined) return { kind: 'slackUnavailable' };
    if (!admin) return { kind: 'notSubscriber', channelId: sub.channel_id, subscribedBy: sub.subscribed_by };
  }
  await setSubscriptionSchedule(
    deps.db,
    actor.teamId,
    sub.channel_id,
    { day: parsed.day, time: parsed.time, ...(parsed.timeZone ? { timeZone: parsed.timeZone } : {}) },
    deps.clock.now().toISOString(),
  );
  return { kind: 'changed', schedule: await digestScheduleInfoFor(deps, actor.teamId, sub.channel_id) };
}
