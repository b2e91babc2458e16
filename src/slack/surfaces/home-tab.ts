import type { Deps } from '../../deps.js';
import { errorCode } from '../../errors.js';
import { type HomeDeps, showHome } from '../../services/home.js';
import type { Actor } from '../../services/organisers.js';
import { homeView } from '../../views/home.js';

/**
 * Publishes the organiser's Home tab through the Slack port (views.publish replaces it whole, so
 * publishing again after each change keeps it current: https://api.slack.com/methods/views.publish).
 */
export async function refreshHome(deps: HomeDeps & Pick<Deps, 'slack'>, actor: Actor): Promise<void> {
  const view = homeView(await showHome(deps, actor));
  await deps.slack.publishHome(actor.teamId, actor.userId, view);
}

type RefreshDeps = HomeDeps & Pick<Deps, 'slack' | 'logger'>;

/**
 * Fire-and-forget, after the ack: a Home tab that fails to refresh must never fail what the
 * organiser just did. Logs the Slack error code only.
 */
export function refreshHomeLater(deps: RefreshDeps, actor: Actor): void {
  refreshHome(deps, actor).catch((error: unknown) => {
    deps.logger.warn('could not publish the Home tab', { code: errorCode(error) });
  });
}
