import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ErrorCode, refuse } from '../../../errors.js';
import { CAMPAIGN_ACTION, CAMPAIGN_ADMIN_ACTIONS } from '../../../interaction-ids.js';
import { closeMyCampaign } from '../../../services/campaigns.js';
import { campaignClosedNotice, campaignNotAllowedNotice } from '../../../views/campaign-messages.js';
import { actorOf, buttonValue, idValue, stringOr } from '../../decode/payload.js';
import { openEditCampaignModal } from '../../surfaces/campaign-modals.js';
import { respondEphemeral } from '../../surfaces/ephemeral.js';

/**
 * Edit and Close under `/onetoone campaign`'s list (administrators only, checked again in the
 * use case: a crafted button for a campaign I do not administer is refused).
 */
export async function handleCampaignAdminAction(
  deps: Deps,
  { ack, body, action, respond, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
): Promise<void> {
  await ack();
  const actor = actorOf(body);
  const campaignId = idValue(buttonValue(action));
  if (!campaignId) refuse(ErrorCode.BadPayload);
  if (action.action_id === CAMPAIGN_ACTION.edit) {
    await openEditCampaignModal(deps, client, actor, stringOr(body.trigger_id) ?? '', campaignId);
    return;
  }
  const result = await closeMyCampaign(deps, actor, campaignId);
  if ('ok' in result) {
    if (result.code === ErrorCode.NotAllowed) refuse(result, campaignNotAllowedNotice());
    refuse(result);
  }
  await respondEphemeral(respond, campaignClosedNotice(result.campaign, result.kind === 'already_closed'), {
    replace: true,
  });
}

export function register(app: App, deps: Deps): void {
  app.action<BlockAction>(CAMPAIGN_ADMIN_ACTIONS, (args) => handleCampaignAdminAction(deps, args));
}
