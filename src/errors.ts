/**
 * Every error the app names, in one place (in the style of bolt-js's `ErrorCode` and
 * `CodedError`). A code is what a log line, a test and a listener look at: never a message,
 * which might quote a payload and so something said in a one-to-one.
 *
 * Two families:
 * - **Refusals**: the expected "no" to a request (someone else's record, a crafted or stale
 *   button, a bad payload value, a workspace the bot does not serve). Use cases return them as
 *   tagged results (`refused(code)`); a listener that has nothing better to say throws them with
 *   `refuse(result)` and the listener wrapper (src/slack/listeners/refusals.ts) turns them into
 *   the polite notice, which says nothing about whose record it was.
 * - **Failures**: something went wrong (Slack unreachable, a wrong setting). Logged by code.
 */
export const ErrorCode = {
  /** A payload names a record that is not the actor's (or no longer exists). */
  NotYours: 'not_yours',
  /** A payload value of the wrong type or out of bounds (a crafted page, an object for a string). */
  BadPayload: 'bad_payload',
  /** A new person's name is already someone the organiser knows at that institution. */
  DuplicatePerson: 'duplicate_person',
  /** A Slack member chosen as the person met is a bot. */
  BotMember: 'bot_member',
  /** The organiser chose themself as the person met (the message shortcut on their own message). */
  SelfMember: 'self_member',
  /** A setting only a workspace admin (or a channel's subscriber) may change. */
  NotAllowed: 'not_allowed',
  /** A request from a workspace this bot does not serve. */
  ForeignTeam: 'foreign_team',
  /** Slack did not answer a lookup in time, or answered with an error. */
  SlackUnavailable: 'slack_unavailable',
  /** The bot is not in a channel it must read or post in (Slack's own code for it). */
  NotInChannel: 'not_in_channel',
  /** A stored token cannot be decrypted: a wrong TOKEN_ENCRYPTION_KEY, or altered data. */
  TokenKeyMismatch: 'token_key_mismatch',
  /** A workspace that never installed the app, or uninstalled it. */
  NotInstalled: 'not_installed',
  /** An Enterprise Grid org-wide install: the app is installed per workspace only. */
  OrgInstallRefused: 'org_install_refused',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The refusals a use case can return. */
export type RefusalCode =
  | typeof ErrorCode.NotYours
  | typeof ErrorCode.BadPayload
  | typeof ErrorCode.DuplicatePerson
  | typeof ErrorCode.BotMember
  | typeof ErrorCode.SelfMember
  | typeof ErrorCode.NotAllowed
  | typeof ErrorCode.ForeignTeam;

/** An error that carries one of our codes. Its message is for developers and never logged. */
export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = code,
  ) {
    super(message);
    this.name = 'CodedError';
  }
}

/** A use case's "no": tagged so a listener can put it on the right field or send the notice. */
export interface Refusal<C extends RefusalCode = RefusalCode> {
  ok: false;
  code: C;
  /** Where the refusal belongs in a form (a field name of the use case's input), if anywhere. */
  field?: string;
}

export function refused<C extends RefusalCode>(code: C, field?: string): Refusal<C> {
  return field === undefined ? { ok: false, code } : { ok: false, code, field };
}

export function isRefusal(value: unknown): value is Refusal {
  return (
    typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false && 'code' in value
  );
}

/**
 * Thrown by a listener to hand a refusal to the middleware that sends the polite notice.
 * `notice` (a rendered message) replaces the default one for the code where the listener knows
 * better (a people control says "I can't find that person").
 */
export class RefusalError extends CodedError {
  constructor(
    readonly refusal: Refusal,
    readonly notice?: { text: string; blocks: import('@slack/types').KnownBlock[] },
  ) {
    super(refusal.code);
    this.name = 'RefusalError';
  }
}

/** Throws the refusal for the middleware to answer (optionally with a specific notice). */
export function refuse(
  refusal: Refusal | RefusalCode,
  notice?: { text: string; blocks: import('@slack/types').KnownBlock[] },
): never {
  throw new RefusalError(typeof refusal === 'string' ? refused(refusal) : refusal, notice);
}

/**
 * The code of any error, for a log line: ours, Slack's Web API error (`invalid_auth`,
 * `channel_not_found`, `ratelimited` …), `http_<status>` for an HTTP failure, the client's own (`slack_webapi_platform_error`,
 * `slack_webapi_request_error`), a Node system code, or the error's class name. Never its message.
 */
export function errorCode(error: unknown): string {
  if (error instanceof CodedError) return error.code;
  const e = error as { data?: { error?: unknown }; code?: unknown; name?: unknown } | null | undefined;
  if (typeof e?.data?.error === 'string' && e.data.error) return e.data.error;
  const status = (error as { statusCode?: unknown } | null | undefined)?.statusCode;
  if (typeof status === 'number') return `http_${status}`;
  if (typeof e?.code === 'string' && e.code) return e.code;
  if (typeof e?.name === 'string' && e.name) return e.name;
  return 'unknown_error';
}

/**
 * Slack's error code from a failed Web API call (`data.error`: `not_in_channel`,
 * `user_disabled` …), else the client's own code. The one way the app reads it.
 */
export function slackErrorCode(error: unknown): string {
  return errorCode(error);
}

/** Whether a failed Web API call was refused by Slack with one of these codes. */
export function isSlackError(error: unknown, codes: ReadonlySet<string>): boolean {
  return codes.has(slackErrorCode(error));
}
