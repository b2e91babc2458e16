import { listMyPeople } from '../../../../services/people.js';
import { peopleMessage } from '../../../../views/people.js';
import { searchText } from '../../../decode/payload.js';
import type { Subcommand, SubcommandContext } from './types.js';

/** `/onetoone people [text]`: the first page of my people matching the (bounded) text. */
export async function runPeople(ctx: SubcommandContext): Promise<void> {
  const page = await listMyPeople(ctx.deps, ctx.actor, { query: searchText(ctx.args), page: 0 });
  await ctx.reply(peopleMessage(page));
}

export const peopleSubcommand: Subcommand = {
  name: 'people',
  usage: 'people [name or institution]',
  summary:
    'your people: one-to-ones with each, the stage of the relationship, leaders; mark and correct them.',
  example: '/onetoone people St Mary',
  run: runPeople,
};
