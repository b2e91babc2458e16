import { parseRetention } from '../../../../domain/retention.js';
import { changeRetention, currentRetention } from '../../../../services/retention.js';
import {
  retentionChangedNotice,
  retentionRefusedNotice,
  retentionStatusNotice,
} from '../../../../views/data-messages.js';
import { notice } from '../../../../views/messages.js';
import type { Subcommand } from './types.js';

export const retentionSubcommand: Subcommand = {
  name: 'retention',
  usage: 'retention [N|off]',
  summary:
    'how long one-to-one text is kept, in months (workspace admins change it; counts are always kept).',
  example: '/onetoone retention 24',
  async run(ctx) {
    if (!ctx.args) {
      await ctx.reply(retentionStatusNotice(await currentRetention(ctx.deps, ctx.actor.teamId)));
      return;
    }
    const parsed = parseRetention(ctx.args);
    if (!parsed.ok) {
      await ctx.reply(notice(parsed.message));
      return;
    }
    const result = await changeRetention(ctx.deps, ctx.actor, parsed.months);
    await ctx.reply(
      result.ok
        ? retentionChangedNotice(result.months, result.previous)
        : retentionRefusedNotice(result.reason),
    );
  },
};
