import { teamPowerMap } from '../../../../services/power-map.js';
import { mapMessage } from '../../../../views/power-map.js';
import type { Subcommand } from './types.js';

export const mapSubcommand: Subcommand = {
  name: 'map',
  usage: 'map',
  summary:
    'the power map of your team’s work: institutions by type, organisers and leaders there, and the gaps.',
  example: '/onetoone map',
  async run(ctx) {
    await ctx.reply(mapMessage(await teamPowerMap(ctx.deps, ctx.actor)));
  },
};
