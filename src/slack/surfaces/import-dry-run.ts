import type { Deps } from '../../deps.js';
import { errorCode } from '../../errors.js';
import { type IncomingFile, startImport } from '../../services/import.js';
import type { Actor } from '../../services/organisers.js';
import {
  importFailedNotice,
  importSummaryMessage,
  importTooManyFilesNotice,
} from '../../views/import-summary.js';

/**
 * The dry run for files sent by the modal or shared in the DM: reads them, and DMs the summary
 * (or why not). Shared by the modal's listener and the DM file listener; failures are logged by code.
 */
export async function runDryRun(deps: Deps, actor: Actor, files: IncomingFile[]): Promise<void> {
  try {
    const result = await startImport(deps, actor, files);
    const message =
      result.kind === 'summary'
        ? importSummaryMessage(result.summary)
        : result.kind === 'too_many_files'
          ? importTooManyFilesNotice(result.limit)
          : importFailedNotice();
    await deps.slack.postDm(actor.teamId, actor.userId, message);
  } catch (error) {
    deps.logger.error('import dry run failed', { code: errorCode(error) });
    await deps.slack.postDm(actor.teamId, actor.userId, importFailedNotice()).catch(() => {});
  }
}
