import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ErrorCode, refuse } from '../../../errors.js';
import {
  CALLBACK,
  isOpenLearnedAction,
  LOG_ACTIONS,
  LOG_BLOCK,
  LOG_CALLBACKS,
  LOG_LEARNED_BLOCK,
  LOG_STEP_ONE_BLOCK,
} from '../../../interaction-ids.js';
import { redrawLogForm, submitLearned, submitLogForm } from '../../../services/one-to-ones.js';
import { campaignFieldErrors } from '../../../views/campaign-fields.js';
import {
  decodeLearnedMetadata,
  decodeLogMetadata,
  learnedModal,
  learnedRefusalErrors,
  logModal,
  logRefusalErrors,
} from '../../../views/log-modal.js';
import { readCampaignFields } from '../../decode/campaign-fields.js';
import { actorOf, buttonValue, selectedOption, stringOr } from '../../decode/payload.js';
import { readBlocks, type StateValues, toBlockErrors } from '../../decode/view-state.js';
import { refreshHomeLater } from '../../surfaces/home-tab.js';
import { openLearnedModal, updateModal } from '../../surfaces/modals.js';

/** Step one as read: its fields, and the single form's "who" fields of a modal opened before the two steps. */
const STEP_ONE_READ = {
  ...LOG_STEP_ONE_BLOCK,
  slackMember: LOG_BLOCK.slackMember,
  newName: LOG_BLOCK.newName,
};

/** Whether a submitted view is the single form from before the two steps (it has the learned fields). */
function hasLearnedFields(values: StateValues | undefined): boolean {
  return Object.values(LOG_LEARNED_BLOCK).some((id) => values?.[id] !== undefined);
}

/**
 * Step one's submission. Validated and saved *before* it is acknowledged, so a submission Slack
 * saw accepted is on disk; bad fields and refusals go back inline (`response_action: 'errors'`).
 * The ack then puts step two in the modal's place, saying "Saved": the confirmation is in the
 * modal, with no DM. A retry of the same view answers with the same step two and saves nothing new.
 */
export async function handleLogSubmission(
  deps: Deps,
  { ack, body, view }: SlackViewMiddlewareArgs & AllMiddlewareArgs,
): Promise<void> {
  const actor = actorOf(body);
  // `?.`: a malformed payload without state is answered with the field errors, not a crash.
  const values = view.state?.values as StateValues | undefined;
  const outcome = await submitLogForm(deps, actor, {
    values: readBlocks(values, STEP_ONE_READ),
    viewId: stringOr(view.id) ?? '',
    editingId: decodeLogMetadata(view.private_metadata).editingId,
    ...(hasLearnedFields(values) ? { learned: readBlocks(values, LOG_LEARNED_BLOCK) } : {}),
  });
  switch (outcome.kind) {
    case 'invalid':
      await ack({
        response_action: 'errors',
        errors: toBlockErrors(outcome.errors, { ...LOG_STEP_ONE_BLOCK, ...LOG_LEARNED_BLOCK }),
      });
      return;
    case 'refused':
      await ack({ response_action: 'errors', errors: logRefusalErrors(outcome.refusal) });
      return;
    case 'saved':
      await ack({ response_action: 'update', view: learnedModal(outcome.learned) });
      if (outcome.changed) refreshHomeLater(deps, actor);
  }
}

/** Step two's submission: what I learned, validated and saved before the ack, which closes the modal. */
export async function handleLearnedSubmission(
  deps: Deps,
  { ack, body, view }: SlackViewMiddlewareArgs & AllMiddlewareArgs,
): Promise<void> {
  const actor = actorOf(body);
  const meta = decodeLearnedMetadata(view.private_metadata);
  if (!meta) {
    await ack({ response_action: 'errors', errors: learnedRefusalErrors({ field: 'needs' }) });
    return;
  }
  const outcome = await submitLearned(deps, actor, {
    oneToOneId: meta.oneToOneId,
    values: readBlocks(view.state?.values as StateValues | undefined, LOG_LEARNED_BLOCK),
    campaign: readCampaignFields(view.state?.values as StateValues | undefined),
  });
  switch (outcome.kind) {
    case 'invalid':
      await ack({
        response_action: 'errors',
        errors: {
          ...toBlockErrors(outcome.errors, LOG_LEARNED_BLOCK),
          ...campaignFieldErrors(outcome.campaignErrors ?? []),
        },
      });
      return;
    case 'refused':
      await ack({ response_action: 'errors', errors: learnedRefusalErrors(outcome.refusal) });
      return;
    case 'saved':
      await ack();
      if (outcome.changed) refreshHomeLater(deps, actor);
  }
}

/** Both steps' submissions, one listener (each listener is a cost on every request). */
export function handleLogView(deps: Deps, args: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  return args.view.callback_id === CALLBACK.logLearned
    ? handleLearnedSubmission(deps, args)
    : handleLogSubmission(deps, args);
}

/**
 * A choice in step one's who field (dispatch_action): step one is drawn again, with the
 * institution and role fields for someone new and without them for anyone else. What was
 * entered stays (the same block ids; Slack keeps input state across views.update).
 */
export async function handleWhoChosen(
  deps: Deps,
  { ack, body, action, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
): Promise<void> {
  await ack();
  const view = body.view;
  const viewId = stringOr(view?.id);
  if (!view || !viewId || view.callback_id !== CALLBACK.logModal) return;
  const form = await redrawLogForm(deps, actorOf(body), {
    values: readBlocks(view.state?.values as StateValues | undefined, LOG_STEP_ONE_BLOCK),
    chosen: selectedOption(action),
    editingId: decodeLogMetadata(view.private_metadata).editingId,
  });
  await updateModal(client, viewId, stringOr(view.hash), logModal(form));
}

/** "What I learned" on a message (e.g. the daily summary): step two for that one-to-one. */
export async function handleOpenLearned(
  deps: Deps,
  { ack, body, action, client }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
): Promise<void> {
  await ack();
  const id = buttonValue(action);
  if (id === undefined) refuse(ErrorCode.BadPayload);
  await openLearnedModal(deps, client, actorOf(body), body.trigger_id, id);
}

/** The log modal's actions, one listener: the who choice, and the "what I learned" button. */
export function handleLogAction(
  deps: Deps,
  args: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs,
): Promise<void> {
  return isOpenLearnedAction((args.action as { action_id?: string }).action_id)
    ? handleOpenLearned(deps, args)
    : handleWhoChosen(deps, args);
}

export function register(app: App, deps: Deps): void {
  app.view(LOG_CALLBACKS, (args) => handleLogView(deps, args));
  app.action<BlockAction>(LOG_ACTIONS, (args) => handleLogAction(deps, args));
}
