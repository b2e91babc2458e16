import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { NudgeSettingsForm } from '../domain/nudge-card.js';
import { WEEKDAYS } from '../domain/nudge-rhythm.js';
import { SETTINGS_BLOCK, SETTINGS_CALLBACK } from '../interaction-ids.js';
import { BLOCK_KIT, context, option, plain } from './block-kit.js';

/**
 * `/onetoone settings` (and the Home tab's Settings button): what the bot sends me and when, in
 * one modal. Working days, the daily summary, which nudges, and a pause. The input elements'
 * action id is one value per block, read back by block id (src/slack/listeners/views/settings.ts).
 */

export const SETTINGS_INPUT = 'value';

/** A checkboxes element holds at most 10 options (https://api.slack.com/reference/block-kit/block-elements#checkboxes). */
const CHECKBOX_OPTIONS = 10;

function checkboxes(
  blockId: string,
  label: string,
  options: PlainTextOption[],
  chosen: string[],
  hint?: string,
) {
  const shown = options.slice(0, CHECKBOX_OPTIONS);
  const initial = shown.filter((o) => chosen.includes(o.value ?? ''));
  return {
    type: 'input' as const,
    block_id: blockId,
    optional: true,
    label: plain(label, BLOCK_KIT.inputLabel),
    ...(hint ? { hint: plain(hint, BLOCK_KIT.hint) } : {}),
    element: {
      type: 'checkboxes' as const,
      action_id: SETTINGS_INPUT,
      options: shown,
      // Slack refuses an empty initial_options: none ticked is no initial_options at all.
      ...(initial.length ? { initial_options: initial } : {}),
    },
  };
}

function radios(blockId: string, label: string, options: PlainTextOption[], chosen: string) {
  return {
    type: 'input' as const,
    block_id: blockId,
    label: plain(label, BLOCK_KIT.inputLabel),
    element: {
      type: 'radio_buttons' as const,
      action_id: SETTINGS_INPUT,
      options,
      initial_option: options.find((o) => o.value === chosen) ?? options[0]!,
    },
  };
}

export function settingsModal(form: NudgeSettingsForm): ModalView {
  const blocks: KnownBlock[] = [
    context(
      'What I send you, and when: at most one DM a day, in your working hours and on your working days, in your own time zone.',
    ),
    checkboxes(
      SETTINGS_BLOCK.workingDays,
      'Working days',
      WEEKDAYS.map((d) => option(d.label, String(d.day))),
      form.workingDays.map(String),
      'No nudges on the other days.',
    ),
    radios(
      SETTINGS_BLOCK.dailySummary,
      'Daily summary',
      [option('On: once a day, what I logged, with Reflect buttons', 'on'), option('Off', 'off')],
      form.dailySummary ? 'on' : 'off',
    ),
    radios(
      SETTINGS_BLOCK.allOn,
      'Nudges',
      [option('On: the kinds ticked below', 'on'), option('Off: none at all', 'off')],
      form.allOn ? 'on' : 'off',
    ),
    checkboxes(
      SETTINGS_BLOCK.kinds,
      'Which nudges',
      form.kinds.map((k) => option(`${k.label[0]!.toUpperCase()}${k.label.slice(1)}`, k.name)),
      form.kinds.filter((k) => k.on).map((k) => k.name),
    ),
    {
      type: 'input',
      block_id: SETTINGS_BLOCK.pauseUntil,
      optional: true,
      label: plain('Pause everything until', BLOCK_KIT.inputLabel),
      hint: plain(
        form.pausedUntil
          ? 'You are paused. Nudges start again on this date, in your time zone; clear it to resume now.'
          : 'Away for a while? No nudges of any kind until this date, in your time zone; they start again that morning.',
        BLOCK_KIT.hint,
      ),
      element: {
        type: 'datepicker',
        action_id: SETTINGS_INPUT,
        placeholder: plain('Pick a date', BLOCK_KIT.placeholder),
        ...(form.pausedUntil ? { initial_date: form.pausedUntil } : {}),
      },
    },
  ];
  return {
    type: 'modal',
    callback_id: SETTINGS_CALLBACK,
    title: plain('Your settings', BLOCK_KIT.modalTitle),
    submit: plain('Save', BLOCK_KIT.modalButton),
    close: plain('Cancel', BLOCK_KIT.modalButton),
    blocks,
  };
}
