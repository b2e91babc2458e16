import type { AllMiddlewareArgs, App, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ErrorCode, refuse } from '../../../errors.js';
import { LOG_SHORTCUTS, SHORTCUT } from '../../../interaction-ids.js';
import { logOpeningNotice } from '../../../views/log-modal.js';
import { actorOf, messageAuthor } from '../../decode/payload.js';
import { openLogModal } from '../../surfaces/modals.js';

/**
 * The shortcuts that open the log modal, one listener: the global "Log a one-to-one" (the same
 * modal as `/onetoone`), and the message shortcut "Log a one-to-one with this person", which
 * chooses the message's author. A bot's or an app's message is refused kindly (no modal).
 */
export async function handleLogShortcut(
  deps: Deps,
  { ack, body, client }: SlackShortcutMiddlewareArgs & AllMiddlewareArgs,
): Promise<void> {
  await ack();
  const actor = actorOf(body);
  if (body.callback_id !== SHORTCUT.logWithAuthor) {
    await openLogModal(deps, client, actor, body.trigger_id);
    return;
  }
  const author = messageAuthor(body);
  if (author === undefined) refuse(ErrorCode.BadPayload);
  if (author === 'bot') refuse(ErrorCode.BotMember, logOpeningNotice(ErrorCode.BotMember, 'message'));
  await openLogModal(deps, client, actor, body.trigger_id, { memberId: author.userId });
}

export function register(app: App, deps: Deps): void {
  app.shortcut(LOG_SHORTCUTS, (args) => handleLogShortcut(deps, args));
}
