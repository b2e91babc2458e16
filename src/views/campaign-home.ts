import type { KnownBlock } from '@slack/types';
import type { CampaignProgressLine } from '../domain/campaign-report.js';
import type { HomeData } from '../domain/home.js';
import { formatDate } from '../domain/time.js';
import { bar } from './bars.js';
import { context, header, section, truncate, userText } from './block-kit.js';

/**
 * The Home tab's campaign section (issue 11): per running campaign I take part in, my
 * conversations against the target, the team's total against its target, and the days left.
 * Counts only. At most CAMPAIGN_HOME_LINES campaigns (two blocks each, plus a header and a
 * divider), so the Home tab stays inside its 100 blocks (BLOCK_KIT.homeBlocks).
 */

export const CAMPAIGN_HOME_LINES = 5;
const NAME_SHOWN = 100;

function left(days: number, endsOn: string): string {
  if (days <= 1) return `last day today (${formatDate(endsOn)})`;
  return `${days} days left, to ${formatDate(endsOn)}`;
}

function percent(n: number, of: number): number {
  return of > 0 ? Math.round((n / of) * 100) : 0;
}

/** The section's blocks; none when I take part in no running campaign. */
export function campaignHomeBlocks(lines: readonly CampaignProgressLine[]): KnownBlock[] {
  if (lines.length === 0) return [];
  const shown = lines.slice(0, CAMPAIGN_HOME_LINES);
  const blocks: KnownBlock[] = [{ type: 'divider' }, header('Listening campaigns')];
  for (const l of shown) {
    blocks.push(
      section(
        `*${userText(truncate(l.name, NAME_SHOWN))}* · ${left(l.daysLeft, l.endsOn)}\n` +
          `You: *${l.mine} of ${l.target}* conversations \`${bar(l.mine, l.target)}\` ${percent(l.mine, l.target)}%\n` +
          `The team: *${l.team} of ${l.teamTarget}* \`${bar(l.team, l.teamTarget)}\` ${percent(l.team, l.teamTarget)}%` +
          (l.houseMeetings > 0
            ? ` · ${l.houseMeetings} house meeting${l.houseMeetings === 1 ? '' : 's'}`
            : ''),
      ),
    );
  }
  const more = lines.length - shown.length;
  blocks.push(
    context(
      `${more > 0 ? `and ${more} more. ` : ''}\`/onetoone campaign report\` shows what the team has heard so far.`,
    ),
  );
  return blocks;
}

/** The Home tab's section (src/views/home.ts HOME_SECTIONS). */
export const campaignHomeSection = (d: HomeData): KnownBlock[] => campaignHomeBlocks(d.campaigns ?? []);
