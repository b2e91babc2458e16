import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ErrorCode, refuse } from '../../../errors.js';
import { FORGET_ACTION, FORGET_ACTIONS } from '../../../interaction-ids.js';
import { forgetPerson } from '../../../services/forget.js';
import {
  forgetCancelledMessage,
  forgetDoneMessage,
  forgetNotFoundMessage,
} from '../../../views/data-messages.js';
import { actorOf, buttonValue, idValue } from '../../decode/payload.js';
import { respondEphemeral } from '../../surfaces/ephemeral.js';
import { refreshHomeLater } from '../../surfaces/home-tab.js';

/**
 * Confirm / Cancel under `/onetoone forget`'s confirmation (one listener for both). The person id
 * in the button is checked against the acting user in the use case: someone else's id (a crafted
 * payload) gets the same polite "can't find" as one already forgotten, in place of the buttons.
 * A value that is not an id at all (an object, a number) is refused before anything is read.
 */
export async function handleForgetAction(
  deps: Deps,
  { ack, body, action, respond }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
): Promise<void> {
  await ack();
  const actor = actorOf(body);
  if (action.action_id !== FORGET_ACTION.confirm) {
    await respondEphemeral(respond, forgetCancelledMessage(), { replace: true });
    return;
  }
  const personId = idValue(buttonValue(action));
  if (!personId) refuse(ErrorCode.BadPayload, forgetNotFoundMessage());
  const erased = await forgetPerson(deps, actor, personId);
  if (!erased.ok) {
    deps.logger.info('refused to forget a person who is not the actor’s', { code: erased.code });
    await respondEphemeral(respond, forgetNotFoundMessage(), { replace: true });
    return;
  }
  await respondEphemeral(respond, forgetDoneMessage(erased.value), { replace: true });
  // The Home tab may list them (due steps, going cold): publish it again without them.
  refreshHomeLater(deps, actor);
}

export function register(app: App, deps: Deps): void {
  app.action<BlockAction>(FORGET_ACTIONS, (args) => handleForgetAction(deps, args));
}
