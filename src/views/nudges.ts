import type { KnownBlock } from '@slack/types';
import type { NudgeCardView, NudgeSettingsResult, NudgeSettingsView } from '../domain/nudge-card.js';
import { NUDGE_ACTION_PREFIX } from '../interaction-ids.js';
import { BLOCK_KIT, context, type Message, plain, section, userText } from './block-kit.js';

/**
 * The daily nudge DM: every nudge due today for one organiser, batched into one message
 * (at most one DM a day). A message holds BLOCK_KIT.messageBlocks blocks
 * (https://api.slack.com/reference/block-kit/blocks): a card takes at most 3, the message adds 2.
 */

export const BLOCKS_PER_CARD = 3;
const FRAME_BLOCKS = 2;
export const MAX_CARDS_PER_MESSAGE = Math.floor((BLOCK_KIT.messageBlocks - FRAME_BLOCKS) / BLOCKS_PER_CARD);

export function nudgeActionId(kind: string, verb: string): string {
  return `${NUDGE_ACTION_PREFIX}${kind}:${verb}`;
}

function cardBlocks(view: NudgeCardView, index: number): KnownBlock[] {
  if (!view.card) return [section(':ballot_box_with_check: This one is no longer in your records.')];
  const blocks: KnownBlock[] = [section(view.card.text)];
  if (view.card.note) blocks.push(context(view.card.note));
  if (view.card.buttons.length) {
    blocks.push({
      type: 'actions',
      // Unique per message: a DM may carry several cards with the same buttons.
      block_id: `nudge_${index}_${view.ledgerId}`.slice(0, BLOCK_KIT.blockId),
      elements: view.card.buttons.slice(0, BLOCK_KIT.actionsElements).map((b) => ({
        type: 'button' as const,
        action_id: nudgeActionId(view.kind, b.verb),
        text: plain(b.label, BLOCK_KIT.buttonText),
        value: view.ledgerId,
        ...(b.style ? { style: b.style } : {}),
      })),
    });
  }
  return blocks;
}

/** The DM: when first sent, and re-rendered in place after each button. */
export function nudgeMessage(cards: NudgeCardView[]): Message {
  const shown = cards.slice(0, MAX_CARDS_PER_MESSAGE);
  const open = shown.filter((c) => c.card?.buttons.length).length;
  const intro = shown.length === 1 ? 'A nudge for today:' : `A few nudges for today (${shown.length}):`;
  const blocks: KnownBlock[] = [section(`*${intro}*`)];
  shown.forEach((c, i) => {
    blocks.push(...cardBlocks(c, i));
  });
  blocks.push(
    context(
      open
        ? 'At most one of these a day. `/onetoone nudges` to choose which you get, `/onetoone nudges off` to stop them.'
        : 'All done here. Thank you.',
    ),
  );
  // The notification text stays generic: it can show on a lock screen.
  return {
    text: shown.length === 1 ? 'A nudge for today' : `${shown.length} nudges for today`,
    blocks: blocks.slice(0, BLOCK_KIT.messageBlocks),
  };
}

/** `/onetoone nudges`: what I get, and how to change it. */
export function nudgeSettingsMessage(v: NudgeSettingsView, changed?: string): Message {
  const lines = v.kinds.map(
    (k) => `• ${k.on ? ':white_check_mark:' : ':no_entry_sign:'} ${k.label} (\`${k.word}\`)`,
  );
  const head = v.allOn
    ? 'Nudges are *on*. I send at most one DM a day, in your working hours.'
    : 'Nudges are *off*: I send you none. `/onetoone nudges on` to have them again.';
  const blocks: KnownBlock[] = [];
  if (changed) blocks.push(section(changed));
  blocks.push(section(head), section(lines.join('\n')));
  blocks.push(
    context('Change one with e.g. `/onetoone nudges reflect off` or `/onetoone nudges rhythm on`.'),
  );
  return { text: changed ?? 'Your nudge settings', blocks };
}

/** How much of an unknown kind's word the reply repeats. */
const UNKNOWN_WORD_SHOWN = 30;

/** The reply to `/onetoone nudges …`: what changed (or why nothing did), then the settings. */
export function nudgeSettingsReply(result: NudgeSettingsResult): Message {
  switch (result.kind) {
    case 'shown':
      return nudgeSettingsMessage(result.settings);
    case 'usage':
      return nudgeSettingsMessage(
        result.settings,
        'Say `on` or `off`, for all nudges or one kind: e.g. `/onetoone nudges off`, `/onetoone nudges reflect off`.',
      );
    case 'all':
      return nudgeSettingsMessage(
        result.settings,
        result.on ? 'Nudges are on again.' : 'Nudges are off. I will not DM you reminders.',
      );
    case 'unknown_kind':
      return nudgeSettingsMessage(
        result.settings,
        `I don’t know a nudge called “${userText(result.word.slice(0, UNKNOWN_WORD_SHOWN))}”. These are the kinds:`,
      );
    case 'one':
      return nudgeSettingsMessage(
        result.settings,
        `${result.label[0]!.toUpperCase()}${result.label.slice(1)}: ${result.on ? 'on' : 'off'}.`,
      );
  }
}
