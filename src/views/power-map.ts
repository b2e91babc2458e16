import type { KnownBlock } from '@slack/types';
import {
  INSTITUTION_TYPES,
  type InstitutionType,
  institutionTypeLabel,
  MAP_GAP_WEEKS,
  type PowerMap,
} from '../domain/relationship.js';
import { formatDate } from '../domain/time.js';
import { BLOCK_KIT, context, type Message, section, truncate, userText } from './block-kit.js';
import { notice } from './messages.js';

/**
 * `/onetoone map`: the team's institutions by type, with counts only. The data it takes has no
 * field for a person's name or anything written, so this view cannot show them.
 */

/** The map as this view needs it (the use case's PowerMap; `today` is not shown). */
export type MapViewData = Pick<PowerMap, 'groups' | 'totals'>;

/** Lines per type: a section holds 3000 characters, and a long list is better summed up anyway. */
export const MAP_LINES_PER_TYPE = 25;

/** Room kept in a type's section for its heading and the "and N more" line. */
const HEADING_ROOM = 200;
/** Longest institution name shown on a line. */
const NAME_SHOWN = 100;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function typeOrder(type: InstitutionType | null): number {
  const i = INSTITUTION_TYPES.findIndex((t) => t.value === type);
  return i < 0 ? INSTITUTION_TYPES.length : i;
}

export function mapMessage(d: MapViewData): Message {
  if (d.totals.institutions === 0) {
    return notice(
      'No institutions on the map yet: they appear when someone logs a one-to-one with a person from one.',
    );
  }
  const blocks: KnownBlock[] = [
    section(
      `*Your team’s power map*: ${plural(d.totals.institutions, 'institution')}, ${plural(d.totals.leaders, 'leader')} known, ${plural(d.totals.gaps, 'gap')} (no one-to-one in ${MAP_GAP_WEEKS} weeks).`,
    ),
  ];
  const groups = [...d.groups].sort((a, b) => typeOrder(a.type) - typeOrder(b.type));
  for (const g of groups) {
    // Lines until the section would pass Slack's 3000 characters (or MAP_LINES_PER_TYPE), then a count.
    const lines: string[] = [];
    let length = HEADING_ROOM;
    for (const i of g.institutions) {
      const last = i.lastContact ? `last contact ${formatDate(i.lastContact)}` : 'no one-to-one yet';
      const line = `• *${userText(truncate(i.name, NAME_SHOWN))}*: ${plural(i.organisers, 'organiser')}, ${plural(i.leaders, 'leader')}, ${last}${i.gap ? ' · :warning: gap' : ''}`;
      if (lines.length >= MAP_LINES_PER_TYPE || length + line.length + 1 > BLOCK_KIT.sectionText) break;
      lines.push(line);
      length += line.length + 1;
    }
    if (g.institutions.length > lines.length) lines.push(`and ${g.institutions.length - lines.length} more.`);
    const gaps = g.institutions.filter((i) => i.gap).length;
    blocks.push(
      section(
        `*${institutionTypeLabel(g.type)}* (${plural(g.institutions.length, 'institution')}${gaps ? `, ${plural(gaps, 'gap')}` : ''})\n${lines.join('\n')}`,
      ),
    );
  }
  blocks.push(
    context(
      'Counts only: who was met and what was said stay with the organiser who met them. Set a type with `/onetoone institution "St Mary\'s" faith`.',
    ),
  );
  return {
    text: `Power map: ${plural(d.totals.institutions, 'institution')}, ${plural(d.totals.gaps, 'gap')}`,
    blocks: blocks.slice(0, BLOCK_KIT.messageBlocks),
  };
}
