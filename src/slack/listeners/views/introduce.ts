import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { validateIntroduction } from '../../../domain/introduction.js';
import { INTRO_BLOCK, INTRO_CALLBACK } from '../../../interaction-ids.js';
import { getIntroduction, NotYourPersonError, recordIntroduction } from '../../../services/introductions.js';
import { organiserToday } from '../../../services/organisers.js';
import { introductionSavedMessage } from '../../../views/data-messages.js';
import { actorOf } from '../../decode/payload.js';
import { readBlocks, toBlockErrors } from '../../decode/view-state.js';
import { toIntroductionData } from '../../render-data.js';
import { refreshHomeLater } from '../../surfaces/home-tab.js';

/**
 * The introduction modal's submission: validated and saved before the ack (errors go back on the
 * field), then confirmed by DM. Both people are checked as the submitter's own in the service.
 */
export function register(app: App, deps: Deps): void {
  app.view(INTRO_CALLBACK, async ({ ack, body, view, client }) => {
    const actor = actorOf(body);
    const raw = readBlocks(view.state.values, INTRO_BLOCK);
    const result = validateIntroduction(raw, await organiserToday(deps, actor));
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: toBlockErrors(result.errors, INTRO_BLOCK) });
      return;
    }
    let saved: { id: string; created: boolean };
    try {
      saved = await recordIntroduction(deps, actor, result.value, view.id);
    } catch (error) {
      if (!(error instanceof NotYourPersonError)) throw error;
      await ack({
        response_action: 'errors',
        errors: { [INTRO_BLOCK[error.field]]: 'I can’t find that person among yours.' },
      });
      return;
    }
    await ack();
    if (!saved.created) return; // the same submission again: saved once, confirmed once
    const m = introductionSavedMessage(toIntroductionData(await getIntroduction(deps, actor, saved.id)));
    await client.chat.postMessage({ channel: actor.userId, text: m.text, blocks: m.blocks });
    refreshHomeLater(deps, client, actor);
  });
}
