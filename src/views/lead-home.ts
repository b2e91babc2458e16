import type { KnownBlock } from '@slack/types';
import type { HomeData } from '../domain/home.js';
import type { LeadTeamView, OrganiserFigures } from '../domain/lead.js';
import { bar } from './bars.js';
import { context, header, section } from './block-kit.js';

/**
 * The lead's section of the Home tab (issue 12): one row per organiser who shares with them,
 * counts only. Rows are packed ROWS_PER_BLOCK to a section so 40 organisers take 4 blocks and
 * the Home tab stays inside its 100 (BLOCK_KIT.homeBlocks) with every other section.
 */

const ROWS_PER_BLOCK = 10;

export function leadHomeRow(f: OrganiserFigures): string {
  const moved = f.movedUp.metAgain + f.movedUp.introduced + f.movedUp.action;
  return (
    `<@${f.organiserId}> *${f.thisWeek}/${f.goal}* \`${bar(f.thisWeek, f.goal)}\`` +
    ` · ${f.nextSteps.stillOpen} open past due · ${f.nextSteps.dueThisWeek} due · ${f.reflectionsPending} to reflect` +
    ` · ${f.houseMeetings.thisWeek} house mtg${moved ? ` · ${moved} moved up` : ''}`
  );
}

export function leadHomeBlocks(view: LeadTeamView | undefined): KnownBlock[] {
  if (!view || view.rows.length === 0) return [];
  const blocks: KnownBlock[] = [{ type: 'divider' }, header('Your organisers (as their lead)')];
  for (let i = 0; i < view.rows.length; i += ROWS_PER_BLOCK) {
    blocks.push(
      section(
        view.rows
          .slice(i, i + ROWS_PER_BLOCK)
          .map(leadHomeRow)
          .join('\n'),
      ),
    );
  }
  blocks.push(
    context(
      `${view.more ? `and ${view.more} more. ` : ''}Counts only, this week in each organiser’s zone. \`/onetoone team\` shows every figure; each organiser sees when you looked.`,
    ),
  );
  return blocks;
}

/** The Home tab section (src/views/home.ts HOME_SECTIONS). */
export function leadHomeSection(d: HomeData): KnownBlock[] {
  return leadHomeBlocks(d.lead);
}
