/**
 * Reading a CSV file someone hands the bot (`/onetoone import`): its bytes to text, and the text
 * to records. No I/O. The writer is src/domain/csv.ts; the reader follows RFC 4180 too:
 *
 * - Fields are separated by commas (a file whose header line has none but has semicolons or tabs,
 *   as Excel writes in locales with a decimal comma, is read with that separator instead).
 * - A field may be quoted with `"`; inside it commas, CR and LF are text and `""` is one quote.
 * - Records end with CRLF, LF or a lone CR; a last record without a line break is read too.
 * - Text is UTF-8 (with or without a byte order mark) or, when it is not valid UTF-8,
 *   Windows-1252 (what Excel on Windows saves as "CSV"). Anything else (UTF-16, a workbook, a
 *   PDF, a legacy code page such as Shift-JIS or KOI8-R) is refused with a reason, never
 *   guessed at.
 *
 * Nothing read here is ever evaluated: a cell that looks like a formula (`=SUM(…)`) is text.
 */

/** At most this many bytes per file (Slack's file_input takes up to 10 MB; a tracker is far smaller). */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

/** At most this many data rows per file (header not counted); a larger file is refused, not cut. */
export const IMPORT_MAX_ROWS = 20_000;

/** At most this many files in one import: our own export is up to seven (Slack's file_input allows 10). */
export const IMPORT_MAX_FILES = 7;

/** At most this many columns: far more than any tracker, and a bound on a crafted file. */
export const IMPORT_MAX_COLUMNS = 200;

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

export type DecodeRefusal = 'empty' | 'utf16' | 'workbook' | 'binary' | 'not_text';

export type Decoded =
  | { ok: true; text: string; encoding: CsvEncoding }
  | { ok: false; reason: DecodeRefusal };

/** Control characters no text file holds (tab, LF, CR and form feed are allowed). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what is looked for
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/;

/**
 * Windows-1252's 0x80–0x9F (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ; five unused),
 * where it differs from ISO-8859-1. Node's TextDecoder('windows-1252') decodes those bytes as
 * ISO-8859-1's invisible C1 controls in some builds, so they are mapped here after it.
 */
const CP1252_80_9F =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

function windows1252(bytes: Uint8Array): string {
  return new TextDecoder('windows-1252')
    .decode(bytes)
    .replace(/[\u0080-\u009F]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]!);
}

/** The five bytes Windows-1252 leaves undefined. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * Whether bytes that are not UTF-8 read as Windows-1252: none of its five undefined bytes, and at
 * most a third of the non-blank bytes above 0x7F. A tracker in a Western European language is
 * mostly ASCII (names, dates, a few accents); one in Japanese, Chinese or Russian saved in a
 * legacy code page is mostly high bytes.
 */
function likelyWindows1252(bytes: Uint8Array): boolean {
  let high = 0;
  let visible = 0;
  for (const b of bytes) {
    if (CP1252_UNDEFINED.has(b)) return false;
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    visible++;
    if (b > 0x7f) high++;
  }
  return high * 3 <= visible;
}

/** Bytes to text: UTF-8 (BOM or not) first, strictly; then Windows-1252; else a reason. */
export function decodeCsvBytes(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  const b0 = bytes[0];
  const b1 = bytes[1];
  // UTF-16 byte order marks (FF FE little endian, FE FF big endian).
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) return { ok: false, reason: 'utf16' };
  // An .xlsx/.ods is a ZIP ("PK\3\4"); an old .xls is an OLE2 compound file (D0 CF 11 E0).
  if (b0 === 0x50 && b1 === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    return { ok: false, reason: 'workbook' };
  if (b0 === 0xd0 && b1 === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
    return { ok: false, reason: 'workbook' };
  // NUL bytes in the first kilobyte: UTF-16 without a BOM (every other byte 0), or binary.
  const head = bytes.subarray(0, 1024);
  const nuls = head.reduce((n, b) => n + (b === 0 ? 1 : 0), 0);
  if (nuls > 0) return { ok: false, reason: nuls * 3 >= head.length ? 'utf16' : 'binary' };

  const bom = b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf;
  let text: string;
  let encoding: CsvEncoding;
  try {
    // fatal: an invalid UTF-8 sequence throws rather than becoming U+FFFD, so we can fall back.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bom ? bytes.subarray(3) : bytes);
    encoding = bom ? 'utf-8-bom' : 'utf-8';
  } catch {
    // Windows-1252 maps all but five bytes to a character; those five, or a file mostly of bytes
    // above 0x7F, is another encoding (Shift-JIS, GBK, KOI8-R …) that would import as gibberish.
    if (!likelyWindows1252(bytes)) return { ok: false, reason: 'not_text' };
    text = windows1252(bytes);
    encoding = 'windows-1252';
  }
  if (CONTROL.test(text)) return { ok: false, reason: 'not_text' };
  if (text.trim() === '') return { ok: false, reason: 'empty' };
  return { ok: true, text, encoding };
}

/** One record: its cells and its row number as a spreadsheet shows it (the header is row 1). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export type ParseRefusal =
  | { reason: 'too_many_rows'; limit: number }
  | { reason: 'too_many_columns'; limit: number }
  | { reason: 'unclosed_quote'; line: number };

export type Parsed = { ok: true; records: CsvRecord[]; separator: string } | ({ ok: false } & ParseRefusal);

/** The separator: a comma, unless the header line (outside quotes) has none and has ; or tabs. */
export function detectSeparator(text: string): string {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c in counts) counts[c as keyof typeof counts]++;
  }
  if (counts[','] > 0) return ',';
  if (counts[';'] >= counts['\t'] && counts[';'] > 0) return ';';
  return counts['\t'] > 0 ? '\t' : ',';
}

/**
 * Text to records (RFC 4180). Stops, refusing, at the first record past `maxRows` data rows: a
 * 50,000-row file is not read whole to be refused. Blank lines are skipped (they are no record).
 */
export function parseCsv(text: string, maxRows: number = IMPORT_MAX_ROWS): Parsed {
  const sep = detectSeparator(text);
  // Everything up to the next separator, quote or line break (sticky: matched at lastIndex).
  const plain = new RegExp(`[^${sep === '\t' ? '\\t' : sep}"\\r\\n]*`, 'y');
  const records: CsvRecord[] = [];
  let row = 1;
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let quoteStart = 0;
  let i = 0;
  const n = text.length;
  const end = (): ParseRefusal | undefined => {
    cells.push(field);
    field = '';
    const blank = cells.length === 1 && cells[0] === '';
    if (!blank) {
      if (cells.length > IMPORT_MAX_COLUMNS) return { reason: 'too_many_columns', limit: IMPORT_MAX_COLUMNS };
      records.push({ line: row, cells });
      // records[0] is the header.
      if (records.length - 1 > maxRows) return { reason: 'too_many_rows', limit: maxRows };
    }
    // A blank line is a row too, as a spreadsheet numbers them.
    row++;
    cells = [];
    return undefined;
  };
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      // Copy a run of ordinary characters at once (a long note is one slice, not many appends).
      const next = text.indexOf('"', i);
      const stop = next < 0 ? n : next;
      field += text.slice(i, stop);
      i = stop;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      quoteStart = row;
      i++;
    } else if (c === sep) {
      cells.push(field);
      if (cells.length > IMPORT_MAX_COLUMNS) {
        return { ok: false, reason: 'too_many_columns', limit: IMPORT_MAX_COLUMNS };
      }
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      const refusal = end();
      if (refusal) return { ok: false, ...refusal };
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      // A run of ordinary characters at once; a stray quote inside an unquoted field is kept
      // as text (lenient, as spreadsheets are).
      plain.lastIndex = i + 1;
      plain.test(text);
      field += text.slice(i, plain.lastIndex);
      i = plain.lastIndex;
    }
  }
  if (quoted) return { ok: false, reason: 'unclosed_quote', line: quoteStart };
  if (field !== '' || cells.length > 0) {
    const refusal = end();
    if (refusal) return { ok: false, ...refusal };
  }
  return { ok: true, records, separator: sep };
}

/**
 * Undoes our export's formula guard (src/domain/csv.ts): a cell it wrote as `'=…`, `'+…`, `'-…`,
 * `'@…` is read back as the organiser typed it. The text is stored, never run; the export guards
 * it again on the way out. A spreadsheet that saved the file dropped the quote already.
 */
export function unguardCell(cell: string): string {
  // charCodeAt first: this runs for every cell of every row.
  return cell.charCodeAt(0) === 39 && /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** Whether a file name or Slack's type says CSV (the file_input's `filetypes` is advice only). */
export function looksLikeCsvFile(file: { name?: string; filetype?: string; mimetype?: string }): boolean {
  const name = (file.name ?? '').toLowerCase();
  if (name.endsWith('.csv') || name.endsWith('.tsv') || name.endsWith('.txt')) return true;
  const type = (file.filetype ?? '').toLowerCase();
  if (type === 'csv' || type === 'tsv' || type === 'text') return true;
  const mime = (file.mimetype ?? '').toLowerCase();
  return mime === 'text/csv' || mime === 'text/plain' || mime === 'text/tab-separated-values';
}
