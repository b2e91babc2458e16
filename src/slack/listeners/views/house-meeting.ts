import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { HOUSE_MEETING_LIMITS, isHostKind, parseWholeNumber } from '../../../domain/campaign.js';
import { ErrorCode } from '../../../errors.js';
import {
  HOUSE_MEETING_BLOCK,
  HOUSE_MEETING_CALLBACK,
  HOUSE_MEETING_HOME_ACTION,
} from '../../../interaction-ids.js';
import { submitHouseMeetingForm } from '../../../services/house-meetings.js';
import { campaignFieldErrors } from '../../../views/campaign-fields.js';
import { houseMeetingSavedMessage } from '../../../views/house-meeting-messages.js';
import { readCampaignFields } from '../../decode/campaign-fields.js';
import { actorOf, stringOr } from '../../decode/payload.js';
import { readMany } from '../../decode/selections.js';
import { readBlock, type StateValues, toBlockErrors } from '../../decode/view-state.js';
import { openHouseMeetingModal } from '../../surfaces/campaign-modals.js';
import { refreshHomeLater } from '../../surfaces/home-tab.js';

const REFUSED_TEXT: Record<string, string> = {
  [ErrorCode.NotYours]: 'I can’t find that person among yours.',
  [ErrorCode.BotMember]: 'That member is a bot: choose the person who hosted it.',
};

/**
 * The house-meeting modal's submission: one use case validates every field (and the campaign
 * fields) and saves before the ack; errors go back on their fields. Confirmed by DM.
 */
export async function handleHouseMeetingSubmission(
  deps: Deps,
  { ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs,
): Promise<void> {
  const actor = actorOf(body);
  const values = view.state?.values as StateValues | undefined;
  const host = readBlock(values, HOUSE_MEETING_BLOCK.host);
  // One more than allowed, so "too many" is named rather than silently cut.
  const many = (blockId: string) =>
    readMany(values, blockId, { max: HOUSE_MEETING_LIMITS.attendeesMax * 2 + 1, maxLength: 100 });
  const result = await submitHouseMeetingForm(deps, actor, {
    viewId: stringOr(view.id) ?? '',
    values: {
      heldOn: readBlock(values, HOUSE_MEETING_BLOCK.heldOn) ?? '',
      hostKind: isHostKind(host) ? host : null,
      hostUserId: readBlock(values, HOUSE_MEETING_BLOCK.hostUser),
      hostPersonId: readBlock(values, HOUSE_MEETING_BLOCK.hostPerson),
      place: (readBlock(values, HOUSE_MEETING_BLOCK.place) ?? '').slice(0, 3000),
      attendance: parseWholeNumber(readBlock(values, HOUSE_MEETING_BLOCK.attendance)),
      attendeeIds: many(HOUSE_MEETING_BLOCK.attendees),
      newAttendees: (readBlock(values, HOUSE_MEETING_BLOCK.newAttendees) ?? '').slice(0, 3000),
      wantsOneToOneIds: many(HOUSE_MEETING_BLOCK.wantsOneToOne),
      newWantsOneToOne: (readBlock(values, HOUSE_MEETING_BLOCK.newWantsOneToOne) ?? '').slice(0, 3000),
      campaignId: readBlock(values, HOUSE_MEETING_BLOCK.campaign),
    },
    campaign: readCampaignFields(values),
  });
  switch (result.kind) {
    case 'invalid':
      await ack({
        response_action: 'errors',
        errors: {
          ...campaignFieldErrors(result.campaignErrors),
          ...toBlockErrors(result.errors, HOUSE_MEETING_BLOCK),
        },
      });
      return;
    case 'refused':
      await ack({
        response_action: 'errors',
        errors: {
          [HOUSE_MEETING_BLOCK[result.refusal.field]]:
            REFUSED_TEXT[result.refusal.code] ?? 'I couldn’t read that; please choose again.',
        },
      });
      return;
    case 'duplicate':
      await ack();
      return;
    case 'saved': {
      await ack();
      const m = houseMeetingSavedMessage(result.saved);
      await deps.slack.postDm(actor.teamId, actor.userId, { text: m.text, blocks: m.blocks });
      refreshHomeLater(deps, actor);
    }
  }
}

/** The Home tab's "Log a house meeting" button. */
export async function handleHouseMeetingButton(
  deps: Deps,
  { ack, body, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
): Promise<void> {
  await ack();
  await openHouseMeetingModal(deps, client, actorOf(body), stringOr(body.trigger_id) ?? '');
}

export function register(app: App, deps: Deps): void {
  app.view<ViewSubmitAction>(HOUSE_MEETING_CALLBACK, (args) => handleHouseMeetingSubmission(deps, args));
  app.action<BlockAction>(HOUSE_MEETING_HOME_ACTION, (args) => handleHouseMeetingButton(deps, args));
}
