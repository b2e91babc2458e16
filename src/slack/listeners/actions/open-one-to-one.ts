import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ErrorCode, refuse } from '../../../errors.js';
import { ACTION } from '../../../interaction-ids.js';
import { actorOf, buttonValue } from '../../decode/payload.js';
import { openEditModal } from '../../surfaces/modals.js';

/**
 * "Open" in `/onetoone list`: reopens the record in the log modal to add or change what was
 * noted. Someone else's record (or none) gets the refusal notice from the middleware.
 */
export async function handleOpenOneToOne(
  deps: Deps,
  { ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs,
): Promise<void> {
  await ack();
  const id = buttonValue(action);
  if (id === undefined) refuse(ErrorCode.BadPayload);
  await openEditModal(deps, client, actorOf(body), body.trigger_id, id);
}

export function register(app: App, deps: Deps): void {
  app.action<BlockButtonAction>(ACTION.openOneToOne, (args) => handleOpenOneToOne(deps, args));
}
