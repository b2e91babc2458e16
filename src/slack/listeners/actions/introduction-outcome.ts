import type { App, BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { isOutcome } from '../../../domain/introduction.js';
import { INTRO_OUTCOME_ACTIONS } from '../../../ids.js';
import { setIntroductionOutcome } from '../../../services/introductions.js';
import { NotYoursError } from '../../../services/one-to-ones.js';
import { organiserToday } from '../../../services/organisers.js';
import { introductionNotFoundMessage, introductionOutcomeMessage } from '../../../views/data-messages.js';
import { toIntroductionData } from '../../render-data.js';

/**
 * They met / Not yet / Won't happen on the introduction follow-up (one listener for the three).
 * The message is replaced by the answer, so no stale buttons stay behind.
 */
export function register(app: App, deps: Deps): void {
  app.action<BlockButtonAction>(INTRO_OUTCOME_ACTIONS, async ({ ack, body, action, respond }) => {
    await ack();
    const actor = { teamId: body.team?.id ?? body.user.team_id ?? '', userId: body.user.id };
    const outcome = action.action_id.replace(INTRO_OUTCOME_ACTIONS, '');
    if (!isOutcome(outcome)) return;
    try {
      const today = await organiserToday(deps, actor);
      const { introduction } = await setIntroductionOutcome(deps, actor, action.value ?? '', outcome, today);
      const m = introductionOutcomeMessage(toIntroductionData(introduction));
      await respond({ replace_original: true, text: m.text, blocks: m.blocks });
    } catch (error) {
      if (!(error instanceof NotYoursError)) throw error;
      const m = introductionNotFoundMessage();
      await respond({ response_type: 'ephemeral', replace_original: false, text: m.text, blocks: m.blocks });
    }
  });
}
