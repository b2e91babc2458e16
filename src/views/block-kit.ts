import type { KnownBlock, PlainTextElement, PlainTextOption } from '@slack/types';

/**
 * Slack's documented limits that our views and calls depend on, in one table, and small
 * builders that keep every string inside them. Sources:
 * - blocks per surface, text and element limits: https://api.slack.com/reference/block-kit/blocks
 *   and https://api.slack.com/reference/block-kit/composition-objects
 * - modal and Home views (title, buttons, private_metadata, 100 blocks):
 *   https://api.slack.com/reference/surfaces/views
 * - a block_id and action_id are at most 255 characters (each block's reference page).
 */
export const BLOCK_KIT = {
  /** A modal or Home tab view holds at most 100 blocks. */
  modalBlocks: 100,
  homeBlocks: 100,
  /** A message holds at most 50 blocks. */
  messageBlocks: 50,
  blockId: 255,
  actionId: 255,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  sectionText: 3000,
  headerText: 150,
  inputLabel: 2000,
  hint: 2000,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  buttonText: 75,
  buttonValue: 2000,
  contextElements: 10,
  actionsElements: 25,
  staticSelectOptions: 100,
  externalSelectOptions: 100,
} as const;

/** Cuts `text` to `max` characters, ending with an ellipsis when it had to cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

export function plain(text: string, max: number = BLOCK_KIT.sectionText): PlainTextElement {
  // `emoji` is left out: Slack renders :emoji: in plain_text by default, and every byte of a
  // modal is sent, echoed back by views.open and parsed again.
  return { type: 'plain_text', text: truncate(text, max) };
}

export function option(text: string, value: string): PlainTextOption {
  return { text: plain(text, BLOCK_KIT.optionText), value: truncate(value, BLOCK_KIT.optionValue) };
}

/**
 * Bidirectional overrides and isolates (which can make "gro.live" read as "evil.org"), and
 * zero-width characters (which can hide text or split a word a reader would search for).
 */
const INVISIBLE_CONTROLS = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/**
 * Slack's mrkdwn has no escape for its formatting characters, so in user text each is replaced
 * by a look-alike that Slack does not format: `*bold*`, `_italic_`, `~strike~` and `code`
 * typed into a name render as typed, not as formatting.
 */
const FORMATTING: Record<string, string> = { '*': '\u2217', _: '\u02CD', '~': '\u223C', '`': '\u02CB' };

/** Slack's three control characters, escaped, and the formatting look-alikes. */
const MRKDWN_REPLACEMENTS: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', ...FORMATTING };
const INVISIBLE_CONTROLS_ONE = /^[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]$/;
/** Everything userText changes: invisible controls, runs of white space (other than one space), and & < > * _ ~ `. */
const USER_TEXT_SPECIALS = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]|(?! )\s|\s{2,}|[&<>*_~`]/g;

/**
 * The one way text a person typed (a name, an institution, a note, a search) goes into mrkdwn:
 * Slack's three control characters escaped (so no `<!here>`, `<@U…>` or `<http://…|link>`),
 * formatting characters neutralised, bidi and zero-width controls stripped, and line breaks
 * folded to spaces (so no `>` quote or list starts a line). Auto-linking of a bare URL or
 * `#channel` is off because every mrkdwn object our builders make is `verbatim: true`.
 */
export function userText(text: string): string {
  // One pass (this runs on every name of every list): each match is dropped, folded or replaced.
  return text.replace(USER_TEXT_SPECIALS, (c) => {
    if (INVISIBLE_CONTROLS_ONE.test(c)) return '';
    if (c.trim() === '') return ' ';
    return MRKDWN_REPLACEMENTS[c] ?? c;
  });
}

/** User text for a plain_text object: only the invisible controls need to go. */
export function userPlainText(text: string): string {
  return text.replace(INVISIBLE_CONTROLS, '');
}

/**
 * A mrkdwn text object. `verbatim: true`: Slack does not auto-link URLs or channel names or parse
 * mentions in it; the `<@U…>` and `<url|label>` our own views write still render.
 */
export function mrkdwn(markdown: string, max: number = BLOCK_KIT.sectionText) {
  return { type: 'mrkdwn' as const, text: truncate(markdown, max), verbatim: true };
}

export function section(markdown: string): KnownBlock {
  return { type: 'section', text: mrkdwn(markdown) };
}

export function context(markdown: string): KnownBlock {
  return { type: 'context', elements: [mrkdwn(markdown)] };
}

export function header(text: string): KnownBlock {
  return { type: 'header', text: plain(text, BLOCK_KIT.headerText) };
}

/** A message: fallback text for notifications and screen readers, and its blocks. */
export interface Message {
  text: string;
  blocks: KnownBlock[];
}
