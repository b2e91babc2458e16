import { findPersonToForget } from '../../../../services/forget.js';
import {
  forgetAmbiguousNotice,
  forgetConfirmMessage,
  forgetNoneNotice,
  forgetUsageNotice,
} from '../../../../views/data-messages.js';
import type { Subcommand } from './types.js';

export const forgetSubcommand: Subcommand = {
  name: 'forget',
  usage: 'forget <person>',
  summary: 'permanently delete one of your people and everything you recorded about them (asks first).',
  example: '/onetoone forget Amina Okafor',
  async run(ctx) {
    if (!ctx.args) {
      await ctx.reply(forgetUsageNotice());
      return;
    }
    const match = await findPersonToForget(ctx.deps, ctx.actor, ctx.args);
    if (match.kind === 'none') {
      await ctx.reply(forgetNoneNotice(ctx.args));
    } else if (match.kind === 'many') {
      await ctx.reply(
        forgetAmbiguousNotice(
          ctx.args,
          match.people.map((p) => ({ name: p.name, institution: p.institution_name })),
        ),
      );
    } else {
      const p = match.preview;
      await ctx.reply(
        forgetConfirmMessage({
          personId: p.person.id,
          name: p.person.name,
          institution: p.person.institution_name,
          oneToOnes: p.oneToOnes,
          reflections: p.reflections,
          nextSteps: p.nextSteps,
          introductions: p.introductions,
          nudges: p.nudges,
        }),
      );
    }
  },
};
