import { midpointDate } from '../../../domain/campaign-report.js';
import { isDueOn } from '../../../domain/nudge-timing.js';
import { formatDate } from '../../../domain/time.js';
import {
  isCampaignMember,
  listOpenCampaignsBetween,
  listVisitorsNotNudged,
} from '../../../repositories/queries/campaign-progress.js';
import { findReportCampaign } from '../../../repositories/queries/campaign-report.js';
import { truncate, userText } from '../../../views/block-kit.js';
import { progressById } from '../../campaign-report.js';
import { defineKind } from '../types.js';

/**
 * Mid-point of a listening campaign (issue 11): on the campaign's half-way date each visitor gets
 * one card, in their own working hours, with their conversations against the target, the team's
 * against its target, and a button opening the mid-point summary (the report as it stands).
 * Subject: the campaign; due: its mid-point. Once per visitor and campaign: the due query skips
 * anyone ever sent one about the campaign whatever its due date (so editing the dates cannot
 * send a second), and the ledger's unique key makes two instances or runs send it once.
 * Not for a campaign closed since, or a visitor no longer in it.
 */

export const CAMPAIGN_MIDPOINT = 'campaign_midpoint';

interface Item {
  campaignId: string;
  name: string;
  mine: number;
  target: number;
  team: number;
  teamTarget: number;
  endsOn: string;
}

export const campaignMidpointKind = defineKind<Item>({
  name: CAMPAIGN_MIDPOINT,
  setting: {
    word: 'campaigns',
    aliases: ['campaign', 'midpoint', 'mid-point'],
    label: 'listening campaign mid-points',
    defaultOn: true,
  },

  async findDue(db, { window }) {
    const open = await listOpenCampaignsBetween(db, window.from, window.to);
    const midpoints = new Map<string, string>();
    for (const c of open) {
      const mid = midpointDate({ startsOn: c.starts_on, endsOn: c.ends_on });
      if (mid >= window.from && mid <= window.to) midpoints.set(c.id, mid);
    }
    const due = open.filter((c) => midpoints.has(c.id));
    const rows = await listVisitorsNotNudged(db, CAMPAIGN_MIDPOINT, due);
    return rows.map((r) => ({
      teamId: r.team_id,
      userId: r.user_id,
      subjectId: r.campaign_id,
      dueOn: midpoints.get(r.campaign_id) ?? '',
    }));
  },

  // Due from the mid-point (within the look-back), while the campaign is open and I am in it.
  async confirm(db, c, local) {
    if (!isDueOn(c.dueOn, local.today)) return undefined;
    const campaign = await findReportCampaign(db, c.teamId, c.subjectId);
    if (!campaign || campaign.closed_at || local.today > campaign.ends_on) return undefined;
    return (await isCampaignMember(db, c.teamId, c.subjectId, c.userId)) ? c : undefined;
  },

  async load(db, c) {
    // Counts as they stand when the card is drawn (sent, or re-drawn after the button).
    const line = await progressById({ db }, c.teamId, c.subjectId, c.userId, c.dueOn);
    if (!line) return undefined;
    return {
      campaignId: line.campaignId,
      name: line.name,
      mine: line.mine,
      target: line.target,
      team: line.team,
      teamTarget: line.teamTarget,
      endsOn: line.endsOn,
    };
  },

  card(item) {
    const name = `*${userText(truncate(item.name, 100))}*`;
    return {
      text:
        `:compass: Half-way through ${name}: you have held *${item.mine} of ${item.target}* conversations, ` +
        `and the team *${item.team} of ${item.teamTarget}*. It runs to ${formatDate(item.endsOn)}.`,
      note: 'The mid-point summary shows what the team has heard so far: themes and consented quotes, no names.',
      buttons: [{ verb: 'summary', label: 'Mid-point summary', style: 'primary' }],
    };
  },

  // No outcome: the summary can be opened again from the same DM.
  async act(_deps, _actor, verb, item) {
    if (verb === 'summary') return { openCampaignSummary: { campaignId: item.campaignId } };
    return undefined;
  },
});
