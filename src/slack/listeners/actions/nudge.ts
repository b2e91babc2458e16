import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ErrorCode, refuse } from '../../../errors.js';
import { NUDGE_ACTIONS, NUDGE_HOME_KIND } from '../../../interaction-ids.js';
import { useNudgeButton } from '../../../services/nudges/buttons.js';
import { notFoundNotice } from '../../../views/messages.js';
import { actorOf, idValue } from '../../decode/payload.js';
import { openCampaignSummaryModal } from '../../surfaces/campaign-report.js';
import { openLogModal, openReflectionModal } from '../../surfaces/modals.js';
import { updateNudgeMessages } from '../../surfaces/nudge-messages.js';

/**
 * Every nudge button (`nudge:<kind>:<verb>`, one listener for the whole family). The ledger id in
 * the value is checked against the acting user, and each kind acts through owner-checked
 * services: a crafted payload for someone else's nudge gets a polite refusal and changes nothing;
 * a value that is no id at all (an object, a number) gets the "couldn't read that" notice.
 * Modals open first (a trigger_id lives 3 seconds), then the DM is updated in place.
 */
export async function handleNudgeButton(
  deps: Deps,
  { ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs,
): Promise<void> {
  await ack();
  const actor = actorOf(body);
  const [, kind = '', verb = ''] = NUDGE_ACTIONS.exec(action.action_id) ?? [];
  // The Home tab link is a url button: Slack opens it; the app only acknowledges the click.
  if (kind === NUDGE_HOME_KIND) return;
  const ledgerId = idValue(action.value);
  if (ledgerId === undefined) refuse(ErrorCode.BadPayload);
  const result = await useNudgeButton(deps, actor, { kind, verb, ledgerId });
  if (!result.ok) refuse(result, notFoundNotice());
  const { open, update } = result.value;
  if (open?.kind === 'log') {
    await openLogModal(deps, client, actor, body.trigger_id, {
      personId: open.personId,
      ...(open.stepNote ? { stepNote: open.stepNote } : {}),
    });
  } else if (open?.kind === 'reflection') {
    await openReflectionModal(deps, client, actor, body.trigger_id, open.oneToOneId, {
      ...open.source,
      kind: 'nudge',
    });
  } else if (open?.kind === 'campaignSummary') {
    await openCampaignSummaryModal(deps, client, actor, body.trigger_id, open.campaignId);
  }
  if (update) await updateNudgeMessages(deps, [update]);
}

export function register(app: App, deps: Deps): void {
  app.action<BlockButtonAction>(NUDGE_ACTIONS, (args) => handleNudgeButton(deps, args));
}
