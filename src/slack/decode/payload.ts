import { boundSearchText } from '../../domain/limits.js';
import { type PersonQuery, parsePersonQuery } from '../../domain/one-to-one.js';
import type { Actor } from '../../services/organisers.js';

/**
 * Decoding at the boundary: every value read from a Slack payload goes through here, so a
 * crafted payload (an object, number or array where a string belongs; text past any sensible
 * length) is caught before a use case sees it. Undefined means "not a usable value": the
 * listener answers with the polite notice and writes nothing.
 */

/**
 * Who acted, from any interactive payload. `team` is null on payloads from an org-wide
 * (Enterprise Grid) install, where the user's own workspace is the team the rows belong to.
 */
export function actorOf(body: {
  team?: { id?: unknown } | null;
  user?: { id?: unknown; team_id?: unknown } | null;
}): Actor {
  const teamId = stringOr(body.team?.id) ?? stringOr(body.user?.team_id) ?? '';
  return { teamId, userId: stringOr(body.user?.id) ?? '' };
}

/** A string value, or undefined for anything else. */
export function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A record id from a button value: a non-empty string of at most 100 characters, or undefined. */
export function idValue(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= 100 ? value : undefined;
}

/** Search text: a string cut to SEARCH_TEXT_MAX characters; anything else is no text. */
export function searchText(value: unknown): string {
  return typeof value === 'string' ? boundSearchText(value) : '';
}

/** A block action's button value, if it is a string. */
export function buttonValue(action: unknown): string | undefined {
  return stringOr((action as { value?: unknown } | undefined)?.value);
}

/** A select's chosen option value, if it is a string. */
export function selectedValue(action: unknown): string | undefined {
  const option = (action as { selected_option?: { value?: unknown } | null } | undefined)?.selected_option;
  return stringOr(option?.value);
}

/** A select's chosen option, value and label, if both are strings (the label cut to Slack's 75). */
export function selectedOption(action: unknown): { value: string; label: string } | undefined {
  const option = (
    action as { selected_option?: { value?: unknown; text?: { text?: unknown } } | null } | undefined
  )?.selected_option;
  const value = stringOr(option?.value);
  if (value === undefined || value.length > 150) return undefined;
  return { value, label: (stringOr(option?.text?.text) ?? '').slice(0, 75) };
}

/**
 * Who a command's text names: an @mention (Slack sends `<@U123|priya>` or `<@U123>`) or plain
 * text, bounded. The one decoder for every subcommand that takes a person.
 */
export function personQuery(value: unknown): PersonQuery {
  return parsePersonQuery(searchText(value));
}

/** A message shortcut's author: a member's id, or 'bot' for a bot's or an app's message. */
export function messageAuthor(body: unknown): { userId: string } | 'bot' | undefined {
  const message = (body as { message?: { user?: unknown; bot_id?: unknown; subtype?: unknown } | null })
    ?.message;
  if (!message) return undefined;
  if (message.bot_id !== undefined || message.subtype === 'bot_message') return 'bot';
  const userId = idValue(message.user);
  return userId ? { userId } : undefined;
}
