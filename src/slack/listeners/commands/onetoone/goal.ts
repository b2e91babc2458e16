import { setMyWeeklyGoal } from '../../../../services/organisers.js';
import { goalMessage } from '../../../../views/messages.js';
import type { Subcommand, SubcommandContext } from './types.js';

/** `/onetoone goal [N]`: says or sets my weekly goal. */
export async function runGoal(ctx: SubcommandContext): Promise<void> {
  await ctx.reply(goalMessage(await setMyWeeklyGoal(ctx.deps, ctx.actor, ctx.args)));
}

export const goalSubcommand: Subcommand = {
  name: 'goal',
  usage: 'goal N',
  summary: 'set your weekly target of one-to-ones (default 5; professional organisers hold 25–40).',
  example: '/onetoone goal 5',
  run: runGoal,
};
