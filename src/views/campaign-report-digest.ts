import type { KnownBlock } from '@slack/types';
import type { CampaignDigestSection } from '../domain/campaign-report.js';
import type { DigestSummary } from '../domain/digest.js';
import { section, truncate, userText } from './block-kit.js';

/**
 * The campaign section of a channel's weekly digest (issue 11): the week's conversations and
 * house meetings, the totals against the team's target, and the top themes so far, only those
 * at or above the minimum count (the section is given no other). One block.
 */

const NAME_SHOWN = 100;
const LABEL_SHOWN = 75;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function campaignDigestBlocks(s: CampaignDigestSection): KnownBlock[] {
  const themes = s.topThemes.length
    ? `Top themes so far: ${s.topThemes
        .map(
          (t, i) =>
            `${i + 1}. *${userText(truncate(t.label, LABEL_SHOWN))}* (${plural(t.people, 'person', 'people')})`,
        )
        .join(' · ')}.`
    : `No theme has been raised by ${plural(s.minCount, 'person', 'people')} yet.`;
  return [
    section(
      `:ear: *Listening campaign: ${userText(truncate(s.name, NAME_SHOWN))}*\n` +
        `Last week: *${plural(s.week.conversations, 'conversation')}* and *${plural(s.week.houseMeetings, 'house meeting')}*. ` +
        `In all: *${s.total.conversations} of ${s.teamTarget}* conversations, ${plural(s.total.houseMeetings, 'house meeting')}.\n` +
        themes,
    ),
  ];
}

/** The digest's part (src/views/digest.ts DIGEST_SECTIONS): nothing without a campaign that week. */
export function digestCampaignPart(d: DigestSummary): KnownBlock[] {
  return d.campaign ? campaignDigestBlocks(d.campaign) : [];
}
