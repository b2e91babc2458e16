import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ErrorCode, refuse } from '../../../errors.js';
import { ACTION } from '../../../interaction-ids.js';
import { actorOf, buttonValue, stringOr } from '../../decode/payload.js';
import { openReflectionModal } from '../../surfaces/modals.js';

/** "Reflect now" on the confirmation DM (and on nudges): opens the reflection modal. */
export async function handleReflectNow(
  deps: Deps,
  { ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs,
): Promise<void> {
  await ack();
  const id = buttonValue(action);
  if (id === undefined) refuse(ErrorCode.BadPayload);
  const channel = stringOr(body.channel?.id);
  const ts = stringOr(body.message?.ts);
  const source = channel && ts ? { channel, ts } : undefined;
  await openReflectionModal(deps, client, actorOf(body), body.trigger_id, id, source);
}

export function register(app: App, deps: Deps): void {
  app.action<BlockButtonAction>(ACTION.reflectNow, (args) => handleReflectNow(deps, args));
}
