import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { validateReflection } from '../../../domain/one-to-one.js';
import { CALLBACK, REFLECT_BLOCK } from '../../../interaction-ids.js';
import { settleReflectNudges } from '../../../services/nudges/service.js';
import { getOneToOne, NotYoursError } from '../../../services/one-to-ones.js';
import { saveReflection } from '../../../services/reflections.js';
import { loggedMessage } from '../../../views/messages.js';
import { decodeReflectionMetadata } from '../../../views/reflection-modal.js';
import { actorOf } from '../../decode/payload.js';
import { readBlocks, toBlockErrors } from '../../decode/view-state.js';
import { toLoggedData } from '../../render.js';
import { refreshHomeLater } from '../../surfaces/home-tab.js';
import { updateNudgeMessages } from '../../surfaces/nudge-messages.js';

/** Saves a reflection before acking; then turns the "Reflect now" message into a done one. */
export function register(app: App, deps: Deps): void {
  app.view(CALLBACK.reflectionModal, async ({ ack, body, view, client }) => {
    const actor = actorOf(body);
    const result = validateReflection(readBlocks(view.state?.values, REFLECT_BLOCK));
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: toBlockErrors(result.errors, REFLECT_BLOCK) });
      return;
    }
    const meta = decodeReflectionMetadata(view.private_metadata);
    try {
      if (!meta) throw new NotYoursError();
      await saveReflection(deps, actor, meta.oneToOneId, result.value);
    } catch (error) {
      if (error instanceof NotYoursError) {
        await ack({
          response_action: 'errors',
          errors: { [REFLECT_BLOCK.motivations]: 'I can’t find that one-to-one among yours.' },
        });
        return;
      }
      throw error;
    }
    await ack();
    refreshHomeLater(deps, client, actor);
    // The message comes from private_metadata: touch it only if it is in the actor's own DM
    // with the bot, never a message of someone else's.
    const dm =
      meta.source && meta.source.kind !== 'nudge'
        ? await client.conversations.open({ users: actor.userId }).catch(() => undefined)
        : undefined;
    if (meta.source && meta.source.kind !== 'nudge' && dm?.channel?.id === meta.source.channel) {
      const row = await getOneToOne(deps, actor, meta.oneToOneId);
      const message = loggedMessage(toLoggedData(row, false, true));
      await client.chat
        .update({
          channel: meta.source.channel,
          ts: meta.source.ts,
          text: message.text,
          blocks: message.blocks,
        })
        .catch((error) =>
          deps.logger.warn('could not update the logged message', { code: error?.data?.error }),
        );
    }
    // Reflecting, from a nudge or any other way, settles its reflect nudge: that DM shows it done.
    await updateNudgeMessages(deps, client, await settleReflectNudges(deps, actor, meta.oneToOneId));
  });
}
