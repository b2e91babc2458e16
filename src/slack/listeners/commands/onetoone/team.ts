import { TEAM_VIEW_MAX } from '../../../../domain/lead.js';
import { teamFigures } from '../../../../services/lead.js';
import { teamMessage } from '../../../../views/lead-messages.js';
import type { Subcommand, SubcommandContext } from './types.js';

/** `/onetoone team` (ephemeral): as a lead, the counts of each organiser who shares them with me. */
export async function runTeam(ctx: SubcommandContext): Promise<void> {
  await ctx.reply(teamMessage(await teamFigures(ctx.deps, ctx.actor, 'team', TEAM_VIEW_MAX)));
}

export const teamSubcommand: Subcommand = {
  name: 'team',
  usage: 'team',
  summary: 'as a lead organiser: the counts of each organiser who shares them with you.',
  example: '/onetoone team',
  run: runTeam,
};
