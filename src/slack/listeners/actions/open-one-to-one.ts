import type { App, BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ACTION } from '../../../ids.js';
import { notFoundNotice } from '../../../views/messages.js';
import { NotYoursError, openEditModal } from '../../modals.js';
import { actorOf, respondEphemeral } from '../../payload.js';

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
