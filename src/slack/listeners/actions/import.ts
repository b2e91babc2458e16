import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { errorCode } from '../../../errors.js';
import { IMPORT_ACTION, IMPORT_ACTIONS } from '../../../interaction-ids.js';
import { applyImport, cancelImport } from '../../../services/import.js';
import type { Message } from '../../../views/block-kit.js';
import { importApplyFailedNotice, importOutcomeMessage } from '../../../views/import-summary.js';
import { actorOf, buttonValue, idValue } from '../../decode/payload.js';
import { refreshHomeLater } from '../../surfaces/home-tab.js';

/**
 * Import / Cancel under the dry run's summary (one listener for both). The import id in the
 * button is looked up as the acting organiser's own: another organiser's id (a crafted payload)
 * finds nothing and changes nothing. The summary is replaced in place through the action's
 * response_url, which Slack ties to the message that was clicked.
 */
export async function handleImportAction(
  deps: Deps,
  { ack, body, action, respond }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
): Promise<void> {
  await ack();
  const actor = actorOf(body);
  const replace = (m: Message) => respond({ replace_original: true, text: m.text, blocks: m.blocks });
  const importId = idValue(buttonValue(action));
  if (!importId) {
    deps.logger.info('import button without an id', { code: 'bad_payload' });
    await respond({
      replace_original: false,
      response_type: 'ephemeral',
      ...importOutcomeMessage({ kind: 'gone' }),
    });
    return;
  }
  if (action.action_id === IMPORT_ACTION.cancel) {
    const outcome = await cancelImport(deps, actor, importId);
    await (outcome.kind === 'gone'
      ? respond({ replace_original: false, response_type: 'ephemeral', ...importOutcomeMessage(outcome) })
      : replace(importOutcomeMessage(outcome)));
    return;
  }
  let outcome: Awaited<ReturnType<typeof applyImport>>;
  try {
    outcome = await applyImport(deps, actor, importId);
  } catch (error) {
    // Rolled back whole: the import is still pending, so the summary and its buttons stay.
    deps.logger.error('import not applied', { code: errorCode(error) });
    await respond({ replace_original: false, response_type: 'ephemeral', ...importApplyFailedNotice() });
    return;
  }
  if (outcome.kind === 'gone') {
    // Not theirs (or not there): their own message stays as it was, and they are told so.
    deps.logger.info('refused an import that is not the actor’s', { code: 'not_yours' });
    await respond({ replace_original: false, response_type: 'ephemeral', ...importOutcomeMessage(outcome) });
    return;
  }
  await replace(importOutcomeMessage(outcome));
  if (outcome.kind === 'applied') refreshHomeLater(deps, actor);
}

export function register(app: App, deps: Deps): void {
  app.action<BlockAction>(IMPORT_ACTIONS, (args) => handleImportAction(deps, args));
}
