import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { IMPORT_BLOCK, IMPORT_CALLBACK } from '../../../interaction-ids.js';
import { checkIncomingFiles } from '../../../services/import.js';
import { importFieldError } from '../../../views/import-summary.js';
import { filesInState } from '../../decode/files.js';
import { actorOf } from '../../decode/payload.js';
import { runDryRun } from '../../surfaces/import-dry-run.js';

/**
 * The import modal's submission. What Slack says of the files (how many, their type and size) is
 * checked before the ack, and a problem shown on the field. Reading a large file takes longer
 * than the 3 seconds Slack gives a submission, so the modal closes and the summary goes by DM.
 */
export async function handleImportSubmission(
  deps: Deps,
  { ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs,
): Promise<void> {
  const actor = actorOf(body);
  const files = filesInState(view.state?.values, IMPORT_BLOCK.files);
  const check = checkIncomingFiles(files);
  if (!check.ok) {
    await ack({ response_action: 'errors', errors: { [IMPORT_BLOCK.files]: importFieldError(check) } });
    return;
  }
  await ack();
  await runDryRun(deps, actor, files);
}

export function register(app: App, deps: Deps): void {
  app.view<ViewSubmitAction>(IMPORT_CALLBACK, (args) => handleImportSubmission(deps, args));
}
