import { showPowerMap } from '../../../../services/power-map.js';
import { mapMessage } from '../../../../views/power-map.js';
import type { Subcommand, SubcommandContext } from './types.js';

/** `/onetoone map`: the team's power map, counts only. */
export async function runMap(ctx: SubcommandContext): Promise<void> {
  await ctx.reply(mapMessage(await showPowerMap(ctx.deps, ctx.actor)));
}

export const mapSubcommand: Subcommand = {
  name: 'map',
  usage: 'map',
  summary:
    'the power map of your team’s work: institutions by type, organisers and leaders there, and the gaps.',
  example: '/onetoone map',
  run: runMap,
};
