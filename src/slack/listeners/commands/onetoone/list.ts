import { listMyOneToOnes } from '../../../../services/one-to-ones.js';
import { listMessage } from '../../../../views/messages.js';
import { toListData } from '../../../render.js';
import type { Subcommand } from './types.js';

export const listSubcommand: Subcommand = {
  name: 'list',
  usage: 'list [person]',
  summary: 'your recent one-to-ones (date, person, next step, reflected), to open and edit.',
  example: '/onetoone list Amina',
  async run(ctx) {
    const page = await listMyOneToOnes(ctx.deps, ctx.actor, ctx.args, 0);
    await ctx.reply(listMessage(toListData(page)));
  },
};
