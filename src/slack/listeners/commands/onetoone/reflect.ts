import { nextToReflect } from '../../../../services/one-to-ones.js';
import { nothingToReflectNotice } from '../../../../views/messages.js';
import { personQuery } from '../../../decode/payload.js';
import { openReflectionModal } from '../../../surfaces/modals.js';
import type { Subcommand, SubcommandContext } from './types.js';

/** `/onetoone reflect [person]` (a name or an @mention): opens the next reflection, or says there is none. */
export async function runReflect(ctx: SubcommandContext): Promise<void> {
  const query = personQuery(ctx.args);
  const target = await nextToReflect(ctx.deps, ctx.actor, query);
  if (!target) {
    await ctx.reply(
      nothingToReflectNotice(query.kind === 'text' ? query.text : `@${query.label ?? 'that member'}`),
    );
    return;
  }
  await openReflectionModal(ctx.deps, ctx.client, ctx.actor, ctx.triggerId, target.id);
}

export const reflectSubcommand: Subcommand = {
  name: 'reflect',
  usage: 'reflect [person]',
  summary:
    'reflect on your latest one-to-one not yet reflected on, or the latest with someone (again to edit it).',
  example: '/onetoone reflect Amina',
  run: runReflect,
};
