import {
  digestStatus,
  previewDigest,
  subscribeDigest,
  unsubscribeDigest,
} from '../../../../services/digest.js';
import { changeDigestSchedule, currentDigestSchedule } from '../../../../services/digest-schedule.js';
import {
  digestInviteNotice,
  digestMessage,
  digestScheduleChangedNotice,
  digestScheduleNotice,
  digestScheduleProblemNotice,
  digestScheduleRefusedNotice,
  digestStatusNotice,
  digestSubscribeNotice,
  digestUnsubscribeNotice,
} from '../../../../views/digest.js';
import type { Subcommand, SubcommandContext } from './types.js';

/*
 * `/onetoone digest here|off|preview|schedule …`: each word is one use case; a handler calls it,
 * renders its answer and replies to the person only.
 */

export async function handleDigestHere(ctx: SubcommandContext): Promise<void> {
  await ctx.reply(digestSubscribeNotice(await subscribeDigest(ctx.deps, ctx.actor, ctx.channelId)));
}

export async function handleDigestOff(ctx: SubcommandContext): Promise<void> {
  await ctx.reply(digestUnsubscribeNotice(await unsubscribeDigest(ctx.deps, ctx.actor, ctx.channelId)));
}

export async function handleDigestPreview(ctx: SubcommandContext): Promise<void> {
  const result = await previewDigest(ctx.deps, ctx.actor, ctx.channelId);
  await ctx.reply(
    result.kind === 'preview' ? digestMessage(result.summary, { preview: true }) : digestInviteNotice(),
  );
}

/**
 * `schedule` alone shows it; `schedule DAY HH:MM [TZ]` changes it: this channel's own when it
 * gets the digest, else the workspace's.
 */
export async function handleDigestSchedule(ctx: SubcommandContext, text: string): Promise<void> {
  if (!text) {
    await ctx.reply(digestScheduleNotice(await currentDigestSchedule(ctx.deps, ctx.actor, ctx.channelId)));
    return;
  }
  const result = await changeDigestSchedule(ctx.deps, ctx.actor, text, ctx.channelId);
  switch (result.kind) {
    case 'changed':
      return ctx.reply(digestScheduleChangedNotice(result.schedule));
    case 'invalid':
      return ctx.reply(digestScheduleProblemNotice(result.problem));
    default:
      return ctx.reply(digestScheduleRefusedNotice(result));
  }
}

export async function handleDigestStatus(ctx: SubcommandContext): Promise<void> {
  await ctx.reply(digestStatusNotice(await digestStatus(ctx.deps, ctx.actor, ctx.channelId)));
}

/** Splits "schedule monday 09:00" into the lower-cased word and the rest. */
function splitWord(args: string): { word: string; rest: string } {
  const space = args.search(/\s/);
  return space < 0
    ? { word: args.toLowerCase(), rest: '' }
    : { word: args.slice(0, space).toLowerCase(), rest: args.slice(space + 1).trim() };
}

export async function handleDigestCommand(ctx: SubcommandContext): Promise<void> {
  const { word, rest } = splitWord(ctx.args);
  switch (word) {
    case 'here':
    case 'on':
      return handleDigestHere(ctx);
    case 'off':
    case 'stop':
      return handleDigestOff(ctx);
    case 'preview':
      return handleDigestPreview(ctx);
    case 'schedule':
      return handleDigestSchedule(ctx, rest);
    default:
      return handleDigestStatus(ctx);
  }
}

export const digestSubcommand: Subcommand = {
  name: 'digest',
  usage: 'digest here|off|preview|schedule DAY HH:MM [TZ]',
  summary:
    'a weekly digest of the team’s one-to-ones in this channel (counts only), its preview and schedule.',
  example: '/onetoone digest here',
  run: handleDigestCommand,
};
