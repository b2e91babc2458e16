import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.js';
import { type Actor, organiserToday } from '../../services/organisers.js';
import { introduceModal } from '../../views/introduce-modal.js';
import { openModal } from './modals.js';

/**
 * Opens the introduction modal. A trigger_id expires 3 seconds after the user acted
 * (https://api.slack.com/interactivity/handling#modal_responses): callers ack first.
 */
export async function openIntroduceModal(
  deps: Deps,
  client: WebClient,
  actor: Actor,
  triggerId: string,
): Promise<void> {
  const today = await organiserToday(deps, actor);
  await openModal(client, triggerId, introduceModal({ today }));
}
