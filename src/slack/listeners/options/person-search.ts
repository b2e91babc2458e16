import type { AllMiddlewareArgs, App, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ACTION, LOG_BLOCK } from '../../../interaction-ids.js';
import { refreshMemberDirectoryLater } from '../../../services/member-directory.js';
import { searchMyPeople, searchWho } from '../../../services/one-to-ones.js';
import { personOptions, whoOptions } from '../../../views/options.js';
import { actorOf, searchText, stringOr } from '../../decode/payload.js';

/**
 * The person searches. The log's who field (its block id says so) offers my people, members of
 * this Slack and "New person: <typed name>"; every other picker (introductions) only my own
 * people, ever. What was typed is bounded (searchText); anything but a string is no match at all.
 * Slack waits 3 seconds for options: the member directory is refreshed after the answer, never
 * before it.
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
  const actor = actorOf(body);
  if (stringOr(body.block_id) !== LOG_BLOCK.existingPerson) {
    await ack({ options: personOptions(await searchMyPeople(deps, actor, searchText(raw))) });
    return;
  }
  await ack({ options: whoOptions(await searchWho(deps, actor, searchText(raw))) });
  refreshMemberDirectoryLater(deps, actor.teamId);
}

export function register(app: App, deps: Deps): void {
  app.options(ACTION.personSearch, (args) => handlePersonSearch(deps, args));
}
