import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.js';
import { refuse } from '../../errors.js';
import { openIntroductionForm } from '../../services/introductions.js';
import { openEditForm, openLogForm } from '../../services/one-to-ones.js';
import type { Actor } from '../../services/organisers.js';
import { openReflectionForm } from '../../services/reflections.js';
import { introduceModal } from '../../views/introduce-modal.js';
import { logModal } from '../../views/log-modal.js';
import { type ReflectionSource, reflectionModal } from '../../views/reflection-modal.js';

/**
 * Opening modals, shared by the slash command, the shortcut and buttons. A trigger_id expires
 * 3 seconds after the user acted (https://api.slack.com/interactivity/handling#modal_responses),
 * so callers ack first and call these straight away. Someone else's record throws the NotYours
 * refusal (a RefusalError), which the refusal middleware answers.
 */

/**
 * views.open with the view already encoded. Slack's API takes `view` as a JSON string; handing
 * the client a string spares it walking the whole modal for a debug line it builds even when
 * debug logging is off, and encoding it twice. Measurable on the slash command's hot path.
 */
export async function openModal(client: WebClient, triggerId: string, view: ModalView): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: JSON.stringify(view) as unknown as ModalView });
}

export async function openLogModal(
  deps: Deps,
  client: WebClient,
  actor: Actor,
  triggerId: string,
  options: { personId?: string } = {},
): Promise<void> {
  await openModal(client, triggerId, logModal(await openLogForm(deps, actor, options)));
}

/** Reopens one of my one-to-ones for editing. */
export async function openEditModal(
  deps: Deps,
  client: WebClient,
  actor: Actor,
  triggerId: string,
  id: string,
): Promise<void> {
  const form = await openEditForm(deps, actor, id);
  if (!form.ok) refuse(form);
  await openModal(client, triggerId, logModal(form.value));
}

export async function openReflectionModal(
  deps: Deps,
  client: WebClient,
  actor: Actor,
  triggerId: string,
  oneToOneId: string,
  source?: ReflectionSource,
): Promise<void> {
  const form = await openReflectionForm(deps, actor, oneToOneId);
  if (!form.ok) refuse(form);
  await openModal(client, triggerId, reflectionModal(source ? { ...form.value, source } : form.value));
}

/** `/onetoone introduce`: the introduction form, dated in the organiser's zone. */
export async function openIntroduceModal(
  deps: Deps,
  client: WebClient,
  actor: Actor,
  triggerId: string,
): Promise<void> {
  await openModal(client, triggerId, introduceModal(await openIntroductionForm(deps, actor)));
}
