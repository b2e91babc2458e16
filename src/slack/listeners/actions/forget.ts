import type { App, BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { FORGET_ACTION, FORGET_ACTIONS } from '../../../interaction-ids.js';
import { forgetPerson } from '../../../services/forget.js';
import { NotYoursError } from '../../../services/one-to-ones.js';
import {
  forgetCancelledMessage,
  forgetDoneMessage,
  forgetNotFoundMessage,
} from '../../../views/data-messages.js';
import { actorOf } from '../../decode/payload.js';
import { respondEphemeral } from '../../surfaces/ephemeral.js';
import { refreshHomeLater } from '../../surfaces/home-tab.js';

/**
 * Confirm / Cancel under `/onetoone forget`'s confirmation (one listener for both). The person id
 * in the button is checked against the acting user in the service: someone else's id (a crafted
 * payload) gets the same polite "can't find" as one already forgotten.
 */
export function register(app: App, deps: Deps): void {
  app.action<BlockButtonAction>(FORGET_ACTIONS, async ({ ack, body, action, respond, client }) => {
    await ack();
    const actor = actorOf(body);
    let m = forgetCancelledMessage();
    if (action.action_id === FORGET_ACTION.confirm) {
      try {
        const erased = await forgetPerson(deps, actor, action.value ?? '');
        m = forgetDoneMessage({ ...erased, name: erased.personName });
        // The Home tab may list them (due steps, going cold): publish it again without them.
        refreshHomeLater(deps, client, actor);
      } catch (error) {
        if (!(error instanceof NotYoursError)) throw error;
        m = forgetNotFoundMessage();
      }
    }
    await respondEphemeral(respond, m, { replace: true });
  });
}
