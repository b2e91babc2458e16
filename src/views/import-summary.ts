import type { KnownBlock } from '@slack/types';
import { IMPORT_MAX_BYTES, IMPORT_MAX_FILES } from '../domain/csv-import.js';
import type {
  FileRefusal,
  FileReport,
  ImportCounts,
  ImportOutcome,
  ImportSummary,
  ImportTextField,
  RowProblem,
} from '../domain/import-plan.js';
import { LIMITS } from '../domain/one-to-one.js';
import { IMPORT_ACTION } from '../interaction-ids.js';
import {
  BLOCK_KIT,
  context,
  header,
  type Message,
  plain,
  section,
  truncate,
  userPlainText,
  userText,
} from './block-kit.js';
import { notice, personLabel } from './messages.js';

/**
 * The import's messages, all to the organiser alone (their DM): the dry run's summary with
 * Import / Cancel, and what came of it. Names, file names, column names and values echoed from
 * the file are the organiser's own text and go through userText. Long lists are cut to fit a
 * section (3,000 characters) and end with "and N more"; the message stays under 50 blocks.
 */

const MB = Math.round(IMPORT_MAX_BYTES / (1024 * 1024));
/** Room left in a section for a list, after its heading. */
const LIST_CHARS = BLOCK_KIT.sectionText - 200;
const MAX_MERGED = 20;
const MAX_PROBLEMS = 40;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** A line of a list is cut to this (a name or file name far longer than anyone's). */
const LINE_MAX = 400;

/**
 * Bullet lines up to `max` items and the section's length, then "and N more". Only the lines
 * shown are rendered: a list of 20,000 unusable rows costs 40 lines of work.
 */
export function boundedList<T>(
  items: readonly T[],
  max: number,
  render: (item: T) => string = String,
  chars = LIST_CHARS,
): string {
  const out: string[] = [];
  let used = 0;
  for (const item of items) {
    if (out.length >= max) break;
    const line = truncate(render(item), LINE_MAX);
    if (used + line.length + 1 > chars - 40) break;
    out.push(line);
    used += line.length + 1;
  }
  const rest = items.length - out.length;
  if (rest > 0) out.push(`…and ${rest.toLocaleString('en-GB')} more`);
  return out.join('\n');
}

/** A name from a file, cut before it is escaped (so no entity is cut in half). */
const NAME_MAX = 120;
const name = (text: string) => userText(truncate(text, NAME_MAX));

const KIND: Record<NonNullable<FileReport['kind']>, string> = {
  one_to_ones: 'one-to-ones',
  reflections: 'reflections',
  people: 'people',
  introductions: 'introductions (not imported: log them with `/onetoone introduce`)',
  campaign_work:
    'house meetings or campaign notes (not imported: log them with `/onetoone house-meeting` or the log form)',
};

const ENCODING: Record<NonNullable<FileReport['encoding']>, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8',
  'windows-1252': 'Windows-1252',
};

export function fileRefusalText(r: FileRefusal): string {
  switch (r.code) {
    case 'not_csv':
      return 'not a CSV file. In your spreadsheet choose File → Save as (or Download) → CSV, and send me that.';
    case 'too_large':
      return `larger than ${MB} MB, the most I read in one file. Split it into smaller files.`;
    case 'download_failed':
      return 'I could not download it from Slack. Please try again in a minute.';
    case 'empty':
      return 'empty.';
    case 'utf16':
      return 'saved as UTF-16 (“Unicode text”), which I do not read. Save it as “CSV UTF-8” instead.';
    case 'workbook':
      return 'a spreadsheet workbook (Excel or LibreOffice), not CSV. Save it as “CSV UTF-8” and send me that.';
    case 'binary':
    case 'not_text':
      return 'not text in UTF-8 or Windows-1252, the encodings I read. Save it as “CSV UTF-8”.';
    case 'too_many_rows':
      return `more than ${r.limit.toLocaleString('en-GB')} rows: I read at most ${r.limit.toLocaleString('en-GB')} rows per file. Split it into smaller files.`;
    case 'too_many_columns':
      return `more than ${r.limit} columns, more than I read.`;
    case 'unclosed_quote':
      return `a quoted cell that starts on line ${r.line} never ends (a " is missing), so I cannot tell where the rows are.`;
    case 'no_name_column':
      return 'no column with the person’s name: I look for a header such as *Name* or *Person*.';
  }
}

const FIELD: Record<ImportTextField, string> = {
  name: 'The name',
  institution: 'The institution',
  role: 'The role',
  setting: 'Where you met',
  needs: 'Self-interest: needs',
  meaning: 'What gives meaning',
  stories: 'The notes (their stories)',
  values: 'Values and motivations',
  mutual: 'Mutual interests',
  nextStep: 'The next step',
  motivations: 'The reflection',
  contribution: 'How they might contribute',
  differently: 'What you would do differently',
};

const CHOICE: Record<'listening' | 'continue' | 'nextStepKind' | 'depth', string> = {
  listening: 'Listening share',
  continue: 'Continue',
  nextStepKind: 'Next step kind',
  depth: 'Depth',
};

const quoted = (v: string) => `“${userText(v)}”`;

export function rowProblemText(p: RowProblem, fileName?: (index: number) => string): string {
  switch (p.code) {
    case 'empty_name':
      return 'no name';
    case 'no_date':
      return 'no date';
    case 'bad_date':
      return `${p.field === 'metOn' ? 'the date' : 'the due date'} ${quoted(p.value)} is not a date I can read (write it like 2025-03-14)`;
    case 'future_date':
      return `the date ${p.value} is after today: a one-to-one you record has happened already`;
    case 'bad_minutes':
      return `${quoted(p.value)} is not a number of minutes`;
    case 'minutes_out_of_range':
      return `${p.minutes} minutes is outside ${LIMITS.durationMin}–${LIMITS.durationMax}`;
    case 'too_long':
      return `${FIELD[p.field]} is ${p.length.toLocaleString('en-GB')} characters (at most ${p.max.toLocaleString('en-GB')})`;
    case 'bad_choice':
      return `${CHOICE[p.field]} ${quoted(p.value)} is not one of the form’s choices`;
    case 'due_before_met':
      return 'the next step is due before the meeting';
    case 'none_with_details':
      return 'the next step is “none” but has a due date or a note';
    case 'bad_done':
      return `${quoted(p.value)} is not a date or yes/no for “done”`;
    case 'repeat':
      return `the same one-to-one as line ${p.line}${fileName ? ` of ${name(fileName(p.file))}` : ''}`;
    case 'no_one_to_one':
      return 'its one-to-one (one_to_one_id) is not in the files you sent';
    case 'one_to_one_unusable':
      return `its one-to-one (line ${p.line}) cannot be used`;
  }
}

function fileLine(f: FileReport): string {
  const label = `*${name(f.name)}*`;
  if (f.refusal) return `• ${label}: ${fileRefusalText(f.refusal)}`;
  const kind = f.kind ? KIND[f.kind] : 'unknown';
  const encoding = f.encoding ? `, ${ENCODING[f.encoding]}` : '';
  let line = `• ${label}: ${plural(f.rows, 'row')} of ${kind}${encoding}`;
  if (f.ambiguousDates) {
    line +=
      f.dateOrder === 'mdy'
        ? '. Dates like 04/03/2025 were read month first (3 April 2025)'
        : '. Dates like 04/03/2025 were read day first (4 March 2025)';
  }
  return line;
}

function countsLines(c: ImportCounts): string[] {
  return [
    `• ${plural(c.people, 'new person', 'new people')}`,
    `• ${plural(c.institutions, 'new institution')}`,
    `• ${plural(c.oneToOnes, 'one-to-one')}, ${plural(c.nextSteps, 'with a next step', 'with a next step')}`,
    `• ${plural(c.reflections, 'reflection')}`,
  ];
}

/** The dry run's summary: what would be created and merged, every row that cannot be used, and the buttons. */
export function importSummaryMessage(s: ImportSummary): Message {
  const blocks: KnownBlock[] = [];
  const work = s.importId !== null;
  blocks.push(header(work ? 'Import: what would happen' : 'Import: nothing to add'));
  blocks.push(section(`*Files*\n${boundedList(s.files, IMPORT_MAX_FILES + 1, fileLine)}`));
  if (work) {
    blocks.push(section(`*Would create*\n${countsLines(s.create).join('\n')}`));
  }
  if (s.alreadyThere > 0) {
    blocks.push(
      section(
        `*Already there:* ${plural(s.alreadyThere, 'one-to-one')} you have recorded before (imported or logged): skipped.`,
      ),
    );
  }
  if (s.merged.length > 0) {
    const line = (m: ImportSummary['merged'][number]) =>
      `• ${name(personLabel(m.name, m.institution))}: ${m.via === 'slack' ? 'the same Slack member' : 'same name and institution'}`;
    blocks.push(
      section(
        `*Merged with people you have* (${s.merged.length.toLocaleString('en-GB')})\n${boundedList(s.merged, MAX_MERGED, line)}`,
      ),
    );
  }
  if (s.problems.length > 0) {
    const several = s.files.length > 1;
    const names = s.files.map((f) => f.name);
    const line = (p: ImportSummary['problems'][number]) =>
      `• ${several ? `${name(p.fileName)} ` : ''}line ${p.line}: ${rowProblemText(p.problem, (i) => names[i] ?? '')}`;
    blocks.push(
      section(
        `*Rows I can’t use* (${s.problems.length.toLocaleString('en-GB')}, not imported)\n${boundedList(s.problems, MAX_PROBLEMS, line)}`,
      ),
    );
  }
  const unknown = s.files.filter((f) => f.unknownColumns.length > 0);
  if (unknown.length > 0) {
    const line = (f: FileReport) =>
      `• ${s.files.length > 1 ? `${name(f.name)}: ` : ''}${f.unknownColumns
        .slice(0, 20)
        .map((c) => `“${userText(truncate(c, 40))}”`)
        .join(', ')}${f.unknownColumns.length > 20 ? ` and ${f.unknownColumns.length - 20} more` : ''}`;
    blocks.push(
      section(`*Columns I don’t know* (not imported)\n${boundedList(unknown, IMPORT_MAX_FILES, line)}`),
    );
  }
  if (s.notImported > 0) {
    blocks.push(context(`${plural(s.notImported, 'introduction')} in the files are not imported.`));
  }
  if (work) {
    blocks.push(
      context(
        'Nothing is saved yet. *Import* adds all of the above in one go, to your own records only (notes stay private to you); importing the same file again adds nothing new. This summary expires in 24 hours.',
      ),
    );
    blocks.push({
      type: 'actions',
      block_id: 'import_actions',
      elements: [
        {
          type: 'button',
          action_id: IMPORT_ACTION.apply,
          style: 'primary',
          text: plain('Import', BLOCK_KIT.buttonText),
          value: s.importId!,
        },
        {
          type: 'button',
          action_id: IMPORT_ACTION.cancel,
          text: plain('Cancel', BLOCK_KIT.buttonText),
          value: s.importId!,
        },
      ],
    });
  } else {
    blocks.push(
      context(
        s.files.every((f) => f.refusal)
          ? 'Nothing was read, so nothing is saved.'
          : 'Everything usable in these files is recorded already, so there is nothing to import.',
      ),
    );
  }
  const text = work
    ? `Import: ${plural(s.create.oneToOnes, 'one-to-one')} and ${plural(s.create.people, 'new person', 'new people')} would be added. Press Import to save them.`
    : 'Import: nothing to add.';
  return { text, blocks };
}

export function importOutcomeMessage(o: ImportOutcome): Message {
  switch (o.kind) {
    case 'applied': {
      const c = o.created;
      const skipped =
        o.alreadyThere > 0 ? ` ${plural(o.alreadyThere, 'one-to-one')} already there were skipped.` : '';
      return notice(
        `:white_check_mark: Imported: ${plural(c.people, 'new person', 'new people')}, ${plural(c.institutions, 'new institution')}, ${plural(c.oneToOnes, 'one-to-one')} (${plural(c.nextSteps, 'next step')}) and ${plural(c.reflections, 'reflection')}.${skipped} \`/onetoone list\` shows them.`,
      );
    }
    case 'cancelled':
      return notice('Import cancelled: nothing was saved.');
    case 'gone':
      return notice('Sorry, I can’t find that import among yours.');
    case 'finished':
      switch (o.status) {
        case 'applied':
          return notice('This import is done already: nothing more was added.');
        case 'cancelled':
          return notice('This import was cancelled: nothing was saved. Send the file again to start over.');
        case 'expired':
          return notice(
            'This import expired (a summary is kept 24 hours). Send the file again to start over.',
          );
      }
  }
}

export function importTooManyFilesNotice(limit: number): Message {
  return notice(`I read at most ${limit} files at a time: please send them in smaller groups.`);
}

export function importFailedNotice(): Message {
  return notice(
    'Sorry, I could not read your file just now. Please try `/onetoone import` again in a minute.',
  );
}

/** Import failed inside its transaction (a database error): nothing was saved; the summary stays. */
export function importApplyFailedNotice(): Message {
  return notice(
    'Sorry, something went wrong while importing, so *nothing was saved*. Your summary is still there: press *Import* again in a minute.',
  );
}

export function importStartedNotice(): Message {
  return notice(':inbox_tray: Reading your file: the summary will arrive in your DM with me in a moment.');
}

/** The modal's field error when the chosen files cannot be read (response_action: errors). */
export function importFieldError(
  check:
    | { code: 'no_files' }
    | { code: 'too_many_files'; limit: number }
    | { code: 'not_csv' | 'too_large'; name: string },
): string {
  switch (check.code) {
    case 'no_files':
      return 'Choose a CSV file.';
    case 'too_many_files':
      return `Choose at most ${check.limit} files at a time.`;
    case 'not_csv':
      return `${truncate(userPlainText(check.name), 100)} is not a CSV file. In your spreadsheet choose File → Save as (or Download) → CSV.`;
    case 'too_large':
      return `${truncate(userPlainText(check.name), 100)} is larger than ${MB} MB, the most I read in one file. Split it into smaller files.`;
  }
}
