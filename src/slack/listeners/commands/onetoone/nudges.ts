import { changeNudgeSettings } from '../../../../services/nudges/settings.js';
import { nudgeSettingsReply } from '../../../../views/nudges.js';
import type { Subcommand } from './types.js';

/** `/onetoone nudges [kind] [on|off]`: show or change which DM nudges I get. */
export const nudgesSubcommand: Subcommand = {
  name: 'nudges',
  aliases: ['nudge'],
  usage: 'nudges [steps|reflect|cold|rhythm|summary] [on|off]',
  summary: 'which reminders I DM you (at most one a day, in your working hours); all off or on, or one kind.',
  example: '/onetoone nudges rhythm on',
  async run(ctx) {
    await ctx.reply(nudgeSettingsReply(await changeNudgeSettings(ctx.deps, ctx.actor, ctx.args)));
  },
};
