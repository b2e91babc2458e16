import { listMyPeople } from '../../../../services/people.js';
import { peopleMessage } from '../../../../views/people.js';
import type { Subcommand } from './types.js';

export const peopleSubcommand: Subcommand = {
  name: 'people',
  usage: 'people [name or institution]',
  summary:
    'your people: one-to-ones with each, the stage of the relationship, leaders; mark and correct them.',
  example: '/onetoone people St Mary',
  async run(ctx) {
    await ctx.reply(peopleMessage(await listMyPeople(ctx.deps, ctx.actor, ctx.args, 0)));
  },
};
