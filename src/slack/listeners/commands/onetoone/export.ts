import { sendMyExport } from '../../../../services/data-export.js';
import { exportComment, exportFailedNotice, exportStartedNotice } from '../../../../views/data-messages.js';
import type { Subcommand } from './types.js';

export const exportSubcommand: Subcommand = {
  name: 'export',
  usage: 'export',
  summary: 'a CSV of all your own one-to-ones, reflections, people and introductions, sent to your DM.',
  example: '/onetoone export',
  async run(ctx) {
    await ctx.reply(exportStartedNotice());
    try {
      // Always the acting user's own data, to their own DM: the command carries no ids to tamper with.
      await sendMyExport(ctx.deps, ctx.client, ctx.actor, exportComment);
    } catch (error) {
      ctx.deps.logger.warn('export upload failed', {
        code: (error as { data?: { error?: string } }).data?.error ?? (error as Error).message,
      });
      await ctx.reply(exportFailedNotice());
    }
  },
};
