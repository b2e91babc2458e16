import type { App, BlockAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../../deps.js';
import { isInstitutionType, isStage } from '../../../domain/relationship.js';
import { HOME_ACTION, HOME_PEOPLE_ACTIONS, PEOPLE_ACTION } from '../../../interaction-ids.js';
import { markNextStepDone } from '../../../services/next-steps.js';
import { NotYoursError } from '../../../services/one-to-ones.js';
import type { Actor } from '../../../services/organisers.js';
import { listMyPeople, setInstitutionTypeViaPerson, setLeader, setStage } from '../../../services/people.js';
import type { Message } from '../../../views/block-kit.js';
import { notFoundNotice } from '../../../views/messages.js';
import {
  decodePeopleBlock,
  decodePeoplePage,
  peopleMessage,
  personNotFoundNotice,
  STAGE_AUTO,
} from '../../../views/people.js';
import { actorOf } from '../../decode/payload.js';
import { respondEphemeral } from '../../surfaces/ephemeral.js';
import { refreshHomeLater } from '../../surfaces/home-tab.js';
import { openLogModal, openReflectionModal } from '../../surfaces/modals.js';

/**
 * Every Home tab and `/onetoone people` control, in one listener (Bolt runs each listener's
 * matcher on every request): ids starting `home_` or `people_`. Acks first, then works. Every id
 * in a payload is checked against the acting user by the service; anything else gets a refusal
 * that says nothing about whose it was.
 */
export function register(app: App, deps: Deps): void {
  app.action<BlockAction>(HOME_PEOPLE_ACTIONS, async ({ ack, body, action, client, respond }) => {
    await ack();
    const actor = actorOf(body);
    const value = 'value' in action && typeof action.value === 'string' ? action.value : '';
    const selected =
      'selected_option' in action && action.selected_option ? String(action.selected_option.value) : '';
    // The Home tab has no response_url: answers from there go to the organiser's DM.
    const inMessage = body.container?.type === 'message' && Boolean(body.response_url);
    const reply = (m: Message) => answer(client, actor, inMessage ? respond : undefined, m, false);

    try {
      switch (action.action_id) {
        case HOME_ACTION.log:
          await openLogModal(deps, client, actor, body.trigger_id, value ? { personId: value } : {});
          return;
        case HOME_ACTION.reflect:
          // The refresh comes when the reflection is saved (listeners/views/reflection.ts).
          await openReflectionModal(deps, client, actor, body.trigger_id, value);
          return;
        case HOME_ACTION.done:
          await markNextStepDone(deps, actor, value);
          break;
        case PEOPLE_ACTION.leader:
        case PEOPLE_ACTION.stage:
        case PEOPLE_ACTION.institutionType: {
          const where = decodePeopleBlock('block_id' in action ? action.block_id : undefined);
          if (!where) throw new NotYoursError();
          if (action.action_id === PEOPLE_ACTION.leader) {
            await setLeader(deps, actor, where.personId, value === '1');
          } else if (action.action_id === PEOPLE_ACTION.stage) {
            if (selected !== STAGE_AUTO && !isStage(selected)) throw new NotYoursError();
            await setStage(deps, actor, where.personId, selected === STAGE_AUTO ? null : selected);
          } else {
            if (!isInstitutionType(selected)) throw new NotYoursError();
            await setInstitutionTypeViaPerson(deps, actor, where.personId, selected);
          }
          const page = await listMyPeople(deps, actor, where.query, where.page);
          await answer(client, actor, inMessage ? respond : undefined, peopleMessage(page), true);
          break;
        }
        default: {
          if (!action.action_id.startsWith(PEOPLE_ACTION.page)) return;
          const { query, page } = decodePeoplePage(value);
          const list = await listMyPeople(deps, actor, query, page);
          await answer(client, actor, inMessage ? respond : undefined, peopleMessage(list), true);
          return;
        }
      }
    } catch (error) {
      if (!(error instanceof NotYoursError)) throw error;
      deps.logger.info('refused a control for a record that is not the actor’s', {
        action: action.action_id,
      });
      await reply(action.action_id.startsWith('people_') ? personNotFoundNotice() : notFoundNotice());
      return;
    }
    refreshHomeLater(deps, client, actor);
  });
}

/**
 * Replies where the control was: through response_url for a message (replacing the list when
 * `replace`), or, from the Home tab (which has no response_url), as a DM.
 */
async function answer(
  client: WebClient,
  actor: Actor,
  respond: RespondFn | undefined,
  m: Message,
  replace: boolean,
): Promise<void> {
  if (respond) {
    await respondEphemeral(respond, m, { replace: replace });
  } else {
    await client.chat.postMessage({ channel: actor.userId, text: m.text, blocks: m.blocks });
  }
}
