import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ErrorCode, refuse } from '../../../errors.js';
import { CAMPAIGN_REPORT_ACTION, CAMPAIGN_REPORT_ACTIONS } from '../../../interaction-ids.js';
import {
  campaignReportById,
  exportCampaignReportById,
  postCampaignReport,
} from '../../../services/campaign-report.js';
import {
  campaignExportComment,
  campaignExportReply,
  campaignIdFromBlockId,
  campaignPostReply,
  campaignReportReply,
} from '../../../views/campaign-report.js';
import { actorOf, buttonValue, idValue, stringOr } from '../../decode/payload.js';
import { campaignReportRendering } from '../../surfaces/campaign-report.js';
import { respondEphemeral } from '../../surfaces/ephemeral.js';

/**
 * The campaign report's controls (issue 11), one listener for the family: Report and Export
 * (from a choice of campaigns), Post to channel, and the "post to another channel" select. The
 * campaign id comes from the payload, so every use case checks it again: the campaign must be
 * the actor's workspace's, and posting or exporting needs its administrator (creator or
 * workspace admin) at the moment of the click. A crafted payload from anyone else is refused
 * and posts nothing.
 */
export async function handleCampaignReportAction(
  deps: Deps,
  { ack, body, action, respond }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
): Promise<void> {
  await ack();
  const actor = actorOf(body);
  const id = action.action_id;
  if (id === CAMPAIGN_REPORT_ACTION.postTo) {
    const campaignId = idValue(campaignIdFromBlockId(stringOr(action.block_id) ?? ''));
    const channelId = idValue((action as { selected_conversation?: unknown }).selected_conversation);
    if (!campaignId || !channelId) refuse(ErrorCode.BadPayload);
    const result = await postCampaignReport(deps, actor, campaignId, channelId, campaignReportRendering);
    await respondEphemeral(respond, campaignPostReply(result), { replace: false });
    return;
  }
  const campaignId = idValue(buttonValue(action));
  if (!campaignId) refuse(ErrorCode.BadPayload);
  if (id === CAMPAIGN_REPORT_ACTION.post) {
    const result = await postCampaignReport(deps, actor, campaignId, undefined, campaignReportRendering);
    await respondEphemeral(respond, campaignPostReply(result), { replace: false });
  } else if (id === CAMPAIGN_REPORT_ACTION.open) {
    const result = await campaignReportById(deps, actor, campaignId);
    await respondEphemeral(respond, campaignReportReply(result), { replace: true });
  } else {
    const result = await exportCampaignReportById(deps, actor, campaignId, campaignExportComment);
    if ('kind' in result && result.kind === 'failed')
      deps.logger.warn('campaign export failed', { code: result.code });
    await respondEphemeral(respond, campaignExportReply(result), { replace: true });
  }
}

export function register(app: App, deps: Deps): void {
  app.action<BlockAction>(CAMPAIGN_REPORT_ACTIONS, (args) => handleCampaignReportAction(deps, args));
}
