import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import type { LoggedConfirmation } from '../../../domain/one-to-one.js';
import { errorCode } from '../../../errors.js';
import { CALLBACK, REFLECT_BLOCK } from '../../../interaction-ids.js';
import { offerReflectionShare } from '../../../services/lead.js';
import { settleReflectNudges } from '../../../services/nudges/buttons.js';
import type { Actor } from '../../../services/organisers.js';
import { submitReflection } from '../../../services/reflections.js';
import { loggedMessage } from '../../../views/messages.js';
import {
  decodeReflectionMetadata,
  type ReflectionSource,
  reflectionRefusalErrors,
} from '../../../views/reflection-modal.js';
import { actorOf } from '../../decode/payload.js';
import { readBlocks, toBlockErrors } from '../../decode/view-state.js';
import { refreshHomeLater } from '../../surfaces/home-tab.js';
import { updateNudgeMessages } from '../../surfaces/nudge-messages.js';

/** Saves a reflection before acking; then turns the "Reflect now" message into a done one. */
export async function handleReflectionSubmission(
  deps: Deps,
  { ack, body, view }: SlackViewMiddlewareArgs & AllMiddlewareArgs,
): Promise<void> {
  const actor = actorOf(body);
  const meta = decodeReflectionMetadata(view.private_metadata);
  const outcome = await submitReflection(deps, actor, {
    values: readBlocks(view.state?.values, REFLECT_BLOCK),
    oneToOneId: meta?.oneToOneId,
  });
  if (outcome.kind === 'invalid') {
    await ack({ response_action: 'errors', errors: toBlockErrors(outcome.errors, REFLECT_BLOCK) });
    return;
  }
  if (outcome.kind === 'refused') {
    await ack({ response_action: 'errors', errors: reflectionRefusalErrors(outcome.refusal) });
    return;
  }
  await ack();
  refreshHomeLater(deps, actor);
  const { confirmation } = outcome;
  if (meta?.source && meta.source.kind !== 'nudge') {
    await markLoggedMessageReflected(deps, actor, meta.source, confirmation);
  }
  // Reflecting, from a nudge or any other way, settles its reflect nudge: that DM shows it done.
  await updateNudgeMessages(deps, await settleReflectNudges(deps, actor, confirmation.oneToOneId));
  // With a lead organiser: the offer to share this one reflection with them (issue 12).
  await offerReflectionShare(deps, actor, confirmation.oneToOneId);
}

/**
 * The message comes from private_metadata: it is touched only if it is in the actor's own DM
 * with the bot, never a message of someone else's.
 */
async function markLoggedMessageReflected(
  deps: Deps,
  actor: Actor,
  source: ReflectionSource,
  confirmation: LoggedConfirmation,
): Promise<void> {
  const dm = await deps.slack.dmChannel(actor.teamId, actor.userId).catch(() => undefined);
  if (dm !== source.channel) return;
  await deps.slack
    .updateMessage(actor.teamId, { channel: source.channel, ts: source.ts }, loggedMessage(confirmation))
    .catch((error: unknown) => {
      deps.logger.warn('could not update the logged message', { code: errorCode(error) });
    });
}

export function register(app: App, deps: Deps): void {
  app.view(CALLBACK.reflectionModal, (args) => handleReflectionSubmission(deps, args));
}
