import { openLogModal } from '../../../surfaces/modals.js';
import type { Subcommand } from './types.js';

export const logSubcommand: Subcommand = {
  name: '',
  aliases: ['log', 'new'],
  usage: '',
  summary: 'log a one-to-one (opens a form).',
  example: '/onetoone',
  run: (ctx) => openLogModal(ctx.deps, ctx.client, ctx.actor, ctx.triggerId),
};
