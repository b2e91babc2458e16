import { myStats, sendStatsPicture } from '../../../../services/stats.js';
import { statsMessage, statsPictureWords } from '../../../../views/stats.js';
import type { Subcommand, SubcommandContext } from './types.js';

/**
 * `/onetoone stats`: this week against my goal, the weeks since I began (at most 8), my
 * reflection rate. The text chart answers first (ephemeral); then the same weeks go to my DM
 * with the bot as a picture, because a file cannot be ephemeral and the DM is mine alone. A
 * picture that cannot be sent (an old install without `files:write`) is logged, nothing more:
 * the text has answered.
 */
export async function runStats(ctx: SubcommandContext): Promise<void> {
  const stats = await myStats(ctx.deps, ctx.actor);
  await ctx.reply(statsMessage(stats));
  await sendStatsPicture(ctx.deps, ctx.actor, stats, statsPictureWords(stats));
}

export const statsSubcommand: Subcommand = {
  name: 'stats',
  usage: 'stats',
  summary: 'this week against your goal, the last 8 weeks, and your reflection rate.',
  example: '/onetoone stats',
  run: runStats,
};
