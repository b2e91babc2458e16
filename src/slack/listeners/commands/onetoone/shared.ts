import { sharedOverview } from '../../../../services/lead.js';
import { sharedMessage } from '../../../../views/lead-messages.js';
import type { Subcommand, SubcommandContext } from './types.js';

/** `/onetoone shared`: whom I share my counts with, since when, what I shared, and every time they looked. */
export async function runShared(ctx: SubcommandContext): Promise<void> {
  await ctx.reply(sharedMessage(await sharedOverview(ctx.deps, ctx.actor)));
}

export const sharedSubcommand: Subcommand = {
  name: 'shared',
  usage: 'shared',
  summary: 'whom you share your counts with, since when, and every time they looked.',
  example: '/onetoone shared',
  run: runShared,
};
