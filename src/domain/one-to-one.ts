import { z } from 'zod';
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

/** The whole record, for its author: what the edit form is filled with. */
export interface OneToOneDetail extends Omit<OneToOneSummary, 'nextStep' | 'reflected'> {
  setting: string | null;
  needs: string | null;
  meaning: string | null;
  stories: string | null;
  values: string | null;
  mutual: string | null;
  listening: ListeningShare | null;
  continue: ContinueChoice | null;
  nextStep: { kind: NextStepKind; dueOn: string | null; note: string | null; done: boolean };
}

/** A page of my one-to-ones (`/onetoone list`). */
export interface OneToOnePage {
  items: OneToOneSummary[];
  page: number;
  hasMore: boolean;
  query: string;
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
}

/** What the log form opens with: the organiser's today, and a person or a record to edit. */
export interface LogForm {
  today: string;
  person?: PersonChoice;
  /** Set when editing: the form is filled with it. */
  record?: OneToOneDetail;
}

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
  { value: 'none', label: 'None', phrase: 'no next step' },
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
}

export type LogField = keyof RawLogInput;

function logSchema(today: string) {
  return z
    .object({
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
      setting: optionalText(LIMITS.setting, 'Where you met'),
      needs: optionalText(LIMITS.learned, 'Self-interest: needs'),
      meaning: optionalText(LIMITS.learned, 'Self-interest: what gives meaning'),
      stories: optionalText(LIMITS.learned, 'Their stories'),
      values: optionalText(LIMITS.learned, 'Values and motivations'),
      mutual: optionalText(LIMITS.learned, 'Mutual interests'),
      listening: optionalEnum(LISTENING_SHARES, 'answers'),
      continue: optionalEnum(CONTINUE_CHOICES, 'answers'),
      nextStepKind: optionalEnum(NEXT_STEP_KINDS, 'next steps').transform((v) => v ?? 'none'),
      nextStepDue: z
        .string()
        .nullish()
        .transform((v) => v || null)
        .refine((v) => v === null || isIsoDate(v), 'This is not a date.'),
      nextStepNote: optionalText(LIMITS.nextStepNote, 'The note'),
    })
    .superRefine(
      (v, ctx) => {
        const chosen = [v.existingPerson, v.slackMember, v.newName].filter(Boolean).length;
        if (chosen === 0) {
          ctx.addIssue({
            code: 'custom',
            path: ['existingPerson'],
            message:
              'Who did you meet? Choose someone you have met before, a Slack member, or type a new name below.',
          });
        } else if (chosen > 1) {
          const path = v.existingPerson && v.slackMember ? 'slackMember' : 'newName';
          ctx.addIssue({
            code: 'custom',
            path: [path],
            message: 'You chose someone above already: choose one person, or clear the other.',
          });
        }
        if (v.nextStepKind === 'none' && (v.nextStepDue || v.nextStepNote)) {
          ctx.addIssue({
            code: 'custom',
            path: ['nextStepKind'],
            message: 'Choose the next step this due date or note belongs to (or clear them).',
          });
        }
        if (
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
      },
      // Run even when a field failed (zod skips object checks after an aborting issue by default),
      // so every bad field gets its error in one go; the checks above only read plain strings.
      { when: () => true },
    );
}

export type LogInput = z.output<ReturnType<typeof logSchema>>;

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

/** Validates a log submission; `today` is the organiser's local date (nothing may be logged after it). */
export function validateLog(raw: RawLogInput, today: string): ValidationResult<LogInput, LogField> {
  const result = logSchema(today).safeParse(raw);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: collect<LogField>(result.error) };
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
      ctx.addIssue({
        code: 'custom',
        path: ['motivations'],
        message: 'Write a line or choose how deep you went: a reflection needs something in it.',
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
