import type { RetentionChange } from '../../../../domain/retention.js';
import { changeRetention, currentRetention } from '../../../../services/retention.js';
import type { Message } from '../../../../views/block-kit.js';
import {
  retentionChangedNotice,
  retentionConfirmMessage,
  retentionRefusedNotice,
  retentionStatusNotice,
} from '../../../../views/data-messages.js';
import { notice } from '../../../../views/messages.js';
import type { Subcommand, SubcommandContext } from './types.js';

function retentionReply(result: RetentionChange): Message {
  switch (result.kind) {
    case 'changed':
      return retentionChangedNotice(result.months, result.previous, result.droppedPending);
    case 'confirm':
      return retentionConfirmMessage(result);
    case 'invalid':
      return notice(result.message);
    case 'notAdmin':
      return retentionRefusedNotice('not_admin');
    case 'slackUnavailable':
      return retentionRefusedNotice('unknown');
  }
}

/** `/onetoone retention` shows the workspace's period; `/onetoone retention N|off` changes it. */
export async function handleRetentionCommand(ctx: SubcommandContext): Promise<void> {
  if (!ctx.args) {
    await ctx.reply(retentionStatusNotice(await currentRetention(ctx.deps, ctx.actor.teamId)));
    return;
  }
  await ctx.reply(retentionReply(await changeRetention(ctx.deps, ctx.actor, ctx.args)));
}

export const retentionSubcommand: Subcommand = {
  name: 'retention',
  usage: 'retention [N|off]',
  summary:
    'how long one-to-one text is kept, in months (workspace admins change it, a shorter period after a confirmation and a week’s grace; counts are always kept).',
  example: '/onetoone retention 24',
  run: handleRetentionCommand,
};
