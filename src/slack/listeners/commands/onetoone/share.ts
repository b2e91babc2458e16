import { parseShareCommand } from '../../../../domain/lead.js';
import { isRefusal } from '../../../../errors.js';
import { inviteLead, scheduleEvaluation, sharedOverview, stopSharing } from '../../../../services/lead.js';
import {
  inviteReplyMessage,
  scheduleReplyMessage,
  sharedMessage,
  shareUsageMessage,
  stopReplyMessage,
} from '../../../../views/lead-messages.js';
import type { Subcommand, SubcommandContext } from './types.js';

/**
 * `/onetoone share with @lead | stop @lead | schedule [@lead] friday 10:00 | schedule off`:
 * inviting a lead organiser (nothing is shared until they accept), stopping at once, and the
 * weekly evaluation, which the organiser sets on their own clock.
 */
export async function runShare(ctx: SubcommandContext): Promise<void> {
  const cmd = parseShareCommand(ctx.args);
  switch (cmd.kind) {
    case 'status':
      await ctx.reply(sharedMessage(await sharedOverview(ctx.deps, ctx.actor)));
      return;
    case 'usage':
      await ctx.reply(shareUsageMessage(cmd.problem));
      return;
    case 'with': {
      const outcome = await inviteLead(ctx.deps, ctx.actor, cmd.leadId);
      await ctx.reply(
        inviteReplyMessage(isRefusal(outcome) ? { kind: 'refused', code: outcome.code } : outcome),
      );
      return;
    }
    case 'stop':
      await ctx.reply(stopReplyMessage(await stopSharing(ctx.deps, ctx.actor, cmd.leadId)));
      return;
    case 'schedule':
    case 'scheduleOff': {
      const lead = cmd.leadId === undefined ? {} : { leadId: cmd.leadId };
      const request =
        cmd.kind === 'schedule'
          ? { ...lead, weekday: cmd.weekday, time: cmd.time }
          : { ...lead, off: true as const };
      await ctx.reply(scheduleReplyMessage(await scheduleEvaluation(ctx.deps, ctx.actor, request)));
      return;
    }
  }
}

export const shareSubcommand: Subcommand = {
  name: 'share',
  usage: 'share with @lead | share stop @lead | share schedule friday 10:00',
  summary:
    'let your lead organiser see your counts (never names or notes) once they accept; stop at once; set your weekly evaluation.',
  example: '/onetoone share with @Priya',
  run: runShare,
};
