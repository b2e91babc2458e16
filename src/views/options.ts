import type { PlainTextOption } from '@slack/types';
import type { PersonChoice } from '../domain/one-to-one.js';
import { BLOCK_KIT, option, userPlainText } from './block-kit.js';
import { personLabel } from './messages.js';

/** Options for an external_select of people (Slack shows at most 100). */
export function personOptions(people: PersonChoice[]): PlainTextOption[] {
  return people
    .slice(0, BLOCK_KIT.externalSelectOptions)
    .map((p) => option(userPlainText(personLabel(p.name, p.institutionName)), p.id));
}
