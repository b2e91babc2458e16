import type { Deps } from '../deps.js';
import { daysLeft, lastCountedDay } from '../domain/campaign.js';
import {
  buildCampaignReport,
  type CampaignChoice,
  type CampaignDigestSection,
  type CampaignProgressLine,
  type CampaignReport,
  digestSection,
  type ExportReportResult,
  type PostReportResult,
  type PreviewReportResult,
  type ReportCampaign,
  type ReportChart,
  type ReportFacts,
  reportWindow,
} from '../domain/campaign-report.js';
import { nameKey } from '../domain/keys.js';
import { ErrorCode, errorCode, type Refusal, refused } from '../errors.js';
import {
  countCampaignHouseMeetings,
  findChannelCampaignForWeek,
  listRunningCampaignsOf,
} from '../repositories/queries/campaign-progress.js';
import {
  campaignRoles,
  countThemePeople,
  countThemesHeard,
  findChannelCampaign,
  findPreviousChannelCampaign,
  findReportCampaign,
  listCampaignsOf,
  listHouseMeetingThemes,
  listReportHouseMeetings,
  listReportQuotes,
  listReportThemes,
  type ReportCampaignRow,
  visitorCounts,
} from '../repositories/queries/campaign-report.js';
import type { Message } from '../views/block-kit.js';
import { campaignReportFiles, campaignReportSnippets } from '../views/campaign-report-csv.js';
import { type Actor, isWorkspaceAdmin, organiserToday } from './organisers.js';

/**
 * A listening campaign's report (issue 11): built from counts and consented quotes only
 * (src/domain/campaign-report.ts holds the rules), shown to the people taking part or
 * administering, posted or exported by its administrators. Every use case here only reads,
 * except the Slack sends, so several instances may build reports at once.
 */

type DbDeps = Pick<Deps, 'db'>;

function reportCampaign(row: ReportCampaignRow): ReportCampaign {
  return {
    id: row.id,
    name: row.name,
    question: row.question,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    closedOn: row.closed_on,
    minCount: row.min_count,
    targetPerVisitor: row.target_per_visitor,
    channelId: row.channel_id,
  };
}

/**
 * The facts of one campaign, from its start to its last counted day, or to `upTo` if earlier
 * (the digest reads the campaign as it stood at the end of the reported week). `ranking` reads
 * only what a previous campaign's ranks need: its themes' people, not institutions or quotes.
 */
export async function loadReportFacts(
  deps: DbDeps,
  row: ReportCampaignRow,
  options: { upTo?: string; ranking?: boolean } = {},
): Promise<ReportFacts> {
  const { db } = deps;
  const campaign = reportCampaign(row);
  const window = reportWindow(campaign);
  const from = window.from;
  const to = options.upTo && options.upTo < window.to ? options.upTo : window.to;
  const team = row.team_id;
  const ranking = options.ranking === true;
  const [themes, visitors, counts, meetings, meetingThemes, quotes] = await Promise.all([
    listReportThemes(db, team, row.id),
    ranking ? Promise.resolve([]) : visitorCounts(db, team, row.id, from, to),
    ranking
      ? countThemePeople(db, team, row.id, from, to).then((rows) =>
          rows.map((r) => ({ ...r, institutions: 0, institution_types: [] })),
        )
      : countThemesHeard(db, team, row.id, from, to),
    listReportHouseMeetings(db, team, row.id, from, to),
    listHouseMeetingThemes(db, team, row.id),
    ranking ? Promise.resolve([]) : listReportQuotes(db, team, row.id, from, to),
  ]);
  const themeIdsOf = new Map<string, string[]>();
  for (const t of meetingThemes) {
    const list = themeIdsOf.get(t.house_meeting_id) ?? [];
    list.push(t.theme_id);
    themeIdsOf.set(t.house_meeting_id, list);
  }
  return {
    campaign,
    themes: themes.map((t) => ({ id: t.id, label: t.label, position: t.position })),
    visitorCounts: new Map(visitors.map((v) => [v.user_id, v.held])),
    themeCounts: counts.map((c) => ({
      themeId: c.theme_id,
      namedPeople: c.named_people,
      institutions: c.institutions,
      institutionTypes: c.institution_types,
    })),
    houseMeetings: meetings.map((h) => ({
      id: h.id,
      attendance: h.attendance,
      named: h.named,
      themeIds: themeIdsOf.get(h.id) ?? [],
    })),
    quotes: quotes.map((q) => ({
      id: q.id,
      themeId: q.theme_id,
      text: q.text ?? '',
      consented: q.text !== null,
    })),
  };
}

/** The report of a campaign as it stands, with the previous campaign of its channel for the ranks. */
export async function buildReport(
  deps: DbDeps,
  row: ReportCampaignRow,
  upTo?: string,
): Promise<CampaignReport> {
  // The previous campaign's ranking is read alongside this one's facts, not after them: on
  // PostgreSQL each read has its own pooled connection, so the report waits for the slowest
  // read rather than for their sum.
  const [facts, previous] = await Promise.all([
    loadReportFacts(deps, row, upTo ? { upTo } : {}),
    findPreviousChannelCampaign(deps.db, row).then((previousRow) =>
      previousRow ? loadReportFacts(deps, previousRow, { ranking: true }) : undefined,
    ),
  ]);
  return buildCampaignReport(facts, previous);
}

type AccessDeps = DbDeps & Pick<Deps, 'slack'>;

interface Access {
  /** Takes part (a visitor) or administers. */
  view: boolean;
  /** Administers: the creator (campaign_admins) or a workspace admin. */
  admin: boolean;
}

/**
 * What the actor may do with a campaign. Slack is asked whether they are a workspace admin
 * unless they created it; unknown (Slack unavailable) is not admin: nothing is shown or posted on a guess.
 */
async function accessTo(deps: AccessDeps, actor: Actor, row: ReportCampaignRow): Promise<Access> {
  const roles = await campaignRoles(deps.db, actor.teamId, row.id, actor.userId);
  if (roles.admin) return { view: true, admin: true };
  const workspaceAdmin = (await isWorkspaceAdmin(deps, actor)) === true;
  return { view: roles.member || workspaceAdmin, admin: workspaceAdmin };
}

function choice(row: ReportCampaignRow): CampaignChoice {
  return {
    id: row.id,
    name: row.name,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    closedOn: row.closed_on,
  };
}

type PreviewDeps = AccessDeps & Parameters<typeof organiserToday>[0];

/**
 * Which campaign `/onetoone campaign report [name]` means: the one named (among mine; exact
 * name first, then the only one starting with or containing it); else the campaign of the
 * channel it was typed in, if I may see it; else my only running one, or my only one; else a choice.
 */
async function chooseCampaign(
  deps: PreviewDeps,
  actor: Actor,
  name: string,
  channelId: string,
): Promise<{ row: ReportCampaignRow } | { choose: ReportCampaignRow[] } | { none: true }> {
  const mine = await listCampaignsOf(deps.db, actor.teamId, actor.userId);
  const typed = nameKey(name);
  if (typed) {
    const exact = mine.filter((c) => nameKey(c.name) === typed);
    const starts = mine.filter((c) => nameKey(c.name).startsWith(typed));
    const contains = mine.filter((c) => nameKey(c.name).includes(typed));
    for (const found of [exact, starts, contains]) {
      if (found.length === 1) return { row: found[0]! };
      if (found.length > 1) return { choose: found };
    }
    return { none: true };
  }
  if (/^[CG]/.test(channelId)) {
    const here = await findChannelCampaign(deps.db, actor.teamId, channelId);
    if (here && (mine.some((c) => c.id === here.id) || (await accessTo(deps, actor, here)).view)) {
      return { row: here };
    }
  }
  if (mine.length === 0) return { none: true };
  if (mine.length === 1) return { row: mine[0]! };
  const today = await organiserToday(deps, actor);
  const running = mine.filter((c) => !c.closed_at && c.starts_on <= today && c.ends_on >= today);
  if (running.length === 1) return { row: running[0]! };
  return { choose: mine };
}

/** `/onetoone campaign report [name]`: the report as it stands, shown only to the actor. */
export async function previewCampaignReport(
  deps: PreviewDeps,
  actor: Actor,
  input: { name: string; channelId: string },
): Promise<PreviewReportResult | Refusal<typeof ErrorCode.NotAllowed>> {
  const chosen = await chooseCampaign(deps, actor, input.name, input.channelId);
  if ('none' in chosen) return { kind: 'none', name: input.name };
  if ('choose' in chosen) return { kind: 'choose', campaigns: chosen.choose.map(choice) };
  return showReport(deps, actor, chosen.row);
}

async function showReport(
  deps: AccessDeps,
  actor: Actor,
  row: ReportCampaignRow,
): Promise<PreviewReportResult | Refusal<typeof ErrorCode.NotAllowed>> {
  const access = await accessTo(deps, actor, row);
  if (!access.view) return refused(ErrorCode.NotAllowed);
  return { kind: 'report', report: await buildReport(deps, row), canPost: access.admin };
}

/**
 * One campaign's report by id (a button: "Report" from the choice, the mid-point DM's summary).
 * The id comes from a payload, so it is checked: another workspace's campaign, or one the actor
 * neither takes part in nor administers, is refused (and nothing about it is said).
 */
export async function campaignReportById(
  deps: AccessDeps,
  actor: Actor,
  campaignId: string,
): Promise<PreviewReportResult | Refusal<typeof ErrorCode.NotYours | typeof ErrorCode.NotAllowed>> {
  const row = await findReportCampaign(deps.db, actor.teamId, campaignId);
  if (!row) return refused(ErrorCode.NotYours);
  return showReport(deps, actor, row);
}

/** How a posted report is drawn: the message, and the chart picture (undefined: no picture). */
export interface ReportRendering {
  message(report: CampaignReport): Message;
  chart?(report: CampaignReport): Promise<ReportChart | undefined>;
}

type PostDeps = AccessDeps & Pick<Deps, 'logger'>;

/**
 * "Post to channel": the report to the campaign's channel (or `channelId`, chosen in the
 * preview), then its ranked themes as a picture uploaded to the same channel. Administrators
 * only, checked again here whatever the button said: a crafted payload from anyone else is refused
 * and posts nothing. Without a picture (no themes yet, or the upload refused) the text report
 * stands alone: it says everything the picture shows.
 */
export async function postCampaignReport(
  deps: PostDeps,
  actor: Actor,
  campaignId: string,
  channelId: string | undefined,
  render: ReportRendering,
): Promise<PostReportResult | Refusal<typeof ErrorCode.NotYours | typeof ErrorCode.NotAllowed>> {
  const row = await findReportCampaign(deps.db, actor.teamId, campaignId);
  if (!row) return refused(ErrorCode.NotYours);
  if (!(await accessTo(deps, actor, row)).admin) return refused(ErrorCode.NotAllowed);
  const target = channelId ?? row.channel_id;
  if (!target || !/^[CG]/.test(target)) return { kind: 'noChannel' };
  if ((await deps.slack.channelAccess(actor.teamId, target)) !== 'member') {
    return { kind: 'botNotInChannel', channelId: target };
  }
  const report = await buildReport(deps, row);
  await deps.slack.postToChannel(actor.teamId, target, render.message(report));
  return { kind: 'posted', channelId: target, chart: await uploadChart(deps, actor, target, report, render) };
}

async function uploadChart(
  deps: PostDeps,
  actor: Actor,
  channelId: string,
  report: CampaignReport,
  render: ReportRendering,
): Promise<'uploaded' | 'text_only'> {
  if (!render.chart) return 'text_only';
  try {
    const chart = await render.chart(report);
    if (!chart) return 'text_only';
    await deps.slack.uploadFile(actor.teamId, {
      channelId,
      filename: chart.filename,
      content: chart.content,
      altText: chart.altText,
      title: chart.title,
      initialComment: chart.title,
    });
    return 'uploaded';
  } catch (error) {
    // The text report is already posted: the picture is a courtesy. Logged by code only.
    deps.logger.warn('campaign chart not uploaded', { code: errorCode(error) });
    return 'text_only';
  }
}

/**
 * `/onetoone campaign export [name]`: the report as CSV files (themes with their counts; quotes
 * under their theme) to the administrator's own DM, by upload, or as text in the DM when uploads
 * are refused. The same rules as the report: nothing below the minimum count, no names.
 */
export async function exportCampaignReport(
  deps: PreviewDeps & Pick<Deps, 'logger'>,
  actor: Actor,
  input: { name: string; channelId: string },
  comment: (report: CampaignReport) => string,
): Promise<ExportReportResult | Exclude<PreviewReportResult, { kind: 'report' }> | Refusal> {
  const chosen = await chooseCampaign(deps, actor, input.name, input.channelId);
  if ('none' in chosen) return { kind: 'none', name: input.name };
  if ('choose' in chosen) return { kind: 'choose', campaigns: chosen.choose.map(choice) };
  return exportById(deps, actor, chosen.row, comment);
}

/** The export of one campaign (the command, or its choice's button). */
export async function exportCampaignReportById(
  deps: AccessDeps & Pick<Deps, 'logger' | 'clock'>,
  actor: Actor,
  campaignId: string,
  comment: (report: CampaignReport) => string,
): Promise<ExportReportResult | Refusal> {
  const row = await findReportCampaign(deps.db, actor.teamId, campaignId);
  if (!row) return refused(ErrorCode.NotYours);
  return exportById(deps, actor, row, comment);
}

async function exportById(
  deps: AccessDeps & Pick<Deps, 'logger' | 'clock'>,
  actor: Actor,
  row: ReportCampaignRow,
  comment: (report: CampaignReport) => string,
): Promise<ExportReportResult | Refusal> {
  if (!(await accessTo(deps, actor, row)).admin) return refused(ErrorCode.NotAllowed);
  const report = await buildReport(deps, row);
  const date = deps.clock.now().toISOString().slice(0, 10);
  const files = campaignReportFiles(report, date);
  try {
    await deps.slack.uploadToDm(actor.teamId, actor.userId, {
      comment: comment(report),
      files: files.map((f) => ({ bytes: f.bytes, filename: f.filename, title: f.title })),
    });
    return { kind: 'sent', campaignName: report.campaign.name };
  } catch (error) {
    deps.logger.warn('campaign export upload failed, sending text', { code: errorCode(error) });
  }
  try {
    for (const message of campaignReportSnippets(files)) {
      await deps.slack.postDm(actor.teamId, actor.userId, message);
    }
    return { kind: 'snippet', campaignName: report.campaign.name };
  } catch (error) {
    return { kind: 'failed', code: errorCode(error) };
  }
}

/** The Home tab's campaign lines: each running campaign I take part in, with my count and the team's. */
export async function myCampaignProgress(
  deps: DbDeps,
  actor: Actor,
  today: string,
): Promise<CampaignProgressLine[]> {
  const rows = await listRunningCampaignsOf(deps.db, actor.teamId, actor.userId, today);
  const lines: CampaignProgressLine[] = [];
  for (const row of rows) lines.push(await progressLine(deps, row, actor.userId, today));
  return lines;
}

/** One campaign's progress for one visitor as of `today` (their local date). */
export async function progressLine(
  deps: DbDeps,
  row: ReportCampaignRow,
  userId: string,
  today: string,
): Promise<CampaignProgressLine> {
  const window = { startsOn: row.starts_on, endsOn: row.ends_on, closedOn: row.closed_on };
  const last = lastCountedDay(window);
  const [counts, houseMeetings] = await Promise.all([
    visitorCounts(deps.db, row.team_id, row.id, row.starts_on, last),
    countCampaignHouseMeetings(deps.db, row.team_id, row.id, row.starts_on, last),
  ]);
  return {
    campaignId: row.id,
    name: row.name,
    mine: counts.find((c) => c.user_id === userId)?.held ?? 0,
    target: row.target_per_visitor,
    team: counts.reduce((sum, c) => sum + c.held, 0),
    teamTarget: counts.length * row.target_per_visitor,
    houseMeetings,
    endsOn: row.ends_on,
    daysLeft: daysLeft(window, today),
  };
}

/** A campaign's progress for a visitor, by id (the mid-point nudge), or undefined when it is gone. */
export async function progressById(
  deps: DbDeps,
  teamId: string,
  campaignId: string,
  userId: string,
  today: string,
): Promise<CampaignProgressLine | undefined> {
  const row = await findReportCampaign(deps.db, teamId, campaignId);
  return row ? progressLine(deps, row, userId, today) : undefined;
}

/**
 * The campaign section of a channel's digest for the week `weekStart`..`weekEnd`: the channel's
 * campaign running in that week, its conversations and house meetings that week and in all up
 * to the week's end, and its top themes so far (above the minimum count). Undefined without one.
 */
export async function campaignDigestSection(
  deps: DbDeps,
  teamId: string,
  channelId: string,
  weekStart: string,
  weekEnd: string,
): Promise<CampaignDigestSection | undefined> {
  const row = await findChannelCampaignForWeek(deps.db, teamId, channelId, weekStart, weekEnd);
  if (!row) return undefined;
  const last = lastCountedDay({ startsOn: row.starts_on, endsOn: row.ends_on, closedOn: row.closed_on });
  const from = weekStart > row.starts_on ? weekStart : row.starts_on;
  const to = weekEnd < last ? weekEnd : last;
  const [report, weekCounts, weekMeetings] = await Promise.all([
    buildReport(deps, row, weekEnd),
    visitorCounts(deps.db, teamId, row.id, from, to),
    countCampaignHouseMeetings(deps.db, teamId, row.id, from, to),
  ]);
  return digestSection(report, {
    conversations: weekCounts.reduce((sum, c) => sum + c.held, 0),
    houseMeetings: weekMeetings,
  });
}
