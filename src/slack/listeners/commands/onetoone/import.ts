import { importModal } from '../../../../views/import-modal.js';
import { openModal } from '../../../surfaces/modals.js';
import type { Subcommand, SubcommandContext } from './types.js';

/** `/onetoone import`: opens the file modal (the command was acked at once; a trigger_id lives 3 s). */
export function runImport(ctx: SubcommandContext): Promise<void> {
  return openModal(ctx.client, ctx.triggerId, importModal());
}

export const importSubcommand: Subcommand = {
  name: 'import',
  usage: 'import',
  summary:
    'bring in the one-to-ones you kept in a spreadsheet (CSV): a summary first, then Import. Or send me a CSV in our DM.',
  example: '/onetoone import',
  run: runImport,
};
