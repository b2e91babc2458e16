import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { COMMAND } from '../../../interaction-ids.js';
import { helpMessage } from '../../../views/messages.js';
import { respondEphemeral } from '../../surfaces/ephemeral.js';
import { findSubcommand, SUBCOMMANDS, splitCommandText } from './onetoone/registry.js';
import type { SubcommandContext } from './onetoone/types.js';

const HELP_ENTRY = { usage: 'help', summary: 'this list.', example: `${COMMAND} help` };

/**
 * `/onetoone [subcommand] [args]`. Acked at once with nothing (Slack allows 3 seconds, and a
 * trigger_id dies with them); the subcommand then opens a modal or replies through response_url.
 */
export function register(app: App, deps: Deps): void {
  app.command(COMMAND, async ({ command, ack, respond, client }) => {
    await ack();
    const { name, args } = splitCommandText(command.text ?? '');
    const subcommand = findSubcommand(name);
    const ctx: SubcommandContext = {
      deps,
      client,
      actor: { teamId: command.team_id, userId: command.user_id },
      channelId: command.channel_id,
      channelName: command.channel_name,
      triggerId: command.trigger_id,
      args,
      respond: async (message) => {
        await respond(message);
      },
      reply: (message) => respondEphemeral(respond, message, { replace: false }),
    };
    if (!subcommand) {
      const help = helpMessage(
        COMMAND,
        [...SUBCOMMANDS.map(({ usage, summary, example }) => ({ usage, summary, example })), HELP_ENTRY],
        name.toLowerCase() === 'help' ? undefined : command.text,
      );
      await ctx.reply(help);
      return;
    }
    await subcommand.run(ctx);
  });
}
