import { changePause } from '../../../../services/nudges/settings.js';
import { pauseReply } from '../../../../views/nudges.js';
import type { Subcommand } from './types.js';

/** `/onetoone pause until 2026-12-27` | `pause off`: no nudges of any kind until that date (my zone). */
export const pauseSubcommand: Subcommand = {
  name: 'pause',
  usage: 'pause until YYYY-MM-DD | pause off',
  summary: 'no nudges of any kind until that date, in your time zone; `pause off` resumes them.',
  example: '/onetoone pause until 2026-12-27',
  async run(ctx) {
    await ctx.reply(pauseReply(await changePause(ctx.deps, ctx.actor, ctx.args)));
  },
};
