import { describe, expect, it } from 'vitest';
import { csvFileBytes } from '../../src/domain/csv.js';
import {
  decodeCsvBytes,
  detectSeparator,
  IMPORT_MAX_ROWS,
  looksLikeCsvFile,
  parseCsv,
  unguardCell,
} from '../../src/domain/csv-import.js';
import {
  buildImportPlan,
  dateOrderOf,
  fileKindOf,
  headerKey,
  importRowKey,
  mapColumns,
  matchKey,
  nextStepKindOf,
  parseDate,
  parseMinutes,
  parseSlackUserId,
  type ReadFile,
} from '../../src/domain/import-plan.js';
import { nameKey } from '../../src/domain/keys.js';
import {
  CAMPAIGN_NOTES_HEADER,
  HOUSE_MEETING_HEADER,
  HOUSE_MEETING_PEOPLE_HEADER,
  INTRODUCTION_HEADER,
  ONE_TO_ONE_HEADER,
  PEOPLE_HEADER,
  REFLECTION_HEADER,
} from '../../src/views/export-csv.js';

/** Issue 12: reading the CSV files an organiser imports (src/domain/csv-import.ts, import-plan.ts). */

const TODAY = '2026-11-25';
const NOW = '2026-11-25T12:00:00.000Z';

function read(name: string, text: string): ReadFile {
  const decoded = decodeCsvBytes(Buffer.from(text, 'utf8'));
  if (!decoded.ok) throw new Error(decoded.reason);
  const parsed = parseCsv(decoded.text);
  if (!parsed.ok) throw new Error(parsed.reason);
  const header = parsed.records[0]!.cells;
  const kind = fileKindOf(header.map(headerKey)) ?? null;
  return {
    report: {
      name,
      kind,
      encoding: decoded.encoding,
      rows: parsed.records.length - 1,
      unknownColumns: kind ? mapColumns(kind, header).unknown : [],
    },
    records: parsed.records,
  };
}

describe('decoding bytes', () => {
  it('reads UTF-8 with and without a byte order mark', () => {
    const withBom = decodeCsvBytes(Buffer.from('\uFEFFName\nZoë Peña\n', 'utf8'));
    expect(withBom).toEqual({ ok: true, text: 'Name\nZoë Peña\n', encoding: 'utf-8-bom' });
    expect(decodeCsvBytes(Buffer.from('Name\nZoë\n', 'utf8'))).toEqual({
      ok: true,
      text: 'Name\nZoë\n',
      encoding: 'utf-8',
    });
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8', () => {
    // "Zoë Peña – café" in Windows-1252: ë is EB, ñ F1, the en dash 96 (where it differs from Latin-1), é E9.
    const bytes = Buffer.from([
      0x4e, 0x61, 0x6d, 0x65, 0x0a, 0x5a, 0x6f, 0xeb, 0x20, 0x50, 0x65, 0xf1, 0x61, 0x20, 0x96, 0x20, 0x63,
      0x61, 0x66, 0xe9, 0x0a,
    ]);
    expect(decodeCsvBytes(bytes)).toEqual({
      ok: true,
      text: 'Name\nZoë Peña – café\n',
      encoding: 'windows-1252',
    });
  });

  it('refuses other legacy code pages rather than import them as gibberish', () => {
    const file = (...rows: number[][]) =>
      Buffer.concat([Buffer.from('Name,Date,Notes\r\n'), ...rows.map((r) => Buffer.from(r))]);
    const ascii = (t: string) => [...Buffer.from(t)];
    // Shift-JIS: 山田太郎 and a note with 、 (81 41): 0x81 is one of Windows-1252's five undefined bytes.
    const shiftJis = file([
      0x8e,
      0x52,
      0x93,
      0x63,
      0x91,
      0xbe,
      0x98,
      0x59,
      ...ascii(',2026-11-01,'),
      0x8e,
      0x52,
      0x81,
      0x41,
      0x0d,
      0x0a,
    ]);
    expect(decodeCsvBytes(shiftJis)).toEqual({ ok: false, reason: 'not_text' });
    // KOI8-R: Иван Петров, Москва (no undefined byte; but almost every letter above 0x7F).
    const koi8 = file([
      0xe9,
      0xd7,
      0xc1,
      0xce,
      0x20,
      0xf0,
      0xc5,
      0xd4,
      0xd2,
      0xcf,
      0xd7,
      ...ascii(',2026-11-01,'),
      0xed,
      0xcf,
      0xd3,
      0xcb,
      0xd7,
      0xc1,
      0x0d,
      0x0a,
    ]);
    expect(decodeCsvBytes(koi8)).toEqual({ ok: false, reason: 'not_text' });
    // A French tracker in Windows-1252, accents and all, is still read.
    const french = file(
      [
        ...ascii('Ren'),
        0xe9,
        ...ascii('e Lef'),
        0xe8,
        ...ascii('vre,2026-11-01,cr'),
        0xe8,
        ...ascii('me br'),
      ],
      [0xfb, ...ascii('l'), 0xe9, 0x65, 0x20, 0x85, 0x0d, 0x0a],
    );
    expect(decodeCsvBytes(french)).toMatchObject({
      ok: true,
      encoding: 'windows-1252',
      text: 'Name,Date,Notes\r\nRenée Lefèvre,2026-11-01,crème brûlée …\r\n',
    });
  });

  it('refuses UTF-16 (with a BOM or without), workbooks, binary and empty files', () => {
    expect(decodeCsvBytes(Buffer.from('\uFEFFName\nA\n', 'utf16le'))).toEqual({ ok: false, reason: 'utf16' });
    expect(decodeCsvBytes(Buffer.from('Name\nA\n', 'utf16le'))).toEqual({ ok: false, reason: 'utf16' });
    const be = Buffer.from([0xfe, 0xff, 0x00, 0x4e]);
    expect(decodeCsvBytes(be)).toEqual({ ok: false, reason: 'utf16' });
    expect(decodeCsvBytes(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toEqual({
      ok: false,
      reason: 'workbook',
    });
    expect(decodeCsvBytes(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))).toEqual({
      ok: false,
      reason: 'workbook',
    });
    expect(decodeCsvBytes(Buffer.from('%PDF-1.7\n\u0001\u0002binary', 'latin1'))).toEqual({
      ok: false,
      reason: 'not_text',
    });
    expect(decodeCsvBytes(Buffer.alloc(0))).toEqual({ ok: false, reason: 'empty' });
    expect(decodeCsvBytes(Buffer.from('\uFEFF \r\n', 'utf8'))).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('parsing RFC 4180', () => {
  it('reads quoted fields with commas, doubled quotes, CRLF and LF inside, and CRLF / LF / CR records', () => {
    const text =
      'Name,Notes,Minutes\r\n"Okafor, Ben","She said ""organise"", then\r\nleft",45\r\nAmina,"line1\nline2",60\nLast,plain,30\rNo newline,x,45';
    const parsed = parseCsv(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.records.map((r) => r.cells)).toEqual([
      ['Name', 'Notes', 'Minutes'],
      ['Okafor, Ben', 'She said "organise", then\r\nleft', '45'],
      ['Amina', 'line1\nline2', '60'],
      ['Last', 'plain', '30'],
      ['No newline', 'x', '45'],
    ]);
    // Row numbers as a spreadsheet shows them: a record with a line break inside is one row.
    expect(parsed.records.map((r) => r.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it('numbers rows past blank lines as a spreadsheet does, and keeps empty fields', () => {
    const parsed = parseCsv('Name,Date\n\nAmina,,\n,\n');
    if (!parsed.ok) throw new Error('parse');
    expect(parsed.records).toEqual([
      { line: 1, cells: ['Name', 'Date'] },
      { line: 3, cells: ['Amina', '', ''] },
      { line: 4, cells: ['', ''] },
    ]);
  });

  it('refuses an unclosed quote with the row it starts on', () => {
    expect(parseCsv('Name\nAmina\n"Ben, never closed\nmore')).toEqual({
      ok: false,
      reason: 'unclosed_quote',
      line: 3,
    });
  });

  it('stops at the row limit instead of reading a huge file whole, and says the limit', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `Person ${i},2025-01-01`).join('\n');
    const result = parseCsv(`Name,Date\n${rows}\n`);
    expect(result).toEqual({ ok: false, reason: 'too_many_rows', limit: IMPORT_MAX_ROWS });
    // Exactly the limit is fine.
    const exact = Array.from({ length: IMPORT_MAX_ROWS }, (_, i) => `P${i},2025-01-01`).join('\n');
    const ok = parseCsv(`Name,Date\n${exact}`);
    expect(ok.ok && ok.records.length).toBe(IMPORT_MAX_ROWS + 1);
  });

  it('reads semicolon- and tab-separated files by their header line', () => {
    expect(detectSeparator('Name;Date;Notes\nA;B,C;D')).toBe(';');
    expect(detectSeparator('Name\tDate\nA\tB')).toBe('\t');
    expect(detectSeparator('"Name;x",Date\n')).toBe(',');
    const parsed = parseCsv('Name;Notes\nAmina;"a; b, c"\n');
    expect(parsed.ok && parsed.records[1]!.cells).toEqual(['Amina', 'a; b, c']);
  });

  it('keeps formula-looking cells as text, undoing only our export’s guard', () => {
    const parsed = parseCsv('Name,Notes\n=HYPERLINK("http://evil.example"),"=1+1"\n');
    expect(parsed.ok && parsed.records[1]!.cells).toEqual(['=HYPERLINK("http://evil.example")', '=1+1']);
    expect(unguardCell("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(unguardCell("'+44 7700 900123")).toBe('+44 7700 900123');
    expect(unguardCell("'tis the season")).toBe("'tis the season");
  });

  it('reads back exactly what our CSV writer writes', () => {
    const rows = [
      ['Zoë, "the" organiser', '=cmd|calc', '-5', 'line\r\nbreak', ''],
      ['@home', '+1', 'plain', '\ttab', 'x'],
    ];
    const bytes = csvFileBytes(['a', 'b', 'c', 'd', 'e'], rows);
    const decoded = decodeCsvBytes(bytes);
    if (!decoded.ok) throw new Error('decode');
    const parsed = parseCsv(decoded.text);
    if (!parsed.ok) throw new Error('parse');
    expect(parsed.records.slice(1).map((r) => r.cells.map(unguardCell))).toEqual(rows);
  });

  it('says which files look like CSV by name and type', () => {
    expect(looksLikeCsvFile({ name: 'tracker.CSV' })).toBe(true);
    expect(looksLikeCsvFile({ name: 'x', filetype: 'csv' })).toBe(true);
    expect(looksLikeCsvFile({ name: 'tracker.xlsx', filetype: 'xlsx' })).toBe(false);
    expect(looksLikeCsvFile({ name: 'photo.png', mimetype: 'image/png' })).toBe(false);
  });
});

describe('values', () => {
  it('reads the dates trackers write', () => {
    expect(parseDate('2025-03-04')).toBe('2025-03-04');
    expect(parseDate('2025-03-04T10:30:00Z')).toBe('2025-03-04');
    expect(parseDate('2025/3/4')).toBe('2025-03-04');
    expect(parseDate('04/03/2025')).toBe('2025-03-04');
    expect(parseDate('04/03/2025', 'mdy')).toBe('2025-04-03');
    expect(parseDate('4.3.25')).toBe('2025-03-04');
    expect(parseDate('4 March 2025')).toBe('2025-03-04');
    expect(parseDate('4th Mar 2025')).toBe('2025-03-04');
    expect(parseDate('March 4, 2025')).toBe('2025-03-04');
    expect(parseDate('Tue, 4 Mar 2025')).toBe('2025-03-04');
    for (const bad of ['2025-02-30', '31/02/2025', 'last Tuesday', '45', '', 'Marchember 4, 2025']) {
      expect(parseDate(bad)).toBeUndefined();
    }
  });

  it('tells day-first from month-first by the file’s own unambiguous dates', () => {
    expect(dateOrderOf(['25/03/2025', '04/03/2025'])).toEqual({ order: 'dmy', ambiguous: true });
    expect(dateOrderOf(['03/25/2025', '04/03/2025'])).toEqual({ order: 'mdy', ambiguous: true });
    expect(dateOrderOf(['2025-03-04'])).toEqual({ order: 'dmy', ambiguous: false });
  });

  it('reads minutes in the forms trackers write, with the log form’s limits', () => {
    expect(parseMinutes('45')).toEqual({ ok: true, minutes: 45 });
    expect(parseMinutes('')).toEqual({ ok: true, minutes: 45 });
    expect(parseMinutes('50 mins')).toEqual({ ok: true, minutes: 50 });
    expect(parseMinutes('1h')).toEqual({ ok: true, minutes: 60 });
    expect(parseMinutes('1.5 hours')).toEqual({ ok: true, minutes: 90 });
    expect(parseMinutes('1h30')).toEqual({ ok: true, minutes: 90 });
    expect(parseMinutes('0:45:00')).toEqual({ ok: true, minutes: 45 });
    expect(parseMinutes('4')).toEqual({ ok: false, code: 'minutes_out_of_range', minutes: 4 });
    expect(parseMinutes('241')).toEqual({ ok: false, code: 'minutes_out_of_range', minutes: 241 });
    expect(parseMinutes('about an hour')).toEqual({ ok: false, code: 'bad_minutes' });
    expect(parseMinutes('1e2')).toEqual({ ok: false, code: 'bad_minutes' });
  });

  it('reads Slack member ids and next-step kinds', () => {
    expect(parseSlackUserId('U0123ABCD')).toBe('U0123ABCD');
    expect(parseSlackUserId('<@W0123ABCD|amina>')).toBe('W0123ABCD');
    expect(parseSlackUserId('@amina')).toBeUndefined();
    expect(nextStepKindOf('Introduce her to Pastor Ade')).toBe('introduction');
    expect(nextStepKindOf('Bring him to the housing action')).toBe('action');
    expect(nextStepKindOf('Coffee again in March')).toBe('meeting');
    expect(nextStepKindOf('n/a')).toBe('none');
  });
});

describe('columns', () => {
  it('matches headers whatever their case, spaces and punctuation', () => {
    expect(headerKey('Met on')).toBe('meton');
    expect(headerKey(' MET-ON ')).toBe('meton');
    expect(headerKey('Organisation')).toBe('organisation');
    const { fields, unknown } = mapColumns('one_to_ones', [
      'Name',
      'Organization',
      'Role',
      'Date met',
      'Duration',
      'Notes',
      'Next Step',
      'Due date',
      'Phone',
      'Comments',
      'Email',
    ]);
    expect(fields).toEqual([
      'name',
      'institution',
      'role',
      'metOn',
      'duration',
      'stories',
      'nextStep',
      'nextStepDue',
      undefined,
      undefined,
      undefined,
    ]);
    // A second column for the same field is listed, not merged.
    expect(unknown).toEqual(['Phone', 'Comments', 'Email']);
  });

  it('reads our own export’s headers as they are, and tells its four files apart', () => {
    expect(fileKindOf(ONE_TO_ONE_HEADER.map(headerKey))).toBe('one_to_ones');
    expect(fileKindOf(REFLECTION_HEADER.map(headerKey))).toBe('reflections');
    expect(fileKindOf(PEOPLE_HEADER.map(headerKey))).toBe('people');
    expect(fileKindOf(INTRODUCTION_HEADER.map(headerKey))).toBe('introductions');
    // Issue 11's files: recognised, not imported (and never read as people).
    for (const h of [HOUSE_MEETING_HEADER, HOUSE_MEETING_PEOPLE_HEADER, CAMPAIGN_NOTES_HEADER]) {
      expect(fileKindOf(h.map(headerKey))).toBe('campaign_work');
    }
    expect(mapColumns('one_to_ones', ONE_TO_ONE_HEADER).unknown).toEqual([]);
    expect(mapColumns('reflections', REFLECTION_HEADER).unknown).toEqual([]);
    expect(mapColumns('people', PEOPLE_HEADER).unknown).toEqual([]);
    expect(fileKindOf(['phone', 'email'])).toBeUndefined();
    expect(fileKindOf(['name', 'institution'])).toBe('people');
  });
});

describe('the plan', () => {
  it('turns a tracker into people and one-to-ones, and gives every unusable row its line and reason', () => {
    const long = 'x'.repeat(3001);
    const csv = [
      'Name,Organisation,Role,Date,Minutes,Notes,Next step,Due',
      'Amina Okafor,Riverside School,Teacher,2026-11-20,50,"Kids, roof",Introduce her to the union,2026-12-01',
      'amina  okafor,riverside school,,21/11/2026,1h,,,',
      ',No Name,,2026-11-20,45,,,',
      'Future Fay,,,2026-11-26,45,,,',
      'Bad Date,,,someday,45,,,',
      'Short Sam,,,2026-11-20,3,,,',
      `Long Lou,,,2026-11-20,45,${long},,`,
      'Due Before,,,2026-11-20,45,,Coffee,2026-11-19',
      'Amina Okafor,Riverside School,Teacher,2026-11-20,50,"Kids, roof",Introduce her to the union,2026-12-01',
      ',,,,,,,',
    ].join('\n');
    const plan = buildImportPlan([read('tracker.csv', csv)], TODAY, NOW);
    expect(plan.people).toHaveLength(1);
    expect(plan.people[0]).toMatchObject({
      name: 'Amina Okafor',
      institution: 'Riverside School',
      role: 'Teacher',
    });
    expect(plan.oneToOnes).toHaveLength(2);
    expect(plan.oneToOnes[0]).toMatchObject({
      line: 2,
      metOn: '2026-11-20',
      durationMinutes: 50,
      stories: 'Kids, roof',
      nextStep: {
        kind: 'introduction',
        dueOn: '2026-12-01',
        note: 'Introduce her to the union',
        doneAt: null,
      },
      createdAt: '2026-11-20T12:00:00.000Z',
    });
    expect(plan.oneToOnes[1]).toMatchObject({ line: 3, metOn: '2026-11-21', durationMinutes: 60, person: 0 });
    expect(plan.problems.map((p) => [p.line, p.problem.code])).toEqual([
      [4, 'empty_name'],
      [5, 'future_date'],
      [6, 'bad_date'],
      [7, 'minutes_out_of_range'],
      [8, 'too_long'],
      [9, 'due_before_met'],
      [10, 'repeat'],
    ]);
    expect(plan.problems.find((p) => p.line === 8)!.problem).toEqual({
      code: 'too_long',
      field: 'stories',
      length: 3001,
      max: 3000,
    });
  });

  it('matches names whatever their apostrophes, case and spacing, keeping each name as written', () => {
    expect(matchKey(nameKey('St Mary’s'))).toBe(matchKey(nameKey("st  mary's ")));
    for (const a of ['\u2019', '\u2018', '\u02BC', '`', '\u00B4', '\u2032', '\uFF07']) {
      expect(matchKey(nameKey(`O${a}Brien`))).toBe("o'brien");
    }
    // Only apostrophes: other punctuation still tells names apart.
    expect(matchKey(nameKey('St-Mary'))).not.toBe(matchKey(nameKey('St Mary')));
    const csv = [
      'Name,Organisation,Date,Minutes',
      'Mary O’Brien,St Mary’s Church,2026-11-20,45',
      "mary o'brien,ST MARY'S  CHURCH,2026-11-21,45",
      "Pat Doyle,St Mary's Church,2026-11-22,45",
      // The same meeting as line 2, typed with straight apostrophes: a repeat, not a second one.
      "Mary O'Brien,St Mary's Church,2026-11-20,45",
    ].join('\n');
    const plan = buildImportPlan([read('tracker.csv', csv)], TODAY, NOW);
    expect(plan.people.map((p) => [p.name, p.institution])).toEqual([
      ['Mary O’Brien', 'St Mary’s Church'],
      ['Pat Doyle', "St Mary's Church"],
    ]);
    // One institution: both people carry the key as first written, whatever their spelling.
    expect(plan.people.map((p) => p.institutionKey)).toEqual([
      nameKey('St Mary’s Church'),
      nameKey('St Mary’s Church'),
    ]);
    expect(plan.oneToOnes.map((o) => [o.line, o.person])).toEqual([
      [2, 0],
      [3, 0],
      [4, 1],
    ]);
    expect(plan.problems.map((p) => [p.line, p.problem])).toEqual([
      [5, { code: 'repeat', line: 2, file: 0 }],
    ]);
  });

  it('links our export’s files by their ids inside the import only, and keeps Slack namesakes apart', () => {
    const people = [
      'person_id,name,institution,role,slack_user_id,created_at,updated_at',
      'p1,Sam Lee,,Nurse,U111,2026-01-01T00:00:00.000Z,2026-01-01T00:00:00.000Z',
      'p2,Sam Lee,,Driver,U222,2026-01-01T00:00:00.000Z,2026-01-01T00:00:00.000Z',
      'p3,Quiet Quinn,St Mary’s,,,2026-01-01T00:00:00.000Z,2026-01-01T00:00:00.000Z',
    ].join('\r\n');
    const oneToOnes = [
      ONE_TO_ONE_HEADER.join(','),
      'o1,2026-11-01,p2,Sam Lee,,45,,,,,,,,,meeting,2026-11-08,,2026-11-09T10:00:00.000Z,2026-11-01T09:00:00.000Z,2026-11-01T09:00:00.000Z',
    ].join('\r\n');
    const reflections = [
      REFLECTION_HEADER.join(','),
      'o1,2026-11-01,Sam Lee,Drives for the co-op,,,stories,2026-11-02T09:00:00.000Z,2026-11-02T09:00:00.000Z',
      'o9,2026-11-01,Nobody,Orphan,,,,2026-11-02T09:00:00.000Z,2026-11-02T09:00:00.000Z',
    ].join('\r\n');
    // Order does not matter: people are read first.
    const plan = buildImportPlan(
      [read('r.csv', reflections), read('o.csv', oneToOnes), read('p.csv', people)],
      TODAY,
      NOW,
    );
    expect(plan.people.map((p) => [p.name, p.role, p.slackUserId])).toEqual([
      ['Sam Lee', 'Nurse', 'U111'],
      ['Sam Lee', 'Driver', 'U222'],
      ['Quiet Quinn', null, null],
    ]);
    expect(plan.oneToOnes).toHaveLength(1);
    const o = plan.oneToOnes[0]!;
    expect(plan.people[o.person]!.slackUserId).toBe('U222');
    expect(o.nextStep).toEqual({
      kind: 'meeting',
      dueOn: '2026-11-08',
      note: null,
      doneAt: '2026-11-09T10:00:00.000Z',
    });
    expect(o.createdAt).toBe('2026-11-01T09:00:00.000Z');
    expect(o.reflection).toEqual({
      motivations: 'Drives for the co-op',
      contribution: null,
      differently: null,
      depth: 'stories',
      createdAt: '2026-11-02T09:00:00.000Z',
    });
    expect(plan.problems).toEqual([{ file: 0, line: 3, problem: { code: 'no_one_to_one' } }]);
  });

  it('counts introductions as not imported, and its hash depends on the content and the organiser', () => {
    const plan = buildImportPlan(
      [
        read(
          'i.csv',
          `${INTRODUCTION_HEADER.join(',')}\ni1,2026-11-01,a,A,,b,B,,why,pending,,,2026-11-01T00:00:00Z`,
        ),
      ],
      TODAY,
      NOW,
    );
    expect(plan.notImported).toBe(1);
    const campaignWork = buildImportPlan(
      [read('n.csv', `${CAMPAIGN_NOTES_HEADER.join(',')}\no1,2026-11-01,Listening,housing,,,\n`)],
      TODAY,
      NOW,
    );
    expect(campaignWork.notImported).toBe(1);
    expect(campaignWork.people).toEqual([]);
    expect(campaignWork.oneToOnes).toEqual([]);
    const tracker = buildImportPlan([read('t.csv', 'Name,Date\nAmina,2026-11-01\n')], TODAY, NOW);
    const key = tracker.oneToOnes[0]!.contentHash;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(importRowKey('T1', 'U1', key)).toBe(importRowKey('T1', 'U1', key));
    expect(importRowKey('T1', 'U1', key)).not.toBe(importRowKey('T1', 'U2', key));
    expect(importRowKey('T1', 'U1', key)).toMatch(/^import:[0-9a-f]{64}$/);
  });
});
