import type { HomeView, KnownBlock, ModalView } from '@slack/types';

/**
 * The narrow port through which services and jobs talk to Slack: the handful of lookups and
 * sends the rules need, each naming the workspace it is for. Services never see a WebClient;
 * src/slack/port/web-api-port.ts implements this over one (today one bot token; with many
 * workspaces, each team's own token), and tests may implement it in memory.
 *
 * Sends throw what the Web API throws (read it with `slackErrorCode` from src/errors.ts);
 * lookups answer `undefined` when Slack cannot say, and the caller decides what that means.
 */
export interface SlackPort {
  /**
   * users.info for one member. `undefined` when Slack did not answer within `budgetMs` (a lookup
   * made before an ack must leave time for the ack) or failed with an error other than the
   * member being gone. A member Slack says is gone (`deleted`, or `user_not_found`,
   * `user_disabled`, `account_inactive`) comes back with `active: false`.
   */
  userInfo(teamId: string, userId: string, options?: { budgetMs?: number }): Promise<SlackUser | undefined>;

  /**
   * One page of the workspace's members (users.list), from `cursor` (none: the first page), with
   * the cursor of the next page when there is one.
   */
  listMembers(teamId: string, cursor?: string): Promise<MemberPage>;

  /** Whether the bot can read and post in a channel (conversations.info); see ChannelAccess. */
  channelAccess(teamId: string, channelId: string): Promise<ChannelAccess>;

  /** Every member of a channel (conversations.members, all pages); `not_in_channel` when hidden. */
  channelMembers(teamId: string, channelId: string): Promise<string[] | 'not_in_channel'>;

  /** Posts a DM to a member (chat.postMessage to the user id opens or reuses the DM). */
  postDm(teamId: string, userId: string, message: SlackMessage): Promise<PostedMessage>;

  /** Posts to a channel. */
  postToChannel(teamId: string, channelId: string, message: SlackMessage): Promise<PostedMessage>;

  /** Replaces a message the bot posted (chat.update). */
  updateMessage(teamId: string, at: PostedMessage, message: SlackMessage): Promise<void>;

  /** The id of the bot's DM with a member (conversations.open), or undefined. */
  dmChannel(teamId: string, userId: string): Promise<string | undefined>;

  /** Uploads files into the bot's DM with a member, with one comment (files.uploadV2). */
  uploadToDm(teamId: string, userId: string, upload: FileUpload): Promise<void>;

  /**
   * Uploads one file into a channel the bot is in (for a DM: the im channel from dmChannel), as
   * its own message or in a thread, with alt text for an image (files.uploadV2).
   */
  uploadFile(teamId: string, file: ChannelFileUpload): Promise<void>;

  /** Publishes a member's Home tab (views.publish replaces it whole). */
  publishHome(teamId: string, userId: string, view: HomeView): Promise<void>;

  /** Opens a modal for a member's interaction (views.open; a trigger_id lives 3 seconds). */
  openView(teamId: string, triggerId: string, view: ModalView): Promise<void>;

  /**
   * The app's id as Slack knows it in this workspace (for a deep link to the app's Home tab),
   * or undefined when Slack cannot say. Asked once per workspace and remembered.
   */
  appId(teamId: string): Promise<string | undefined>;

  /**
   * Downloads a file shared with the bot (a file object's `url_private_download`) with the team's
   * bot token, reading at most `maxBytes`. Only Slack's own hosts are fetched (those of the
   * configured Web API URL): a URL from a payload that names any other host is refused unfetched,
   * so the bot's token never goes elsewhere and a payload cannot make it fetch an inner address.
   */
  downloadFile(teamId: string, url: string, maxBytes: number): Promise<FileDownload>;
}

export type FileDownload = { ok: true; bytes: Buffer } | { ok: false; reason: FileDownloadRefusal };

/**
 * Why a download gave nothing: `host_not_allowed` (not a Slack host), `too_large` (over
 * maxBytes), `not_found` (404/410), `not_authorized` (401/403, or Slack's HTML sign-in page,
 * which it serves with 200 to a request without a valid token), `failed` (anything else).
 */
export type FileDownloadRefusal =
  | 'host_not_allowed'
  | 'too_large'
  | 'not_found'
  | 'not_authorized'
  | 'failed';

/**
 * Slack's codes for a member who is gone (users.info, or a DM to them): they get no more DMs
 * and are not waited for. userInfo reports these as `active: false`; a send that fails with one
 * is not retried.
 */
export const INACTIVE_USER_ERRORS: ReadonlySet<string> = new Set([
  'user_not_found',
  'user_disabled',
  'account_inactive',
]);

export interface SlackUser {
  userId: string;
  /** false when Slack says the member left or was deactivated. */
  active: boolean;
  /** Why not active: `deleted` or Slack's error code. */
  inactiveReason?: string;
  /** The name Slack shows (real name, else display name, else handle), if any. */
  name?: string;
  isBot: boolean;
  /** Workspace admin, owner or primary owner. */
  isAdmin: boolean;
  /** IANA zone from the profile, if Slack gave one. */
  timeZone?: string;
}

/**
 * A page of users.list: each member's id, name as Slack shows it, whether they count as a
 * person, and their profile's IANA zone when Slack gave one (the nudge tick reads many
 * organisers' zones this way: a page of 200 for one call).
 */
export interface MemberPage {
  members: { userId: string; name: string; isBot: boolean; active: boolean; timeZone?: string }[];
  nextCursor?: string;
}

export type ChannelAccess = 'member' | 'not_in_channel';

export interface SlackMessage {
  /** Fallback text for notifications and screen readers. */
  text: string;
  blocks?: KnownBlock[];
}

export interface PostedMessage {
  channel: string;
  ts: string;
}

export interface FileUpload {
  comment: string;
  files: { bytes: Buffer; filename: string; title: string }[];
}

export interface ChannelFileUpload {
  channelId: string;
  filename: string;
  content: Buffer;
  /** What an image shows, for screen readers: at most 1,000 characters (Slack's limit). */
  altText: string;
  title: string;
  /** The message the file is shared with. */
  initialComment?: string;
  /** Shares it as a reply in this thread. */
  threadTs?: string;
}
