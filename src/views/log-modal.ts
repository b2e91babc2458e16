import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { NO_CAMPAIGN_FIELDS } from '../domain/campaign.js';
import {
  CONTINUE_CHOICES,
  DEFAULT_DURATION,
  DEFAULT_NEXT_STEP_DAYS,
  DEPTHS,
  type LearnedField,
  type LearnedForm,
  LIMITS,
  LISTENING_SHARES,
  type LogForm,
  NEXT_STEP_KINDS,
  nextStepLabel,
  type PersonChoice,
  type StepOneField,
  type WhoChoice,
  whoNeedsDetails,
  whoValue,
} from '../domain/one-to-one.js';
import { addDays, formatDate } from '../domain/time.js';
import { ErrorCode, type RefusalCode } from '../errors.js';
import { ACTION, CALLBACK, LOG_BLOCK, LOG_LEARNED_BLOCK, LOG_STEP_ONE_BLOCK } from '../interaction-ids.js';
import {
  BLOCK_KIT,
  context,
  header,
  type Message,
  option,
  plain,
  section,
  truncate,
  userPlainText,
  userText,
} from './block-kit.js';
import { campaignFieldBlocks } from './campaign-fields.js';
import { notice, personLabel } from './messages.js';

/*
 * The log modal, in two steps. Step one holds only what a log needs (who, when, how long, the
 * next step) and is saved on its own; step two (what I learned) then takes its place in the same
 * modal (`response_action: 'update'`), saying "Saved", and can also be opened later for a
 * one-to-one already logged.
 */

/** What the log modal shows when it opens: empty (today, 45 minutes), a person, or a record to edit. */
export type LogModalData = LogForm;

export interface LogModalMetadata {
  editingId?: string;
}

/** Step two's private_metadata: which one-to-one it is about. */
export interface LearnedMetadata {
  oneToOneId: string;
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

/** Step two's metadata, or undefined for anything crafted or missing. */
export function decodeLearnedMetadata(raw: unknown): LearnedMetadata | undefined {
  try {
    const parsed = JSON.parse(typeof raw === 'string' ? raw : '') as { oneToOneId?: unknown } | null;
    return typeof parsed?.oneToOneId === 'string' ? { oneToOneId: parsed.oneToOneId } : undefined;
  } catch {
    return undefined;
  }
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
  initial: T | null | undefined | string,
): { options: PlainTextOption[]; initial_option?: PlainTextOption } {
  const options = choices.map((c) => option(c.label, c.value));
  const selected = options.find((o) => o.value === initial);
  return selected ? { options, initial_option: selected } : { options };
}

/** How a choice in the who field reads. */
export function whoLabel(who: WhoChoice): string {
  switch (who.kind) {
    case 'person':
      return userPlainText(personLabel(who.person.name, who.person.institutionName));
    case 'member':
      return `${userPlainText(who.name)} (in this Slack)`;
    case 'new':
      return `New person: ${userPlainText(who.name)}`;
  }
}

export function whoOption(who: WhoChoice): PlainTextOption {
  return option(whoLabel(who), whoValue(who));
}

const REFUSALS: Partial<Record<RefusalCode, string>> = {
  [ErrorCode.BotMember]: 'That is a bot: choose a person.',
  [ErrorCode.SelfMember]: 'That is you: choose the person you met.',
  [ErrorCode.DuplicatePerson]:
    'You already know someone of this name there: choose them in the search above instead of a new person.',
};

/** What a refused step one says, on the field it belongs to (keyed by block id). */
export function logRefusalErrors(refusal: {
  code: RefusalCode;
  field: StepOneField;
}): Record<string, string> {
  const message = REFUSALS[refusal.code] ?? 'I can’t find that among your records.';
  return { [LOG_STEP_ONE_BLOCK[refusal.field]]: message };
}

/** What a refused step two says: the record is not one of mine (or is gone). */
export function learnedRefusalErrors(refusal: { field: LearnedField }): Record<string, string> {
  return { [LOG_LEARNED_BLOCK[refusal.field]]: 'I can’t find that one-to-one among yours.' };
}

/** Why the log form did not open for a message's author (the message shortcut) or an @mention. */
export function logOpeningNotice(code: RefusalCode, from: 'message' | 'mention' = 'mention'): Message {
  if (code === ErrorCode.BotMember) {
    return notice(
      from === 'message'
        ? 'That message is from a bot or an app: a one-to-one is with a person. Open `/onetoone` to log one.'
        : 'That is a bot or an app: a one-to-one is with a person. Open `/onetoone` to log one.',
    );
  }
  if (code === ErrorCode.SelfMember) {
    return notice(
      from === 'message'
        ? 'That is your own message: open `/onetoone` and choose the person you met.'
        : 'That is you: open `/onetoone` and choose the person you met.',
    );
  }
  return notice('I can’t find that person.');
}

function matchesHint(matches: { query: string; people: PersonChoice[] }): KnownBlock {
  const names = matches.people.map((p) => `*${userText(personLabel(p.name, p.institutionName))}*`).join(', ');
  return section(
    `Several of your people match “${userText(matches.query)}”: ${names}. Type part of the name below to choose one, or choose “New person”.`,
  );
}

/** The next step being followed up, as the organiser noted it (their own words, escaped). */
function followingUpLine(note: string): KnownBlock {
  return context(`:calendar: Following up your next step: ${userText(truncate(note, LIMITS.nextStepNote))}`);
}

function whoBlock(data: LogModalData): InputBlock {
  const chosen: WhoChoice | undefined = data.person ? { kind: 'person', person: data.person } : data.who;
  const placeholder = data.matches
    ? `Type “${data.matches.query}” to choose`
    : 'Search your people or this Slack, or type a new name';
  return {
    type: 'input',
    block_id: LOG_BLOCK.existingPerson,
    // A choice comes back at once (block_actions), so a new person's institution and role can be asked.
    dispatch_action: true,
    label: plain('Who did you meet?', BLOCK_KIT.inputLabel),
    hint: plain('Someone new: type their name and choose “New person”.', BLOCK_KIT.hint),
    element: {
      type: 'external_select',
      action_id: ACTION.personSearch,
      min_query_length: 0,
      placeholder: plain(userPlainText(placeholder), BLOCK_KIT.placeholder),
      ...(chosen ? { initial_option: whoOption(chosen) } : {}),
    },
  };
}

/** Step one: who, when, how long, and the next step. Only these; the rest is step two. */
export function logModal(data: LogModalData): ModalView {
  const v = data.record;
  const d = data.draft;
  const editingId = data.editingId ?? v?.id;
  const editing = editingId !== undefined;
  const who: WhoChoice | undefined = data.person ? { kind: 'person', person: data.person } : data.who;
  const kind = d ? d.nextStepKind : v?.nextStep.kind;
  const due = d ? d.nextStepDue : v ? v.nextStep.dueOn : addDays(data.today, DEFAULT_NEXT_STEP_DAYS);
  const blocks: KnownBlock[] = [
    context(
      editing
        ? 'Edit who, when and the next step; what you learned comes next. Only you can see this record.'
        : 'Who, when and the next step: that is all a log needs. What you learned comes next, now or later. Only you can see what you write here.',
    ),
    ...(data.followingUp ? [followingUpLine(data.followingUp.note)] : []),
    ...(data.matches ? [matchesHint(data.matches)] : []),
    whoBlock(data),
  ];
  if (whoNeedsDetails(who)) {
    blocks.push(
      textInput(LOG_BLOCK.institution, 'Their institution or community', {
        max: LIMITS.institution,
        initial: d?.institution,
        hint: 'Church, mosque, school, union branch, tenants’ association, business… Shared with your team as a place, never with what was said.',
      }),
      textInput(LOG_BLOCK.role, 'Their role there', {
        max: LIMITS.role,
        initial: d?.role,
        placeholder: 'e.g. parish council chair',
      }),
    );
  }
  const metOn = d?.metOn ?? v?.metOn ?? data.today;
  blocks.push(
    {
      type: 'input',
      block_id: LOG_BLOCK.metOn,
      label: plain('When did you meet?'),
      element: { type: 'datepicker', action_id: ACTION.input, initial_date: metOn },
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
        initial_value: d?.duration || String(v?.durationMinutes ?? DEFAULT_DURATION),
      },
    },
    {
      type: 'input',
      block_id: LOG_BLOCK.nextStepKind,
      label: plain('Next step we agreed'),
      element: {
        type: 'static_select',
        action_id: ACTION.input,
        placeholder: plain('Choose one (or “None yet”)', BLOCK_KIT.placeholder),
        ...choose(NEXT_STEP_KINDS, kind),
      },
    },
    {
      type: 'input',
      block_id: LOG_BLOCK.nextStepDue,
      optional: true,
      label: plain('Due by'),
      hint: plain('I will remind you on this day.'),
      element: { type: 'datepicker', action_id: ACTION.input, ...(due ? { initial_date: due } : {}) },
    },
    textInput(LOG_BLOCK.nextStepNote, 'Note on the next step', {
      max: LIMITS.nextStepNote,
      initial: d ? d.nextStepNote : v?.nextStep.note,
      placeholder: 'e.g. introduce her to the head of St Mary’s school',
    }),
  );
  return {
    type: 'modal',
    callback_id: CALLBACK.logModal,
    title: plain(editing ? 'Edit one-to-one' : 'Log a one-to-one', BLOCK_KIT.modalTitle),
    submit: plain(editing ? 'Save changes' : 'Save', BLOCK_KIT.modalButton),
    close: plain('Cancel', BLOCK_KIT.modalButton),
    private_metadata: encodeLogMetadata(editing ? { editingId } : {}),
    blocks,
  };
}

/** Step two's opening: "Saved" when step one was just saved, else which one-to-one this is. */
function savedSection(f: LearnedForm): KnownBlock[] {
  const who = `*${userText(personLabel(f.personName, f.institutionName))}*`;
  const step =
    f.nextStep.kind === 'none'
      ? 'No next step yet.'
      : `Next step: ${nextStepLabel(f.nextStep.kind).toLowerCase()}${f.nextStep.dueOn ? `, due ${formatDate(f.nextStep.dueOn)}` : ''}.`;
  if (!f.justSaved) {
    return [
      section(`Your one-to-one with ${who}, ${formatDate(f.metOn)}.`),
      context('All optional. Only you can see this.'),
    ];
  }
  return [
    section(
      `:white_check_mark: *${f.edited ? 'Saved your changes.' : 'Saved.'}* Your one-to-one with ${who}, ${formatDate(f.metOn)}. ${step}`,
    ),
    context(
      'Now, while it is fresh, or later from `/onetoone list`: what you learned. All optional; only you can see it.',
    ),
  ];
}

function selfInterestSection(f: LearnedForm): KnownBlock[] {
  const l = f.learned;
  return [
    header('What I learned'),
    textInput(LOG_BLOCK.needs, 'Self-interest: what they need', {
      multiline: true,
      max: LIMITS.learned,
      initial: l.needs,
      hint: 'What they need to live: work, housing, health, family, money.',
    }),
    textInput(LOG_BLOCK.meaning, 'Self-interest: what gives their life meaning', {
      multiline: true,
      max: LIMITS.learned,
      initial: l.meaning,
      hint: 'Faith, art, a football team, a cause…',
    }),
    textInput(LOG_BLOCK.stories, 'Their stories', {
      multiline: true,
      max: LIMITS.learned,
      initial: l.stories,
      hint: 'The foundational stories that make them who they are.',
    }),
    textInput(LOG_BLOCK.values, 'Their values', {
      multiline: true,
      max: LIMITS.learned,
      initial: l.values,
      hint: 'What they care about most, and what moves them to act.',
    }),
    textInput(LOG_BLOCK.mutual, 'Mutual interests', {
      multiline: true,
      max: LIMITS.learned,
      initial: l.mutual,
    }),
  ];
}

function meetingSection(f: LearnedForm): KnownBlock[] {
  const l = f.learned;
  return [
    header('How it went'),
    textInput(LOG_BLOCK.setting, 'Where we met', {
      max: LIMITS.setting,
      initial: l.setting,
      placeholder: 'e.g. their kitchen table',
    }),
    {
      type: 'input',
      block_id: LOG_BLOCK.listening,
      optional: true,
      label: plain('How much did I listen?'),
      hint: plain('About two thirds is the aim.'),
      element: { type: 'radio_buttons', action_id: ACTION.input, ...choose(LISTENING_SHARES, l.listening) },
    },
    {
      type: 'input',
      block_id: LOG_BLOCK.continue,
      optional: true,
      label: plain('Do we continue?'),
      element: { type: 'radio_buttons', action_id: ACTION.input, ...choose(CONTINUE_CHOICES, l.continue) },
    },
    {
      type: 'input',
      block_id: LOG_BLOCK.depth,
      optional: true,
      label: plain('How deep did we go?'),
      element: { type: 'radio_buttons', action_id: ACTION.input, ...choose(DEPTHS, l.depth) },
    },
  ];
}

/**
 * Step two's sections, in order; each draws its blocks from the form. A feature that adds to what
 * an organiser notes after a one-to-one adds one function here (Slack allows 100 blocks a modal).
 */
export const LEARNED_SECTIONS: readonly ((form: LearnedForm) => KnownBlock[])[] = [
  savedSection,
  selfInterestSection,
  meetingSection,
  // Listening campaigns (issue 11): the themes heard and an anonymous quote, while one runs.
  (form) => campaignFieldBlocks(form.campaign ?? NO_CAMPAIGN_FIELDS),
];

/** Step two: what I learned. Everything optional; saved on its own submission. */
export function learnedModal(data: LearnedForm): ModalView {
  const meta: LearnedMetadata = { oneToOneId: data.oneToOneId };
  return {
    type: 'modal',
    callback_id: CALLBACK.logLearned,
    title: plain('What I learned', BLOCK_KIT.modalTitle),
    submit: plain('Save', BLOCK_KIT.modalButton),
    close: plain(data.justSaved ? 'Done' : 'Cancel', BLOCK_KIT.modalButton),
    private_metadata: JSON.stringify(meta),
    blocks: LEARNED_SECTIONS.flatMap((draw) => draw(data)),
  };
}
