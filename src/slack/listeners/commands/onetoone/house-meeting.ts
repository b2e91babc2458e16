import { openHouseMeetingModal } from '../../../surfaces/campaign-modals.js';
import type { Subcommand, SubcommandContext } from './types.js';

/** `/onetoone house-meeting`: opens the house-meeting modal (the command was acked at once). */
export function runHouseMeeting(ctx: SubcommandContext): Promise<void> {
  return openHouseMeetingModal(ctx.deps, ctx.client, ctx.actor, ctx.triggerId);
}

export const houseMeetingSubcommand: Subcommand = {
  name: 'house-meeting',
  aliases: ['housemeeting', 'house'],
  usage: 'house-meeting',
  summary:
    'log a house meeting: who hosted, how many took part, what was heard, who would like a one-to-one.',
  example: '/onetoone house-meeting',
  run: runHouseMeeting,
};
