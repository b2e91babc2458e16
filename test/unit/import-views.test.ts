import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { ImportSummary, RowProblem } from '../../src/domain/import-plan.js';
import { IMPORT_ACTION } from '../../src/interaction-ids.js';
import { BLOCK_KIT } from '../../src/views/block-kit.js';
import { importModal } from '../../src/views/import-modal.js';
import { boundedList, importOutcomeMessage, importSummaryMessage } from '../../src/views/import-summary.js';

/**
 * Issue 12: the import's modal and messages stay within Block Kit's limits with every list at
 * its longest (thousands of unusable rows, merged people, unknown columns, absurd names), are
 * valid against the Block Kit schema (../shared/slack), and render typed text as typed.
 */

const schemaPath = fileURLToPath(new URL('../../../shared/slack/block-kit.schema.json', import.meta.url));
const schema = existsSync(schemaPath) ? JSON.parse(readFileSync(schemaPath, 'utf8')) : undefined;

function validator(ref: string) {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
  ajv.addSchema(schema, 'bk');
  return ajv.getSchema(`bk${ref}`)!;
}

function checkMessageLimits(blocks: any[]): string[] {
  const problems: string[] = [];
  if (blocks.length > BLOCK_KIT.messageBlocks) problems.push(`${blocks.length} blocks`);
  for (const b of blocks) {
    const texts = [b.text, ...(b.elements ?? []).map((e: any) => e.text ?? e)].filter(Boolean);
    for (const t of texts) {
      const limit = b.type === 'header' ? BLOCK_KIT.headerText : BLOCK_KIT.sectionText;
      if (typeof t.text === 'string' && t.text.length > limit) problems.push(`${b.type}: ${t.text.length}`);
    }
    for (const e of b.elements ?? []) {
      if (e.type === 'button' && e.value.length > BLOCK_KIT.buttonValue) problems.push('button value');
    }
  }
  return problems;
}

const LONG = 'Ŵ*_<@U1>'.repeat(700);

function bigSummary(n: number): ImportSummary {
  const problems: ImportSummary['problems'] = Array.from({ length: n }, (_, i) => ({
    fileName: i % 2 ? LONG : 'tracker.csv',
    line: i + 2,
    problem: (
      [
        { code: 'empty_name' },
        { code: 'bad_date', field: 'metOn', value: LONG.slice(0, 40) },
        { code: 'too_long', field: 'stories', length: 9000, max: 3000 },
        { code: 'repeat', line: 3, file: 1 },
      ] as RowProblem[]
    )[i % 4]!,
  }));
  return {
    importId: '0b3e1f52-9d0c-4c6e-8f7a-2d9b8e4c1a77',
    expiresAt: '2026-11-26T12:00:00.000Z',
    files: [
      {
        name: LONG,
        kind: 'one_to_ones',
        encoding: 'windows-1252',
        rows: 20_000,
        unknownColumns: Array.from({ length: 200 }, () => LONG.slice(0, 300)),
        dateOrder: 'mdy',
        ambiguousDates: true,
      },
      {
        name: 'x.csv',
        kind: null,
        encoding: null,
        rows: 0,
        unknownColumns: [],
        refusal: { code: 'too_many_rows', limit: 20_000 },
      },
      { name: 'y.csv', kind: 'introductions', encoding: 'utf-8', rows: 3, unknownColumns: [] },
    ],
    create: { people: 12_000, institutions: 800, oneToOnes: 19_000, reflections: 1, nextSteps: 4_000 },
    alreadyThere: 1_000,
    merged: Array.from({ length: n }, (_, i) => ({
      name: LONG,
      institution: i % 2 ? LONG : null,
      via: i % 3 ? 'name' : 'slack',
    })),
    problems,
    notImported: 3,
  };
}

describe('import views', () => {
  it('keeps the summary inside Block Kit limits however long the lists, saying how many more', () => {
    for (const n of [0, 1, 39, 40, 41, 5_000]) {
      const m = importSummaryMessage(bigSummary(n));
      expect(checkMessageLimits(m.blocks), `n=${n}`).toEqual([]);
      if (n > 40) expect(JSON.stringify(m.blocks)).toMatch(/and [\d,]+ more/);
      expect(m.text.length).toBeLessThan(3000);
    }
    const text = JSON.stringify(importSummaryMessage(bigSummary(10)).blocks);
    // Names and file names render as typed: no mention, no formatting.
    expect(text).not.toContain('<@U1>');
    expect(text).toContain('&lt;@U1&gt;');
  });

  it('lists up to the limit and then counts the rest', () => {
    expect(boundedList(['a', 'b', 'c'], 2)).toBe('a\nb\n…and 1 more');
    expect(boundedList(['a', 'b'], 2)).toBe('a\nb');
    expect(boundedList(['x'.repeat(100), 'y'.repeat(100)], 10, String, 180)).toBe(
      `${'x'.repeat(100)}\n…and 1 more`,
    );
    // A line longer than any name is cut, not dropped.
    expect(boundedList(['z'.repeat(5000)], 10)).toBe(`${'z'.repeat(399)}…`);
  });

  it('shows Import and Cancel only when there is something to import', () => {
    const withWork = importSummaryMessage(bigSummary(1));
    const actions = withWork.blocks.find((b) => b.type === 'actions') as any;
    expect(actions.elements.map((e: any) => [e.action_id, e.value])).toEqual([
      [IMPORT_ACTION.apply, bigSummary(1).importId],
      [IMPORT_ACTION.cancel, bigSummary(1).importId],
    ]);
    const nothing = importSummaryMessage({ ...bigSummary(1), importId: null });
    expect(nothing.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it.skipIf(!schema)('are valid against the Block Kit schema', () => {
    const modal = validator('#/$defs/modal_view');
    expect(modal(importModal()), JSON.stringify(modal.errors)).toBe(true);
    const blocks = validator('');
    for (const m of [
      importSummaryMessage(bigSummary(5_000)),
      importSummaryMessage({ ...bigSummary(0), importId: null }),
      importOutcomeMessage({
        kind: 'applied',
        created: { people: 1, institutions: 0, oneToOnes: 2, reflections: 0, nextSteps: 1 },
        alreadyThere: 3,
      }),
      importOutcomeMessage({ kind: 'gone' }),
      importOutcomeMessage({ kind: 'finished', status: 'expired' }),
    ]) {
      expect(blocks(m.blocks), JSON.stringify(blocks.errors)).toBe(true);
    }
  });
});
