import type { CampaignRow } from '../db/schema.js';
import type { Deps } from '../deps.js';
import {
  CAMPAIGN_LIMITS,
  type CampaignDetail,
  type CampaignField,
  type CampaignForm,
  type CampaignProgress,
  type CampaignSummary,
  campaignStatus,
  daysLeft,
  parseWholeNumber,
  type RawCampaignInput,
  STARTING_THEMES,
  themeKey,
  validateCampaign,
} from '../domain/campaign.js';
import { nameKey, newId } from '../domain/keys.js';
import { ID_MAX } from '../domain/limits.js';
import { localDate } from '../domain/time.js';
import { ErrorCode, type Refusal, refused } from '../errors.js';
import { listActiveThemes, syncThemes } from '../repositories/campaign-themes.js';
import {
  addCampaignAdmin,
  closeCampaign,
  countCampaignMembers,
  countCampaignOneToOnes,
  findCampaign,
  findCampaignByView,
  findOpenCampaignInChannel,
  insertCampaignOnce,
  isCampaignAdmin,
  isUniqueViolation,
  listCampaignMembers,
  listMyCampaigns,
  listOpenTeamCampaigns,
  replaceCampaignMembers,
  updateCampaign,
} from '../repositories/campaigns.js';
import { countCampaignHouseMeetings } from '../repositories/house-meetings.js';
import { ensureOrganiser } from '../repositories/organisers.js';
import { findTeamOrganisers } from '../repositories/queries/digest-stats.js';
import { type Actor, organiserTimeZone, organiserToday, SLACK_LOOKUP_BUDGET_MS } from './organisers.js';

/**
 * Listening campaigns (issue 11): creating, editing and closing one (its administrators: the
 * creator, and workspace admins), and the list of mine with progress. A campaign's dates are
 * read in its creator's zone; one campaign at a time per channel.
 */

type CampaignDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'slack' | 'logger' | 'timeZones'>;

/** Campaigns one list shows (an organiser in more than this many is rare). */
const LIST_LIMIT = 20;
/** How long the snapshot of a channel's members may spend asking Slack which are bots. */
const BOT_CHECK_BUDGET_MS = 1500;
/** users.info calls in flight at once for the snapshot. */
const BOT_CHECK_CONCURRENCY = 20;

export type CampaignFormOutcome =
  | { kind: 'saved'; campaign: CampaignSummary; edited: boolean; visitors: number }
  /** The same Slack view again: saved once already. */
  | { kind: 'duplicate' }
  | { kind: 'invalid'; errors: Partial<Record<CampaignField, string>> }
  | { kind: 'refused'; refusal: Refusal };

function windowOf(c: Pick<CampaignRow, 'starts_on' | 'ends_on' | 'closed_on'>) {
  return { startsOn: c.starts_on, endsOn: c.ends_on, closedOn: c.closed_on };
}

function todayIn(deps: Pick<Deps, 'clock'>, c: Pick<CampaignRow, 'time_zone'>): string {
  return localDate(deps.clock.now(), c.time_zone);
}

export function toCampaignSummary(
  c: CampaignRow,
  today: string,
  roles: { isAdmin: boolean; isMember: boolean },
): CampaignSummary {
  return {
    id: c.id,
    name: c.name,
    question: c.question,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    closedOn: c.closed_on,
    channelId: c.channel_id,
    targetPerVisitor: Number(c.target_per_visitor),
    minCount: Number(c.min_count),
    timeZone: c.time_zone,
    status: campaignStatus({ ...windowOf(c), closed: c.closed_at !== null }, today),
    isAdmin: roles.isAdmin,
    isMember: roles.isMember,
  };
}

/** Whether Slack says this member is a workspace admin or owner (bounded; unknown: no). */
async function isWorkspaceAdmin(deps: Pick<Deps, 'slack'>, teamId: string, userId: string): Promise<boolean> {
  const info = await deps.slack.userInfo(teamId, userId, { budgetMs: SLACK_LOOKUP_BUDGET_MS });
  return info?.isAdmin === true && info.active;
}

/**
 * Whether a member administers a campaign: its creator (campaign_admins), or a workspace admin or
 * owner (users.info, asked only when they are not the creator).
 */
export async function isCampaignAdministrator(
  deps: Pick<Deps, 'db' | 'slack'>,
  teamId: string,
  campaignId: string,
  userId: string,
): Promise<boolean> {
  if (await isCampaignAdmin(deps.db, teamId, campaignId, userId)) return true;
  return isWorkspaceAdmin(deps, teamId, userId);
}

/** The new-campaign form: my today and the starting theme list. */
export async function openNewCampaignForm(deps: CampaignDeps, actor: Actor): Promise<CampaignForm> {
  return { today: await organiserToday(deps, actor), startingThemes: STARTING_THEMES };
}

async function campaignDetail(
  deps: CampaignDeps,
  c: CampaignRow,
  roles: { isAdmin: boolean; isMember: boolean },
): Promise<CampaignDetail> {
  const [memberIds, themes] = await Promise.all([
    listCampaignMembers(deps.db, c.team_id, c.id),
    listActiveThemes(deps.db, c.team_id, [c.id]),
  ]);
  return {
    ...toCampaignSummary(c, todayIn(deps, c), roles),
    memberIds,
    themes: themes.map((t) => ({ id: t.id, label: t.label })),
  };
}

/** The edit form, for an administrator of an open campaign; anyone else is refused. */
export async function openEditCampaignForm(
  deps: CampaignDeps,
  actor: Actor,
  campaignId: string,
): Promise<{ ok: true; value: CampaignForm } | Refusal> {
  if (typeof campaignId !== 'string' || !campaignId || campaignId.length > ID_MAX) {
    return refused(ErrorCode.BadPayload);
  }
  const c = await findCampaign(deps.db, actor.teamId, campaignId);
  if (!c || c.closed_at !== null) return refused(ErrorCode.NotYours);
  if (!(await isCampaignAdministrator(deps, actor.teamId, c.id, actor.userId))) {
    return refused(ErrorCode.NotAllowed);
  }
  const today = await organiserToday(deps, actor);
  return {
    ok: true,
    value: {
      today,
      startingThemes: STARTING_THEMES,
      campaign: await campaignDetail(deps, c, { isAdmin: true, isMember: false }),
    },
  };
}

/**
 * The human members of a channel (conversations.members, every page), or 'not_in_channel'. Bots
 * are left out: members already known as organisers are people; the rest are asked of users.info
 * in parallel within a time budget (the submission must be acked in 3 seconds), and one Slack
 * could not answer for in time is kept (a bot logs nothing, so it only adds to the team's target).
 */
async function humanMembers(
  deps: CampaignDeps,
  teamId: string,
  userIds: readonly string[],
): Promise<string[]> {
  const unique = [...new Set(userIds)];
  const known = new Set((await findTeamOrganisers(deps.db, teamId, unique)).map((o) => o.user_id));
  const unknown = unique.filter((u) => !known.has(u));
  const bots = new Set<string>();
  const deadline = Date.now() + BOT_CHECK_BUDGET_MS;
  let next = 0;
  const worker = async () => {
    while (next < unknown.length) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      const userId = unknown[next++]!;
      const info = await deps.slack.userInfo(teamId, userId, {
        budgetMs: Math.min(left, SLACK_LOOKUP_BUDGET_MS),
      });
      if (info && (info.isBot || !info.active)) bots.add(userId);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BOT_CHECK_CONCURRENCY, unknown.length) }, worker));
  return unique.filter((u) => !bots.has(u));
}

/** A channel's human members, or a field error to show on the channel. */
async function channelVisitors(
  deps: CampaignDeps,
  teamId: string,
  channelId: string,
): Promise<string[] | { error: string }> {
  const members = await deps.slack.channelMembers(teamId, channelId);
  if (members === 'not_in_channel') {
    return {
      error: 'I can’t see that channel’s members: add me to the channel first (/invite), then try again.',
    };
  }
  const humans = await humanMembers(deps, teamId, members);
  if (humans.length === 0) return { error: 'That channel has no members to take part.' };
  return humans;
}

export interface CampaignSubmission {
  values: RawCampaignInput;
  viewId: string;
  /** From the modal's private_metadata when editing. */
  editingId?: string;
}

/**
 * The campaign modal's submission, new or an edit: validated (every field at once), the channel
 * checked (one open campaign per channel; a channel's earlier campaign that has ended but was
 * never closed is closed on its end date), the visitors snapshot taken (the channel's human
 * members, or the chosen members), then saved in one transaction. An edit is for administrators
 * only, and refreshes the snapshot and the theme list (a theme taken off is archived: what was
 * heard stays counted).
 */
export async function submitCampaignForm(
  deps: CampaignDeps,
  actor: Actor,
  form: CampaignSubmission,
): Promise<CampaignFormOutcome> {
  let editing: CampaignRow | undefined;
  if (form.editingId !== undefined) {
    if (!form.editingId || form.editingId.length > ID_MAX)
      return { kind: 'refused', refusal: refused(ErrorCode.BadPayload) };
    editing = await findCampaign(deps.db, actor.teamId, form.editingId);
    if (!editing || editing.closed_at !== null)
      return { kind: 'refused', refusal: refused(ErrorCode.NotYours) };
    if (!(await isCampaignAdministrator(deps, actor.teamId, editing.id, actor.userId))) {
      return { kind: 'refused', refusal: refused(ErrorCode.NotAllowed) };
    }
  } else if (form.viewId && (await findCampaignByView(deps.db, actor.teamId, form.viewId))) {
    return { kind: 'duplicate' };
  }
  const v = form.values;
  const result = validateCampaign({
    name: v.name ?? '',
    question: v.question ?? '',
    startsOn: v.startsOn ?? '',
    endsOn: v.endsOn ?? '',
    channelId: v.channelId,
    memberIds: v.channelId ? [] : v.memberIds,
    targetPerVisitor: parseWholeNumber(v.target),
    minCount: parseWholeNumber(v.minCount),
    themesText: v.themes ?? '',
  });
  if (!result.ok) return { kind: 'invalid', errors: result.errors };
  const input = result.value;
  const timeZone = editing?.time_zone ?? (await organiserTimeZone(deps, actor));
  const today = localDate(deps.clock.now(), timeZone);

  // One open campaign per channel: the other one blocks unless it has ended (then it is closed).
  let endedToClose: CampaignRow | undefined;
  if (input.channelId) {
    const other = await findOpenCampaignInChannel(deps.db, actor.teamId, input.channelId);
    if (other && other.id !== editing?.id) {
      if (localDate(deps.clock.now(), other.time_zone) > other.ends_on) endedToClose = other;
      else {
        return {
          kind: 'invalid',
          errors: {
            team: `“${other.name}” is already running in that channel (until ${other.ends_on}); one campaign per channel at a time.`,
          },
        };
      }
    }
  }

  let visitors: string[];
  if (input.channelId) {
    const found = await channelVisitors(deps, actor.teamId, input.channelId);
    if ('error' in found) return { kind: 'invalid', errors: { team: found.error } };
    visitors = found;
  } else {
    visitors = await humanMembers(deps, actor.teamId, input.memberIds);
    if (visitors.length === 0) return { kind: 'invalid', errors: { team: 'Choose people, not bots.' } };
  }

  const now = deps.clock.now().toISOString();
  const themes = input.themes.map((label) => ({ label, key: themeKey(label) }));
  try {
    return await deps.db.transaction().execute(async (trx): Promise<CampaignFormOutcome> => {
      if (endedToClose) {
        await closeCampaign(trx, actor.teamId, endedToClose.id, now, endedToClose.ends_on);
      }
      let id: string;
      if (editing) {
        id = editing.id;
        await updateCampaign(trx, actor.teamId, id, {
          name: input.name,
          question: input.question,
          starts_on: input.startsOn,
          ends_on: input.endsOn,
          channel_id: input.channelId,
          target_per_visitor: input.targetPerVisitor,
          min_count: input.minCount,
          updated_at: now,
        });
      } else {
        id = newId();
        const created = await insertCampaignOnce(trx, {
          id,
          team_id: actor.teamId,
          name: input.name,
          question: input.question,
          starts_on: input.startsOn,
          ends_on: input.endsOn,
          channel_id: input.channelId,
          target_per_visitor: input.targetPerVisitor,
          min_count: input.minCount,
          time_zone: timeZone,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
          closed_at: null,
          closed_on: null,
          source_view_id: form.viewId || null,
        });
        if (!created) return { kind: 'duplicate' };
        await addCampaignAdmin(trx, actor.teamId, id, actor.userId);
        await ensureOrganiser(trx, actor.teamId, actor.userId, now);
      }
      await replaceCampaignMembers(trx, actor.teamId, id, visitors);
      await syncThemes(trx, actor.teamId, id, themes, now);
      const row = await findCampaign(trx, actor.teamId, id);
      if (!row) throw new Error('campaign vanished in its own transaction');
      deps.logger.info(editing ? 'campaign edited' : 'campaign created', {
        team: actor.teamId,
        campaign: id,
        visitors: visitors.length,
        themes: themes.length,
      });
      return {
        kind: 'saved',
        edited: editing !== undefined,
        visitors: visitors.length,
        campaign: toCampaignSummary(row, today, { isAdmin: true, isMember: visitors.includes(actor.userId) }),
      };
    });
  } catch (error) {
    // Another instance opened a campaign in that channel between the check and the insert.
    if (isUniqueViolation(error)) {
      if (!editing && form.viewId && (await findCampaignByView(deps.db, actor.teamId, form.viewId))) {
        return { kind: 'duplicate' };
      }
      return {
        kind: 'invalid',
        errors: {
          team: 'Another campaign is already running in that channel; one campaign per channel at a time.',
        },
      };
    }
    throw error;
  }
}

/** `/onetoone campaign`: the campaigns I take part in or administer, open ones first, with progress. */
export async function listMyCampaignProgress(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
): Promise<CampaignProgress[]> {
  const rows = await listMyCampaigns(deps.db, actor.teamId, actor.userId, {
    includeClosed: true,
    limit: LIST_LIMIT,
  });
  rows.sort((a, b) => Number(a.closed_at !== null) - Number(b.closed_at !== null));
  return Promise.all(
    rows.map(async (c): Promise<CampaignProgress> => {
      const today = todayIn(deps, c);
      const [mine, team, visitors, houseMeetings] = await Promise.all([
        countCampaignOneToOnes(deps.db, c, actor.userId),
        countCampaignOneToOnes(deps.db, c),
        countCampaignMembers(deps.db, c.team_id, c.id),
        countCampaignHouseMeetings(deps.db, c),
      ]);
      const target = Number(c.target_per_visitor);
      return {
        ...toCampaignSummary(c, today, { isAdmin: c.is_admin === 1, isMember: c.is_member === 1 }),
        mine: c.is_member === 1 ? mine : 0,
        team,
        visitors,
        teamTarget: visitors * target,
        houseMeetings,
        daysLeft: c.closed_at !== null ? 0 : daysLeft(windowOf(c), today),
      };
    }),
  );
}

export type CampaignChoice =
  | { kind: 'one'; campaign: CampaignSummary }
  | { kind: 'many'; campaigns: CampaignSummary[] }
  | { kind: 'none'; query: string };

/**
 * Which open campaign I administer `text` names (`campaign edit|close [name]`): the only one
 * when there is one and no name is given; else the exact name, or the only partial match.
 * A workspace admin administers every open campaign of the workspace.
 */
export async function chooseAdministeredCampaign(
  deps: CampaignDeps,
  actor: Actor,
  text: string,
): Promise<CampaignChoice> {
  const query = nameKey(typeof text === 'string' ? text.slice(0, CAMPAIGN_LIMITS.nameMax + 20) : '');
  const mine = (
    await listMyCampaigns(deps.db, actor.teamId, actor.userId, {
      includeClosed: false,
      limit: LIST_LIMIT * 5,
    })
  ).filter((c) => c.is_admin === 1);
  let candidates: CampaignRow[] = mine;
  if (await isWorkspaceAdmin(deps, actor.teamId, actor.userId)) {
    candidates = await listOpenTeamCampaigns(deps.db, actor.teamId, LIST_LIMIT * 5);
  }
  const summary = (c: CampaignRow) =>
    toCampaignSummary(c, todayIn(deps, c), {
      isAdmin: true,
      isMember: mine.some((m) => m.id === c.id && m.is_member === 1),
    });
  let matches = candidates;
  if (query) {
    const exact = candidates.filter((c) => nameKey(c.name) === query);
    matches = exact.length > 0 ? exact : candidates.filter((c) => nameKey(c.name).includes(query));
  }
  if (matches.length === 1) return { kind: 'one', campaign: summary(matches[0]!) };
  if (matches.length === 0) return { kind: 'none', query: text.trim().slice(0, CAMPAIGN_LIMITS.nameMax) };
  return { kind: 'many', campaigns: matches.slice(0, LIST_LIMIT).map(summary) };
}

export type CloseOutcome =
  | { kind: 'closed'; campaign: CampaignSummary }
  | { kind: 'already_closed'; campaign: CampaignSummary }
  | Refusal;

/**
 * Closes a campaign (administrators only): from the day after, in the campaign's zone, nothing
 * more counts toward it; its channel is free for the next campaign.
 */
export async function closeMyCampaign(
  deps: CampaignDeps,
  actor: Actor,
  campaignId: string,
): Promise<CloseOutcome> {
  if (typeof campaignId !== 'string' || !campaignId || campaignId.length > ID_MAX) {
    return refused(ErrorCode.BadPayload);
  }
  const c = await findCampaign(deps.db, actor.teamId, campaignId);
  if (!c) return refused(ErrorCode.NotYours);
  if (!(await isCampaignAdministrator(deps, actor.teamId, c.id, actor.userId))) {
    return refused(ErrorCode.NotAllowed);
  }
  const now = deps.clock.now();
  const today = todayIn(deps, c);
  const closed = await closeCampaign(deps.db, actor.teamId, c.id, now.toISOString(), today);
  const row = (await findCampaign(deps.db, actor.teamId, c.id)) ?? c;
  const summary = toCampaignSummary(row, today, { isAdmin: true, isMember: false });
  if (!closed) return { kind: 'already_closed', campaign: summary };
  deps.logger.info('campaign closed', { team: actor.teamId, campaign: c.id });
  return { kind: 'closed', campaign: summary };
}
