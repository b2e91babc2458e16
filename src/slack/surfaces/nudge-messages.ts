import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.js';
import type { NudgeMessageRef } from '../../services/nudges/service.js';
import { nudgeMessage } from '../../views/nudges.js';

/** Re-renders nudge DMs in place (chat.update) after a button or a reflection: no stale buttons. */
export async function updateNudgeMessages(
  deps: Deps,
  client: WebClient,
  refs: NudgeMessageRef[],
): Promise<void> {
  for (const ref of refs) {
    const message = nudgeMessage(ref.cards);
    await client.chat
      .update({ channel: ref.channel, ts: ref.ts, text: message.text, blocks: message.blocks })
      .catch((error) => deps.logger.warn('could not update a nudge message', { code: error?.data?.error }));
  }
}
