import { renderWeeklyTrendPng } from '../charts/weekly-trend.js';
import type { Deps } from '../deps.js';
import {
  countStageMoves,
  DIGEST_CHART_WEEKS,
  type DigestFigures,
  type DigestPictureWords,
  type DigestSchedule,
  type DigestScheduleInfo,
  type DigestStatus,
  type DigestSummary,
  digestTiming,
  memberLine,
  type PreviewDigestResult,
  type SubscribeDigestResult,
  summariseDigest,
  type UnsubscribeDigestResult,
  type WeekBounds,
  weekInstants,
} from '../domain/digest.js';
import { goalInForce } from '../domain/goals.js';
import { addDays, localDate, weekStart as startOfWeek } from '../domain/time.js';
import { CodedError, ErrorCode, errorCode } from '../errors.js';
import type { PostedMessage } from '../ports/slack.js';
import { claimLedgerPicture, type LedgerKey, markLedgerPicture } from '../repositories/digest-ledger.js';
import {
  deleteSubscription,
  findSubscription,
  insertSubscription,
  listTeamSubscriptions,
} from '../repositories/digest-subscriptions.js';
import { goalChanges } from '../repositories/goal-history.js';
import { teamHouseMeetingWeek } from '../repositories/house-meetings.js';
import { countTeamIntroductions } from '../repositories/introductions.js';
import { pausedDuring } from '../repositories/pauses.js';
import {
  countInstitutionsMet,
  findTeamOrganisers,
  firstWeekBefore,
  institutionsFirstMet,
  institutionsReached,
  stageMoveCandidates,
  teamWeekCounts,
  workspaceWeeks,
} from '../repositories/queries/digest-stats.js';
import { campaignDigestSection } from './campaign-report.js';
import { digestScheduleInfoFor } from './digest-schedule.js';
import type { Actor } from './organisers.js';
import { workspaceSettings } from './workspace-settings.js';

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

/** The schedule a channel's digest follows (its own, or the workspace's: digest-schedule.ts). */
function scheduleInfo(deps: SettingsDeps, teamId: string, channelId?: string): Promise<DigestScheduleInfo> {
  return digestScheduleInfoFor(deps, teamId, channelId);
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
    schedule: await scheduleInfo(deps, actor.teamId, channelId),
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
    scheduleInfo(deps, actor.teamId, channelId),
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
 * is the channel's members who have logged a one-to-one in this workspace, less anyone paused
 * during that week (neither counted nor celebrated). Every aggregate reads the week's facts kept
 * on write (src/repositories/digest-facts.ts), bounded by last week or the chart's 8 weeks (only
 * counts, institutions' ids and names, and organisers' ids leave the database). Two rounds of
 * queries: those that need only the workspace start with Slack's members call, those that name
 * the team's organisers once it is known; on PostgreSQL each round runs at once through the pool
 * (the digest's figures over 1M one-to-ones: `npm run bench -- digest`). Throws a CodedError
 * (not_in_channel) when the bot cannot read the channel's members; Slack's own errors otherwise.
 */
export async function buildDigest(
  deps: Pick<Deps, 'db' | 'slack'>,
  teamId: string,
  channelId: string,
  weekStart: string,
  timeZone: string,
): Promise<DigestSummary> {
  const { db } = deps;
  const weekEnd = addDays(weekStart, 6);
  const chartFrom = addDays(weekStart, -7 * (DIGEST_CHART_WEEKS - 1));
  const { from, to } = weekInstants(weekStart, timeZone);
  const week: WeekBounds = {
    fromDate: weekStart,
    toDate: weekEnd,
    fromInstant: from.toISOString(),
    toInstant: to.toISOString(),
  };
  const teamRead = Promise.all([
    channelMembers(deps, teamId, channelId),
    pausedDuring(db, teamId, weekStart, addDays(weekStart, 7)),
  ]).then(async ([members, paused]) =>
    (await findTeamOrganisers(db, teamId, [...new Set(members)])).filter((o) => !paused.has(o.user_id)),
  );
  const idsRead = teamRead.then((team) => team.map((o) => o.user_id));
  // The reads whose SQL needs only the workspace and the week start now, while Slack lists the
  // members (the week's counts keep the team's organisers once known). The workspace's
  // institutions count is the team's in the common case, and only replaced below when others
  // were active. Each failure is thrown by the awaits below, never left unhandled meanwhile.
  const workspaceReads = Promise.all([
    workspaceWeeks(db, teamId, chartFrom, weekStart),
    institutionsFirstMet(db, teamId, weekStart, weekEnd),
    teamWeekCounts(db, teamId, idsRead, week, chartFrom),
    stageMoveCandidates(db, teamId, idsRead, week),
    countInstitutionsMet(db, teamId, weekStart, weekEnd),
    campaignDigestSection(deps, teamId, channelId, weekStart, weekEnd),
  ]);
  idsRead.catch(() => {});
  workspaceReads.catch(() => {});
  const team = await teamRead;
  const ids = team.map((o) => o.user_id);
  if (ids.length === 0) return summariseDigest(emptyFigures(weekStart, timeZone));

  const teamIds = new Set(ids);
  const [
    [allWeeks, firstMet, counts, candidates, institutionsMet, campaign],
    goals,
    earlier,
    introductions,
    house,
  ] = await Promise.all([
    workspaceReads,
    goalChanges(db, teamId, ids, weekStart),
    firstWeekBefore(db, teamId, ids, chartFrom),
    countTeamIntroductions(db, teamId, ids, week),
    // House meetings (issue 11): their own line, never added to the one-to-ones.
    teamHouseMeetingWeek(db, teamId, ids, weekStart, weekEnd),
  ]);

  const weeks = allWeeks.filter((w) => teamIds.has(w.organiserId));
  // Institutions reached: when nobody outside the team met anyone that week (a workspace with
  // one team channel, the common case), the workspace's count is the team's, and every
  // institution first met that week was reached by the team; otherwise the team's own.
  const othersActive = allWeeks.some(
    (w) => w.weekStart === weekStart && w.held > 0 && !teamIds.has(w.organiserId),
  );
  const reached = othersActive
    ? new Set(await institutionsReached(db, teamId, ids, weekStart, weekEnd))
    : undefined;
  const reachedCount = reached ? reached.size : institutionsMet;

  // The team's first week of use: its first one-to-one, or its first use of the bot if earlier
  // (weeks before either are not drawn as empty weeks).
  // biome-ignore lint/complexity/useMathMinMax: ISO timestamps compare as text; Math.min would give NaN.
  const firstUsed = team.reduce((a, o) => (o.created_at < a ? o.created_at : a), team[0]!.created_at);
  const firstWeek = [
    earlier,
    ...weeks.map((w) => w.weekStart),
    startOfWeek(localDate(new Date(firstUsed), timeZone)),
  ]
    .filter((w): w is string => w !== undefined)
    // biome-ignore lint/complexity/useMathMinMax: ISO dates compare as text; Math.min would give NaN.
    .reduce((a, b) => (b < a ? b : a));

  const summary = summariseDigest({
    weekStart,
    timeZone,
    organisers: team.map((o) => ({
      userId: o.user_id,
      weeklyGoal: goalInForce(goals.get(o.user_id) ?? [], weekStart, o.weekly_goal),
    })),
    weeks,
    firstWeek,
    newRelationships: counts.newRelationships,
    stageMoves: countStageMoves(candidates, week),
    institutionsReached: reachedCount,
    newInstitutions: firstMet.filter((i) => !reached || reached.has(i.id)).map((i) => i.name),
    reflections: counts.reflections,
    nextStepsCompleted: counts.stepsCompleted,
    nextStepsStillOpen: counts.stepsStillOpen,
    introductions,
  });
  const withHouse =
    house.meetings > 0
      ? {
          ...summary,
          houseMeetings: {
            meetings: house.meetings,
            attendance: house.attendance,
            hosts: memberLine(ids.length, house.hosts),
          },
        }
      : summary;
  return campaign ? { ...withHouse, campaign } : withHouse;
}

function emptyFigures(weekStart: string, timeZone: string): DigestFigures {
  return {
    weekStart,
    timeZone,
    organisers: [],
    weeks: [],
    firstWeek: null,
    newRelationships: 0,
    stageMoves: { metAgain: 0, introduced: 0, action: 0 },
    institutionsReached: 0,
    newInstitutions: [],
    reflections: 0,
    nextStepsCompleted: 0,
    nextStepsStillOpen: 0,
    introductions: { agreed: 0, acrossInstitutions: 0, happened: 0 },
  };
}

export type DigestPictureOutcome = 'uploaded' | 'failed' | 'none' | 'alreadyTried';

/**
 * The digest's trend as a picture (a PNG drawn on the server, src/charts), uploaded with alt text
 * into the thread of the digest just posted. The post itself carries the same figures as a text
 * chart, so the picture is a courtesy: claimed once per digest in the ledger before uploading (a
 * retried or raced run never uploads twice), and a failure is logged by its code and not retried.
 */
export async function sendDigestPicture(
  deps: Pick<Deps, 'db' | 'slack' | 'logger'>,
  key: LedgerKey,
  posted: PostedMessage,
  summary: DigestSummary,
  words: DigestPictureWords | undefined,
  now: () => Date,
): Promise<DigestPictureOutcome> {
  if (!words || summary.weeks.length === 0) return 'none';
  let claimed = false;
  try {
    claimed = await claimLedgerPicture(deps.db, key, now().toISOString());
    if (!claimed) return 'alreadyTried';
    const picture = await renderWeeklyTrendPng({
      weeks: summary.weeks.map((w, i) => ({ label: words.labels[i] ?? w.start, count: w.held })),
      title: words.title,
      unit: ['one-to-one', 'one-to-ones'],
    });
    await deps.slack.uploadFile(key.teamId, {
      channelId: key.channelId,
      filename: words.filename,
      content: picture.png,
      altText: picture.altText,
      title: words.title,
      initialComment: words.comment,
      threadTs: posted.ts,
    });
    await markLedgerPicture(deps.db, key, 'uploaded', now().toISOString());
    return 'uploaded';
  } catch (error) {
    if (claimed) await markLedgerPicture(deps.db, key, 'failed', now().toISOString());
    deps.logger.warn('digest picture not uploaded', {
      team: key.teamId,
      channel: key.channelId,
      week: key.weekStart,
      code: errorCode(error),
    });
    return 'failed';
  }
}

/** `/onetoone digest preview`: the digest this channel gets this week (about last week). */
export async function previewDigest(
  deps: ChannelDeps,
  actor: Actor,
  channelId: string,
): Promise<PreviewDigestResult> {
  // Even where the members could be read, a channel the bot is not in would never get it posted.
  if (!(await botInChannel(deps, actor.teamId, channelId))) return { kind: 'botNotInChannel' };
  const schedule = await scheduleInfo(deps, actor.teamId, channelId);
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
