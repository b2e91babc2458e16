import type { PlainTextOption } from '@slack/types';
import { BLOCK_KIT, option } from './block-kit.js';
import { personLabel } from './messages.js';

/** Options for an external_select of people (Slack shows at most 100). */
export function personOptions(
  people: { id: string; name: string; institution: string | null }[],
): PlainTextOption[] {
  return people
    .slice(0, BLOCK_KIT.externalSelectOptions)
    .map((p) => option(personLabel(p.name, p.institution), p.id));
}
