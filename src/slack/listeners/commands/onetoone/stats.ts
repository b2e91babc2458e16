import { myStats } from '../../../../services/stats.js';
import { statsMessage } from '../../../../views/messages.js';
import type { Subcommand, SubcommandContext } from './types.js';

/** `/onetoone stats`: this week against my goal, the last 8 weeks, my reflection rate. */
export async function runStats(ctx: SubcommandContext): Promise<void> {
  await ctx.reply(statsMessage(await myStats(ctx.deps, ctx.actor)));
}

export const statsSubcommand: Subcommand = {
  name: 'stats',
  usage: 'stats',
  summary: 'this week against your goal, the last 8 weeks, and your reflection rate.',
  example: '/onetoone stats',
  run: runStats,
};
