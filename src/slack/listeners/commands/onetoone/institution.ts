import { parseInstitutionCommand } from '../../../../domain/relationship.js';
import { institutionTypeByName } from '../../../../services/people.js';
import { notice } from '../../../../views/messages.js';
import { institutionMessage } from '../../../../views/people.js';
import type { Subcommand } from './types.js';

export const institutionSubcommand: Subcommand = {
  name: 'institution',
  usage: 'institution "NAME" [type]',
  summary:
    'show or set the type of an institution on the power map (faith, school, union, tenants, business, public body, community group, other).',
  example: '/onetoone institution "St Mary\'s" faith',
  async run(ctx) {
    const parsed = parseInstitutionCommand(ctx.args);
    if (!parsed.ok) {
      await ctx.reply(notice(parsed.message));
      return;
    }
    const result = await institutionTypeByName(ctx.deps, ctx.actor, parsed.name, parsed.type);
    await ctx.reply(
      institutionMessage(
        result.found
          ? { ...result, changed: parsed.type !== undefined }
          : { found: false, name: parsed.name },
      ),
    );
  },
};
