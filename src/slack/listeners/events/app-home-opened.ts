import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { stringOr } from '../../decode/payload.js';
import { refreshHome } from '../../surfaces/home-tab.js';

/**
 * The organiser opened the bot's Home tab: publish it fresh. Bolt acks events before listeners
 * run, so this has no 3-second race; the Messages tab fires the same event and is ignored.
 */
export async function handleAppHomeOpened(
  deps: Deps,
  { event, body }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs,
): Promise<void> {
  if (event.tab !== 'home') return;
  const userId = stringOr(event.user);
  if (!userId) return;
  await refreshHome(deps, { teamId: stringOr(body.team_id) ?? '', userId });
}

export function register(app: App, deps: Deps): void {
  app.event('app_home_opened', (args) => handleAppHomeOpened(deps, args));
}
