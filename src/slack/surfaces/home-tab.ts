import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.js';
import { errorCode } from '../../errors.js';
import { HOME_CALLBACK } from '../../interaction-ids.js';
import { type HomeDeps, showHome } from '../../services/home.js';
import type { Actor } from '../../services/organisers.js';
import { listMyPeople } from '../../services/people.js';
import { type PowerMapDeps, showPowerMap } from '../../services/power-map.js';
import { myStats } from '../../services/stats.js';
import type { Message } from '../../views/block-kit.js';
import { homeMessageModal, homeView } from '../../views/home.js';
import { statsMessage } from '../../views/messages.js';
import { peopleMessage } from '../../views/people.js';
import { mapMessage } from '../../views/power-map.js';
import { openModal } from './modals.js';

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

/**
 * The Home tab's People, Map and Stats buttons: what `/onetoone people`, `map` and `stats` show,
 * in a modal (a Home tab has no response_url, and a modal answers where the organiser is). The
 * caller has acked; a trigger_id lives 3 seconds, and these reads are bounded (bench/home.ts).
 */
export async function openPeopleModal(
  deps: Pick<Deps, 'db'>,
  client: WebClient,
  actor: Actor,
  triggerId: string,
): Promise<void> {
  const page = await listMyPeople(deps, actor, { query: '', page: 0 });
  await openModal(client, triggerId, peopleModal(peopleMessage(page)));
}

export async function openMapModal(
  deps: PowerMapDeps,
  client: WebClient,
  actor: Actor,
  triggerId: string,
): Promise<void> {
  const map = mapMessage(await showPowerMap(deps, actor));
  await openModal(client, triggerId, homeMessageModal(HOME_CALLBACK.map, 'Your team’s power map', map));
}

export async function openStatsModal(
  deps: Parameters<typeof myStats>[0],
  client: WebClient,
  actor: Actor,
  triggerId: string,
): Promise<void> {
  const stats = statsMessage(await myStats(deps, actor));
  await openModal(client, triggerId, homeMessageModal(HOME_CALLBACK.stats, 'Your stats', stats));
}

function peopleModal(m: Message): ModalView {
  return homeMessageModal(HOME_CALLBACK.people, 'Your people', m);
}

/** Whether a control was pressed inside the People modal the Home tab opened. */
export function isInPeopleModal(body: { view?: { callback_id?: unknown } }): boolean {
  return body.view?.callback_id === HOME_CALLBACK.people;
}

/**
 * Redraws the People modal in place after one of its controls (leader, stage, type, a page):
 * views.update by the view's id (https://api.slack.com/methods/views.update), no trigger needed.
 */
export async function updatePeopleModal(client: WebClient, viewId: string, m: Message): Promise<void> {
  await client.views.update({
    view_id: viewId,
    view: JSON.stringify(peopleModal(m)) as unknown as ModalView,
  });
}
