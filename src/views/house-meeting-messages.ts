import type { KnownBlock } from '@slack/types';
import type { HouseMeetingRhythm, SavedHouseMeeting } from '../domain/campaign.js';
import type { DigestSummary } from '../domain/digest.js';
import type { HomeData } from '../domain/home.js';
import { formatDate } from '../domain/time.js';
import { HOUSE_MEETING_HOME_ACTION } from '../interaction-ids.js';
import { BLOCK_KIT, context, type Message, plain, section, userText } from './block-kit.js';

/** The DM after a house meeting was logged: to its author only. */
export function houseMeetingSavedMessage(m: SavedHouseMeeting): Message {
  const text = `Logged your house meeting on ${formatDate(m.heldOn)}: ${m.attendance} took part.`;
  const lines = [`:house: ${text}`];
  if (m.followUps > 0) {
    lines.push(
      `${m.followUps} would like a one-to-one: a next step “another meeting” with each, due ${formatDate(m.followUpDueOn)}.`,
    );
  }
  if (m.campaignName) {
    lines.push(
      `For *${userText(m.campaignName)}*: ${m.themes} theme${m.themes === 1 ? '' : 's'} heard${m.quoted ? ', and a quote they agreed may be read out' : ''}.`,
    );
  }
  return {
    text,
    blocks: [
      section(lines.join('\n')),
      context('House meetings have their own count in `/onetoone stats`; they never count as one-to-ones.'),
    ],
  };
}

function meetings(n: number): string {
  return `${n} house meeting${n === 1 ? '' : 's'}`;
}

/** `/onetoone stats`' house-meeting line: their own rhythm, beside (never in) the one-to-ones. */
export function houseMeetingStatsLine(r: HouseMeetingRhythm): string {
  return `:house: *House meetings:* ${r.thisWeek} this week · ${r.last8Weeks} in the last 8 weeks (counted apart: never toward your one-to-one goal).`;
}

/** The Home tab's "Log a house meeting" button (a section the Home view adds). */
export function houseMeetingHomeBlocks(counts: HouseMeetingRhythm): KnownBlock[] {
  return [
    { type: 'divider' },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*House meetings* · ${counts.thisWeek} this week · ${counts.last8Weeks} in the last 8 weeks`,
        verbatim: true,
      },
      accessory: {
        type: 'button',
        action_id: HOUSE_MEETING_HOME_ACTION,
        text: plain('Log a house meeting', BLOCK_KIT.buttonText),
      },
    },
  ];
}

/**
 * The Home tab's house-meeting section (HOME_SECTIONS): my rhythm and the button that opens the
 * house-meeting modal, shown from the first open (an organiser may hold a house meeting before
 * any one-to-one).
 */
export const houseMeetingHomeSection = (d: HomeData): KnownBlock[] =>
  houseMeetingHomeBlocks(d.houseMeetings ?? { thisWeek: 0, last8Weeks: 0 });

/**
 * The digest's house-meeting line (DIGEST_SECTIONS): the team's count for the week and how many
 * took part; how many organisers held one only where the digest's member rule allows
 * (DigestSummary.houseMeetings.hosts). No host, place or name.
 */
export function digestHouseMeetingPart(d: DigestSummary): KnownBlock[] {
  const h = d.houseMeetings;
  if (!d.hasTeam || !h || h.meetings === 0) return [];
  const m = h.hosts;
  const by = !m
    ? ''
    : m.everyone
      ? `, held by all *${m.active} members*`
      : `, held by *${m.active}${m.of !== undefined ? ` of ${m.of}` : ''} members*`;
  return [
    section(
      `:house: *${meetings(h.meetings)}* last week${by}, *${h.attendance}* taking part (counted apart from the one-to-ones).`,
    ),
  ];
}
