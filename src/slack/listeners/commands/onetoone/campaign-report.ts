import { exportCampaignReport, previewCampaignReport } from '../../../../services/campaign-report.js';
import {
  campaignExportComment,
  campaignExportReply,
  campaignReportReply,
} from '../../../../views/campaign-report.js';
import { searchText } from '../../../decode/payload.js';
import type { SubcommandContext } from './types.js';

/*
 * `/onetoone campaign report [name]` and `/onetoone campaign export [name]` (issue 11): words of
 * the `campaign` subcommand (CAMPAIGN_SUBCOMMANDS in ./campaign.ts). Replies go to the person only.
 */

/** The report as it stands, shown only to me; "Post to channel" when I administer it. */
export async function handleCampaignReport(ctx: SubcommandContext, rest: string): Promise<void> {
  const result = await previewCampaignReport(ctx.deps, ctx.actor, {
    name: searchText(rest),
    channelId: ctx.channelId,
  });
  await ctx.reply(campaignReportReply(result));
}

/** The report as CSV to my DM (administrators). */
export async function handleCampaignExport(ctx: SubcommandContext, rest: string): Promise<void> {
  const result = await exportCampaignReport(
    ctx.deps,
    ctx.actor,
    { name: searchText(rest), channelId: ctx.channelId },
    campaignExportComment,
  );
  if ('kind' in result && result.kind === 'failed')
    ctx.deps.logger.warn('campaign export failed', { code: result.code });
  await ctx.reply(campaignExportReply(result));
}
