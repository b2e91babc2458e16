import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { LEAD_BLOCK, LEAD_CALLBACK } from '../../../interaction-ids.js';
import { refreshLeadAgenda, submitAgendaPoints } from '../../../services/lead.js';
import { decodePointsMetadata } from '../../../views/lead-messages.js';
import { refusalNotice } from '../../../views/messages.js';
import { actorOf } from '../../decode/payload.js';
import { readBlock } from '../../decode/view-state.js';

/**
 * The organiser's agenda points for an evaluation: checked and saved before the ack (an error
 * goes on the field), then the lead's agenda DM, if it went out already, is redrawn with them.
 */
export async function handleAgendaPointsSubmission(
  deps: Deps,
  { ack, body, view }: SlackViewMiddlewareArgs & AllMiddlewareArgs,
): Promise<void> {
  const actor = actorOf(body);
  const meta = decodePointsMetadata(view.private_metadata);
  const outcome = await submitAgendaPoints(deps, actor, {
    shareId: meta?.shareId,
    evalOn: meta?.evalOn,
    raw: readBlock(view.state?.values, LEAD_BLOCK.points),
  });
  if (outcome.kind === 'invalid') {
    await ack({ response_action: 'errors', errors: { [LEAD_BLOCK.points]: outcome.message } });
    return;
  }
  if (outcome.kind === 'refused') {
    await ack({
      response_action: 'errors',
      errors: { [LEAD_BLOCK.points]: refusalNotice(outcome.refusal.code).text },
    });
    return;
  }
  await ack();
  if (meta) await refreshLeadAgenda(deps, actor, meta.shareId, meta.evalOn);
}

export function register(app: App, deps: Deps): void {
  app.view(LEAD_CALLBACK.points, (args) => handleAgendaPointsSubmission(deps, args));
}
