import { describe, expect, it } from 'vitest';
import { csvCell, csvFileBytes, toCsv, UTF8_BOM } from '../../src/domain/csv.js';
import { parseCsv } from '../support/csv.js';

describe('csvCell', () => {
  it('leaves plain text alone', () => {
    expect(csvCell('Amina Okafor')).toBe('Amina Okafor');
    expect(csvCell('')).toBe('');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(45)).toBe('45');
  });

  it('quotes commas, quotes, CR and LF, doubling quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('she said "yes"')).toBe('"she said ""yes"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell('line1\r\nline2')).toBe('"line1\r\nline2"');
    expect(csvCell('cr\ronly')).toBe('"cr\ronly"');
  });

  it('prefixes cells a spreadsheet would run as a formula with a single quote', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+44 7700 900123')).toBe("'+44 7700 900123");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    // Only at the start.
    expect(csvCell('a=b')).toBe('a=b');
    // Our own numbers are not text a person typed.
    expect(csvCell(-3)).toBe('-3');
  });

  it('keeps accents and emoji as they are', () => {
    expect(csvCell('Zoë Łukasz Peña 🙂')).toBe('Zoë Łukasz Peña 🙂');
  });
});

describe('toCsv and parseCsv', () => {
  it('writes one header row and CRLF-terminated records', () => {
    expect(toCsv(['a', 'b'], [['1', '2']])).toBe('a,b\r\n1,2\r\n');
    expect(toCsv(['a'], [])).toBe('a\r\n');
  });

  it('round-trips awkward text', () => {
    const rows = [
      ['x, y', 'quote " inside', 'multi\nline\r\nend'],
      ['', 'Zoë', '"'],
    ];
    const parsed = parseCsv(toCsv(['one', 'two', 'three'], rows));
    expect(parsed).toEqual([['one', 'two', 'three'], ...rows]);
  });

  it('file bytes are UTF-8 with a BOM', () => {
    const bytes = csvFileBytes(['name'], [['Zoë']]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    expect(parseCsv(text)).toEqual([['name'], ['Zoë']]);
  });

  it('parses a file without a final newline and empty fields', () => {
    expect(parseCsv('a,,c\r\n,,')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
    ]);
  });
});
