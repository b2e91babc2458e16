import type { KnownBlock, ModalView } from '@slack/types';
import { CAMPAIGN_LIMITS, type CampaignForm } from '../domain/campaign.js';
import { addDays } from '../domain/time.js';
import { ACTION, CAMPAIGN_BLOCK, CAMPAIGN_CALLBACK } from '../interaction-ids.js';
import { BLOCK_KIT, context, plain, section, userPlainText } from './block-kit.js';

/** A new campaign runs eight weeks unless the creator says otherwise. */
const DEFAULT_WEEKS = 8;
/** A plain_text_input holds at most 3,000 characters (Block Kit reference, max_length). */
const TEXT_INPUT_MAX = 3000;

function textInput(
  blockId: string,
  label: string,
  options: { initial?: string; max: number; multiline?: boolean; hint?: string; optional?: boolean },
): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label, BLOCK_KIT.inputLabel),
    ...(options.optional ? { optional: true } : {}),
    ...(options.hint ? { hint: plain(options.hint, BLOCK_KIT.hint) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: ACTION.input,
      max_length: options.max,
      ...(options.multiline ? { multiline: true } : {}),
      ...(options.initial !== undefined && options.initial !== ''
        ? { initial_value: userPlainText(options.initial).slice(0, options.max) }
        : {}),
    },
  };
}

function dateInput(blockId: string, label: string, initial: string): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    label: plain(label),
    element: { type: 'datepicker', action_id: ACTION.input, initial_date: initial },
  };
}

/**
 * `/onetoone campaign new` and `campaign edit`: the campaign's name, question, dates, team (a
 * channel, or chosen members), target per visitor, minimum count and theme list (one a line,
 * prefilled with the starting list). Editing fills it with the campaign as it is; its id rides
 * in private_metadata and is checked again on submit.
 */
export function campaignModal(form: CampaignForm): ModalView {
  const c = form.campaign;
  const themes = c ? c.themes.map((t) => t.label) : [...form.startingThemes];
  const blocks: KnownBlock[] = [
    section(
      c
        ? 'Change what you need. Taking a theme off the list keeps what was already heard under it.'
        : 'A listening campaign: every visitor asks the same question in their one-to-ones, notes the themes they heard, and the team sees what it heard as counts.',
    ),
    textInput(CAMPAIGN_BLOCK.name, 'Name', { initial: c?.name, max: CAMPAIGN_LIMITS.nameMax }),
    textInput(CAMPAIGN_BLOCK.question, 'The question every visitor asks', {
      initial: c?.question,
      max: CAMPAIGN_LIMITS.questionMax,
      multiline: true,
      hint: 'For example: What is putting pressure on you and the people you love?',
    }),
    dateInput(CAMPAIGN_BLOCK.startsOn, 'Starts on', c?.startsOn ?? form.today),
    dateInput(
      CAMPAIGN_BLOCK.endsOn,
      'Ends on (the last day counted)',
      c?.endsOn ?? addDays(form.today, DEFAULT_WEEKS * 7 - 1),
    ),
    {
      type: 'input',
      block_id: CAMPAIGN_BLOCK.channel,
      optional: true,
      label: plain('The team: a channel whose members take part'),
      hint: plain(
        'One campaign per channel at a time. Or leave it empty and choose members below.',
        BLOCK_KIT.hint,
      ),
      element: {
        type: 'conversations_select',
        action_id: ACTION.input,
        filter: { include: ['public', 'private'], exclude_bot_users: true },
        ...(c?.channelId ? { initial_conversation: c.channelId } : {}),
      },
    },
    {
      type: 'input',
      block_id: CAMPAIGN_BLOCK.members,
      optional: true,
      label: plain('…or these members'),
      element: {
        type: 'multi_users_select',
        action_id: ACTION.input,
        ...(c && !c.channelId && c.memberIds.length > 0 ? { initial_users: c.memberIds } : {}),
      },
    },
    textInput(CAMPAIGN_BLOCK.target, 'Conversations per visitor', {
      initial: String(c?.targetPerVisitor ?? CAMPAIGN_LIMITS.targetDefault),
      max: 3,
      hint: `From ${CAMPAIGN_LIMITS.targetMin} to ${CAMPAIGN_LIMITS.targetMax}; around 10 is usual.`,
    }),
    textInput(CAMPAIGN_BLOCK.themes, 'Themes, one a line', {
      initial: themes.join('\n'),
      max: TEXT_INPUT_MAX,
      multiline: true,
      hint: `At most ${CAMPAIGN_LIMITS.themesMax} themes of ${CAMPAIGN_LIMITS.themeLabelMax} characters each. Visitors can add one they heard that is not here.`,
    }),
    textInput(CAMPAIGN_BLOCK.minCount, 'Minimum count', {
      initial: String(c?.minCount ?? CAMPAIGN_LIMITS.minCountDefault),
      max: 2,
      hint: `A theme heard from fewer different people than this is never shown to the team (${CAMPAIGN_LIMITS.minCountMin}–${CAMPAIGN_LIMITS.minCountMax}).`,
    }),
    context(
      'Themes are counted, never who said them. A quote is kept only when the person agreed it may be read out, without their name.',
    ),
  ];
  return {
    type: 'modal',
    callback_id: CAMPAIGN_CALLBACK,
    title: plain(c ? 'Edit campaign' : 'New listening campaign', BLOCK_KIT.modalTitle),
    submit: plain(c ? 'Save' : 'Start', BLOCK_KIT.modalButton),
    close: plain('Cancel', BLOCK_KIT.modalButton),
    ...(c ? { private_metadata: c.id } : {}),
    blocks,
  };
}
