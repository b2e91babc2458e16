import type { Deps } from '../deps.js';
import {
  type ChangeDigestScheduleResult,
  DIGEST_CHART_WEEKS,
  type DigestSchedule,
  type DigestScheduleInfo,
  type DigestStatus,
  type DigestSummary,
  digestTiming,
  nextDigestAt,
  type PreviewDigestResult,
  parseDigestSchedule,
  REFLECTION_WINDOW_MS,
  reflectedInTime,
  type SubscribeDigestResult,
  summariseDigestFigures,
  type UnsubscribeDigestResult,
  weekInstants,
} from '../domain/digest.js';
import { addDays, localDate } from '../domain/time.js';
import { CodedError, ErrorCode } from '../errors.js';
import {
  deleteSubscription,
  findSubscription,
  insertSubscription,
  listTeamSubscriptions,
} from '../repositories/digest-subscriptions.js';
import { countTeamIntroductions } from '../repositories/introductions.js';
import {
  countDigestDays,
  countStepsCompleted,
  countStepsOpenDue,
  findTeamOrganisers,
  newInstitutionNames,
  weekByOrganiser,
  weekFirstMeetings,
  weekInstitutions,
  weekReflections,
} from '../repositories/queries/digest-stats.js';
import type { Actor } from './organisers.js';
import { adminRefusal, changeWorkspaceSettings, workspaceSettings } from './workspace-settings.js';

/** Settings only. */
type SettingsDeps = Pick<Deps, 'db' | 'config' | 'clock'>;
/** Settings, and Slack for channel reads. */
type ChannelDeps = Pick<Deps, 'db' | 'config' | 'clock' | 'slack'>;

/** The workspace's digest schedule, with env defaults. */
export async function digestSchedule(
  deps: Pick<Deps, 'db' | 'config'>,
  teamId: string,
): Promise<DigestSchedule> {
  const s = await workspaceSettings(deps, teamId);
  return { day: s.digestDay, time: s.digestTime, timeZone: s.timeZone };
}

function withNext(schedule: DigestSchedule, now: Date): DigestScheduleInfo {
  return { ...schedule, nextOn: localDate(nextDigestAt(now, schedule), schedule.timeZone) };
}

async function scheduleInfo(deps: SettingsDeps, teamId: string): Promise<DigestScheduleInfo> {
  return withNext(await digestSchedule(deps, teamId), deps.clock.now());
}

/** `/onetoone digest schedule`: when digests are posted here, and the next one. */
export async function currentDigestSchedule(deps: SettingsDeps, actor: Actor): Promise<DigestScheduleInfo> {
  return scheduleInfo(deps, actor.teamId);
}

/**
 * `/onetoone digest schedule DAY HH:MM [TZ]`. The schedule (and time zone) applies to every
 * team channel in the workspace, so only Slack workspace admins and owners may change it, as
 * with retention.
 */
export async function changeDigestSchedule(
  deps: ChannelDeps,
  actor: Actor,
  text: string,
): Promise<ChangeDigestScheduleResult> {
  const parsed = parseDigestSchedule(text);
  if (!parsed.ok) return { kind: 'invalid', problem: parsed.problem };
  const refusal = await adminRefusal(deps, actor);
  if (refusal) return refusal;
  await changeWorkspaceSettings(deps, actor.teamId, {
    digestDay: parsed.day,
    digestTime: parsed.time,
    ...(parsed.timeZone ? { timeZone: parsed.timeZone } : {}),
  });
  return { kind: 'changed', schedule: await scheduleInfo(deps, actor.teamId) };
}

/** Whether the bot can post in a channel (conversations.info through the port). */
async function botInChannel(deps: Pick<Deps, 'slack'>, teamId: string, channelId: string): Promise<boolean> {
  return (await deps.slack.channelAccess(teamId, channelId)) === 'member';
}

/** `/onetoone digest here`: this channel gets the weekly digest; its members are its team. */
export async function subscribeDigest(
  deps: ChannelDeps,
  actor: Actor,
  channelId: string,
): Promise<SubscribeDigestResult> {
  // Direct messages (D…) have no team to report on.
  if (!/^[CG]/.test(channelId)) return { kind: 'notAChannel' };
  if (!(await botInChannel(deps, actor.teamId, channelId))) return { kind: 'botNotInChannel' };
  const created = await insertSubscription(
    deps.db,
    { team_id: actor.teamId, channel_id: channelId, subscribed_by: actor.userId },
    deps.clock.now().toISOString(),
  );
  return {
    kind: created ? 'subscribed' : 'alreadySubscribed',
    channelId,
    schedule: await scheduleInfo(deps, actor.teamId),
  };
}

/** `/onetoone digest off`: this channel stops getting the digest. */
export async function unsubscribeDigest(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  channelId: string,
): Promise<UnsubscribeDigestResult> {
  const removed = await deleteSubscription(deps.db, actor.teamId, channelId);
  return { kind: removed ? 'unsubscribed' : 'notSubscribed', channelId };
}

/** `/onetoone digest`: the schedule, the workspace's digest channels, and whether this is one. */
export async function digestStatus(
  deps: SettingsDeps,
  actor: Actor,
  channelId: string,
): Promise<DigestStatus> {
  const [subscriptions, schedule, here] = await Promise.all([
    listTeamSubscriptions(deps.db, actor.teamId),
    scheduleInfo(deps, actor.teamId),
    findSubscription(deps.db, actor.teamId, channelId),
  ]);
  return { schedule, channelIds: subscriptions.map((s) => s.channel_id), subscribedHere: here !== undefined };
}

/** A channel's members, every page. Throws a CodedError (not_in_channel) when the bot cannot see it. */
export async function channelMembers(
  deps: Pick<Deps, 'slack'>,
  teamId: string,
  channelId: string,
): Promise<string[]> {
  const members = await deps.slack.channelMembers(teamId, channelId);
  if (members === 'not_in_channel') throw new CodedError(ErrorCode.NotInChannel);
  return members;
}

/**
 * The digest of one channel for the week starting `weekStart` (a Monday in `timeZone`): the team
 * is the channel's members who have logged a one-to-one in this workspace. Every aggregate is
 * bounded by last week or the chart's 8 weeks and added up in SQL on covering indexes (only
 * counts, ids of institutions reached and first-met people, and last week's log and reflection
 * times leave the database); the queries are independent, so on PostgreSQL they run at once
 * through the pool. Throws a CodedError (not_in_channel) when the bot cannot read the channel's
 * members; Slack's own errors otherwise.
 */
export async function buildDigest(
  deps: Pick<Deps, 'db' | 'slack'>,
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
  const fromInstant = from.toISOString();
  const toInstant = to.toISOString();
  const { db } = deps;
  const none = <T>(value: T) => Promise.resolve(value);
  const some = ids.length > 0;

  const [byOrganiser, firstMet, institutionIds, reflections, days, completed, overdue, introductions] =
    await Promise.all([
      some ? weekByOrganiser(db, teamId, ids, weekStart, weekEnd) : none([]),
      some ? weekFirstMeetings(db, teamId, ids, weekStart, weekEnd) : none([]),
      some ? weekInstitutions(db, teamId, ids, weekStart, weekEnd) : none([]),
      some ? weekReflections(db, teamId, ids, weekStart, weekEnd, REFLECTION_WINDOW_MS) : none([]),
      some ? countDigestDays(db, teamId, ids, chartStart, weekEnd) : none([]),
      some ? countStepsCompleted(db, teamId, ids, fromInstant, toInstant) : none(0),
      some ? countStepsOpenDue(db, teamId, ids, chartStart, weekEnd) : none(0),
      some
        ? countTeamIntroductions(db, teamId, ids, {
            fromDate: weekStart,
            toDate: weekEnd,
            fromInstant,
            toInstant,
          })
        : none({ agreed: 0, acrossInstitutions: 0, happened: 0 }),
    ]);
  const fresh = await newInstitutionNames(db, teamId, institutionIds, fromInstant, toInstant);

  let held = 0;
  let totalMinutes = 0;
  let agreed = 0;
  let introduced = 0;
  const heldBy = new Map<string, number>();
  for (const o of byOrganiser) {
    heldBy.set(o.organiserId, (heldBy.get(o.organiserId) ?? 0) + o.held);
    held += o.held;
    totalMinutes += o.minutes;
    agreed += o.agreed;
    introduced += o.introductions;
  }

  return summariseDigestFigures({
    weekStart,
    timeZone,
    organisers: organisers.map((o) => ({ userId: o.user_id, weeklyGoal: o.weekly_goal })),
    week: {
      held,
      heldBy,
      totalMinutes,
      institutionsReached: institutionIds.length,
      newRelationships: firstMet.length,
      agreed,
      introductions: introduced,
      reflectedInTime: reflections.filter((r) => reflectedInTime(r.logged_at, r.reflected_at)).length,
    },
    dailyCounts: days.map((d) => ({ metOn: d.met_on, held: d.held })),
    nextStepsCompleted: completed,
    nextStepsOverdue: overdue,
    newInstitutions: fresh,
    brokeredIntroductions: introductions,
  });
}

/** `/onetoone digest preview`: the digest this channel gets this week (about last week). */
export async function previewDigest(
  deps: ChannelDeps,
  actor: Actor,
  channelId: string,
): Promise<PreviewDigestResult> {
  // Even where the members could be read, a channel the bot is not in would never get it posted.
  if (!(await botInChannel(deps, actor.teamId, channelId))) return { kind: 'botNotInChannel' };
  const schedule = await digestSchedule(deps, actor.teamId);
  const timing = digestTiming(deps.clock.now(), schedule);
  try {
    return {
      kind: 'preview',
      summary: await buildDigest(deps, actor.teamId, channelId, timing.weekStart, schedule.timeZone),
    };
  } catch (error) {
    if (error instanceof CodedError && error.code === ErrorCode.NotInChannel)
      return { kind: 'botNotInChannel' };
    throw error;
  }
}
