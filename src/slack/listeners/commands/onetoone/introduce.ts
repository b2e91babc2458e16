import { openIntroduceModal } from '../../../surfaces/modals.js';
import type { Subcommand, SubcommandContext } from './types.js';

/** `/onetoone introduce`: opens the introduction modal (the command was acked at once). */
export function runIntroduce(ctx: SubcommandContext): Promise<void> {
  return openIntroduceModal(ctx.deps, ctx.client, ctx.actor, ctx.triggerId);
}

export const introduceSubcommand: Subcommand = {
  name: 'introduce',
  usage: 'introduce',
  summary: 'record an introduction you broker between two of your people; I ask a week later if they met.',
  example: '/onetoone introduce',
  run: runIntroduce,
};
