import { personQuery } from '../../../decode/payload.js';
import { openLogModal } from '../../../surfaces/modals.js';
import type { Subcommand, SubcommandContext } from './types.js';

/**
 * `/onetoone` (or `log`, `new`), optionally with a person: `/onetoone log Amina`, `log @Priya`
 * (and `/onetoone Amina`, which the router sends here). One of my people matching is chosen;
 * several are named above the field; a name nobody matches is offered as a new person.
 */
export function runLog(ctx: SubcommandContext): Promise<void> {
  const query = personQuery(ctx.args);
  return openLogModal(
    ctx.deps,
    ctx.client,
    ctx.actor,
    ctx.triggerId,
    query.kind === 'text' && !query.text ? {} : { query },
  );
}

export const logSubcommand: Subcommand = {
  name: '',
  aliases: ['log', 'new'],
  usage: '[person]',
  summary: 'log a one-to-one (a form), for someone by name or @mention.',
  example: '/onetoone Amina',
  run: runLog,
};
