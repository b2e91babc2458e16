import type { AllMiddlewareArgs, App, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { SHORTCUT } from '../../../interaction-ids.js';
import { actorOf } from '../../decode/payload.js';
import { openLogModal } from '../../surfaces/modals.js';

/** The global shortcut "Log a one-to-one": the same modal as `/onetoone`. */
export async function handleLogShortcut(
  deps: Deps,
  { ack, body, client }: SlackShortcutMiddlewareArgs & AllMiddlewareArgs,
): Promise<void> {
  await ack();
  await openLogModal(deps, client, actorOf(body), body.trigger_id);
}

export function register(app: App, deps: Deps): void {
  app.shortcut(SHORTCUT.logOneToOne, (args) => handleLogShortcut(deps, args));
}
