import { openIntroduceModal } from '../../../surfaces/introduce-modal.js';
import type { Subcommand } from './types.js';

export const introduceSubcommand: Subcommand = {
  name: 'introduce',
  usage: 'introduce',
  summary: 'record an introduction you broker between two of your people; I ask a week later if they met.',
  example: '/onetoone introduce',
  run: (ctx) => openIntroduceModal(ctx.deps, ctx.client, ctx.actor, ctx.triggerId),
};
