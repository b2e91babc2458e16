import { openLogModal } from '../../../surfaces/modals.js';
import type { Subcommand, SubcommandContext } from './types.js';

/** `/onetoone` (or `log`, `new`): opens the log modal. */
export function runLog(ctx: SubcommandContext): Promise<void> {
  return openLogModal(ctx.deps, ctx.client, ctx.actor, ctx.triggerId);
}

export const logSubcommand: Subcommand = {
  name: '',
  aliases: ['log', 'new'],
  usage: '',
  summary: 'log a one-to-one (opens a form).',
  example: '/onetoone',
  run: runLog,
};
