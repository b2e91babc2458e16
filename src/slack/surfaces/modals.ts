import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../deps.js';
import { refuse, slackErrorCode } from '../../errors.js';
import { openIntroductionForm } from '../../services/introductions.js';
import { reflectionSharing } from '../../services/lead.js';
import { openSettingsForm } from '../../services/nudges/settings.js';
import {
  type LogFormOptions,
  openEditForm,
  openLearnedForm,
  openLogFormFor,
} from '../../services/one-to-ones.js';
import type { Actor } from '../../services/organisers.js';
import { openReflectionForm } from '../../services/reflections.js';
import { introduceModal } from '../../views/introduce-modal.js';
import { learnedModal, logModal, logOpeningNotice } from '../../views/log-modal.js';
import { type ReflectionSource, reflectionModal } from '../../views/reflection-modal.js';
import { settingsModal } from '../../views/settings-modal.js';

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

/**
 * views.update of an open modal, guarded by the hash Slack gave with the payload: a
 * `hash_conflict` means the modal changed since (another update won), and the newer view stands.
 */
export async function updateModal(
  client: WebClient,
  viewId: string,
  hash: string | undefined,
  view: ModalView,
): Promise<void> {
  try {
    await client.views.update({
      view_id: viewId,
      ...(hash ? { hash } : {}),
      view: JSON.stringify(view) as unknown as ModalView,
    });
  } catch (error) {
    if (slackErrorCode(error) !== 'hash_conflict') throw error;
  }
}

/**
 * The log modal (step one), with whoever was named chosen: one of my people, a member (a bot, or
 * the organiser themself, is refused with a kind notice), or a typed name.
 */
export async function openLogModal(
  deps: Deps,
  client: WebClient,
  actor: Actor,
  triggerId: string,
  options: LogFormOptions = {},
): Promise<void> {
  const form = await openLogFormFor(deps, actor, options);
  if (!form.ok) refuse(form, logOpeningNotice(form.code, options.memberId ? 'message' : 'mention'));
  await openModal(client, triggerId, logModal(form.value));
}

/** Step two of the log ("what I learned") for one of my one-to-ones. */
export async function openLearnedModal(
  deps: Deps,
  client: WebClient,
  actor: Actor,
  triggerId: string,
  id: string,
): Promise<void> {
  const form = await openLearnedForm(deps, actor, id);
  if (!form.ok) refuse(form);
  await openModal(client, triggerId, learnedModal(form.value));
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
  // A saved reflection, read again: it can be shared with the organiser's lead, or stopped, here.
  const leadSharing = form.value.existing ? await reflectionSharing(deps, actor, oneToOneId) : undefined;
  await openModal(
    client,
    triggerId,
    reflectionModal({
      ...form.value,
      ...(source ? { source } : {}),
      ...(leadSharing ? { leadSharing } : {}),
    }),
  );
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

/**
 * `/onetoone settings` and the Home tab's Settings button (HOME_ACTION.settings): the settings
 * modal, through the port (views.open for the actor's team).
 */
export async function openSettingsModal(deps: Deps, actor: Actor, triggerId: string): Promise<void> {
  await deps.slack.openView(actor.teamId, triggerId, settingsModal(await openSettingsForm(deps, actor)));
}
