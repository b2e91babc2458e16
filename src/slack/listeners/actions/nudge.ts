import type { App, BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { NUDGE_ACTIONS } from '../../../interaction-ids.js';
import { useNudgeButton } from '../../../services/nudges/service.js';
import { NotYoursError } from '../../../services/one-to-ones.js';
import { notFoundNotice } from '../../../views/messages.js';
import { actorOf } from '../../decode/payload.js';
import { respondEphemeral } from '../../surfaces/ephemeral.js';
import { openLogModal, openReflectionModal } from '../../surfaces/modals.js';
import { updateNudgeMessages } from '../../surfaces/nudge-messages.js';

/**
 * Every nudge button (`nudge:<kind>:<verb>`, one listener for the whole family). The ledger id in
 * the value is checked against the acting user, and each kind acts through owner-checked
 * services: a crafted payload for someone else's nudge gets a polite refusal and changes nothing.
 * Modals open first (a trigger_id lives 3 seconds), then the DM is updated in place.
 */
export function register(app: App, deps: Deps): void {
  app.action<BlockButtonAction>(NUDGE_ACTIONS, async ({ ack, body, action, client, respond }) => {
    await ack();
    const actor = actorOf(body);
    const [, kind = '', verb = ''] = NUDGE_ACTIONS.exec(action.action_id) ?? [];
    try {
      const result = await useNudgeButton(deps, actor, { kind, verb, ledgerId: action.value ?? '' });
      const effect = result.effect;
      if (effect && 'openLog' in effect) {
        await openLogModal(deps, client, actor, body.trigger_id, effect.openLog);
      } else if (effect && 'openReflection' in effect && result.source) {
        await openReflectionModal(deps, client, actor, body.trigger_id, effect.openReflection.oneToOneId, {
          ...result.source,
          kind: 'nudge',
        });
      }
      if (result.update) await updateNudgeMessages(deps, client, [result.update]);
    } catch (error) {
      if (!(error instanceof NotYoursError)) throw error;
      const m = notFoundNotice();
      await respondEphemeral(respond, m, { replace: false });
    }
  });
}
