import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { CAMPAIGN_LIMITS } from '../../../domain/campaign.js';
import { ErrorCode } from '../../../errors.js';
import { CAMPAIGN_BLOCK, CAMPAIGN_CALLBACK } from '../../../interaction-ids.js';
import { submitCampaignForm } from '../../../services/campaigns.js';
import { campaignSavedMessage } from '../../../views/campaign-messages.js';
import { actorOf, idValue, stringOr } from '../../decode/payload.js';
import { readConversation, readMany } from '../../decode/selections.js';
import { readBlock, type StateValues } from '../../decode/view-state.js';

/** Where each field's error is shown; the team's (channel or members) goes on the channel. */
const ERROR_BLOCK = {
  name: CAMPAIGN_BLOCK.name,
  question: CAMPAIGN_BLOCK.question,
  startsOn: CAMPAIGN_BLOCK.startsOn,
  endsOn: CAMPAIGN_BLOCK.endsOn,
  team: CAMPAIGN_BLOCK.channel,
  target: CAMPAIGN_BLOCK.target,
  minCount: CAMPAIGN_BLOCK.minCount,
  themes: CAMPAIGN_BLOCK.themes,
} as const;

/**
 * The campaign modal's submission (new, or an edit with the campaign id in private_metadata):
 * one use case validates, checks the channel and the editor's right, and saves before the ack;
 * field errors go back on their fields. The saved campaign is confirmed by DM.
 */
export async function handleCampaignSubmission(
  deps: Deps,
  { ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs,
): Promise<void> {
  const actor = actorOf(body);
  const values = view.state?.values as StateValues | undefined;
  const metadata = stringOr(view.private_metadata);
  const editingId = metadata ? (idValue(metadata) ?? '') : undefined;
  const result = await submitCampaignForm(deps, actor, {
    viewId: stringOr(view.id) ?? '',
    ...(editingId !== undefined ? { editingId } : {}),
    values: {
      name: readBlock(values, CAMPAIGN_BLOCK.name),
      question: readBlock(values, CAMPAIGN_BLOCK.question),
      startsOn: readBlock(values, CAMPAIGN_BLOCK.startsOn),
      endsOn: readBlock(values, CAMPAIGN_BLOCK.endsOn),
      channelId: readConversation(values, CAMPAIGN_BLOCK.channel),
      // One more than allowed, so "too many" is seen and named rather than silently cut.
      memberIds: readMany(values, CAMPAIGN_BLOCK.members, {
        max: CAMPAIGN_LIMITS.membersMax + 1,
        maxLength: 30,
      }),
      target: readBlock(values, CAMPAIGN_BLOCK.target),
      minCount: readBlock(values, CAMPAIGN_BLOCK.minCount),
      themes: readBlock(values, CAMPAIGN_BLOCK.themes),
    },
  });
  switch (result.kind) {
    case 'invalid': {
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(result.errors)) {
        if (message) errors[ERROR_BLOCK[field as keyof typeof ERROR_BLOCK]] = message;
      }
      await ack({ response_action: 'errors', errors });
      return;
    }
    case 'refused':
      await ack({
        response_action: 'errors',
        errors: {
          [CAMPAIGN_BLOCK.name]:
            result.refusal.code === ErrorCode.NotAllowed
              ? 'Only the campaign’s creator or a workspace admin can change it.'
              : 'I can’t find that campaign open any more.',
        },
      });
      return;
    case 'duplicate':
      await ack();
      return;
    case 'saved': {
      await ack();
      const m = campaignSavedMessage(result.campaign, result.edited, result.visitors);
      await deps.slack.postDm(actor.teamId, actor.userId, { text: m.text, blocks: m.blocks });
    }
  }
}

export function register(app: App, deps: Deps): void {
  app.view<ViewSubmitAction>(CAMPAIGN_CALLBACK, (args) => handleCampaignSubmission(deps, args));
}
