import type { RespondFn } from '@slack/bolt';
import type { Message } from '../../views/block-kit.js';

/** Answers only the person who acted, through the payload's response_url. */
export async function respondEphemeral(
  respond: RespondFn,
  message: Message,
  options: { replace: boolean },
): Promise<void> {
  await respond({
    response_type: 'ephemeral',
    replace_original: options.replace,
    text: message.text,
    blocks: message.blocks,
  });
}
