import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { SHORTCUT } from '../../../interaction-ids.js';
import { actorOf } from '../../decode/payload.js';
import { openLogModal } from '../../surfaces/modals.js';

/** The global shortcut "Log a one-to-one": the same modal as `/onetoone`. */
export function register(app: App, deps: Deps): void {
  app.shortcut(SHORTCUT.logOneToOne, async ({ ack, body, client }) => {
    await ack();
    await openLogModal(deps, client, actorOf(body), body.trigger_id);
  });
}
