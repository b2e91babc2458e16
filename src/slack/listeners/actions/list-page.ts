import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ErrorCode, refuse } from '../../../errors.js';
import { LIST_PAGE_ACTIONS } from '../../../interaction-ids.js';
import { listMyOneToOnes } from '../../../services/one-to-ones.js';
import { listMessage } from '../../../views/messages.js';
import { decodePage } from '../../../views/paging.js';
import { actorOf, buttonValue } from '../../decode/payload.js';
import { respondEphemeral } from '../../surfaces/ephemeral.js';

/** "Older" / "Newer" under `/onetoone list`: replaces the ephemeral list with that page. */
export async function handleListPage(
  deps: Deps,
  { ack, body, action, respond }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs,
): Promise<void> {
  await ack();
  const value = buttonValue(action);
  if (value === undefined) refuse(ErrorCode.BadPayload);
  const { query, page } = decodePage(value);
  const list = await listMyOneToOnes(deps, actorOf(body), query, page);
  await respondEphemeral(respond, listMessage(list), { replace: true });
}

export function register(app: App, deps: Deps): void {
  app.action<BlockButtonAction>(LIST_PAGE_ACTIONS, (args) => handleListPage(deps, args));
}
