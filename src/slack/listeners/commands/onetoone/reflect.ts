import { nextToReflect } from '../../../../services/one-to-ones.js';
import { escapeMrkdwn } from '../../../../views/block-kit.js';
import { notice } from '../../../../views/messages.js';
import { openReflectionModal } from '../../../surfaces/modals.js';
import type { Subcommand } from './types.js';

export const reflectSubcommand: Subcommand = {
  name: 'reflect',
  usage: 'reflect [person]',
  summary:
    'reflect on your latest one-to-one not yet reflected on, or the latest with someone (again to edit it).',
  example: '/onetoone reflect Amina',
  async run(ctx) {
    const target = await nextToReflect(ctx.deps, ctx.actor, ctx.args);
    if (!target) {
      await ctx.reply(
        notice(
          ctx.args
            ? `You have no one-to-one with “${escapeMrkdwn(ctx.args)}” yet. \`/onetoone list\` shows them all.`
            : 'Nothing waiting for a reflection: you are up to date. :tada:',
        ),
      );
      return;
    }
    await openReflectionModal(ctx.deps, ctx.client, ctx.actor, ctx.triggerId, target.id);
  },
};
