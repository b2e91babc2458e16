import type { HomeView, KnownBlock } from '@slack/types';

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

  /** Publishes a member's Home tab (views.publish replaces it whole). */
  publishHome(teamId: string, userId: string, view: HomeView): Promise<void>;
}

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
