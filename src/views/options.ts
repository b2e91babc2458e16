import type { PlainTextOption } from '@slack/types';
import type { PersonChoice, WhoOptions } from '../domain/one-to-one.js';
import { BLOCK_KIT, option, userPlainText } from './block-kit.js';
import { whoOption } from './log-modal.js';
import { personLabel } from './messages.js';

/** Options for an external_select of people (Slack shows at most 100). */
export function personOptions(people: PersonChoice[]): PlainTextOption[] {
  return people
    .slice(0, BLOCK_KIT.externalSelectOptions)
    .map((p) => option(userPlainText(personLabel(p.name, p.institutionName)), p.id));
}

/**
 * The log's who field: my people, then members of this Slack, then "New person: <typed name>"
 * (always offered for typed text, so a new name never needs a second field). At most 100 in all.
 */
export function whoOptions(found: WhoOptions): PlainTextOption[] {
  const newOne = found.newName ? [whoOption({ kind: 'new', name: found.newName })] : [];
  const room = BLOCK_KIT.externalSelectOptions - newOne.length;
  const people = found.people.map((person) => whoOption({ kind: 'person', person }));
  const members = found.members.map((m) => whoOption({ kind: 'member', userId: m.userId, name: m.name }));
  return [...[...people, ...members].slice(0, room), ...newOne];
}
