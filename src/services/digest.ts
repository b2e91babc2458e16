import type { Weekday } from '../config.js';
import type { Deps } from '../deps.js';
import {
  DIGEST_CHART_WEEKS,
  type DigestSchedule,
  type DigestSummary,
  digestTiming,
  REFLECTION_WINDOW_MS,
  summariseDigest,
  weekInstants,
} from '../domain/digest.js';
import { addDays } from '../domain/time.js';
import {
  deleteSubscription,
  findSubscription,
  insertSubscription,
  listTeamSubscriptions,
} from '../repositories/digest-subscriptions.js';
import {
  countDigestDays,
  countStepsCompleted,
  countStepsOpenDue,
  findDigestRows,
  findReflectionTimes,
  findTeamOrganisers,
  newInstitutionNames,
} from '../repositories/queries/digest-stats.js';
import { teamIntroductionCounts } from './introductions.js';
import { type Actor, isWorkspaceAdmin } from './organisers.js';
import { changeWorkspaceSettings, workspaceSettings } from './workspace-settings.js';

export class BotNotInChannelError extends Error {
  constructor(readonly code: string) {
    super(`bot not in channel: ${code}`);
    this.name = 'BotNotInChannelError';
  }
}

/** The workspace's digest schedule, with env defaults. */
export async function digestSchedule(deps: Deps, teamId: string): Promise<DigestSchedule> {
  const s = await workspaceSettings(deps, teamId);
  return { day: s.digestDay, time: s.digestTime, timeZone: s.timeZone };
}

/**
 * The schedule (and time zone) applies to every team channel in the workspace, so only Slack
 * workspace admins and owners may change it, as with retention.
 */
export async function changeDigestSchedule(
  deps: Deps,
  actor: Actor,
  change: { day: Weekday; time: string; timeZone: string | undefined },
): Promise<{ ok: true; schedule: DigestSchedule } | { ok: false; reason: 'not_admin' | 'unknown' }> {
  const admin = await isWorkspaceAdmin(deps, actor);
  if (admin === undefined) return { ok: false, reason: 'unknown' };
  if (!admin) return { ok: false, reason: 'not_admin' };
  const teamId = actor.teamId;
  await changeWorkspaceSettings(deps, teamId, {
    digestDay: change.day,
    digestTime: change.time,
    ...(change.timeZone ? { timeZone: change.timeZone } : {}),
  });
  return { ok: true, schedule: await digestSchedule(deps, teamId) };
}

/** Whether the bot can post in a channel (conversations.info through the port). */
async function botInChannel(deps: Deps, teamId: string, channelId: string): Promise<boolean> {
  return (await deps.slack.channelAccess(teamId, channelId)) === 'member';
}

export type SubscribeResult =
  | { kind: 'subscribed' | 'already'; schedule: DigestSchedule }
  | { kind: 'not_in_channel' }
  | { kind: 'not_a_channel' };

/** `/onetoone digest here`: this channel gets the weekly digest; its members are its team. */
export async function subscribeDigest(deps: Deps, actor: Actor, channelId: string): Promise<SubscribeResult> {
  // Direct messages (D…) have no team to report on.
  if (!/^[CG]/.test(channelId)) return { kind: 'not_a_channel' };
  if (!(await botInChannel(deps, actor.teamId, channelId))) return { kind: 'not_in_channel' };
  const created = await insertSubscription(
    deps.db,
    { team_id: actor.teamId, channel_id: channelId, subscribed_by: actor.userId },
    deps.clock.now().toISOString(),
  );
  return { kind: created ? 'subscribed' : 'already', schedule: await digestSchedule(deps, actor.teamId) };
}

export async function unsubscribeDigest(deps: Deps, actor: Actor, channelId: string): Promise<boolean> {
  return deleteSubscription(deps.db, actor.teamId, channelId);
}

export async function digestChannels(deps: Deps, teamId: string): Promise<string[]> {
  return (await listTeamSubscriptions(deps.db, teamId)).map((s) => s.channel_id);
}

export async function isSubscribed(deps: Deps, teamId: string, channelId: string): Promise<boolean> {
  return (await findSubscription(deps.db, teamId, channelId)) !== undefined;
}

/** A channel's members, every page. Throws BotNotInChannelError when the bot cannot see it. */
export async function channelMembers(deps: Deps, teamId: string, channelId: string): Promise<string[]> {
  const members = await deps.slack.channelMembers(teamId, channelId);
  if (members === 'not_in_channel') throw new BotNotInChannelError('not_in_channel');
  return members;
}

/**
 * The digest of one channel for the week starting `weekStart` (a Monday in `timeZone`): the team
 * is the channel's members who are organisers in this workspace. Every aggregate is bounded by
 * last week or the chart's 8 weeks.
 */
export async function buildDigest(
  deps: Deps,
  teamId: string,
  channelId: string,
  weekStart: string,
  timeZone: string,
): Promise<DigestSummary> {
  const members = await channelMembers(deps, teamId, channelId);
  const organisers = await findTeamOrganisers(deps.db, teamId, [...new Set(members)]);
  const ids = organisers.map((o) => o.user_id);
  const weekEnd = addDays(weekStart, 6);
  const chartStart = addDays(weekStart, -7 * (DIGEST_CHART_WEEKS - 1));
  const { from, to } = weekInstants(weekStart, timeZone);

  const rows = ids.length ? await findDigestRows(deps.db, teamId, ids, weekStart, weekEnd) : [];
  // Only a reflection written within 48 hours of its one-to-one being logged counts, so only
  // those written between the first log and 48 hours after the last are read.
  const logged = rows.map((r) => r.created_at).sort();
  const reflections = logged.length
    ? await findReflectionTimes(
        deps.db,
        teamId,
        ids,
        logged[0]!,
        new Date(Date.parse(logged.at(-1)!) + REFLECTION_WINDOW_MS).toISOString(),
      )
    : [];
  const reflectedAt = new Map(reflections.map((r) => [r.one_to_one_id, r.created_at]));
  const reached = [...new Set(rows.map((r) => r.institution_id).filter((i): i is string => i !== null))];
  const fresh = await newInstitutionNames(deps.db, teamId, reached, from.toISOString(), to.toISOString());

  return summariseDigest({
    weekStart,
    timeZone,
    organisers: organisers.map((o) => ({ userId: o.user_id, weeklyGoal: o.weekly_goal })),
    weekRows: rows.map((r) => ({
      organiserId: r.organiser_id,
      metOn: r.met_on,
      durationMinutes: r.duration_minutes,
      nextStepKind: r.next_step_kind,
      createdAt: r.created_at,
      reflectedAt: reflectedAt.get(r.id) ?? null,
      id: r.id,
      personId: r.person_id,
      metOnEarlierDay: r.earlier_day === 1,
      institutionId: r.institution_id,
    })),
    dailyCounts: ids.length
      ? (await countDigestDays(deps.db, teamId, ids, chartStart, weekEnd)).map((d) => ({
          metOn: d.met_on,
          held: d.held,
        }))
      : [],
    nextStepsCompleted: ids.length
      ? await countStepsCompleted(deps.db, teamId, ids, from.toISOString(), to.toISOString())
      : 0,
    nextStepsOverdue: ids.length ? await countStepsOpenDue(deps.db, teamId, ids, chartStart, weekEnd) : 0,
    newInstitutions: fresh,
    brokeredIntroductions: await teamIntroductionCounts(deps, teamId, ids, {
      fromDate: weekStart,
      toDate: weekEnd,
      fromInstant: from.toISOString(),
      toInstant: to.toISOString(),
    }),
  });
}

export type PreviewResult = { kind: 'ok'; summary: DigestSummary } | { kind: 'not_in_channel' };

/** `/onetoone digest preview`: the digest this channel gets this week (about last week). */
export async function previewDigest(deps: Deps, actor: Actor, channelId: string): Promise<PreviewResult> {
  // Even where the members could be read, a channel the bot is not in would never get it posted.
  if (!(await botInChannel(deps, actor.teamId, channelId))) return { kind: 'not_in_channel' };
  const schedule = await digestSchedule(deps, actor.teamId);
  const timing = digestTiming(deps.clock.now(), schedule);
  try {
    return {
      kind: 'ok',
      summary: await buildDigest(deps, actor.teamId, channelId, timing.weekStart, schedule.timeZone),
    };
  } catch (error) {
    if (error instanceof BotNotInChannelError) return { kind: 'not_in_channel' };
    throw error;
  }
}
