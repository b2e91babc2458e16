import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ErrorCode, isRefusal, refuse } from '../../../errors.js';
import { LEAD_ACTION, LEAD_ACTIONS } from '../../../interaction-ids.js';
import {
  answerInvitation,
  changeReflectionSharing,
  openAgendaPoints,
  readSharedReflections,
  shareReflectionWithLead,
  unshareMyReflection,
} from '../../../services/lead.js';
import {
  agendaPointsModal,
  invitationAnsweredMessage,
  reflectionShareReply,
  sharedReflectionsModal,
  unshareReply,
} from '../../../views/lead-messages.js';
import { decodeReflectionMetadata, reflectionModal } from '../../../views/reflection-modal.js';
import { actorOf, buttonValue, idValue, stringOr } from '../../decode/payload.js';
import { respondEphemeral } from '../../surfaces/ephemeral.js';
import { openModal, updateModal } from '../../surfaces/modals.js';

/**
 * The buttons of a lead organiser's view (issue 12): the lead's Accept / Decline and "shared
 * reflection", the organiser's "Share with my lead", "Stop sharing" (in a DM, in `/onetoone
 * shared`, and in the reflection modal, which is redrawn) and "Add my points". Each
 * use case checks the pair itself, so a crafted value (someone else's share, organiser or
 * reflection) is refused by the middleware's notice, which names nothing.
 */
export async function handleLeadAction(
  deps: Deps,
  { ack, body, action, respond, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
): Promise<void> {
  await ack();
  const actor = actorOf(body);
  const value = idValue(buttonValue(action));
  if (!value) refuse(ErrorCode.BadPayload);
  const triggerId = stringOr((body as { trigger_id?: unknown }).trigger_id) ?? '';
  switch (action.action_id) {
    case LEAD_ACTION.accept:
    case LEAD_ACTION.decline: {
      const result = await answerInvitation(deps, actor, value, action.action_id === LEAD_ACTION.accept);
      if (isRefusal(result)) refuse(result);
      await respondEphemeral(respond, invitationAnsweredMessage(result), { replace: true });
      return;
    }
    case LEAD_ACTION.readShared: {
      const result = await readSharedReflections(deps, actor, value);
      if (isRefusal(result)) refuse(result);
      await openModal(client, triggerId, sharedReflectionsModal(result));
      return;
    }
    case LEAD_ACTION.shareReflection: {
      const result = await shareReflectionWithLead(deps, actor, value);
      if (isRefusal(result)) refuse(result);
      await respondEphemeral(respond, reflectionShareReply(result), { replace: true });
      return;
    }
    case LEAD_ACTION.unshareReflection: {
      await respondEphemeral(respond, unshareReply(await unshareMyReflection(deps, actor, value)), {
        replace: false,
      });
      return;
    }
    case LEAD_ACTION.shareInModal:
    case LEAD_ACTION.unshareInModal: {
      // Pressed in the reflection modal: the modal is redrawn with the new state, nothing posted.
      const view = (body as { view?: { id?: unknown; hash?: unknown; private_metadata?: unknown } }).view;
      const viewId = stringOr(view?.id);
      if (!viewId) refuse(ErrorCode.BadPayload);
      const result = await changeReflectionSharing(
        deps,
        actor,
        value,
        action.action_id === LEAD_ACTION.shareInModal,
      );
      if (isRefusal(result)) refuse(result);
      const source = decodeReflectionMetadata(view?.private_metadata)?.source;
      await updateModal(
        client,
        viewId,
        stringOr(view?.hash),
        reflectionModal({
          ...result.form,
          ...(source ? { source } : {}),
          ...(result.sharing ? { leadSharing: result.sharing } : {}),
        }),
      );
      return;
    }
    case LEAD_ACTION.addPoints: {
      const [shareId, evalOn] = value.split('|');
      const opened = await openAgendaPoints(deps, actor, shareId ?? '', evalOn ?? '');
      if (!opened.ok) refuse(opened);
      await openModal(client, triggerId, agendaPointsModal(opened.value));
      return;
    }
    default:
      refuse(ErrorCode.BadPayload);
  }
}

export function register(app: App, deps: Deps): void {
  app.action<BlockAction>(LEAD_ACTIONS, (args) => handleLeadAction(deps, args));
}
