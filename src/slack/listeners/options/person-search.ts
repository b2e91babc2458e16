import type { AllMiddlewareArgs, App, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ACTION } from '../../../interaction-ids.js';
import { searchMyPeople } from '../../../services/one-to-ones.js';
import { personOptions } from '../../../views/options.js';
import { actorOf, searchText } from '../../decode/payload.js';

/**
 * The "someone you have met before" search: only the organiser's own people, ever. What was
 * typed is bounded (searchText); anything but a string is no match at all.
 */
export async function handlePersonSearch(
  deps: Deps,
  { ack, body }: SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs,
): Promise<void> {
  const raw: unknown = body.value;
  if (typeof raw !== 'string') {
    await ack({ options: [] });
    return;
  }
  const people = await searchMyPeople(deps, actorOf(body), searchText(raw));
  await ack({ options: personOptions(people) });
}

export function register(app: App, deps: Deps): void {
  app.options(ACTION.personSearch, (args) => handlePersonSearch(deps, args));
}
