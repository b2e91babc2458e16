import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { namesPerson } from '../../../domain/one-to-one.js';
import { COMMAND } from '../../../interaction-ids.js';
import { helpMessage } from '../../../views/messages.js';
import { stringOr } from '../../decode/payload.js';
import { respondEphemeral } from '../../surfaces/ephemeral.js';
import { logSubcommand } from './onetoone/log.js';
import { findSubcommand, SUBCOMMANDS, splitCommandText } from './onetoone/registry.js';
import type { SubcommandContext } from './onetoone/types.js';

const HELP_ENTRY = { usage: 'help', summary: 'this list.', example: `${COMMAND} help` };

/**
 * `/onetoone [subcommand] [args]`. Acked at once with nothing (Slack allows 3 seconds, and a
 * trigger_id dies with them); the subcommand then opens a modal or replies through response_url.
 * Text that is no subcommand but names a person (`/onetoone Amina Okafor`, `/onetoone @Priya`)
 * opens the log form for them; anything else gets the help list, naming what was typed.
 */
export async function handleOnetooneCommand(
  deps: Deps,
  { command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
): Promise<void> {
  await ack();
  const text = stringOr(command.text) ?? '';
  const { name, args } = splitCommandText(text);
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
  if (!subcommand && name.toLowerCase() !== 'help' && namesPerson(text)) {
    await logSubcommand.run({ ...ctx, args: text.trim() });
    return;
  }
  if (!subcommand) {
    const help = helpMessage(
      COMMAND,
      [...SUBCOMMANDS.map(({ usage, summary, example }) => ({ usage, summary, example })), HELP_ENTRY],
      name.toLowerCase() === 'help' ? undefined : text,
    );
    await ctx.reply(help);
    return;
  }
  await subcommand.run(ctx);
}

export function register(app: App, deps: Deps): void {
  app.command(COMMAND, (args) => handleOnetooneCommand(deps, args));
}
