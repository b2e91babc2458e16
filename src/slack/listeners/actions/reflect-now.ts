import type { App, BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ACTION } from '../../../interaction-ids.js';
import { notFoundNotice } from '../../../views/messages.js';
import { actorOf } from '../../decode/payload.js';
import { respondEphemeral } from '../../surfaces/ephemeral.js';
import { NotYoursError, openReflectionModal } from '../../surfaces/modals.js';

/** "Reflect now" on the confirmation DM (and on nudges): opens the reflection modal. */
export function register(app: App, deps: Deps): void {
  app.action<BlockButtonAction>(ACTION.reflectNow, async ({ ack, body, action, client, respond }) => {
    await ack();
    const actor = actorOf(body);
    const source =
      body.channel?.id && body.message?.ts ? { channel: body.channel.id, ts: body.message.ts } : undefined;
    try {
      await openReflectionModal(deps, client, actor, body.trigger_id, action.value ?? '', source);
    } catch (error) {
      if (!(error instanceof NotYoursError)) throw error;
      const m = notFoundNotice();
      await respondEphemeral(respond, m, { replace: false });
    }
  });
}
