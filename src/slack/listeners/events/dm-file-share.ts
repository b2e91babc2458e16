import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { decodeFiles } from '../../decode/files.js';
import { stringOr } from '../../decode/payload.js';
import { runDryRun } from '../../surfaces/import-dry-run.js';

/**
 * A file shared in the bot's DM (`message.im`, subtype `file_share`; scopes im:history and
 * files:read): read as an import, exactly like the modal's files. Any other message, in the DM
 * or elsewhere, is not ours to read and is ignored. Bolt acks events before listeners run and
 * drops the bot's own messages (ignoreSelf), so the summary it posts does not come back here.
 */
export async function handleDmFileShare(
  deps: Deps,
  { event, body }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs,
): Promise<void> {
  const e = event as {
    subtype?: unknown;
    channel_type?: unknown;
    user?: unknown;
    bot_id?: unknown;
    files?: unknown;
  };
  if (e.subtype !== 'file_share' || e.channel_type !== 'im' || e.bot_id) return;
  const userId = stringOr(e.user);
  const teamId = stringOr((body as { team_id?: unknown }).team_id);
  if (!userId || !teamId) return;
  const files = decodeFiles(e.files);
  if (files.length === 0) return;
  await runDryRun(deps, { teamId, userId }, files);
}

export function register(app: App, deps: Deps): void {
  app.event('message', (args) => handleDmFileShare(deps, args));
}
