/**
 * A small RFC 4180 CSV writer for `/onetoone export`.
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

/**
 * Parses RFC 4180 CSV back into rows (used by tests to read an export back, and handy for any
 * import later). Strips a leading BOM. Does not undo the formula guard.
 */
export function parseCsv(text: string): string[][] {
  const input = text.startsWith(UTF8_BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && input[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
