import type { RespondArguments } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../../../../deps.js';
import type { Actor } from '../../../../services/organisers.js';
import type { Message } from '../../../../views/block-kit.js';

/** What a `/onetoone <subcommand>` handler gets, after the command has been acknowledged. */
export interface SubcommandContext {
  deps: Deps;
  client: WebClient;
  actor: Actor;
  channelId: string;
  channelName: string;
  triggerId: string;
  /** The text after the subcommand word, trimmed. */
  args: string;
  /** Replies to the person only (ephemeral, through the command's response_url). */
  reply(message: Message): Promise<void>;
  respond(message: RespondArguments): Promise<void>;
}

export interface Subcommand {
  /** The first word after /onetoone ('' for none). */
  name: string;
  aliases?: string[];
  /** For help: the words after /onetoone, e.g. 'list [person]'. */
  usage: string;
  summary: string;
  example: string;
  run(ctx: SubcommandContext): Promise<void>;
}
