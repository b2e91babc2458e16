import type { KnownBlock, PlainTextElement, PlainTextOption } from '@slack/types';

/**
 * Block Kit's documented limits (https://api.slack.com/reference/block-kit) that our views
 * depend on, and small builders that keep every string inside them.
 */
export const BLOCK_KIT = {
  modalBlocks: 100,
  messageBlocks: 50,
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

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function section(markdown: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(markdown, BLOCK_KIT.sectionText) } };
}

export function context(markdown: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(markdown, BLOCK_KIT.sectionText) }] };
}

export function header(text: string): KnownBlock {
  return { type: 'header', text: plain(text, BLOCK_KIT.headerText) };
}

/** A message: fallback text for notifications and screen readers, and its blocks. */
export interface Message {
  text: string;
  blocks: KnownBlock[];
}
