import type { RespondFn } from '@slack/bolt';
import type { Actor } from '../services/organisers.js';
import type { Message } from '../views/block-kit.js';

/**
 * Who acted, from any interactive payload. `team` is null on payloads from an org-wide
 * (Enterprise Grid) install, where the user's own workspace is the team the rows belong to.
 */
export function actorOf(body: {
  team?: { id: string } | null;
  user: { id: string; team_id?: string };
}): Actor {
  return { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
}

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
