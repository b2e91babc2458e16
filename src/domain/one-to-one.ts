import { z } from 'zod';
import type { CampaignFields } from './campaign.js';
import { daysBetween, isIsoDate } from './time.js';

/**
 * The rules of a one-to-one record: what may be logged and reflected, and its limits.
 * Slack's own limits: a plain_text_input holds at most 3000 characters (Block Kit reference,
 * plain-text input `max_length`), so no free-text field here is longer than that.
 */

export const SLACK_TEXT_INPUT_MAX = 3000;

export type ListeningShare = 'third' | 'half' | 'two_thirds' | 'more';
export type ContinueChoice = 'yes' | 'maybe' | 'no';
export type NextStepKind = 'meeting' | 'introduction' | 'action' | 'none';
export type Depth = 'surface' | 'stories' | 'self_interest';

/**
 * The app's own shapes of a one-to-one, as use cases return them and views take them (never
 * database rows): camelCase, booleans for flags.
 */

/** One of my people as the person picker and the log modal show them. */
export interface PersonChoice {
  id: string;
  name: string;
  institutionName: string | null;
}

/** A one-to-one with what a list or a message needs to name it. */
export interface OneToOneSummary {
  id: string;
  personId: string;
  personName: string;
  institutionName: string | null;
  metOn: string;
  durationMinutes: number;
  nextStep: { kind: NextStepKind; dueOn: string | null; done: boolean };
  reflected: boolean;
}

/**
 * Step two of the log: what I learned, all optional. `values` is stored in the column that was
 * "values and motivations"; `depth` in the one-to-one's own column (before the two steps it was
 * asked in the reflection, where older records keep it).
 */
export interface LearnedDetail {
  setting: string | null;
  needs: string | null;
  meaning: string | null;
  stories: string | null;
  values: string | null;
  mutual: string | null;
  listening: ListeningShare | null;
  continue: ContinueChoice | null;
  depth: Depth | null;
}

/** The whole record, for its author: what the edit form is filled with. */
export interface OneToOneDetail extends Omit<OneToOneSummary, 'nextStep' | 'reflected'>, LearnedDetail {
  nextStep: { kind: NextStepKind; dueOn: string | null; note: string | null; done: boolean };
}

/** What step two shows: which one-to-one, whether it was just saved, and what is noted so far. */
export interface LearnedForm {
  oneToOneId: string;
  personName: string;
  institutionName: string | null;
  metOn: string;
  nextStep: { kind: NextStepKind; dueOn: string | null };
  /** Step one was saved just now (the view says so); false when opened later. */
  justSaved: boolean;
  /** Step one changed an existing record (an edit), rather than logging a new one. */
  edited: boolean;
  learned: LearnedDetail;
  /** The listening campaigns that count its date, and what it has for them (issue 11). */
  campaign?: CampaignFields;
}

/** A page of my one-to-ones (`/onetoone list`). */
export interface OneToOnePage {
  items: OneToOneSummary[];
  page: number;
  hasMore: boolean;
  /** What was asked for, as typed (the page buttons carry it back). */
  query: string;
  /** How to name it when the query was an @mention: the member's name. */
  queryLabel?: string;
}

/** What step one's who field offers for what was typed. */
export interface WhoOptions {
  people: PersonChoice[];
  members: { userId: string; name: string }[];
  /** "New person: <name>", for typed text. */
  newName: string | null;
}

/** What the confirmation DM after a log (or an edit, or a reflection) says. */
export interface LoggedConfirmation {
  oneToOneId: string;
  personName: string;
  institutionName: string | null;
  metOn: string;
  edited: boolean;
  nextStep: { kind: NextStepKind; dueOn: string | null };
  reflected: boolean;
}

/** A saved reflection, to fill the form when it is reopened. */
export interface ReflectionDetail {
  motivations: string | null;
  contribution: string | null;
  differently: string | null;
  depth: Depth | null;
}

/** What the reflection form shows: which one-to-one, and the reflection so far. */
export interface ReflectionForm {
  oneToOneId: string;
  personName: string;
  institutionName: string | null;
  metOn: string;
  existing?: ReflectionDetail;
  /**
   * What step two of the log already holds, so the reflection does not ask it again: their
   * values (the reflection's "their motivations") and how deep we went.
   */
  learned?: { values: boolean; depth: boolean };
}

/**
 * Step one's one "who" field holds one option value: one of my people (their id), a member of
 * this Slack (`member:` and their Slack id) or someone new (`new:` and the name typed).
 */
export const WHO_PREFIX = { member: 'member:', new: 'new:' } as const;

export type WhoChoice =
  | { kind: 'person'; person: PersonChoice }
  | { kind: 'member'; userId: string; name: string }
  | { kind: 'new'; name: string };

export type WhoValue =
  | { kind: 'person'; personId: string }
  | { kind: 'member'; userId: string }
  | { kind: 'new'; name: string };

/** Reads the who field's option value (never throws; an empty value is no one). */
export function parseWho(value: string | null | undefined): WhoValue | undefined {
  if (!value) return undefined;
  if (value.startsWith(WHO_PREFIX.member)) {
    const userId = value.slice(WHO_PREFIX.member.length);
    return userId ? { kind: 'member', userId } : undefined;
  }
  if (value.startsWith(WHO_PREFIX.new)) return { kind: 'new', name: value.slice(WHO_PREFIX.new.length) };
  return { kind: 'person', personId: value };
}

export function whoValue(who: WhoChoice): string {
  switch (who.kind) {
    case 'person':
      return who.person.id;
    case 'member':
      return `${WHO_PREFIX.member}${who.userId}`;
    case 'new':
      return `${WHO_PREFIX.new}${who.name}`;
  }
}

/** Institution and role are asked only for someone who is not yet one of my people. */
export function whoNeedsDetails(who: WhoValue | WhoChoice | undefined): boolean {
  return who?.kind === 'member' || who?.kind === 'new';
}

/** What step one has been given so far, to draw it again (a new person brings two more fields). */
export interface StepOneDraft {
  metOn: string | null;
  duration: string | null;
  nextStepKind: string | null;
  nextStepDue: string | null;
  nextStepNote: string | null;
  institution: string | null;
  role: string | null;
}

/** What the log form opens with: the organiser's today, and a person or a record to edit. */
export interface LogForm {
  today: string;
  /** One of my people, chosen. */
  person?: PersonChoice;
  /** Someone not yet mine, chosen: a member of this Slack or a new name (institution and role follow). */
  who?: WhoChoice;
  /** Several of my people matched what was typed after `/onetoone`: named above the field. */
  matches?: { query: string; people: PersonChoice[] };
  /** Set when editing: the form is filled with it. */
  record?: OneToOneDetail;
  /** Redrawn after a choice in the who field: what had been entered (the record id stays in metadata). */
  draft?: StepOneDraft;
  editingId?: string;
  /**
   * Opened from a next-step nudge's "Log the follow-up": the note of the step being followed
   * up, as the organiser wrote it (theirs alone; the view escapes it).
   */
  followingUp?: { note: string };
}

/**
 * Who a command names: text to search my people by, or a Slack member @mentioned. Slack writes a
 * mention in command text as `<@U123|priya>` or `<@U123>` (with should_escape false, as the
 * manifest sets; https://api.slack.com/interactivity/slash-commands#creating_commands).
 */
export type PersonQuery =
  | { kind: 'text'; text: string }
  | { kind: 'member'; userId: string; label: string | null };

const MENTION = /^<@([UW][A-Z0-9]{2,20})(?:\|([^<>]{0,80}))?>$/;

/** Reads command text as a person: the whole text one mention, or else plain text. */
export function parsePersonQuery(text: string): PersonQuery {
  const trimmed = text.trim();
  const mention = MENTION.exec(trimmed);
  if (mention) return { kind: 'member', userId: mention[1]!, label: mention[2]?.trim() || null };
  // "@Priya" typed without choosing Slack's suggestion arrives as text: the name is the rest.
  return { kind: 'text', text: trimmed.replace(/^@(?=\S)/, '') };
}

/**
 * Whether the text after `/onetoone` (not a subcommand) names a person to log a one-to-one with:
 * a mention, or a name's worth of text with a letter in it and none of Slack's markup (so
 * `<!channel>` or pasted formatting gets the help, not a form).
 */
export function namesPerson(text: string): boolean {
  const q = parsePersonQuery(text);
  if (q.kind === 'member') return true;
  return q.text.length <= LIMITS.name && /\p{L}/u.test(q.text) && !/[<>*_~`|{}[\]\\=+#@]/.test(q.text);
}

/** A new one-to-one's next step falls due a week after today unless the organiser says otherwise. */
export const DEFAULT_NEXT_STEP_DAYS = 7;

export const LIMITS = {
  name: 80,
  institution: 100,
  role: 80,
  setting: 150,
  learned: SLACK_TEXT_INPUT_MAX,
  nextStepNote: 300,
  reflection: SLACK_TEXT_INPUT_MAX,
  durationMin: 5,
  durationMax: 240,
} as const;

/** 45–60 minutes is the practice; 45 is the default so a quick log takes one choice less. */
export const DEFAULT_DURATION = 45;
export const PRACTICE_MINUTES = { min: 45, max: 60 } as const;
export const DEFAULT_WEEKLY_GOAL = 5;
export const MAX_WEEKLY_GOAL = 100;

export const LISTENING_SHARES: readonly { value: ListeningShare; label: string }[] = [
  { value: 'third', label: 'About a third' },
  { value: 'half', label: 'About half' },
  { value: 'two_thirds', label: 'About two thirds' },
  { value: 'more', label: 'More than two thirds' },
];

export const CONTINUE_CHOICES: readonly { value: ContinueChoice; label: string }[] = [
  { value: 'yes', label: 'Yes' },
  { value: 'maybe', label: 'Maybe' },
  { value: 'no', label: 'No' },
];

export const NEXT_STEP_KINDS: readonly { value: NextStepKind; label: string; phrase: string }[] = [
  { value: 'meeting', label: 'Another meeting', phrase: 'another meeting' },
  {
    value: 'introduction',
    label: 'Introduction to their network',
    phrase: 'an introduction to their network',
  },
  { value: 'action', label: 'Involvement in an action', phrase: 'involvement in an action' },
  { value: 'none', label: 'None yet', phrase: 'no next step' },
];

export const DEPTHS: readonly { value: Depth; label: string }[] = [
  { value: 'surface', label: 'Surface' },
  { value: 'stories', label: 'Stories' },
  { value: 'self_interest', label: 'Self-interest' },
];

export function nextStepLabel(kind: NextStepKind): string {
  return NEXT_STEP_KINDS.find((k) => k.value === kind)?.label ?? kind;
}

export function nextStepPhrase(kind: NextStepKind): string {
  return NEXT_STEP_KINDS.find((k) => k.value === kind)?.phrase ?? kind;
}

const optionalText = (max: number, what: string) =>
  z
    .string()
    .nullish()
    .transform((v) => {
      const t = v?.trim();
      return t ? t : null;
    })
    .refine((v) => v === null || v.length <= max, {
      error: (issue) =>
        `${what} can be at most ${max} characters (this is ${String((issue.input as string).trim().length)}).`,
    });

const optionalEnum = <T extends string>(values: readonly { value: T }[], what: string) =>
  z
    .string()
    .nullish()
    .transform((v) => v || null)
    .refine((v) => v === null || values.some((o) => o.value === v), `Choose one of the listed ${what}.`)
    .transform((v) => v as T | null);

/** Raw values read from the log modal: strings or null, keyed by field. */
export interface RawLogInput {
  existingPerson?: string | null;
  slackMember?: string | null;
  newName?: string | null;
  institution?: string | null;
  role?: string | null;
  metOn?: string | null;
  duration?: string | null;
  setting?: string | null;
  needs?: string | null;
  meaning?: string | null;
  stories?: string | null;
  values?: string | null;
  mutual?: string | null;
  listening?: string | null;
  continue?: string | null;
  nextStepKind?: string | null;
  nextStepDue?: string | null;
  nextStepNote?: string | null;
  depth?: string | null;
}

export type LogField = keyof RawLogInput;

/** Step one's fields as read from the modal: `who` is the one field's option value. */
export interface RawStepOneInput {
  who?: string | null;
  /** The single form's "who" fields, still read from a modal opened before the upgrade. */
  slackMember?: string | null;
  newName?: string | null;
  institution?: string | null;
  role?: string | null;
  metOn?: string | null;
  duration?: string | null;
  nextStepKind?: string | null;
  nextStepDue?: string | null;
  nextStepNote?: string | null;
}

/** Step two's fields as read from the modal. */
export interface RawLearnedInput {
  setting?: string | null;
  needs?: string | null;
  meaning?: string | null;
  stories?: string | null;
  values?: string | null;
  mutual?: string | null;
  listening?: string | null;
  continue?: string | null;
  depth?: string | null;
}

export type StepOneField =
  | 'who'
  | 'institution'
  | 'role'
  | 'metOn'
  | 'duration'
  | 'nextStepKind'
  | 'nextStepDue'
  | 'nextStepNote';
export type LearnedField = keyof RawLearnedInput;

/** Who: one of my people, a Slack member or a new name, and (for someone new) where and what they do. */
const whoShape = {
  existingPerson: z
    .string()
    .nullish()
    .transform((v) => v || null),
  slackMember: z
    .string()
    .nullish()
    .transform((v) => v || null),
  newName: optionalText(LIMITS.name, 'A name'),
  institution: optionalText(LIMITS.institution, 'The institution or community'),
  role: optionalText(LIMITS.role, 'The role'),
};

function whenShape(today: string) {
  return {
    metOn: z
      .string()
      .nullish()
      .refine((v) => !!v, 'Say when you met.')
      .refine((v) => !v || isIsoDate(v), 'This is not a date.')
      .refine(
        (v) => !v || !isIsoDate(v) || v <= today,
        'A one-to-one you log has happened already: pick today or earlier.',
      )
      .transform((v) => v as string),
    duration: z
      .string()
      .nullish()
      .transform((v, ctx) => {
        if (v === null || v === undefined || v.trim() === '') return DEFAULT_DURATION;
        // Digits only: Number() would also take '1e2' or '0x2d' for a whole number of minutes.
        const n = /^\d{1,4}$/.test(v.trim()) ? Number(v.trim()) : Number.NaN;
        if (!Number.isInteger(n) || n < LIMITS.durationMin || n > LIMITS.durationMax) {
          ctx.addIssue({
            code: 'custom',
            message: `Give the length in whole minutes, from ${LIMITS.durationMin} to ${LIMITS.durationMax} (45–60 is the practice).`,
          });
          return z.NEVER;
        }
        return n;
      }),
  };
}

const nextStepShape = {
  // Slack asks for a choice (the field is required there); a payload without one is "none".
  nextStepKind: optionalEnum(NEXT_STEP_KINDS, 'next steps').transform((v) => v ?? 'none'),
  nextStepDue: z
    .string()
    .nullish()
    .transform((v) => v || null)
    .refine((v) => v === null || isIsoDate(v), 'This is not a date.'),
  nextStepNote: optionalText(LIMITS.nextStepNote, 'The note'),
};

const learnedShape = {
  setting: optionalText(LIMITS.setting, 'Where you met'),
  needs: optionalText(LIMITS.learned, 'Self-interest: needs'),
  meaning: optionalText(LIMITS.learned, 'Self-interest: what gives meaning'),
  stories: optionalText(LIMITS.learned, 'Their stories'),
  values: optionalText(LIMITS.learned, 'Their values'),
  mutual: optionalText(LIMITS.learned, 'Mutual interests'),
  listening: optionalEnum(LISTENING_SHARES, 'answers'),
  continue: optionalEnum(CONTINUE_CHOICES, 'answers'),
  depth: optionalEnum(DEPTHS, 'depths'),
};

type StepOneChecked = {
  existingPerson: string | null;
  slackMember: string | null;
  newName: string | null;
  metOn: unknown;
  nextStepKind: NextStepKind;
  nextStepDue: string | null;
  nextStepNote: string | null;
};

/** The checks across step one's fields: exactly one who, and a next step that fits its date and note. */
function checkStepOne(v: StepOneChecked, ctx: z.RefinementCtx): void {
  const chosen = [v.existingPerson, v.slackMember, v.newName].filter(Boolean).length;
  if (chosen === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['existingPerson'],
      message:
        'Who did you meet? Search your people or this Slack, or type a new name and choose “New person”.',
    });
  } else if (chosen > 1) {
    const path = v.existingPerson && v.slackMember ? 'slackMember' : 'newName';
    ctx.addIssue({
      code: 'custom',
      path: [path],
      message: 'You chose someone above already: choose one person, or clear the other.',
    });
  }
  if (v.nextStepKind === 'none' && v.nextStepNote) {
    ctx.addIssue({
      code: 'custom',
      path: ['nextStepKind'],
      message: 'Choose the next step this note belongs to (or clear the note).',
    });
  }
  if (
    v.nextStepKind !== 'none' &&
    typeof v.nextStepDue === 'string' &&
    isIsoDate(v.nextStepDue) &&
    typeof v.metOn === 'string' &&
    isIsoDate(v.metOn) &&
    daysBetween(v.metOn, v.nextStepDue) < 0
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['nextStepDue'],
      message: 'The next step is due after you met, not before.',
    });
  }
}

/**
 * A due date with "None yet" is dropped, not refused: the date picker opens a week ahead, so an
 * organiser who agreed no step has a date there they never chose.
 */
function withoutStrayDue<T extends { nextStepKind: NextStepKind; nextStepDue: string | null }>(v: T): T {
  return v.nextStepKind === 'none' ? { ...v, nextStepDue: null } : v;
}

// Object checks run even when a field failed (zod skips them after an aborting issue by
// default), so every bad field gets its error in one go; the checks only read plain strings.
const always = { when: () => true };

function logSchema(today: string) {
  return z
    .object({ ...whoShape, ...whenShape(today), ...nextStepShape, ...learnedShape })
    .superRefine(checkStepOne, always)
    .transform(withoutStrayDue);
}

function stepOneSchema(today: string) {
  return z
    .object({ ...whoShape, ...whenShape(today), ...nextStepShape })
    .superRefine(checkStepOne, always)
    .transform(withoutStrayDue);
}

const learnedSchema = z.object(learnedShape);

/** A whole record (both steps): what `logOneToOne` saves. */
export type LogInput = z.output<ReturnType<typeof logSchema>>;
/** Step one: who, when, how long, the next step. */
export type StepOneInput = z.output<ReturnType<typeof stepOneSchema>>;
/** Step two: what I learned. */
export type LearnedInput = z.output<typeof learnedSchema>;

export type ValidationResult<T, F extends string> =
  | { ok: true; value: T }
  | { ok: false; errors: Partial<Record<F, string>> };

function collect<F extends string>(error: z.ZodError): Partial<Record<F, string>> {
  const errors: Partial<Record<F, string>> = {};
  for (const issue of error.issues) {
    const field = issue.path[0] as F | undefined;
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return errors;
}

/**
 * Validates a whole record (both steps at once, as imports and direct callers give it); `today`
 * is the organiser's local date (nothing may be logged after it).
 */
export function validateLog(raw: RawLogInput, today: string): ValidationResult<LogInput, LogField> {
  const result = logSchema(today).safeParse(raw);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: collect<LogField>(result.error) };
}

/**
 * Validates step one. The who field's value is read into one of my people, a member or a new
 * name; every problem with who is reported on that one field.
 */
export function validateStepOne(
  raw: RawStepOneInput,
  today: string,
): ValidationResult<StepOneInput, StepOneField> {
  const who = parseWho(raw.who);
  const result = stepOneSchema(today).safeParse({
    ...raw,
    existingPerson: who?.kind === 'person' ? who.personId : null,
    slackMember: who?.kind === 'member' ? who.userId : (raw.slackMember ?? null),
    newName: who?.kind === 'new' ? who.name : (raw.newName ?? null),
  });
  if (result.success) return { ok: true, value: result.data };
  const errors: Partial<Record<StepOneField, string>> = {};
  for (const [field, message] of Object.entries(collect<string>(result.error))) {
    const key = (
      field === 'existingPerson' || field === 'slackMember' || field === 'newName' ? 'who' : field
    ) as StepOneField;
    errors[key] ??= message;
  }
  return { ok: false, errors };
}

/** Validates step two (every field optional). */
export function validateLearned(raw: RawLearnedInput): ValidationResult<LearnedInput, LearnedField> {
  const result = learnedSchema.safeParse(raw);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: collect<LearnedField>(result.error) };
}

export interface RawReflectionInput {
  motivations?: string | null;
  contribution?: string | null;
  differently?: string | null;
  depth?: string | null;
}
export type ReflectionField = keyof RawReflectionInput;

const reflectionSchema = z
  .object({
    motivations: optionalText(LIMITS.reflection, 'What you learned'),
    contribution: optionalText(LIMITS.reflection, 'How they might contribute'),
    differently: optionalText(LIMITS.reflection, 'What you would do differently'),
    depth: optionalEnum(DEPTHS, 'depths'),
  })
  .superRefine((v, ctx) => {
    if (!v.motivations && !v.contribution && !v.differently && !v.depth) {
      // On "what I would do differently": the one field every reflection form shows.
      ctx.addIssue({
        code: 'custom',
        path: ['differently'],
        message: 'Write a line: a reflection needs something in it.',
      });
    }
  });

export type ReflectionInput = z.output<typeof reflectionSchema>;

export function validateReflection(
  raw: RawReflectionInput,
): ValidationResult<ReflectionInput, ReflectionField> {
  const result = reflectionSchema.safeParse(raw);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: collect<ReflectionField>(result.error) };
}

/** Parses `/onetoone goal N`. */
export function parseGoal(text: string): { ok: true; goal: number } | { ok: false; message: string } {
  const n = /^\d{1,4}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_WEEKLY_GOAL) {
    return {
      ok: false,
      message: `Give your weekly goal as a whole number from 1 to ${MAX_WEEKLY_GOAL}, e.g. \`/onetoone goal 5\`.`,
    };
  }
  return { ok: true, goal: n };
}
