import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { stringOr } from '../../decode/payload.js';

/**
 * "Add to Slack" distribution (issue 10): the app was uninstalled from a workspace, or its bot
 * token revoked. Either way no further Slack call is made for that workspace (cached clients go
 * at once, jobs skip it) and its data is erased after UNINSTALL_GRACE_DAYS. Bolt skips the
 * authorize step for these two events (there is no token left to authorise with) but still
 * checks the request's signature, so a forged event changes nothing. Only registered in
 * distributed mode: a single-workspace bot's token comes from its operator.
 */

/** What the composition root does when a workspace goes (src/slack/distribution/runtime.ts). */
export interface InstallationLifecycle {
  uninstalled(teamId: string, event: 'uninstalled' | 'tokens_revoked'): Promise<void>;
}

type EventArgs<T extends 'app_uninstalled' | 'tokens_revoked'> = Pick<
  SlackEventMiddlewareArgs<T> & AllMiddlewareArgs,
  'event' | 'body' | 'context'
>;

function teamOf(args: { body: { team_id?: unknown }; context: { teamId?: unknown } }): string | undefined {
  return stringOr(args.body.team_id) ?? stringOr(args.context.teamId);
}

export async function handleAppUninstalled(
  lifecycle: InstallationLifecycle,
  args: EventArgs<'app_uninstalled'>,
): Promise<void> {
  const teamId = teamOf(args);
  if (teamId) await lifecycle.uninstalled(teamId, 'uninstalled');
}

/** Only bot tokens matter: the app keeps no user token, so revoking one changes nothing here. */
export async function handleTokensRevoked(
  lifecycle: InstallationLifecycle,
  args: EventArgs<'tokens_revoked'>,
): Promise<void> {
  const bots = (args.event as { tokens?: { bot?: unknown } }).tokens?.bot;
  if (!Array.isArray(bots) || bots.length === 0) return;
  const teamId = teamOf(args);
  if (teamId) await lifecycle.uninstalled(teamId, 'tokens_revoked');
}

export function register(app: App, _deps: Deps, lifecycle?: InstallationLifecycle): void {
  if (!lifecycle) return;
  app.event('app_uninstalled', (args) => handleAppUninstalled(lifecycle, args));
  app.event('tokens_revoked', (args) => handleTokensRevoked(lifecycle, args));
}
