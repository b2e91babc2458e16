import { openSettingsModal } from '../../../surfaces/modals.js';
import type { Subcommand } from './types.js';

/** `/onetoone settings`: the modal for what I am sent and when (working days, summary, nudges, pause). */
export const settingsSubcommand: Subcommand = {
  name: 'settings',
  aliases: ['setting', 'preferences'],
  usage: 'settings',
  summary: 'what I send you and when: working days, the daily summary, which nudges, a pause.',
  example: '/onetoone settings',
  async run(ctx) {
    await openSettingsModal(ctx.deps, ctx.actor, ctx.triggerId);
  },
};
