import { exportMyData } from '../../../../services/data-export.js';
import { exportComment, exportFailedNotice, exportStartedNotice } from '../../../../views/data-messages.js';
import type { Subcommand, SubcommandContext } from './types.js';

/**
 * `/onetoone export`: always the acting user's own data, to their own DM. The command carries
 * no ids to tamper with.
 */
export async function runExport(ctx: SubcommandContext): Promise<void> {
  await ctx.reply(exportStartedNotice());
  const result = await exportMyData(ctx.deps, ctx.actor, exportComment);
  if (result.kind === 'failed') {
    ctx.deps.logger.warn('export upload failed', { code: result.code });
    await ctx.reply(exportFailedNotice());
  }
}

export const exportSubcommand: Subcommand = {
  name: 'export',
  usage: 'export',
  summary:
    'CSV files of everything you wrote (one-to-ones, reflections, people, introductions, house meetings, campaign themes and quotes), sent to your DM.',
  example: '/onetoone export',
  run: runExport,
};
