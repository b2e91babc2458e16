import { type DigestSchedule, nextDigestAt, parseDigestSchedule } from '../../../../domain/digest.js';
import { formatDate, localDate } from '../../../../domain/time.js';
import {
  changeDigestSchedule,
  digestChannels,
  digestSchedule,
  isSubscribed,
  previewDigest,
  subscribeDigest,
  unsubscribeDigest,
} from '../../../../services/digest.js';
import { digestMessage } from '../../../../views/digest.js';
import { notice } from '../../../../views/messages.js';
import type { Subcommand, SubcommandContext } from './types.js';

const INVITE =
  'I’m not in this channel yet, so I can’t see its members or post here. Invite me with `/invite @onetoone`, then try again.';

function describe(schedule: DigestSchedule, now: Date): string {
  const day = schedule.day[0]!.toUpperCase() + schedule.day.slice(1);
  const next = formatDate(localDate(nextDigestAt(now, schedule), schedule.timeZone));
  return `every ${day} at ${schedule.time} (${schedule.timeZone}); the next one on ${next}`;
}

async function here(ctx: SubcommandContext): Promise<void> {
  const result = await subscribeDigest(ctx.deps, ctx.actor, ctx.channelId);
  if (result.kind === 'not_a_channel') {
    await ctx.reply(notice('Run `/onetoone digest here` in the team’s channel: its members are the team.'));
    return;
  }
  if (result.kind === 'not_in_channel') {
    await ctx.reply(notice(INVITE));
    return;
  }
  const when = describe(result.schedule, ctx.deps.clock.now());
  await ctx.reply(
    notice(
      result.kind === 'subscribed'
        ? `:white_check_mark: <#${ctx.channelId}> will get the weekly digest of its members’ one-to-ones, ${when}. It shows counts only, never what anyone said. \`/onetoone digest preview\` shows it now, \`/onetoone digest off\` stops it.`
        : `<#${ctx.channelId}> already gets the weekly digest, ${when}.`,
    ),
  );
}

async function off(ctx: SubcommandContext): Promise<void> {
  const removed = await unsubscribeDigest(ctx.deps, ctx.actor, ctx.channelId);
  await ctx.reply(
    notice(
      removed
        ? `<#${ctx.channelId}> will no longer get the weekly digest. \`/onetoone digest here\` brings it back.`
        : `<#${ctx.channelId}> doesn’t get the weekly digest. \`/onetoone digest here\` subscribes it.`,
    ),
  );
}

async function preview(ctx: SubcommandContext): Promise<void> {
  const result = await previewDigest(ctx.deps, ctx.actor, ctx.channelId);
  if (result.kind === 'not_in_channel') {
    await ctx.reply(notice(INVITE));
    return;
  }
  await ctx.reply(digestMessage(result.summary, { preview: true }));
}

async function schedule(ctx: SubcommandContext, args: string): Promise<void> {
  const now = ctx.deps.clock.now();
  if (!args) {
    const current = await digestSchedule(ctx.deps, ctx.actor.teamId);
    await ctx.reply(
      notice(
        `Digests are posted ${describe(current, now)}. Change it with \`/onetoone digest schedule monday 09:00 Europe/London\`.`,
      ),
    );
    return;
  }
  const parsed = parseDigestSchedule(args);
  if (!parsed.ok) {
    await ctx.reply(notice(parsed.message));
    return;
  }
  const saved = await changeDigestSchedule(ctx.deps, ctx.actor, parsed);
  if (!saved.ok) {
    await ctx.reply(
      notice(
        saved.reason === 'not_admin'
          ? 'Only workspace admins and owners can change the digest schedule: it applies to every team channel here.'
          : 'I could not check with Slack whether you are a workspace admin, so nothing changed. Try again in a moment.',
      ),
    );
    return;
  }
  await ctx.reply(
    notice(`:white_check_mark: Digests in this workspace are now posted ${describe(saved.schedule, now)}.`),
  );
}

async function status(ctx: SubcommandContext): Promise<void> {
  const [channels, current, subscribed] = await Promise.all([
    digestChannels(ctx.deps, ctx.actor.teamId),
    digestSchedule(ctx.deps, ctx.actor.teamId),
    isSubscribed(ctx.deps, ctx.actor.teamId, ctx.channelId),
  ]);
  const list = channels.length
    ? `Channels getting it: ${channels
        .slice(0, 50)
        .map((c) => `<#${c}>`)
        .join(', ')}${channels.length > 50 ? ` and ${channels.length - 50} more` : ''}.`
    : 'No channel gets it yet.';
  await ctx.reply(
    notice(
      `The weekly digest is posted ${describe(current, ctx.deps.clock.now())}. ${list} ${subscribed ? 'This channel gets it.' : ''}\n` +
        '• `/onetoone digest here`: post it in this channel (its members are the team)\n' +
        '• `/onetoone digest off`: stop it here\n' +
        '• `/onetoone digest preview`: see this week’s, only to you\n' +
        '• `/onetoone digest schedule monday 09:00 Europe/London`: day, time and time zone for the workspace',
    ),
  );
}

export const digestSubcommand: Subcommand = {
  name: 'digest',
  usage: 'digest here|off|preview|schedule DAY HH:MM [TZ]',
  summary:
    'a weekly digest of the team’s one-to-ones in this channel (counts only), its preview and schedule.',
  example: '/onetoone digest here',
  async run(ctx) {
    const space = ctx.args.search(/\s/);
    const word = (space < 0 ? ctx.args : ctx.args.slice(0, space)).toLowerCase();
    const rest = space < 0 ? '' : ctx.args.slice(space + 1).trim();
    switch (word) {
      case 'here':
      case 'on':
        return here(ctx);
      case 'off':
      case 'stop':
        return off(ctx);
      case 'preview':
        return preview(ctx);
      case 'schedule':
        return schedule(ctx, rest);
      default:
        return status(ctx);
    }
  },
};
