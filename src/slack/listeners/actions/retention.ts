import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { RETENTION_ACTION, RETENTION_ACTIONS } from '../../../interaction-ids.js';
import { exportMyData } from '../../../services/data-export.js';
import { confirmRetention } from '../../../services/retention.js';
import type { Message } from '../../../views/block-kit.js';
import {
  exportComment,
  exportFailedNotice,
  exportStartedNotice,
  retentionCancelledMessage,
  retentionRefusedNotice,
  retentionScheduledMessage,
} from '../../../views/data-messages.js';
import { notice } from '../../../views/messages.js';
import { actorOf, buttonValue } from '../../decode/payload.js';
import { respondEphemeral } from '../../surfaces/ephemeral.js';

/**
 * The buttons of shortening retention: the admin's confirm / cancel under `/onetoone retention N`,
 * and "Export my notes" in each organiser's notice DM. Confirm is checked again in the use case
 * (a crafted button from a member who is not an admin changes nothing); export is always the
 * clicker's own data, so the button carries no id.
 */
export async function handleRetentionAction(
  deps: Deps,
  { ack, body, action, respond }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
): Promise<void> {
  await ack();
  const actor = actorOf(body);
  switch (action.action_id) {
    case RETENTION_ACTION.cancel:
      await respondEphemeral(respond, retentionCancelledMessage(), { replace: true });
      return;
    case RETENTION_ACTION.export: {
      await respondEphemeral(respond, exportStartedNotice(), { replace: false });
      const result = await exportMyData(deps, actor, exportComment);
      if (result.kind === 'failed') {
        deps.logger.warn('export upload failed', { code: result.code });
        await respondEphemeral(respond, exportFailedNotice(), { replace: false });
      }
      return;
    }
    case RETENTION_ACTION.confirm: {
      const result = await confirmRetention(deps, actor, buttonValue(action) ?? '');
      await respondEphemeral(respond, confirmationReply(result), { replace: true });
      return;
    }
  }
}

function confirmationReply(result: Awaited<ReturnType<typeof confirmRetention>>): Message {
  switch (result.kind) {
    case 'scheduled':
      return retentionScheduledMessage(result);
    case 'invalid':
      return notice(result.message);
    case 'notAdmin':
      return retentionRefusedNotice('not_admin');
    case 'slackUnavailable':
      return retentionRefusedNotice('unknown');
  }
}

export function register(app: App, deps: Deps): void {
  app.action<BlockAction>(RETENTION_ACTIONS, (args) => handleRetentionAction(deps, args));
}
