import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { SETTINGS_BLOCK, SETTINGS_CALLBACK } from '../../../interaction-ids.js';
import { saveSettings } from '../../../services/nudges/settings.js';
import { actorOf } from '../../decode/payload.js';
import { readSettings } from '../../decode/settings-state.js';
import { toBlockErrors } from '../../decode/view-state.js';
import { refreshHomeLater } from '../../surfaces/home-tab.js';

/**
 * `/onetoone settings` submitted: validated and saved before the ack (a bad pause date or no
 * working day goes back on its field); then the Home tab is refreshed (it shows a pause).
 */
export async function handleSettingsSubmission(
  deps: Deps,
  { ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs,
): Promise<void> {
  const actor = actorOf(body);
  const outcome = await saveSettings(deps, actor, readSettings(view.state?.values));
  if (outcome.kind === 'invalid') {
    await ack({ response_action: 'errors', errors: toBlockErrors(outcome.errors, SETTINGS_BLOCK) });
    return;
  }
  await ack();
  refreshHomeLater(deps, actor);
}

export function register(app: App, deps: Deps): void {
  app.view<ViewSubmitAction>(SETTINGS_CALLBACK, (args) => handleSettingsSubmission(deps, args));
}
