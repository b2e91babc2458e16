import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.js';
import { homeData } from '../../services/home.js';
import type { Actor } from '../../services/organisers.js';
import { homeView } from '../../views/home.js';

/**
 * Publishes the organiser's Home tab (views.publish replaces it whole, so publishing again after
 * each change keeps it current: https://api.slack.com/methods/views.publish).
 */
export async function refreshHome(deps: Deps, client: WebClient, actor: Actor): Promise<void> {
  const view = homeView(await homeData(deps, actor));
  await client.views.publish({ user_id: actor.userId, view });
}

/**
 * Fire-and-forget, after the ack: a Home tab that fails to refresh must never fail what the
 * organiser just did. Logs the Slack error code only.
 */
export function refreshHomeLater(deps: Deps, client: WebClient, actor: Actor): void {
  refreshHome(deps, client, actor).catch((error: unknown) => {
    deps.logger.warn('could not publish the Home tab', {
      code: (error as { data?: { error?: string } }).data?.error ?? (error as Error).name,
    });
  });
}
