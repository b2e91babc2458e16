import type { KnownBlock } from '@slack/types';
import type {
  DmSummaryView,
  NudgeCardView,
  NudgeDmView,
  NudgeSettingsResult,
  NudgeSettingsView,
  PauseResult,
} from '../domain/nudge-card.js';
import { MAX_CARDS_PER_DM, MAX_PAUSE_DAYS, ordinal } from '../domain/nudge-rhythm.js';
import { formatDate } from '../domain/time.js';
import {
  LEARNED_BLOCK,
  NUDGE_ACTION_PREFIX,
  NUDGE_HOME_ACTION,
  openLearnedActionId,
} from '../interaction-ids.js';
import { BLOCK_KIT, context, type Message, plain, section, userPlainText, userText } from './block-kit.js';

/**
 * The daily nudge DM: what is due today for one organiser and the daily summary of what they
 * logged, in one message (at most one DM a day). A message holds BLOCK_KIT.messageBlocks blocks
 * (https://api.slack.com/reference/block-kit/blocks): a card takes at most 3, and the DM shows
 * at most MAX_CARDS_PER_DM of them (issue 9: rare and kind), the rest one line.
 */

export const BLOCKS_PER_CARD = 3;
const FRAME_BLOCKS = 4;
/** What one message could hold; the DM itself shows MAX_CARDS_PER_DM. */
export const MAX_CARDS_PER_MESSAGE = Math.min(
  MAX_CARDS_PER_DM,
  Math.floor((BLOCK_KIT.messageBlocks - FRAME_BLOCKS) / BLOCKS_PER_CARD),
);

/** Slack's documented limit on a button's url (https://api.slack.com/reference/block-kit/block-elements#button). */
const BUTTON_URL_MAX = 3000;

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

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function loggedPhrase(l: { who: string; nth: number }): string {
  const who = `*${userText(l.who)}*`;
  return l.nth <= 1 ? `a first one-to-one with ${who}` : `your ${ordinal(l.nth)} one-to-one with ${who}`;
}

function joinPhrases(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** The daily summary's line: what was logged, worth knowing, and the week so far. */
export function summaryText(s: DmSummaryView): string {
  const sentences: string[] = [];
  const logged = s.logged.map(loggedPhrase);
  if (s.moreLogged) logged.push(plural(s.moreLogged, 'more'));
  if (logged.length) sentences.push(`You logged ${joinPhrases(logged)}.`);
  if (s.earlier) {
    sentences.push(
      `${plural(s.earlier, 'earlier one-to-one')} ${s.earlier === 1 ? 'is' : 'are'} now in your records.`,
    );
  }
  const when = s.week.current ? 'this week' : 'last week';
  const met = s.week.goal > 0 && s.week.held >= s.week.goal;
  sentences.push(`*${s.week.held} of ${s.week.goal}* ${when}${met ? ': your goal, met. :tada:' : '.'}`);
  return `:sunrise: ${sentences.join(' ')}`;
}

/**
 * Step two "later from the confirmation" (issue 9): a "What I learned" button for each meeting
 * in the summary whose step two is still empty. Each button has its own action id (Slack wants
 * them unique in a block); the value is the one-to-one id, checked against the presser.
 */
function learnedButtons(s: DmSummaryView): KnownBlock | undefined {
  const open = s.logged.filter((l) => l.learnId).slice(0, BLOCK_KIT.actionsElements);
  if (!open.length) return undefined;
  return {
    type: 'actions',
    block_id: LEARNED_BLOCK,
    elements: open.map((l, i) => ({
      type: 'button' as const,
      action_id: openLearnedActionId(i),
      // plain_text: the name is shown as typed, never read as markup.
      text: plain(
        open.length === 1 ? 'Add what I learned' : `What I learned: ${userPlainText(l.who)}`,
        BLOCK_KIT.buttonText,
      ),
      value: l.learnId!,
    })),
  };
}

/** The one line for what did not fit and the reflections folded away, with the Home tab's link. */
function restBlock(view: NudgeDmView): KnownBlock | undefined {
  const parts: string[] = [];
  if (view.more) parts.push(plural(view.more, 'more nudge'));
  if (view.folded) parts.push(`${plural(view.folded, 'one-to-one')} waiting for a reflection`);
  if (!parts.length) return undefined;
  const text = `:inbox_tray: ${joinPhrases(parts)}: all on your Home tab, whenever suits you.`;
  const block = section(text);
  if (view.homeUrl && view.homeUrl.length <= BUTTON_URL_MAX) {
    return {
      ...block,
      accessory: {
        type: 'button',
        action_id: NUDGE_HOME_ACTION,
        text: plain('Open Home', BLOCK_KIT.buttonText),
        url: view.homeUrl,
      },
    } as KnownBlock;
  }
  return block;
}

/** The DM: when first sent, and re-rendered in place after each button. */
export function nudgeMessage(view: NudgeDmView): Message {
  const shown = view.cards.slice(0, MAX_CARDS_PER_MESSAGE);
  const open = shown.filter((c) => c.card?.buttons.length).length;
  const blocks: KnownBlock[] = [];
  if (shown.length) {
    const intro = shown.length === 1 ? 'A nudge for today:' : `A few nudges for today (${shown.length}):`;
    blocks.push(section(`*${intro}*`));
  }
  if (view.summary) {
    blocks.push(section(summaryText(view.summary)));
    const learn = learnedButtons(view.summary);
    if (learn) blocks.push(learn);
  }
  shown.forEach((c, i) => {
    blocks.push(...cardBlocks(c, i));
  });
  const rest = restBlock(view);
  if (rest) blocks.push(rest);
  blocks.push(
    context(
      open
        ? 'At most one of these a day, on your working days. `/onetoone settings` to choose which you get and when, or to pause them.'
        : shown.length
          ? 'All done here. Thank you.'
          : 'One message a day at most. `/onetoone settings` to change what I send.',
    ),
  );
  // The notification text stays generic: it can show on a lock screen.
  const text = shown.length
    ? shown.length === 1
      ? 'A nudge for today'
      : `${shown.length} nudges for today`
    : 'Your one-to-ones, in brief';
  return { text, blocks: blocks.slice(0, BLOCK_KIT.messageBlocks) };
}

/** `/onetoone nudges`: what I get, and how to change it. */
export function nudgeSettingsMessage(v: NudgeSettingsView, changed?: string): Message {
  const lines = v.kinds.map(
    (k) => `• ${k.on ? ':white_check_mark:' : ':no_entry_sign:'} ${k.label} (\`${k.word}\`)`,
  );
  lines.push(
    `• ${v.dailySummary ? ':white_check_mark:' : ':no_entry_sign:'} a daily summary of what you logged (\`summary\`)`,
  );
  const head = v.allOn
    ? `Nudges are *on*. I send at most one DM a day, in your working hours, on ${v.workingDays === 'every day' ? 'every day' : v.workingDays}.`
    : 'Nudges are *off*: I send you none. `/onetoone nudges on` to have them again.';
  const blocks: KnownBlock[] = [];
  if (changed) blocks.push(section(changed));
  blocks.push(section(head));
  if (v.pausedUntil) {
    blocks.push(
      section(
        `:palm_tree: Paused until *${formatDate(v.pausedUntil)}*. \`/onetoone pause off\` to resume now.`,
      ),
    );
  }
  blocks.push(section(lines.join('\n')));
  blocks.push(
    context(
      'Change one with e.g. `/onetoone nudges reflect off` or `/onetoone nudges rhythm on`; working days, the summary and a pause in `/onetoone settings`.',
    ),
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
    case 'summary':
      return nudgeSettingsMessage(
        result.settings,
        result.on
          ? 'The daily summary is on: what you logged, once a day, in the daily DM.'
          : 'The daily summary is off.',
      );
  }
}

const PAUSE_EXAMPLE = '`/onetoone pause until 2026-12-27`';

/** The reply to `/onetoone pause …`. */
export function pauseReply(result: PauseResult): Message {
  const reply = (text: string): Message => ({ text, blocks: [section(text)] });
  switch (result.kind) {
    case 'paused':
      return reply(
        `:palm_tree: ${result.extended ? 'Your pause now runs' : 'Paused'}: no nudges of any kind until *${formatDate(result.untilOn)}* (${result.untilOn}, your time), when they start again. \`/onetoone pause off\` to resume sooner.`,
      );
    case 'resumed':
      return reply(
        result.wasPaused
          ? ':wave: Welcome back. Nudges are on again from today.'
          : 'You weren’t paused: nudges are on.',
      );
    case 'status':
      return reply(
        result.untilOn
          ? `:palm_tree: Paused until *${formatDate(result.untilOn)}*. \`/onetoone pause off\` to resume now.`
          : `Not paused. ${PAUSE_EXAMPLE} stops every nudge until that date (in your time zone).`,
      );
    case 'invalid':
      switch (result.reason) {
        case 'unreadable':
          return reply(
            `I couldn’t read that date. Say it as year-month-day, e.g. ${PAUSE_EXAMPLE}, or \`/onetoone pause off\` to resume.`,
          );
        case 'not_future':
          return reply(
            `That date isn’t after today (${result.today}, your time). Pick the day nudges should start again, e.g. ${PAUSE_EXAMPLE}.`,
          );
        case 'too_far':
          return reply(`A pause can run for up to ${MAX_PAUSE_DAYS} days. Pick a nearer date.`);
      }
  }
}
