import type { HomeView, ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { CodedError, ErrorCode, slackErrorCode } from '../../errors.js';
import { createLogger, type Logger } from '../../logger.js';
import {
  type ChannelAccess,
  type FileDownload,
  type FileDownloadRefusal,
  INACTIVE_USER_ERRORS,
  type MemberPage,
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
  // An app's id never changes for a workspace: asked once per process.
  const appIds = new Map<string, string>();
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

    async listMembers(teamId, cursor): Promise<MemberPage> {
      // users.list pages: Slack advises at most 200 members a page (https://api.slack.com/methods/users.list).
      const page = await (await clientFor(teamId)).users.list({
        limit: MEMBERS_PAGE,
        ...(cursor ? { cursor } : {}),
      });
      return {
        members: (page.members ?? []).flatMap((u) =>
          u.id
            ? [
                {
                  userId: u.id,
                  name: u.real_name || u.profile?.real_name || u.profile?.display_name || u.name || u.id,
                  // Slackbot is a bot Slack does not mark as one.
                  isBot: Boolean(u.is_bot || u.is_app_user) || u.id === 'USLACKBOT',
                  active: !u.deleted,
                  ...(u.tz ? { timeZone: u.tz } : {}),
                },
              ]
            : [],
        ),
        ...(page.response_metadata?.next_cursor ? { nextCursor: page.response_metadata.next_cursor } : {}),
      };
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

    async uploadFile(teamId, file) {
      try {
        // files.uploadV2: files.getUploadURLExternal (name, length, alt text), a POST of the
        // bytes to the upload_url it returns, then files.completeUploadExternal, which shares the
        // file in the channel with the comment (https://api.slack.com/messaging/files#uploading_files).
        const upload = {
          channel_id: file.channelId,
          file: file.content,
          filename: file.filename,
          title: file.title,
          alt_text: altWithin(file.altText),
          ...(file.initialComment ? { initial_comment: file.initialComment } : {}),
        };
        const client = await clientFor(teamId);
        await client.files.uploadV2(file.threadTs ? { ...upload, thread_ts: file.threadTs } : upload);
      } catch (error) {
        // A refusal from Slack (missing_scope, not_in_channel …) keeps its code. The client
        // rejects a failed POST of the bytes with a bare Error, whose message names the file.
        if (slackErrorCode(error) === 'Error') {
          throw new CodedError(ErrorCode.SlackUnavailable, 'file upload failed');
        }
        throw error;
      }
    },

    async publishHome(teamId, userId, view: HomeView) {
      await (await clientFor(teamId)).views.publish({ user_id: userId, view });
    },

    async openView(teamId, triggerId, view: ModalView) {
      // Pre-encoded, as views.publish above (the client takes a JSON string for `view`).
      await (await clientFor(teamId)).views.open({
        trigger_id: triggerId,
        view: JSON.stringify(view) as unknown as ModalView,
      });
    },

    async appId(teamId) {
      const known = appIds.get(teamId);
      if (known) return known;
      try {
        const client = await clientFor(teamId);
        // auth.test names the app for a bot token; if it does not, bots.info does from the bot id
        // (https://api.slack.com/methods/bots.info: `bot.app_id`).
        const auth = await client.auth.test();
        let id = typeof auth.app_id === 'string' && auth.app_id ? auth.app_id : undefined;
        if (!id && auth.bot_id) id = (await client.bots.info({ bot: auth.bot_id })).bot?.app_id || undefined;
        if (id) appIds.set(teamId, id);
        return id;
      } catch (error) {
        logger.warn('could not learn the app id', { code: slackErrorCode(error) });
        return undefined;
      }
    },

    async downloadFile(teamId, url, maxBytes) {
      const client = await clientFor(teamId);
      const result = await downloadSlackFile(client.slackApiUrl, client.token ?? '', url, maxBytes);
      if (!result.ok) logger.warn('file download refused', { code: result.reason });
      return result;
    },
  };
}

/**
 * The hosts a file may be downloaded from: the Web API's own (slack.com, or SLACK_API_URL's
 * host in tests and behind a proxy) and its `files.` host, where Slack serves
 * `url_private_download` (https://files.slack.com/files-pri/…). Nothing else, whatever a payload says.
 */
export function allowedFileOrigins(apiUrl: string): Set<string> {
  const api = new URL(apiUrl);
  const origins = new Set([api.origin]);
  const isIp = /^[\d.]+$|^\[/.test(api.hostname);
  if (!isIp && api.hostname !== 'localhost') {
    origins.add(`${api.protocol}//files.${api.host.replace(/^(www|api)\./, '')}`);
  }
  return origins;
}

/** Redirects followed at most, each to an allowed host again. */
const MAX_REDIRECTS = 3;
/** A download that takes longer than this is given up (5 MB is seconds even on a slow link). */
const DOWNLOAD_TIMEOUT_MS = 30_000;

/**
 * GET with `Authorization: Bearer <bot token>` (how Slack's docs say to fetch url_private), no
 * cookies, redirects followed by hand (so each hop's host is checked before the token is sent
 * again), the body read up to maxBytes and then abandoned.
 */
export async function downloadSlackFile(
  apiUrl: string,
  token: string,
  url: string,
  maxBytes: number,
): Promise<FileDownload> {
  const allowed = allowedFileOrigins(apiUrl);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, reason: 'host_not_allowed' };
  }
  const signal = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      if (!allowed.has(target.origin) || target.username || target.password) {
        return { ok: false, reason: 'host_not_allowed' };
      }
      const res = await fetchRetrying(target, token, signal);
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        const location = res.headers.get('location');
        if (!location) return { ok: false, reason: 'failed' };
        target = new URL(location, target);
        continue;
      }
      if (res.status === 404 || res.status === 410) return cancelled(res, 'not_found');
      if (res.status === 401 || res.status === 403) return cancelled(res, 'not_authorized');
      if (!res.ok) return cancelled(res, 'failed');
      if ((res.headers.get('content-type') ?? '').toLowerCase().includes('text/html')) {
        return cancelled(res, 'not_authorized');
      }
      const length = Number(res.headers.get('content-length') ?? Number.NaN);
      if (length > maxBytes) return cancelled(res, 'too_large');
      return await readAtMost(res, maxBytes);
    }
    return { ok: false, reason: 'failed' };
  } catch {
    return { ok: false, reason: 'failed' };
  }
}

/**
 * A GET that is tried again (twice at most) when the connection fails before any answer: a
 * kept-alive socket the server had just closed (ECONNRESET) is no reason to give up. A GET of a
 * file changes nothing, so trying again is safe; a timeout is not retried.
 */
async function fetchRetrying(target: URL, token: string, signal: AbortSignal): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(target, {
        headers: { authorization: `Bearer ${token}` },
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      if (attempt >= 2 || signal.aborted) throw error;
    }
  }
}

async function cancelled(res: Response, reason: FileDownloadRefusal): Promise<FileDownload> {
  await res.body?.cancel().catch(() => {});
  return { ok: false, reason };
}

async function readAtMost(res: Response, maxBytes: number): Promise<FileDownload> {
  if (!res.body) return { ok: true, bytes: Buffer.alloc(0) };
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return { ok: false, reason: 'too_large' };
    }
    parts.push(value);
  }
  return { ok: true, bytes: Buffer.concat(parts) };
}

/**
 * Slack refuses an image's alt text over 1,000 characters (`alt_txt_too_large`,
 * https://docs.slack.dev/reference/methods/files.getUploadURLExternal): cut, never refused.
 */
const ALT_TEXT_MAX = 1000;

function altWithin(text: string): string {
  return text.length <= ALT_TEXT_MAX ? text : `${text.slice(0, ALT_TEXT_MAX - 1)}…`;
}

function posted(res: { channel?: string; ts?: string }): PostedMessage {
  return { channel: String(res.channel ?? ''), ts: String(res.ts ?? '') };
}
