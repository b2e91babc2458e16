import type { AllMiddlewareArgs, App, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { isInstitutionType, isStage } from '../../../domain/relationship.js';
import {
  ErrorCode,
  isRefusal,
  type Refusal,
  type RefusalCode,
  RefusalError,
  refuse,
} from '../../../errors.js';
import { HOME_ACTION, HOME_PEOPLE_ACTIONS, PEOPLE_ACTION } from '../../../interaction-ids.js';
import { answerIntroduction, dismissReflection } from '../../../services/home.js';
import { markHouseMeetingFollowUpDone } from '../../../services/house-meetings.js';
import { markNextStepDone } from '../../../services/next-steps.js';
import { resumeNudges } from '../../../services/nudges/settings.js';
import type { Actor } from '../../../services/organisers.js';
import {
  listMyPeople,
  type PeopleControlResult,
  setInstitutionType,
  setLeader,
  setStage,
} from '../../../services/people.js';
import type { Message } from '../../../views/block-kit.js';
import { notFoundNotice } from '../../../views/messages.js';
import { decodePage } from '../../../views/paging.js';
import { decodePeopleBlock, peopleMessage, personNotFoundNotice, STAGE_AUTO } from '../../../views/people.js';
import { actorOf, buttonValue, idValue, selectedValue } from '../../decode/payload.js';
import { respondEphemeral } from '../../surfaces/ephemeral.js';
import {
  isInPeopleModal,
  openMapModal,
  openPeopleModal,
  openStatsModal,
  refreshHomeLater,
  updatePeopleModal,
} from '../../surfaces/home-tab.js';
import { openLogModal, openReflectionModal, openSettingsModal } from '../../surfaces/modals.js';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** The Home tab's introduction buttons, each the answer it gives to "did they meet?". */
const INTRODUCTION_OUTCOME = {
  [HOME_ACTION.introductionMet]: 'met',
  [HOME_ACTION.introductionNotYet]: 'not_yet',
  [HOME_ACTION.introductionWontHappen]: 'wont_happen',
} as const;

/**
 * Every Home tab and `/onetoone people` control (in a message, or in the People modal the Home
 * tab opens), in one listener (Bolt runs each listener's matcher on every request): ids
 * starting `home_` or `people_`. Acks first, then decodes the whole
 * payload (a value of the wrong type, a crafted page or block id) before any use case runs, so a
 * refused request writes nothing. Every id is checked against the acting user by the use case;
 * a refusal goes to the refusal middleware with a notice that says nothing about whose it was
 * (by response_url from a message, by DM from the Home tab, which has no response_url).
 */
export async function handleHomePeopleAction(deps: Deps, args: ActionArgs): Promise<void> {
  const { ack, body, action } = args;
  await ack();
  const actor = actorOf(body);
  const actionId = action.action_id;
  switch (actionId) {
    case HOME_ACTION.log: {
      // No value: an empty modal. A value that is not an id is refused, not guessed at.
      const raw = (action as { value?: unknown }).value;
      const personId = raw === undefined || raw === '' ? undefined : idValue(raw);
      if (raw !== undefined && raw !== '' && !personId) refuseControl(deps, actionId, ErrorCode.BadPayload);
      await loopCall(deps, actionId, () =>
        openLogModal(deps, args.client, actor, body.trigger_id, personId ? { personId } : {}),
      );
      return;
    }
    case HOME_ACTION.reflect: {
      const oneToOneId = idValue(buttonValue(action));
      if (!oneToOneId) refuseControl(deps, actionId, ErrorCode.BadPayload);
      // The refresh comes when the reflection is saved (listeners/views/reflection.ts).
      await loopCall(deps, actionId, () =>
        openReflectionModal(deps, args.client, actor, body.trigger_id, oneToOneId),
      );
      return;
    }
    case HOME_ACTION.done: {
      const oneToOneId = idValue(buttonValue(action));
      if (!oneToOneId) refuseControl(deps, actionId, ErrorCode.BadPayload);
      await loopCall(deps, actionId, () => markNextStepDone(deps, actor, oneToOneId));
      refreshHomeLater(deps, actor);
      return;
    }
    case HOME_ACTION.doneFollowUp: {
      const followUpId = idValue(buttonValue(action));
      if (!followUpId) refuseControl(deps, actionId, ErrorCode.BadPayload);
      await loopCall(deps, actionId, () => markHouseMeetingFollowUpDone(deps, actor, followUpId));
      refreshHomeLater(deps, actor);
      return;
    }
    case HOME_ACTION.dismissReflection: {
      const oneToOneId = idValue(buttonValue(action));
      if (!oneToOneId) refuseControl(deps, actionId, ErrorCode.BadPayload);
      await loopCall(deps, actionId, () => dismissReflection(deps, actor, oneToOneId));
      refreshHomeLater(deps, actor);
      return;
    }
    case HOME_ACTION.introductionMet:
    case HOME_ACTION.introductionNotYet:
    case HOME_ACTION.introductionWontHappen: {
      const introductionId = idValue(buttonValue(action));
      if (!introductionId) refuseControl(deps, actionId, ErrorCode.BadPayload);
      await loopCall(deps, actionId, () =>
        answerIntroduction(deps, actor, introductionId, INTRODUCTION_OUTCOME[actionId]),
      );
      refreshHomeLater(deps, actor);
      return;
    }
    case HOME_ACTION.resume:
      await resumeNudges(deps, actor);
      refreshHomeLater(deps, actor);
      return;
    case HOME_ACTION.people:
      await openPeopleModal(deps, args.client, actor, body.trigger_id);
      return;
    case HOME_ACTION.map:
      await openMapModal(deps, args.client, actor, body.trigger_id);
      return;
    case HOME_ACTION.stats:
      await openStatsModal(deps, args.client, actor, body.trigger_id);
      return;
    case HOME_ACTION.settings:
      // Saving the settings (a pause among them) refreshes the Home tab.
      await openSettingsModal(deps, actor, body.trigger_id);
      return;
    case PEOPLE_ACTION.leader:
    case PEOPLE_ACTION.stage:
    case PEOPLE_ACTION.institutionType: {
      const result = await peopleControl(deps, actor, action);
      if (!result.ok) refuseControl(deps, actionId, result, personNotFoundNotice());
      await answer(deps, args, actor, peopleMessage(result.value), true);
      refreshHomeLater(deps, actor);
      return;
    }
    default: {
      if (!actionId.startsWith(PEOPLE_ACTION.page)) return;
      // Bounded: a crafted page (1e300, "x", an object) is the first page.
      const list = await listMyPeople(deps, actor, decodePage(buttonValue(action)));
      await answer(deps, args, actor, peopleMessage(list), true);
    }
  }
}

/** A people control: the block id (person, list to redraw) and the chosen value, decoded whole. */
async function peopleControl(deps: Deps, actor: Actor, action: BlockAction['actions'][number]) {
  const where = decodePeopleBlock((action as { block_id?: unknown }).block_id);
  if (!where) return badPayload();
  const list = { query: where.query, page: where.page };
  const { personId } = where;
  if (action.action_id === PEOPLE_ACTION.leader) {
    const value = buttonValue(action);
    if (value !== '0' && value !== '1') return badPayload();
    return setLeader(deps, actor, { personId, leader: value === '1', list });
  }
  const selected = selectedValue(action);
  if (action.action_id === PEOPLE_ACTION.stage) {
    if (selected === STAGE_AUTO) return setStage(deps, actor, { personId, stage: null, list });
    if (selected === undefined || !isStage(selected)) return badPayload();
    return setStage(deps, actor, { personId, stage: selected, list });
  }
  if (selected === undefined || !isInstitutionType(selected)) return badPayload();
  return setInstitutionType(deps, actor, { personId, type: selected, list });
}

function badPayload(): PeopleControlResult {
  return { ok: false, code: ErrorCode.BadPayload };
}

/** Logs the refusal by code (never a name) and hands it to the refusal middleware. */
function refuseControl(
  deps: Pick<Deps, 'logger'>,
  actionId: string,
  refusal: Refusal | RefusalCode,
  notice?: Message,
): never {
  const code = typeof refusal === 'string' ? refusal : refusal.code;
  deps.logger.info('refused a control for a record that is not the actor’s', { action: actionId, code });
  return refuse(
    refusal,
    notice ?? (actionId.startsWith('people_') ? personNotFoundNotice() : notFoundNotice()),
  );
}

/**
 * The loop's use cases (one-to-ones, next steps) refuse someone else's record by returning a
 * refusal or by throwing one (a RefusalError): each becomes the same notice.
 */
async function loopCall<T>(deps: Pick<Deps, 'logger'>, actionId: string, work: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    if (error instanceof RefusalError) refuseControl(deps, actionId, error.refusal, error.notice);
    throw error;
  }
  if (isRefusal(result)) refuseControl(deps, actionId, result);
  return result;
}

/**
 * Replies where the control was: through response_url for a message (replacing the list when
 * `replace`), in place in the Home tab's People modal, or, from the Home tab itself (which has no
 * response_url), as a DM.
 */
async function answer(
  deps: Pick<Deps, 'slack'>,
  { body, respond, client }: ActionArgs,
  actor: Actor,
  m: Message,
  replace: boolean,
): Promise<void> {
  const inMessage = body.container?.type === 'message' && Boolean(body.response_url);
  if (inMessage) {
    await respondEphemeral(respond, m, { replace });
  } else if (isInPeopleModal(body) && body.view?.id) {
    // The People modal opened from the Home tab: redrawn where the organiser is.
    await updatePeopleModal(client, body.view.id, m);
  } else {
    await deps.slack.postDm(actor.teamId, actor.userId, { text: m.text, blocks: m.blocks });
  }
}

export function register(app: App, deps: Deps): void {
  app.action<BlockAction>(HOME_PEOPLE_ACTIONS, (args) => handleHomePeopleAction(deps, args));
}
