import { classifyInstitution } from '../../../../services/people.js';
import { institutionMessage } from '../../../../views/people.js';
import type { Subcommand, SubcommandContext } from './types.js';

/** `/onetoone institution "NAME" [type]`: shows or sets the type. */
export async function runInstitution(ctx: SubcommandContext): Promise<void> {
  await ctx.reply(institutionMessage(await classifyInstitution(ctx.deps, ctx.actor, ctx.args)));
}

export const institutionSubcommand: Subcommand = {
  name: 'institution',
  usage: 'institution "NAME" [type]',
  summary:
    'show or set the type of an institution on the power map (faith, school, union, tenants, business, public body, community group, other).',
  example: '/onetoone institution "St Mary\'s" faith',
  run: runInstitution,
};
