import { hash } from 'node:crypto';
import { type CsvEncoding, type CsvRecord, unguardCell } from './csv-import.js';
import { APOSTROPHE_LOOKALIKES, nameKey } from './keys.js';
import {
  CONTINUE_CHOICES,
  type ContinueChoice,
  DEFAULT_DURATION,
  DEPTHS,
  type Depth,
  LIMITS,
  LISTENING_SHARES,
  type ListeningShare,
  NEXT_STEP_KINDS,
  type NextStepKind,
} from './one-to-one.js';

/**
 * `/onetoone import`: from the records of one or more CSV files to a plan of what would be
 * created, and every row that cannot be used with its line and reason. Pure: the service matches
 * the plan against the database (who exists already) and stores it until the organiser says
 * Import.
 *
 * Columns are matched by a key that ignores case, spaces and punctuation ("Met on", "met_on",
 * "MET-ON" are one). Our own export's headers (src/views/export-csv.ts) are read as they are;
 * common tracker headers are mapped to the same fields; anything else is listed, not guessed.
 * Ids in a file (one_to_one_id, person_id) only link rows of the same import to each other: they
 * are never looked up in the database, so a crafted id reaches nobody's records.
 */

/** `campaign_work`: our export's house-meeting and campaign-notes files, read but not imported. */
export type FileKind = 'one_to_ones' | 'reflections' | 'people' | 'introductions' | 'campaign_work';

/** Kinds recognised as our own export's files but not imported (the summary says so). */
export const NOT_IMPORTED_KINDS: ReadonlySet<FileKind> = new Set(['introductions', 'campaign_work']);

/** What a column means. 'known' is a column we recognise and do not need (updated_at). */
export type ImportField =
  | 'oneToOneRef'
  | 'personRef'
  | 'name'
  | 'institution'
  | 'role'
  | 'slackUserId'
  | 'metOn'
  | 'duration'
  | 'setting'
  | 'needs'
  | 'meaning'
  | 'stories'
  | 'values'
  | 'mutual'
  | 'listening'
  | 'continue'
  | 'nextStepKind'
  | 'nextStep'
  | 'nextStepDue'
  | 'nextStepDone'
  | 'createdAt'
  | 'motivations'
  | 'contribution'
  | 'differently'
  | 'depth'
  | 'known';

/** A header's matching key: "Met on", "met_on" and "MET-ON" are all `meton`; accents dropped. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function table(entries: Partial<Record<ImportField, string[]>>): Map<string, ImportField> {
  const out = new Map<string, ImportField>();
  for (const [field, keys] of Object.entries(entries) as [ImportField, string[]][]) {
    for (const k of keys) out.set(k, field);
  }
  return out;
}

/** A one-to-one file: our export's columns first in each list, then common tracker headers. */
const ONE_TO_ONE_COLUMNS = table({
  oneToOneRef: ['onetooneid'],
  personRef: ['personid'],
  name: ['person', 'name', 'personname', 'fullname', 'contact', 'contactname', 'who', 'metwith'],
  institution: [
    'institution',
    'organisation',
    'organization',
    'org',
    'community',
    'affiliation',
    'institutionorcommunity',
    'organisationname',
    'organizationname',
  ],
  role: ['role', 'title', 'position', 'jobtitle'],
  slackUserId: ['slackuserid', 'slackid', 'slackmember'],
  metOn: ['meton', 'date', 'datemet', 'met', 'meetingdate', 'dateofmeeting', 'when', 'onetoonedate'],
  duration: ['durationminutes', 'minutes', 'duration', 'mins', 'length', 'lengthminutes', 'durationmins'],
  setting: ['setting', 'where', 'location', 'place', 'venue'],
  needs: ['selfinterestneeds', 'selfinterest', 'needs'],
  meaning: ['selfinterestmeaning', 'meaning'],
  stories: ['stories', 'story', 'notes', 'note', 'comments', 'comment', 'whatilearned', 'learned', 'learnt'],
  values: ['valuesmotivations', 'values', 'valuesandmotivations'],
  mutual: ['mutualinterests', 'mutualinterest', 'mutual'],
  listening: ['listeningshare', 'listening'],
  continue: ['continuerelationship', 'continue'],
  nextStepKind: ['nextstepkind', 'nextsteptype'],
  nextStep: ['nextstepnote', 'nextstep', 'nextsteps', 'followup', 'followups', 'action', 'todo'],
  nextStepDue: [
    'nextstepdueon',
    'due',
    'duedate',
    'dueon',
    'dueby',
    'nextstepdue',
    'followupdate',
    'followupby',
  ],
  nextStepDone: ['nextstepdoneat', 'done', 'doneon', 'completed', 'completedon', 'nextstepdone'],
  createdAt: ['createdat'],
  motivations: ['reflection', 'reflections', 'reflectionmotivations'],
  depth: ['depth'],
  known: ['updatedat'],
});

const REFLECTION_COLUMNS = table({
  oneToOneRef: ['onetooneid'],
  motivations: ['motivations'],
  contribution: ['contribution'],
  differently: ['differently'],
  depth: ['depth'],
  createdAt: ['createdat'],
  // Our reflections file repeats the one-to-one's date and person for a reader; the link is the id.
  known: ['meton', 'person', 'updatedat'],
});

/** The headers of `field` among the one-to-one file's. */
function keysFor(field: ImportField): string[] {
  return [...ONE_TO_ONE_COLUMNS].filter(([, f]) => f === field).map(([k]) => k);
}

const PEOPLE_COLUMNS = table({
  personRef: ['personid'],
  name: keysFor('name'),
  institution: keysFor('institution'),
  role: keysFor('role'),
  slackUserId: keysFor('slackUserId'),
  known: ['createdat', 'updatedat'],
});

/** Which kind of file a header row is, by the columns it has. */
export function fileKindOf(keys: readonly string[]): FileKind | undefined {
  const has = (k: string) => keys.includes(k);
  if (has('introductionid')) return 'introductions';
  // /onetoone export's house meetings, their people, and campaign notes (issue 11).
  if (has('housemeetingid') || (has('onetooneid') && has('campaign') && has('themes')))
    return 'campaign_work';
  if (
    has('onetooneid') &&
    !has('durationminutes') &&
    ['motivations', 'contribution', 'differently'].some(has)
  )
    return 'reflections';
  const named = keys.some((k) => ONE_TO_ONE_COLUMNS.get(k) === 'name');
  if (!named) return undefined;
  const dated = keys.some((k) => ONE_TO_ONE_COLUMNS.get(k) === 'metOn');
  return dated ? 'one_to_ones' : 'people';
}

/** Each column's field (undefined: unknown), and the headers listed as unknown or repeated. */
export function mapColumns(
  kind: FileKind,
  header: readonly string[],
): { fields: (ImportField | undefined)[]; unknown: string[] } {
  const columns =
    kind === 'reflections' ? REFLECTION_COLUMNS : kind === 'people' ? PEOPLE_COLUMNS : ONE_TO_ONE_COLUMNS;
  const seen = new Set<ImportField>();
  const unknown: string[] = [];
  const fields = header.map((h) => {
    const field = columns.get(headerKey(h));
    if (!field || (field !== 'known' && seen.has(field))) {
      // A second column for the same field (Notes and Comments) is listed rather than merged.
      if (h.trim() !== '') unknown.push(h.trim());
      return undefined;
    }
    seen.add(field);
    return field;
  });
  return { fields, unknown };
}

// ---- values ---------------------------------------------------------------------------------

export type DateOrder = 'dmy' | 'mdy';

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** 1–12 for a month's full English name or its three-letter abbreviation (and "Sept"). */
function monthOf(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  const i = MONTH_NAMES.findIndex(
    (m) => m === w || m.slice(0, 3) === w || (w === 'sept' && m === 'september'),
  );
  return i < 0 ? undefined : i + 1;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** YYYY-MM-DD when y-m-d is a real day (no Date objects: this runs for every row). */
function iso(y: number, m: number, d: number): string | undefined {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return undefined;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!)) return undefined;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

const NUMERIC_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/;

/**
 * A calendar date as trackers write it: 2025-03-04 (also with a time after it), 2025/03/04,
 * 04/03/2025 or 4.3.25 (day or month first, by `order`), 4 March 2025, March 4, 2025, and with
 * a weekday in front (Tue, 4 Mar 2025). Undefined when it is none of these or no real date.
 */
export function parseDate(value: string, order: DateOrder = 'dmy'): string | undefined {
  // A weekday in front ("Tue, 4 Mar 2025") says nothing the date does not.
  const v = value.trim().replace(/^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i, '');
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(v);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(v);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = NUMERIC_DATE.exec(v);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    return order === 'dmy' ? iso(y, b, a) : iso(y, a, b);
  }
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]+\.?)[\s,-]+(\d{4})$/.exec(v);
  if (m) {
    const month = monthOf(m[2]!);
    return month ? iso(Number(m[3]), month, Number(m[1])) : undefined;
  }
  m = /^([A-Za-z]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(v);
  if (m) {
    const month = monthOf(m[1]!);
    return month ? iso(Number(m[3]), month, Number(m[2])) : undefined;
  }
  return undefined;
}

/**
 * How a file writes 04/03/2025: day first unless some date of it can only be month first
 * (03/25/2025). `ambiguous`: dates like 04/03/2025 were read by that order, which the summary says.
 */
export function dateOrderOf(values: Iterable<string>): { order: DateOrder; ambiguous: boolean } {
  let dayFirst = false;
  let monthFirst = false;
  let ambiguous = false;
  for (const value of values) {
    const m = NUMERIC_DATE.exec(value.trim());
    if (!m) continue;
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) dayFirst = true;
    else if (b > 12 && a <= 12) monthFirst = true;
    else if (a <= 12 && b <= 12 && a !== b) ambiguous = true;
  }
  return { order: monthFirst && !dayFirst ? 'mdy' : 'dmy', ambiguous };
}

export type MinutesResult =
  | { ok: true; minutes: number }
  | { ok: false; code: 'bad_minutes' | 'minutes_out_of_range'; minutes?: number };

/** The forms a length is written in, each to whole minutes. */
const MINUTE_FORMS: readonly [RegExp, (m: RegExpExecArray) => number][] = [
  [/^(\d{1,5})(?:\.0+)?\s*(?:m|min|mins|minute|minutes)?$/, (m) => Number(m[1])],
  [
    /^(\d{1,3}(?:[.,]\d+)?)\s*(?:h|hr|hrs|hour|hours)$/,
    (m) => Math.round(Number(m[1]!.replace(',', '.')) * 60),
  ],
  [
    /^(\d{1,3})\s*h(?:rs?|ours?)?\s*(\d{1,2})\s*(?:m|min|mins|minutes?)?$/,
    (m) => Number(m[1]) * 60 + Number(m[2]),
  ],
  [/^(\d{1,3}):([0-5]\d)(?::00)?$/, (m) => Number(m[1]) * 60 + Number(m[2])],
];

function minutesOf(v: string): number | undefined {
  for (const [form, read] of MINUTE_FORMS) {
    const m = form.exec(v);
    if (m) return read(m);
  }
  return undefined;
}

/** 45, 45 min, 1h, 1.5 hours, 1h30, 0:45 or 0:45:00 (Excel's durations); empty is the log form's default. */
export function parseMinutes(value: string): MinutesResult {
  const v = value.trim().toLowerCase();
  const minutes = v === '' ? DEFAULT_DURATION : minutesOf(v);
  if (minutes === undefined) return { ok: false, code: 'bad_minutes' };
  if (minutes < LIMITS.durationMin || minutes > LIMITS.durationMax)
    return { ok: false, code: 'minutes_out_of_range', minutes };
  return { ok: true, minutes };
}

function choice<T extends string>(
  value: string,
  options: readonly { value: T; label: string }[],
  extra: Record<string, T> = {},
): T | null | undefined {
  const v = value.trim().toLowerCase();
  if (v === '') return null;
  const found = options.find((o) => o.value === v || o.label.toLowerCase() === v);
  return found?.value ?? extra[v];
}

/** A Slack member id as our people file has it, or as a mention (<@U123|name>); else undefined. */
export function parseSlackUserId(value: string): string | undefined {
  const m = /^<?@?([UW][A-Z0-9]{2,20})(?:\|[^>]*)?>?$/.exec(value.trim());
  return m?.[1];
}

const DONE_WORDS = new Set(['yes', 'y', 'true', 'done', 'x', '✓', '✔', '1', 'complete', 'completed']);
const NOT_DONE_WORDS = new Set(['no', 'n', 'false', '0', 'open', 'not yet', 'pending']);

/** The kind of a free-text next step, by its words; "none" words mean no next step. */
export function nextStepKindOf(text: string): NextStepKind {
  const t = text.toLowerCase();
  if (/^(none|no|n\/a|na|-|nothing)$/.test(t.trim())) return 'none';
  if (/introduc|connect (?:her|him|them)|put .* in touch/.test(t)) return 'introduction';
  if (/\b(action|event|rally|vote|turn ?out|campaign|assembly|hearing|petition|door ?knock)/.test(t))
    return 'action';
  return 'meeting';
}

// ---- rows -----------------------------------------------------------------------------------

/** The free-text fields an import can fill, with the log form's own limits. */
export const IMPORT_TEXT_LIMITS = {
  name: LIMITS.name,
  institution: LIMITS.institution,
  role: LIMITS.role,
  setting: LIMITS.setting,
  needs: LIMITS.learned,
  meaning: LIMITS.learned,
  stories: LIMITS.learned,
  values: LIMITS.learned,
  mutual: LIMITS.learned,
  nextStep: LIMITS.nextStepNote,
  motivations: LIMITS.reflection,
  contribution: LIMITS.reflection,
  differently: LIMITS.reflection,
} as const;

export type ImportTextField = keyof typeof IMPORT_TEXT_LIMITS;

/** Why a row cannot be used. Values echoed are cut short; long text is only measured. */
export type RowProblem =
  | { code: 'empty_name' }
  | { code: 'no_date' }
  | { code: 'bad_date'; field: 'metOn' | 'nextStepDue'; value: string }
  | { code: 'future_date'; value: string }
  | { code: 'bad_minutes'; value: string }
  | { code: 'minutes_out_of_range'; minutes: number }
  | { code: 'too_long'; field: ImportTextField; length: number; max: number }
  | { code: 'bad_choice'; field: 'listening' | 'continue' | 'nextStepKind' | 'depth'; value: string }
  | { code: 'due_before_met' }
  | { code: 'none_with_details' }
  | { code: 'bad_done'; value: string }
  | { code: 'repeat'; line: number; file: number }
  | { code: 'no_one_to_one' }
  | { code: 'one_to_one_unusable'; line: number };

export interface LineProblem {
  /** Index into the import's files. */
  file: number;
  line: number;
  problem: RowProblem;
}

export interface PlanPerson {
  name: string;
  nameKey: string;
  institution: string | null;
  institutionKey: string;
  role: string | null;
  slackUserId: string | null;
}

export interface PlanReflection {
  motivations: string | null;
  contribution: string | null;
  differently: string | null;
  depth: Depth | null;
  createdAt: string | null;
}

export interface PlanOneToOne {
  file: number;
  line: number;
  /** Index into the plan's people. */
  person: number;
  metOn: string;
  durationMinutes: number;
  setting: string | null;
  needs: string | null;
  meaning: string | null;
  stories: string | null;
  values: string | null;
  mutual: string | null;
  listening: ListeningShare | null;
  continue: ContinueChoice | null;
  nextStep: { kind: NextStepKind; dueOn: string | null; note: string | null; doneAt: string | null };
  createdAt: string;
  reflection: PlanReflection | null;
  /** oneToOneContentHash: what makes it the same one-to-one as another. */
  contentHash: string;
}

/** Why a whole file was not read. */
export type FileRefusal =
  | { code: 'not_csv' }
  | { code: 'too_large'; limit: number }
  | { code: 'download_failed' }
  | { code: 'empty' | 'utf16' | 'workbook' | 'binary' | 'not_text' }
  | { code: 'too_many_rows'; limit: number }
  | { code: 'too_many_columns'; limit: number }
  | { code: 'unclosed_quote'; line: number }
  | { code: 'no_name_column' };

export interface FileReport {
  name: string;
  kind: FileKind | null;
  encoding: CsvEncoding | null;
  /** Data rows read (the header not counted). */
  rows: number;
  unknownColumns: string[];
  refusal?: FileRefusal;
  dateOrder?: DateOrder;
  /** Some dates could be read either way and were read by dateOrder. */
  ambiguousDates?: boolean;
}

/** One file as read: its report, and its records (header first) when it could be read. */
export interface ReadFile {
  report: FileReport;
  records: CsvRecord[];
}

export interface ImportPlan {
  files: FileReport[];
  people: PlanPerson[];
  oneToOnes: PlanOneToOne[];
  problems: LineProblem[];
  /** Rows of files we recognise but do not import (introductions). */
  notImported: number;
}

/** The echo of a bad value in the summary: short, one line. */
function echo(value: string): string {
  const v = value.replace(/\s+/g, ' ').trim();
  return v.length > 40 ? `${v.slice(0, 39)}…` : v;
}

/** A row's cells by field; a short row's missing cells are empty. Formula guards undone. */
function rowOf(fields: (ImportField | undefined)[], cells: string[]): Partial<Record<ImportField, string>> {
  const out: Partial<Record<ImportField, string>> = {};
  fields.forEach((f, i) => {
    if (f && f !== 'known') out[f] = unguardCell(cells[i] ?? '');
  });
  return out;
}

/**
 * Thrown inside a row's reading and caught by the plan. Not an Error: a stack trace for each bad
 * row of a 20,000-row file is work nobody reads.
 */
class RowError {
  constructor(readonly problem: RowProblem) {}
}

/** Trimmed text or null; over its limit is a problem. Names and such are one line. */
function text(raw: string | undefined, field: ImportTextField, oneLine = false): string | null {
  let v = (raw ?? '').trim();
  if (oneLine) v = v.replace(/\s+/g, ' ');
  if (v === '') return null;
  const max = IMPORT_TEXT_LIMITS[field];
  if (v.length > max) throw new RowError({ code: 'too_long', field, length: v.length, max });
  return v;
}

function pick<T extends string>(
  raw: string | undefined,
  field: 'listening' | 'continue' | 'nextStepKind' | 'depth',
  options: readonly { value: T; label: string }[],
  extra?: Record<string, T>,
): T | null {
  const v = choice(raw ?? '', options, extra);
  if (v === undefined) throw new RowError({ code: 'bad_choice', field, value: echo(raw ?? '') });
  return v;
}

/** An instant as our export writes it (ISO-8601), not after `nowIso`; else undefined. */
function instant(raw: string | undefined, nowIso: string): string | undefined {
  const v = (raw ?? '').trim();
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v)) return undefined;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) return undefined;
  const s = new Date(ms).toISOString();
  return s > nowIso ? nowIso : s;
}

/** When an imported row was "logged": our export's created_at, else noon UTC of the day met. */
function loggedAt(raw: string | undefined, metOn: string, nowIso: string): string {
  const given = instant(raw, nowIso);
  if (given) return given;
  const noon = `${metOn}T12:00:00.000Z`;
  return noon > nowIso ? nowIso : noon;
}

function doneAt(raw: string | undefined, order: DateOrder, nowIso: string): string | null {
  const v = (raw ?? '').trim();
  if (v === '' || NOT_DONE_WORDS.has(v.toLowerCase())) return null;
  const at = instant(v, nowIso);
  if (at) return at;
  const date = parseDate(v, order);
  if (date) return loggedAt(undefined, date, nowIso);
  if (DONE_WORDS.has(v.toLowerCase())) return nowIso;
  throw new RowError({ code: 'bad_done', value: echo(v) });
}

interface PersonFields {
  name: string;
  institution: string | null;
  role: string | null;
  slackUserId: string | null;
}

function personFields(r: Partial<Record<ImportField, string>>): PersonFields {
  const name = text(r.name, 'name', true);
  if (!name) throw new RowError({ code: 'empty_name' });
  return {
    name,
    institution: text(r.institution, 'institution', true),
    role: text(r.role, 'role', true),
    slackUserId: parseSlackUserId(r.slackUserId ?? '') ?? null,
  };
}

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

/**
 * nameKey, remembered for one plan (a tracker names the same people and institutions row after
 * row); dropped with the plan, so no name outlives the request.
 */
function memoNameKey(): (name: string) => string {
  const keys = new Map<string, string>();
  return (name) => {
    let key = keys.get(name);
    if (key === undefined) {
      key = nameKey(name);
      keys.set(name, key);
    }
    return key;
  };
}

const LOOKALIKE = new RegExp(APOSTROPHE_LOOKALIKES.join('|'), 'g');

/**
 * What an import matches a name key by (src/domain/keys.ts nameKey: case, width, spacing), with
 * every apostrophe look-alike read as `'`. Matching only: display names and the keys stored
 * stay as they were written, so the rest of the app finds them as before.
 */
export function matchKey(key: string): string {
  return key.replace(LOOKALIKE, "'");
}

/** The plan's people: one per identity (a Slack member, or a name at an institution). */
class People {
  readonly list: PlanPerson[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly bySlack = new Map<string, number>();
  /** An institution's key as first written in the files, by its match key (one institution, one key). */
  private readonly institutionKeys = new Map<string, string>();
  constructor(private readonly keyOf: (name: string) => string) {}

  institutionKeyOf(institution: string | null): string {
    if (!institution) return '';
    const written = this.keyOf(institution);
    const match = matchKey(written);
    const first = this.institutionKeys.get(match);
    if (first !== undefined) return first;
    this.institutionKeys.set(match, written);
    return written;
  }

  add(p: PersonFields): number {
    const nk = this.keyOf(p.name);
    const ik = this.institutionKeyOf(p.institution);
    const key = `${matchKey(nk)}\u0000${matchKey(ik)}`;
    const found = p.slackUserId ? this.bySlack.get(p.slackUserId) : undefined;
    const same = found ?? this.byKey.get(key);
    if (same !== undefined) {
      const existing = this.list[same]!;
      // Two Slack members who share a name stay two people; otherwise it is one person.
      if (!(p.slackUserId && existing.slackUserId && p.slackUserId !== existing.slackUserId)) {
        existing.role ??= p.role;
        existing.slackUserId ??= p.slackUserId;
        if (p.slackUserId) this.bySlack.set(p.slackUserId, same);
        return same;
      }
    }
    const index = this.list.length;
    this.list.push({
      name: p.name,
      nameKey: nk,
      institution: p.institution,
      institutionKey: ik,
      role: p.role,
      slackUserId: p.slackUserId,
    });
    if (!this.byKey.has(key)) this.byKey.set(key, index);
    if (p.slackUserId) this.bySlack.set(p.slackUserId, index);
    return index;
  }
}

/**
 * The content of a one-to-one that makes it the same one-to-one: who, when, how long and what was
 * written, as a SHA-256 (hex). Importing a row whose content is already there adds nothing
 * (src/services/import.ts stores a key made from it with the row, in source_view_id).
 */
export function oneToOneContentHash(o: Omit<PlanOneToOne, 'contentHash'>, person: PlanPerson): string {
  const content = JSON.stringify([
    // Match keys: the same row with St Mary’s or St Mary's is the same one-to-one.
    matchKey(person.nameKey),
    matchKey(person.institutionKey),
    o.metOn,
    o.durationMinutes,
    o.setting,
    o.needs,
    o.meaning,
    o.stories,
    o.values,
    o.mutual,
    o.listening,
    o.continue,
    o.nextStep.kind,
    o.nextStep.dueOn,
    o.nextStep.note,
  ]);
  return hash('sha256', content, 'hex');
}

/** The idempotency key stored with an imported one-to-one (one_to_ones.source_view_id). */
export function importRowKey(teamId: string, organiserId: string, contentHash: string): string {
  return `import:${hash('sha256', `${teamId}\u0000${organiserId}\u0000${contentHash}`, 'hex')}`;
}

/**
 * The plan for a set of files already read (src/domain/csv-import.ts). `today` is the organiser's
 * local date (a one-to-one cannot be after it), `nowIso` the import's instant.
 */
export function buildImportPlan(files: ReadFile[], today: string, nowIso: string): ImportPlan {
  const keyOf = memoNameKey();
  const people = new People(keyOf);
  const problems: LineProblem[] = [];
  const oneToOnes: PlanOneToOne[] = [];
  const seen = new Map<string, { file: number; line: number }>();
  let notImported = 0;
  // Links inside this import only (see the note at the top): file id → plan index.
  const personByRef = new Map<string, number>();
  const oneToOneByRef = new Map<string, number>();
  const unusableByRef = new Map<string, number>();

  const fail = (file: number, line: number, problem: RowProblem) => problems.push({ file, line, problem });

  // People files first, so one-to-ones can link to them by person_id.
  const order = files.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f.report.kind) - rank(b.f.report.kind));

  for (const { f, i: fileIndex } of order) {
    const kind = f.report.kind;
    if (!kind || f.records.length === 0) continue;
    const header = f.records[0]!.cells;
    const { fields } = mapColumns(kind, header);
    const rows = f.records.slice(1).filter((r) => !isBlank(r.cells));
    if (NOT_IMPORTED_KINDS.has(kind)) {
      notImported += rows.length;
      continue;
    }
    const col = (field: ImportField) => fields.indexOf(field);
    const dateValues = function* (field: ImportField) {
      const c = col(field);
      if (c >= 0) for (const r of rows) yield r.cells[c] ?? '';
    };
    const dates = dateOrderOf([
      ...dateValues('metOn'),
      ...dateValues('nextStepDue'),
      ...dateValues('nextStepDone'),
    ]);
    if (kind === 'one_to_ones') {
      f.report.dateOrder = dates.order;
      f.report.ambiguousDates = dates.ambiguous;
    }

    for (const record of rows) {
      const r = rowOf(fields, record.cells);
      try {
        if (kind === 'people') {
          const index = people.add(personFields(r));
          const ref = r.personRef?.trim();
          if (ref) personByRef.set(ref, index);
          continue;
        }
        if (kind === 'reflections') {
          const ref = r.oneToOneRef?.trim() ?? '';
          const reflection: PlanReflection = {
            motivations: text(r.motivations, 'motivations'),
            contribution: text(r.contribution, 'contribution'),
            differently: text(r.differently, 'differently'),
            depth: pick(r.depth, 'depth', DEPTHS),
            createdAt: instant(r.createdAt, nowIso) ?? null,
          };
          if (
            !reflection.motivations &&
            !reflection.contribution &&
            !reflection.differently &&
            !reflection.depth
          )
            continue;
          const target = oneToOneByRef.get(ref);
          if (target === undefined) {
            const unusable = unusableByRef.get(ref);
            throw new RowError(
              unusable === undefined
                ? { code: 'no_one_to_one' }
                : { code: 'one_to_one_unusable', line: unusable },
            );
          }
          oneToOnes[target]!.reflection = reflection;
          continue;
        }
        oneToOnes.push(oneToOneRow(r, fileIndex, record.line, dates.order));
      } catch (error) {
        if (!(error instanceof RowError)) throw error;
        if (kind === 'one_to_ones') {
          const ref = r.oneToOneRef?.trim();
          if (ref) unusableByRef.set(ref, record.line);
        }
        fail(fileIndex, record.line, error.problem);
      }
    }
  }

  function oneToOneRow(
    r: Partial<Record<ImportField, string>>,
    file: number,
    line: number,
    dateOrder: DateOrder,
  ): PlanOneToOne {
    const who = personFields(r);
    const metRaw = (r.metOn ?? '').trim();
    if (metRaw === '') throw new RowError({ code: 'no_date' });
    const metOn = parseDate(metRaw, dateOrder);
    if (!metOn) throw new RowError({ code: 'bad_date', field: 'metOn', value: echo(metRaw) });
    if (metOn > today) throw new RowError({ code: 'future_date', value: metOn });
    const minutes = parseMinutes(r.duration ?? '');
    if (!minutes.ok) {
      throw new RowError(
        minutes.code === 'bad_minutes'
          ? { code: 'bad_minutes', value: echo(r.duration ?? '') }
          : { code: 'minutes_out_of_range', minutes: minutes.minutes! },
      );
    }
    const setting = text(r.setting, 'setting', true);
    const needs = text(r.needs, 'needs');
    const meaning = text(r.meaning, 'meaning');
    const stories = text(r.stories, 'stories');
    const values = text(r.values, 'values');
    const mutual = text(r.mutual, 'mutual');
    const listening = pick(r.listening, 'listening', LISTENING_SHARES);
    const cont = pick(r.continue, 'continue', CONTINUE_CHOICES, { y: 'yes', n: 'no' });
    const explicitKind = pick(r.nextStepKind, 'nextStepKind', NEXT_STEP_KINDS);
    const noteRaw = text(r.nextStep, 'nextStep');
    const dueRaw = (r.nextStepDue ?? '').trim();
    const dueOn = dueRaw === '' ? null : parseDate(dueRaw, dateOrder);
    if (dueOn === undefined)
      throw new RowError({ code: 'bad_date', field: 'nextStepDue', value: echo(dueRaw) });
    let kind: NextStepKind;
    let note = noteRaw;
    if (explicitKind) kind = explicitKind;
    else if (noteRaw) {
      // A tracker's "Next step" column: one of our kinds by name, or free text (kept as the note).
      const named = choice(noteRaw, NEXT_STEP_KINDS);
      kind = named ?? nextStepKindOf(noteRaw);
      if (named || kind === 'none') note = null;
    } else kind = dueOn ? 'meeting' : 'none';
    if (kind === 'none' && (dueOn || note)) throw new RowError({ code: 'none_with_details' });
    if (dueOn && dueOn < metOn) throw new RowError({ code: 'due_before_met' });
    const done = kind === 'none' ? null : doneAt(r.nextStepDone, dateOrder, nowIso);
    const reflectionText = text(r.motivations, 'motivations');
    const depth = pick(r.depth, 'depth', DEPTHS);

    const o: Omit<PlanOneToOne, 'contentHash'> = {
      file,
      line,
      person: -1,
      metOn,
      durationMinutes: minutes.minutes,
      setting,
      needs,
      meaning,
      stories,
      values,
      mutual,
      listening,
      continue: cont,
      nextStep: { kind, dueOn, note, doneAt: done },
      createdAt: loggedAt(r.createdAt, metOn, nowIso),
      reflection:
        reflectionText || depth
          ? { motivations: reflectionText, contribution: null, differently: null, depth, createdAt: null }
          : null,
    };
    const ref = r.personRef?.trim();
    const linked = ref ? personByRef.get(ref) : undefined;
    const candidate: PlanPerson = {
      ...who,
      nameKey: keyOf(who.name),
      institutionKey: people.institutionKeyOf(who.institution),
    };
    // The same row twice (in one file or across files) is one one-to-one.
    const contentHash = oneToOneContentHash(o, linked === undefined ? candidate : people.list[linked]!);
    const first = seen.get(contentHash);
    if (first) throw new RowError({ code: 'repeat', line: first.line, file: first.file });
    seen.set(contentHash, { file, line });
    const oneToOneRef = r.oneToOneRef?.trim();
    if (oneToOneRef) oneToOneByRef.set(oneToOneRef, oneToOnes.length);
    return { ...o, person: linked ?? people.add(who), contentHash };
  }

  problems.sort((a, b) => a.file - b.file || a.line - b.line);
  return { files: files.map((f) => f.report), people: people.list, oneToOnes, problems, notImported };
}

function rank(kind: FileKind | null): number {
  return kind === 'people' ? 0 : kind === 'one_to_ones' ? 1 : kind === 'reflections' ? 2 : 3;
}

/** What the dry run tells the organiser (the import's summary DM), in app terms. */
export interface ImportCounts {
  people: number;
  institutions: number;
  oneToOnes: number;
  reflections: number;
  nextSteps: number;
}

export interface ImportSummary {
  /** The pending import the buttons act on; null when there is nothing to import. */
  importId: string | null;
  expiresAt: string | null;
  files: FileReport[];
  create: ImportCounts;
  /** One-to-ones in the files that are recorded already (imported before, or logged). */
  alreadyThere: number;
  /** Existing people the files' people were matched with, and how. */
  merged: { name: string; institution: string | null; via: 'slack' | 'name' }[];
  problems: { fileName: string; line: number; problem: RowProblem }[];
  /** Rows of files read but not imported (introductions). */
  notImported: number;
}

export type ImportOutcome =
  | { kind: 'applied'; created: ImportCounts; alreadyThere: number }
  | { kind: 'cancelled' }
  /** Not found, or not the actor's: the same answer either way. */
  | { kind: 'gone' }
  | { kind: 'finished'; status: 'applied' | 'cancelled' | 'expired' };
