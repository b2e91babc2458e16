import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import {
  CONTINUE_CHOICES,
  DEFAULT_DURATION,
  LIMITS,
  LISTENING_SHARES,
  type LogField,
  type LogForm,
  NEXT_STEP_KINDS,
} from '../domain/one-to-one.js';
import { ErrorCode, type RefusalCode } from '../errors.js';
import { ACTION, CALLBACK, LOG_BLOCK } from '../interaction-ids.js';
import { BLOCK_KIT, context, header, option, plain, userPlainText } from './block-kit.js';
import { personLabel } from './messages.js';

/** What the log modal shows when it opens: empty (today, 45 minutes), a person, or a record to edit. */
export type LogModalData = LogForm;

export interface LogModalMetadata {
  editingId?: string;
}

export function encodeLogMetadata(meta: LogModalMetadata): string {
  return JSON.stringify(meta);
}

export function decodeLogMetadata(raw: unknown): LogModalMetadata {
  try {
    const parsed = JSON.parse(typeof raw === 'string' && raw ? raw : '{}') as unknown;
    if (
      parsed &&
      typeof parsed === 'object' &&
      'editingId' in parsed &&
      typeof parsed.editingId === 'string'
    ) {
      return { editingId: parsed.editingId };
    }
  } catch {
    /* a crafted or empty value is treated as a new log */
  }
  return {};
}

function textInput(
  blockId: string,
  label: string,
  opts: { hint?: string; multiline?: boolean; max: number; initial?: string | null; placeholder?: string },
): InputBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(label, BLOCK_KIT.inputLabel),
    ...(opts.hint ? { hint: plain(opts.hint, BLOCK_KIT.hint) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: ACTION.input,
      multiline: opts.multiline ?? false,
      max_length: opts.max,
      ...(opts.initial ? { initial_value: opts.initial } : {}),
      ...(opts.placeholder ? { placeholder: plain(opts.placeholder, BLOCK_KIT.placeholder) } : {}),
    },
  };
}

function choose<T extends string>(
  choices: readonly { value: T; label: string }[],
  initial: T | null | undefined,
): { options: PlainTextOption[]; initial_option?: PlainTextOption } {
  const options = choices.map((c) => option(c.label, c.value));
  const selected = options.find((o) => o.value === initial);
  return selected ? { options, initial_option: selected } : { options };
}

/** What a refused submission says, on the field it belongs to (keyed by block id). */
export function logRefusalErrors(refusal: { code: RefusalCode; field: LogField }): Record<string, string> {
  const message =
    refusal.code === ErrorCode.BotMember
      ? 'That is a bot: choose a person.'
      : refusal.code === ErrorCode.DuplicatePerson
        ? 'You already know someone of this name there: choose them under “Someone you have met before”, or leave this empty.'
        : 'I can’t find that among your records.';
  return { [LOG_BLOCK[refusal.field]]: message };
}

/** The modal to log (or edit) a one-to-one. Only who and when are needed; the rest can wait. */
export function logModal(data: LogModalData): ModalView {
  const v = data.record;
  const editing = Boolean(v);
  const person = data.person;
  const blocks: KnownBlock[] = [
    context(
      editing
        ? 'Edit what you noted. Only you can see this record.'
        : 'Who and when are all you need now; add the rest after you have reflected. Only you can see what you write here.',
    ),
    {
      type: 'input',
      block_id: LOG_BLOCK.existingPerson,
      optional: true,
      label: plain('Someone you have met before'),
      element: {
        type: 'external_select',
        action_id: ACTION.personSearch,
        min_query_length: 0,
        placeholder: plain('Search my people by name or institution', BLOCK_KIT.placeholder),
        ...(person
          ? {
              initial_option: option(
                userPlainText(personLabel(person.name, person.institutionName)),
                person.id,
              ),
            }
          : {}),
      },
    },
    {
      type: 'input',
      block_id: LOG_BLOCK.slackMember,
      optional: true,
      label: plain('…or a member of this Slack'),
      element: { type: 'users_select', action_id: ACTION.input, placeholder: plain('Choose a member') },
    },
    textInput(LOG_BLOCK.newName, '…or someone new: their name', { max: LIMITS.name }),
    textInput(LOG_BLOCK.institution, 'Their institution or community', {
      max: LIMITS.institution,
      hint: 'Church, mosque, school, union branch, tenants’ association, business… Shared with your team as a place, never with what was said.',
    }),
    textInput(LOG_BLOCK.role, 'Their role there', {
      max: LIMITS.role,
      placeholder: 'e.g. parish council chair',
    }),
    {
      type: 'input',
      block_id: LOG_BLOCK.metOn,
      label: plain('When did you meet?'),
      element: { type: 'datepicker', action_id: ACTION.input, initial_date: v?.metOn ?? data.today },
    },
    {
      type: 'input',
      block_id: LOG_BLOCK.duration,
      optional: true,
      label: plain('How long (minutes)'),
      hint: plain('45 to 60 minutes is the practice.'),
      element: {
        type: 'number_input',
        action_id: ACTION.input,
        is_decimal_allowed: false,
        min_value: String(LIMITS.durationMin),
        max_value: String(LIMITS.durationMax),
        initial_value: String(v?.durationMinutes ?? DEFAULT_DURATION),
      },
    },
    textInput(LOG_BLOCK.setting, 'Where / setting', {
      max: LIMITS.setting,
      initial: v?.setting,
      placeholder: 'e.g. their kitchen table',
    }),
    header('What I learned'),
    textInput(LOG_BLOCK.needs, 'Self-interest: what they need', {
      multiline: true,
      max: LIMITS.learned,
      initial: v?.needs,
      hint: 'What they need to live: work, housing, health, family, money.',
    }),
    textInput(LOG_BLOCK.meaning, 'Self-interest: what gives their life meaning', {
      multiline: true,
      max: LIMITS.learned,
      initial: v?.meaning,
      hint: 'Faith, art, a football team, a cause…',
    }),
    textInput(LOG_BLOCK.stories, 'Their stories', {
      multiline: true,
      max: LIMITS.learned,
      initial: v?.stories,
      hint: 'The foundational stories that make them who they are.',
    }),
    textInput(LOG_BLOCK.values, 'Values and motivations', {
      multiline: true,
      max: LIMITS.learned,
      initial: v?.values,
    }),
    textInput(LOG_BLOCK.mutual, 'Mutual interests', {
      multiline: true,
      max: LIMITS.learned,
      initial: v?.mutual,
    }),
    {
      type: 'input',
      block_id: LOG_BLOCK.listening,
      optional: true,
      label: plain('How much did I listen?'),
      hint: plain('About two thirds is the aim.'),
      element: { type: 'radio_buttons', action_id: ACTION.input, ...choose(LISTENING_SHARES, v?.listening) },
    },
    {
      type: 'input',
      block_id: LOG_BLOCK.continue,
      optional: true,
      label: plain('Do we continue?'),
      element: { type: 'radio_buttons', action_id: ACTION.input, ...choose(CONTINUE_CHOICES, v?.continue) },
    },
    header('Next step'),
    {
      type: 'input',
      block_id: LOG_BLOCK.nextStepKind,
      optional: true,
      label: plain('What did we agree?'),
      element: {
        type: 'static_select',
        action_id: ACTION.input,
        ...choose(NEXT_STEP_KINDS, v?.nextStep.kind ?? 'none'),
      },
    },
    {
      type: 'input',
      block_id: LOG_BLOCK.nextStepDue,
      optional: true,
      label: plain('Due by'),
      hint: plain('I will remind you on this day.'),
      element: {
        type: 'datepicker',
        action_id: ACTION.input,
        ...(v?.nextStep.dueOn ? { initial_date: v.nextStep.dueOn } : {}),
      },
    },
    textInput(LOG_BLOCK.nextStepNote, 'Note on the next step', {
      max: LIMITS.nextStepNote,
      initial: v?.nextStep.note,
      placeholder: 'e.g. introduce her to the head of St Mary’s school',
    }),
  ];
  return {
    type: 'modal',
    callback_id: CALLBACK.logModal,
    title: plain(editing ? 'Edit one-to-one' : 'Log a one-to-one', BLOCK_KIT.modalTitle),
    submit: plain(editing ? 'Save changes' : 'Save', BLOCK_KIT.modalButton),
    close: plain('Cancel', BLOCK_KIT.modalButton),
    private_metadata: encodeLogMetadata(v ? { editingId: v.id } : {}),
    blocks,
  };
}
