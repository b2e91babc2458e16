import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { INTRO_BLOCK, INTRO_CALLBACK } from '../../../interaction-ids.js';
import { recordIntroduction } from '../../../services/introductions.js';
import { introductionSavedMessage } from '../../../views/data-messages.js';
import { actorOf, stringOr } from '../../decode/payload.js';
import { readBlocks, toBlockErrors } from '../../decode/view-state.js';
import { refreshHomeLater } from '../../surfaces/home-tab.js';

/** On a person field that names someone not among the organiser's people. */
const NOT_YOUR_PERSON = 'I can’t find that person among yours.';

/**
 * The introduction modal's submission: one use case validates and saves it before the ack
 * (errors go back on the field), then it is confirmed by DM. Both people are checked as the
 * submitter's own in the use case.
 */
export async function handleIntroduceSubmission(
  deps: Deps,
  { ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs,
): Promise<void> {
  const actor = actorOf(body);
  const raw = readBlocks(view.state?.values, INTRO_BLOCK);
  const result = await recordIntroduction(deps, actor, raw, stringOr(view.id) ?? '');
  switch (result.kind) {
    case 'invalid':
      await ack({ response_action: 'errors', errors: toBlockErrors(result.errors, INTRO_BLOCK) });
      return;
    case 'refused':
      await ack({
        response_action: 'errors',
        errors: { [INTRO_BLOCK[result.refusal.field]]: NOT_YOUR_PERSON },
      });
      return;
    case 'duplicate':
      // The same submission again: saved once, confirmed once.
      await ack();
      return;
    case 'saved': {
      await ack();
      const m = introductionSavedMessage(result.introduction);
      await deps.slack.postDm(actor.teamId, actor.userId, { text: m.text, blocks: m.blocks });
      refreshHomeLater(deps, actor);
    }
  }
}

export function register(app: App, deps: Deps): void {
  app.view<ViewSubmitAction>(INTRO_CALLBACK, (args) => handleIntroduceSubmission(deps, args));
}
