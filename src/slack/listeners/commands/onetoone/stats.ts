import { myStats } from '../../../../services/stats.js';
import { statsMessage } from '../../../../views/messages.js';
import type { Subcommand } from './types.js';

export const statsSubcommand: Subcommand = {
  name: 'stats',
  usage: 'stats',
  summary: 'this week against your goal, the last 8 weeks, and your reflection rate.',
  example: '/onetoone stats',
  async run(ctx) {
    await ctx.reply(statsMessage(await myStats(ctx.deps, ctx.actor)));
  },
};
