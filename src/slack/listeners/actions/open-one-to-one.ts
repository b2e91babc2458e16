import type { App, BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ACTION } from '../../../interaction-ids.js';
import { notFoundNotice } from '../../../views/messages.js';
import { actorOf } from '../../decode/payload.js';
import { respondEphemeral } from '../../surfaces/ephemeral.js';
import { NotYoursError, openEditModal } from '../../surfaces/modals.js';

/** "Open" in `/onetoone list`: reopens the record in the log modal to add or change what was noted. */
export function register(app: App, deps: Deps): void {
  app.action<BlockButtonAction>(ACTION.openOneToOne, async ({ ack, body, action, client, respond }) => {
    await ack();
    const actor = actorOf(body);
    try {
      await openEditModal(deps, client, actor, body.trigger_id, action.value ?? '');
    } catch (error) {
      if (!(error instanceof NotYoursError)) throw error;
      const m = notFoundNotice();
      await respondEphemeral(respond, m, { replace: false });
    }
  });
}
