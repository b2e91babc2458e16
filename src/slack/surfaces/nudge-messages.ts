import type { Deps } from '../../deps.js';
import type { NudgeMessageRef } from '../../domain/nudge-card.js';
import { slackErrorCode } from '../../errors.js';
import { nudgeMessage } from '../../views/nudges.js';

/**
 * Re-renders nudge DMs in place after a button or a reflection: no stale buttons. Through the
 * port (chat.update for the ref's team), the same way the job sent them. A failed update is
 * logged by code and skipped: the nudge's outcome is already recorded.
 */
export async function updateNudgeMessages(
  deps: Pick<Deps, 'slack' | 'logger'>,
  refs: NudgeMessageRef[],
): Promise<void> {
  for (const ref of refs) {
    const message = nudgeMessage(ref);
    await deps.slack
      .updateMessage(ref.teamId, { channel: ref.channel, ts: ref.ts }, message)
      .catch((error) =>
        deps.logger.warn('could not update a nudge message', { code: slackErrorCode(error) }),
      );
  }
}
