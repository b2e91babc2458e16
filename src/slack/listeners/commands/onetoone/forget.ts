import { previewForget } from '../../../../services/forget.js';
import { forgetMatchMessage } from '../../../../views/data-messages.js';
import { searchText } from '../../../decode/payload.js';
import type { Subcommand, SubcommandContext } from './types.js';

/** `/onetoone forget <person>`: the confirmation (nothing is deleted until Confirm), or why not. */
export async function runForget(ctx: SubcommandContext): Promise<void> {
  await ctx.reply(forgetMatchMessage(await previewForget(ctx.deps, ctx.actor, searchText(ctx.args))));
}

export const forgetSubcommand: Subcommand = {
  name: 'forget',
  usage: 'forget <person>',
  summary: 'permanently delete one of your people and everything you recorded about them (asks first).',
  example: '/onetoone forget Amina Okafor',
  run: runForget,
};
