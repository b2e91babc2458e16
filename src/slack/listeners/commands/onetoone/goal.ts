import { parseGoal } from '../../../../domain/one-to-one.js';
import { changeWeeklyGoal, weeklyGoal } from '../../../../services/organisers.js';
import { notice } from '../../../../views/messages.js';
import type { Subcommand } from './types.js';

export const goalSubcommand: Subcommand = {
  name: 'goal',
  usage: 'goal N',
  summary: 'set your weekly target of one-to-ones (default 5; professional organisers hold 25–40).',
  example: '/onetoone goal 5',
  async run(ctx) {
    if (!ctx.args) {
      const goal = await weeklyGoal(ctx.deps, ctx.actor);
      await ctx.reply(
        notice(`Your weekly goal is *${goal}* one-to-ones. Change it with \`/onetoone goal N\`.`),
      );
      return;
    }
    const parsed = parseGoal(ctx.args);
    if (!parsed.ok) {
      await ctx.reply(notice(parsed.message));
      return;
    }
    await changeWeeklyGoal(ctx.deps, ctx.actor, parsed.goal);
    await ctx.reply(
      notice(
        `Your weekly goal is now *${parsed.goal}* one-to-ones. \`/onetoone stats\` shows how you are doing.`,
      ),
    );
  },
};
