import type { KnownBlock } from '@slack/types';
import type { SavedHouseMeeting } from '../domain/campaign.js';
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

/** The Home tab's "Log a house meeting" button (a section the Home view adds). */
export function houseMeetingHomeBlocks(counts: { thisWeek: number; last8Weeks: number }): KnownBlock[] {
  return [
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
