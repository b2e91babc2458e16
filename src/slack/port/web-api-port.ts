import type { HomeView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { slackErrorCode } from '../../errors.js';
import { createLogger, type Logger } from '../../logger.js';
import {
  type ChannelAccess,
  INACTIVE_USER_ERRORS,
  type PostedMessage,
  type SlackMessage,
  type SlackPort,
  type SlackUser,
} from '../../ports/slack.js';

/** Defined with the port (services read it there); re-exported for existing importers. */
export { INACTIVE_USER_ERRORS };

/** conversations.info / .members errors meaning "the bot cannot see this channel". */
const NOT_IN_CHANNEL: ReadonlySet<string> = new Set(['not_in_channel', 'channel_not_found']);

/**
 * conversations.members: Slack's documented maximum page size is 1000 and its advice is no more
 * than 200 (https://api.slack.com/methods/conversations.members).
 */
const MEMBERS_PAGE = 200;

/** The promise's value, or undefined once `ms` have passed (a later rejection is ignored). */
async function within<T>(ms: number, promise: Promise<T>): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  // Race subscribes to the promise, so a rejection after the deadline is not left unhandled.
  promise.catch(() => {});
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The Slack port over the Web API. `clientFor` names the client for a team: today one bot token
 * serves the one workspace; with many workspaces it returns that team's own client.
 * Views go out pre-encoded (a JSON string): the client then neither walks the whole view for a
 * debug line it builds even with debug off, nor encodes it twice (measurable: `npm run bench`).
 */
export function webApiPort(
  clients: WebClient | ((teamId: string) => WebClient | Promise<WebClient>),
  logger: Logger = createLogger('error', () => {}),
): SlackPort {
  const clientFor = async (teamId: string): Promise<WebClient> =>
    typeof clients === 'function' ? clients(teamId) : clients;
  return {
    async userInfo(teamId, userId, options = {}): Promise<SlackUser | undefined> {
      const call = clientFor(teamId).then((client) => client.users.info({ user: userId }));
      try {
        const info = options.budgetMs === undefined ? await call : await within(options.budgetMs, call);
        if (!info) {
          logger.warn('users.info too slow; going on without it');
          return undefined;
        }
        const u = info.user;
        if (!u) return undefined;
        return {
          userId,
          active: !u.deleted,
          ...(u.deleted ? { inactiveReason: 'deleted' } : {}),
          name: u.real_name || u.profile?.real_name || u.name || undefined,
          isBot: Boolean(u.is_bot),
          isAdmin: Boolean(u.is_admin || u.is_owner || u.is_primary_owner),
          timeZone: u.tz || undefined,
        };
      } catch (error) {
        const code = slackErrorCode(error);
        if (INACTIVE_USER_ERRORS.has(code)) {
          return { userId, active: false, inactiveReason: code, isBot: false, isAdmin: false };
        }
        logger.warn('users.info failed', { code });
        return undefined;
      }
    },

    async channelAccess(teamId, channelId): Promise<ChannelAccess> {
      try {
        const info = await (await clientFor(teamId)).conversations.info({ channel: channelId });
        return info.channel?.is_member === false ? 'not_in_channel' : 'member';
      } catch (error) {
        if (NOT_IN_CHANNEL.has(slackErrorCode(error))) return 'not_in_channel';
        throw error;
      }
    },

    async channelMembers(teamId, channelId) {
      const members: string[] = [];
      let cursor: string | undefined;
      try {
        do {
          const page = await (await clientFor(teamId)).conversations.members({
            channel: channelId,
            limit: MEMBERS_PAGE,
            cursor,
          });
          members.push(...(page.members ?? []));
          cursor = page.response_metadata?.next_cursor || undefined;
        } while (cursor);
      } catch (error) {
        if (NOT_IN_CHANNEL.has(slackErrorCode(error))) return 'not_in_channel';
        throw error;
      }
      return members;
    },

    async postDm(teamId, userId, message) {
      return posted(await (await clientFor(teamId)).chat.postMessage({ channel: userId, ...message }));
    },

    async postToChannel(teamId, channelId, message) {
      // No unfurls: a team channel's post shows our blocks and nothing a link might pull in.
      return posted(
        await (await clientFor(teamId)).chat.postMessage({
          channel: channelId,
          ...message,
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
    },

    async updateMessage(teamId, at: PostedMessage, message: SlackMessage) {
      await (await clientFor(teamId)).chat.update({ channel: at.channel, ts: at.ts, ...message });
    },

    async dmChannel(teamId, userId) {
      const dm = await (await clientFor(teamId)).conversations.open({ users: userId });
      return dm.channel?.id;
    },

    async uploadToDm(teamId, userId, upload) {
      const channelId = await this.dmChannel(teamId, userId);
      if (!channelId) throw new Error('conversations.open returned no channel');
      // files.uploadV2 asks files.getUploadURLExternal for each file, uploads it, then shares
      // them all with one files.completeUploadExternal call, which needs a channel id: hence
      // conversations.open first (https://api.slack.com/messaging/files#uploading_files).
      await (await clientFor(teamId)).files.uploadV2({
        channel_id: channelId,
        initial_comment: upload.comment,
        file_uploads: upload.files.map((f) => ({ file: f.bytes, filename: f.filename, title: f.title })),
      });
    },

    async publishHome(teamId, userId, view: HomeView) {
      await (await clientFor(teamId)).views.publish({ user_id: userId, view });
    },
  };
}

function posted(res: { channel?: string; ts?: string }): PostedMessage {
  return { channel: String(res.channel ?? ''), ts: String(res.ts ?? '') };
}
