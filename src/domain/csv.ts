/**
 * A small RFC 4180 CSV writer for `/onetoone export` (its reader, for tests, is test/support/csv.ts).
 *
 * - A field is quoted when it contains a comma, a double quote, CR or LF; quotes inside are doubled.
 * - Records end with CRLF, as RFC 4180 says.
 * - Formula injection: a spreadsheet runs a cell starting with = + - @ (or a tab or CR, which some
 *   strip before looking) as a formula, so such cells are prefixed with a single quote ('). The
 *   quote shows in the cell: the organiser's own text is kept, never executed.
 * - The file starts with a UTF-8 byte order mark so Excel reads accents (é, ł, ñ) correctly.
 */

export type CsvCell = string | number | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

/** UTF-8 byte order mark: Excel guesses a legacy code page without it. */
export const UTF8_BOM = '\uFEFF';

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value) : value;
  // Numbers are ours (counts, minutes) and never formulas; a negative number stays a number.
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(',');
}

/** A whole CSV document: one header row, then the rows, CRLF-terminated, without a BOM. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header, ...rows].map((r) => `${csvRow(r)}\r\n`).join('');
}

/** The bytes of a CSV file as we upload it: UTF-8 with a BOM. */
export function csvFileBytes(header: readonly string[], rows: readonly (readonly CsvCell[])[]): Buffer {
  return Buffer.from(UTF8_BOM + toCsv(header, rows), 'utf8');
}
