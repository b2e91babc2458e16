import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { refreshHome } from '../../surfaces/home-tab.js';

/**
 * The organiser opened the bot's Home tab: publish it fresh. Bolt acks events before listeners
 * run, so this has no 3-second race; the Messages tab fires the same event and is ignored.
 */
export function register(app: App, deps: Deps): void {
  app.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const teamId = body.team_id ?? '';
    await refreshHome(deps, client, { teamId, userId: event.user });
  });
}
