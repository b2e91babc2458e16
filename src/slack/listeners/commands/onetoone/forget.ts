import { previewForget } from '../../../../services/forget.js';
import { forgetMatchMessage } from '../../../../views/data-messages.js';
import { personQuery } from '../../../decode/payload.js';
import type { Subcommand, SubcommandContext } from './types.js';

/** `/onetoone forget <person>` (a name or an @mention): the confirmation (nothing is deleted until Confirm), or why not. */
export async function runForget(ctx: SubcommandContext): Promise<void> {
  await ctx.reply(forgetMatchMessage(await previewForget(ctx.deps, ctx.actor, personQuery(ctx.args))));
}

export const forgetSubcommand: Subcommand = {
  name: 'forget',
  usage: 'forget <person>',
  summary: 'permanently delete one of your people and everything you recorded about them (asks first).',
  example: '/onetoone forget Amina Okafor',
  run: runForget,
};
