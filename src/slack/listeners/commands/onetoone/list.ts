import { listMyOneToOnes } from '../../../../services/one-to-ones.js';
import { listMessage } from '../../../../views/messages.js';
import { searchText } from '../../../decode/payload.js';
import type { Subcommand, SubcommandContext } from './types.js';

/**
 * `/onetoone list [person]`: the first page of my one-to-ones. The person is a name or an
 * @mention, kept as typed so the page buttons carry it back (the service reads the mention).
 */
export async function runList(ctx: SubcommandContext): Promise<void> {
  await ctx.reply(listMessage(await listMyOneToOnes(ctx.deps, ctx.actor, searchText(ctx.args), 0)));
}

export const listSubcommand: Subcommand = {
  name: 'list',
  usage: 'list [person]',
  summary: 'your recent one-to-ones (date, person, next step, reflected), to open and edit.',
  example: '/onetoone list Amina',
  run: runList,
};
