import type { CampaignReport, Movement } from '../domain/campaign-report.js';
import { type CsvCell, csvFileBytes, toCsv } from '../domain/csv.js';
import { institutionTypeLabel } from '../domain/relationship.js';
import { BLOCK_KIT, type Message, section } from './block-kit.js';

/**
 * `/onetoone campaign export` as files (issue 11): the themes with their counts, and the consented
 * quotes under their theme. The same rules as the report, because it is drawn from the same
 * CampaignReport: only themes at or above the minimum count, with "other themes (n)" for the rest,
 * and quotes without a name, an institution or a date. Cells go through the CSV writer's
 * formula-injection guard (src/domain/csv.ts). Pure: data in, bytes out.
 */

export const CAMPAIGN_THEMES_HEADER = [
  'rank',
  'theme',
  'people',
  'institutions',
  'institution_types',
  'change_since_previous',
  'quotes',
];

export const CAMPAIGN_QUOTES_HEADER = ['theme', 'quote'];

export interface CampaignReportFile {
  kind: 'themes' | 'quotes';
  filename: string;
  title: string;
  header: string[];
  rows: CsvCell[][];
  bytes: Buffer;
}

/**
 * The change since the previous campaign in words: a spreadsheet would read "=" or "↑2"'s
 * neighbours ("+2", "-1") as formulas, and the formula guard would show them quoted.
 */
function movementWords(m: Movement): string {
  switch (m.kind) {
    case 'none':
      return '';
    case 'new':
      return 'new';
    case 'same':
      return 'same';
    case 'up':
      return `up ${m.by}`;
    case 'down':
      return `down ${m.by}`;
  }
}

/** A file-name-safe form of the campaign's name (letters and digits only; the title keeps it whole). */
function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 40);
  return s || 'campaign';
}

export function campaignReportFiles(r: CampaignReport, date: string): CampaignReportFile[] {
  const base = `campaign-${slug(r.campaign.name)}`;
  const themeRows: CsvCell[][] = r.themes.map((t) => [
    t.rank,
    t.label,
    t.people,
    t.institutions,
    t.institutionTypes.map((x) => institutionTypeLabel(x)).join('; '),
    movementWords(t.movement),
    t.quotes.length,
  ]);
  if (r.otherThemes > 0) themeRows.push(['', `other themes (${r.otherThemes})`, '', '', '', '', '']);
  const quoteRows: CsvCell[][] = r.themes.flatMap((t) => t.quotes.map((q) => [t.label, q]));
  return [
    {
      kind: 'themes',
      filename: `${base}-themes-${date}.csv`,
      title: `${r.campaign.name}: themes`,
      header: CAMPAIGN_THEMES_HEADER,
      rows: themeRows,
      bytes: csvFileBytes(CAMPAIGN_THEMES_HEADER, themeRows),
    },
    {
      kind: 'quotes',
      filename: `${base}-quotes-${date}.csv`,
      title: `${r.campaign.name}: quotes`,
      header: CAMPAIGN_QUOTES_HEADER,
      rows: quoteRows,
      bytes: csvFileBytes(CAMPAIGN_QUOTES_HEADER, quoteRows),
    },
  ];
}

/**
 * CSV text for a code block: Slack's three control characters escaped (so no mention or link
 * can be made of a quote), backticks swapped for a look-alike (so none can close the block), and
 * invisible controls dropped. Line breaks stay: they are the CSV's.
 */
function codeText(text: string): string {
  return text
    .replace(/[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/`/g, '\u02CB');
}

/** Room in one section for the CSV once fenced: ``` and a line break each side. */
const CHUNK = BLOCK_KIT.sectionText - 8;

/** Splits CSV text at line ends into pieces that fit a fenced section (a longer line is cut). */
function chunks(csv: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of codeText(csv).split('\n')) {
    const piece = line.length > CHUNK ? line.slice(0, CHUNK - 1) : line;
    if (current && current.length + 1 + piece.length > CHUNK) {
      out.push(current);
      current = piece;
    } else current = current ? `${current}\n${piece}` : piece;
  }
  if (current) out.push(current);
  return out;
}

/**
 * The export as text DMs, when uploads are refused: each file as fenced CSV, split over messages
 * of at most 50 blocks (BLOCK_KIT.messageBlocks).
 */
export function campaignReportSnippets(files: CampaignReportFile[]): Message[] {
  const messages: Message[] = [];
  for (const f of files) {
    const pieces = chunks(toCsv(f.header, f.rows).replace(/\r\n/g, '\n'));
    for (let i = 0; i < pieces.length; i += BLOCK_KIT.messageBlocks - 1) {
      const blocks = [
        section(`*${f.filename}*${i > 0 ? ' (continued)' : ''}`),
        ...pieces.slice(i, i + BLOCK_KIT.messageBlocks - 1).map((p) => section(`\`\`\`\n${p}\n\`\`\``)),
      ];
      messages.push({ text: 'Campaign report (CSV)', blocks });
    }
  }
  return messages.length
    ? messages
    : [{ text: 'Campaign report (CSV)', blocks: [section('The report is empty.')] }];
}
