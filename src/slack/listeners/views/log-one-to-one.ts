import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { errorCode } from '../../../errors.js';
import { CALLBACK, LOG_BLOCK } from '../../../interaction-ids.js';
import { submitLogForm } from '../../../services/one-to-ones.js';
import { decodeLogMetadata, logRefusalErrors } from '../../../views/log-modal.js';
import { loggedMessage } from '../../../views/messages.js';
import { actorOf, stringOr } from '../../decode/payload.js';
import { readBlocks, toBlockErrors } from '../../decode/view-state.js';
import { refreshHomeLater } from '../../surfaces/home-tab.js';

/**
 * The log modal's submission. Validated and saved *before* it is acknowledged, so a submission
 * Slack saw accepted is on disk; bad fields and refusals go back inline (`response_action:
 * 'errors'`). The confirmation DM is sent after the ack.
 */
export async function handleLogSubmission(
  deps: Deps,
  { ack, body, view }: SlackViewMiddlewareArgs & AllMiddlewareArgs,
): Promise<void> {
  const actor = actorOf(body);
  const outcome = await submitLogForm(deps, actor, {
    // `?.`: a malformed payload without state is answered with the field errors, not a crash.
    values: readBlocks(view.state?.values, LOG_BLOCK),
    viewId: stringOr(view.id) ?? '',
    editingId: decodeLogMetadata(view.private_metadata).editingId,
  });
  switch (outcome.kind) {
    case 'invalid':
      await ack({ response_action: 'errors', errors: toBlockErrors(outcome.errors, LOG_BLOCK) });
      return;
    case 'refused':
      await ack({ response_action: 'errors', errors: logRefusalErrors(outcome.refusal) });
      return;
    case 'unchanged':
      // The same submission again (a retry, a double click, an unchanged edit): confirmed once.
      await ack();
      return;
    case 'saved': {
      await ack();
      refreshHomeLater(deps, actor);
      const message = loggedMessage(outcome.confirmation);
      await deps.slack.postDm(actor.teamId, actor.userId, message).catch((error: unknown) => {
        deps.logger.warn('could not send the logged confirmation', { code: errorCode(error) });
      });
    }
  }
}

export function register(app: App, deps: Deps): void {
  app.view(CALLBACK.logModal, (args) => handleLogSubmission(deps, args));
}
