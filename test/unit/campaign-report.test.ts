import { describe, expect, it } from 'vitest';
import {
  buildCampaignReport,
  type CampaignReport,
  digestSection,
  midpointDate,
  movementLabel,
  type ReportCampaign,
  type ReportFacts,
  reportWindow,
} from '../../src/domain/campaign-report.js';
import { BLOCK_KIT } from '../../src/views/block-kit.js';
import { campaignHomeBlocks } from '../../src/views/campaign-home.js';
import {
  campaignChoiceMessage,
  campaignReportMessage,
  campaignReportModal,
  campaignReportPreview,
} from '../../src/views/campaign-report.js';
import { campaignReportFiles, campaignReportSnippets } from '../../src/views/campaign-report-csv.js';
import { campaignDigestBlocks } from '../../src/views/campaign-report-digest.js';
import { blockKitSchemaErrors, hasBlockKitSchema } from '../support/block-kit-schema.js';
import { parseCsv as readCsv } from '../support/csv.js';

const campaign: ReportCampaign = {
  id: 'c1',
  name: 'Spring listening',
  question: 'What is putting pressure on you and the people you love?',
  startsOn: '2026-03-02',
  endsOn: '2026-04-26',
  closedOn: null,
  minCount: 2,
  targetPerVisitor: 10,
  channelId: 'C1',
};

const themes = [
  { id: 'housing', label: 'Housing', position: 0 },
  { id: 'wages', label: 'Work and wages', position: 1 },
  { id: 'health', label: 'Health', position: 2 },
  { id: 'rare', label: 'A rare worry', position: 3 },
];

/** What the database counted for a theme (distinct people records, institutions, their types). */
function heard(themeId: string, namedPeople: number, institutions = 0, institutionTypes: any[] = []) {
  return { themeId, namedPeople, institutions, institutionTypes };
}

function facts(over: Partial<ReportFacts> = {}): ReportFacts {
  return {
    campaign,
    themes,
    visitorCounts: new Map([
      ['U1', 4],
      ['U2', 3],
      ['U3', 0],
    ]),
    themeCounts: [],
    houseMeetings: [],
    quotes: [],
    ...over,
  };
}

describe('the campaign report model', () => {
  it('takes the people, institutions and their types the database counted for each theme', () => {
    const r = buildCampaignReport(
      facts({
        themeCounts: [
          heard('housing', 4, 2, ['school', 'faith', 'faith']),
          heard('wages', 2, 2, ['faith']),
          // A theme no longer on the list (or of another campaign) is not reported.
          heard('not-a-theme', 9, 9),
        ],
      }),
    );
    expect(r.themes.find((t) => t.label === 'Housing')).toMatchObject({
      people: 4,
      institutions: 2,
      institutionTypes: ['faith', 'school'],
      rank: 1,
    });
    expect(r.themes.find((t) => t.label === 'Work and wages')).toMatchObject({
      people: 2,
      institutions: 2,
      institutionTypes: ['faith'],
      rank: 2,
    });
    expect(r.themes).toHaveLength(2);
  });

  it('adds the unnamed rest of each house meeting’s attendance as distinct people', () => {
    const r = buildCampaignReport(
      facts({
        // Two named people heard Health (one at a meeting, one in a one-to-one, or both: counted once).
        themeCounts: [heard('health', 2, 2, ['union', 'tenants']), heard('wages', 2)],
        houseMeetings: [
          // 6 took part, 2 named: 4 more; a theme given twice is counted once.
          { id: 'h1', attendance: 6, named: 2, themeIds: ['health', 'health'] },
          // Unnamed attendees of two meetings cannot be told apart: never merged.
          { id: 'h2', attendance: 3, named: 0, themeIds: ['health'] },
          // An attendance below the names given adds nobody.
          { id: 'h3', attendance: 1, named: 2, themeIds: ['wages'] },
          // A meeting alone can raise a theme.
          { id: 'h4', attendance: 3, named: 0, themeIds: ['housing'] },
        ],
      }),
    );
    expect(r.houseMeetings).toBe(4);
    expect(r.themes.find((t) => t.label === 'Health')).toMatchObject({
      people: 9,
      institutions: 2,
      institutionTypes: ['tenants', 'union'],
    });
    expect(r.themes.find((t) => t.label === 'Work and wages')?.people).toBe(2);
    expect(r.themes.find((t) => t.label === 'Housing')).toMatchObject({ people: 3, institutions: 0 });
  });

  it('merges themes below the minimum count into "other themes (n)" with nothing of theirs shown', () => {
    const r = buildCampaignReport(
      facts({
        themeCounts: [heard('housing', 2), heard('rare', 1), heard('health', 1)],
        quotes: [
          { id: 'q1', themeId: 'rare', text: 'RARE-QUOTE-MARKER', consented: true },
          { id: 'q2', themeId: 'housing', text: 'The rent doubled.', consented: true },
        ],
      }),
    );
    expect(r.themes.map((t) => t.label)).toEqual(['Housing']);
    expect(r.otherThemes).toBe(2);
    const everything = JSON.stringify([
      r,
      campaignReportMessage(r),
      campaignReportPreview(r, true),
      campaignReportModal(r),
      campaignReportFiles(r, '2026-04-27').map((f) => f.bytes.toString('utf8')),
    ]);
    expect(everything).not.toContain('A rare worry');
    expect(everything).not.toContain('RARE-QUOTE-MARKER');
    expect(everything).not.toContain('"Health"');
    expect(everything).toContain('Other themes (2)');
  });

  it('ranks by people, then institutions, then label, with ties sharing a rank', () => {
    const r = buildCampaignReport(
      facts({
        themes: [...themes, { id: 'safety', label: 'Safety', position: 4 }],
        campaign: { ...campaign, minCount: 1 },
        themeCounts: [heard('housing', 3), heard('wages', 2, 2), heard('health', 2), heard('safety', 1)],
      }),
    );
    expect(r.themes.map((t) => [t.label, t.rank])).toEqual([
      ['Housing', 1],
      ['Work and wages', 2],
      ['Health', 2],
      ['Safety', 4],
    ]);
  });

  it('shows the movement against the previous campaign of the channel, matched by label', () => {
    const previous = facts({
      campaign: { ...campaign, id: 'c0', name: 'Autumn listening' },
      themes: [
        { id: 'old-housing', label: 'housing ', position: 0 },
        { id: 'old-wages', label: 'Work and Wages', position: 1 },
        { id: 'old-health', label: 'Health', position: 2 },
        { id: 'old-rare', label: 'A rare worry', position: 3 },
      ],
      // Below the previous minimum count: A rare worry was never shown, so it is "new" now.
      themeCounts: [
        heard('old-wages', 3),
        heard('old-housing', 2),
        heard('old-health', 2),
        heard('old-rare', 1),
      ],
    });
    const current = facts({
      themeCounts: [heard('housing', 4), heard('wages', 3), heard('rare', 2), heard('health', 2)],
    });
    const r = buildCampaignReport(current, previous);
    expect(r.previous).toEqual({ name: 'Autumn listening' });
    const moves = Object.fromEntries(r.themes.map((t) => [t.label, movementLabel(t.movement)]));
    // Previously: wages 1, housing 2, health 2. Now: housing 1, wages 2, rare 3, health 3.
    expect(moves).toEqual({ Housing: '↑1', 'Work and wages': '↓1', 'A rare worry': 'new', Health: '↓1' });
    expect(buildCampaignReport(current).themes.every((t) => t.movement.kind === 'none')).toBe(true);
    expect(movementLabel({ kind: 'same' })).toBe('=');
    expect(movementLabel({ kind: 'up', by: 2 })).toBe('↑2');
  });

  it('puts only consented quotes with words under their shown theme, in an order that tells nothing', () => {
    const r = buildCampaignReport(
      facts({
        themeCounts: [heard('housing', 2)],
        quotes: [
          { id: 'q9', themeId: 'housing', text: 'Second by id.', consented: true },
          { id: 'q1', themeId: 'housing', text: '  First by id.  ', consented: true },
          { id: 'q2', themeId: 'housing', text: 'Not agreed.', consented: false },
          { id: 'q3', themeId: 'housing', text: '   ', consented: true },
          { id: 'q4', themeId: null, text: 'No theme.', consented: true },
        ],
      }),
    );
    expect(r.themes[0]!.quotes).toEqual(['First by id.', 'Second by id.']);
    expect(JSON.stringify(r)).not.toContain('Not agreed');
    expect(JSON.stringify(r)).not.toContain('No theme.');
  });

  it('counts the visitors’ conversations against visitors × target', () => {
    const r = buildCampaignReport(facts());
    expect(r).toMatchObject({
      conversations: 7,
      visitors: 3,
      teamTarget: 30,
      houseMeetings: 0,
      themes: [],
      otherThemes: 0,
    });
  });

  it('reads its window to the end date or the day it was closed, and the half-way date', () => {
    expect(reportWindow(campaign)).toEqual({ from: '2026-03-02', to: '2026-04-26' });
    expect(reportWindow({ ...campaign, closedOn: '2026-03-20' })).toEqual({
      from: '2026-03-02',
      to: '2026-03-20',
    });
    expect(reportWindow({ ...campaign, closedOn: '2026-05-20' }).to).toBe('2026-04-26');
    expect(midpointDate({ startsOn: '2026-03-01', endsOn: '2026-03-14' })).toBe('2026-03-07');
    expect(midpointDate({ startsOn: '2026-03-01', endsOn: '2026-03-01' })).toBe('2026-03-01');
    expect(midpointDate({ startsOn: '2026-03-30', endsOn: '2026-04-02' })).toBe('2026-03-31');
  });

  it('gives the digest the top three shown themes', () => {
    const r = buildCampaignReport(
      facts({
        campaign: { ...campaign, minCount: 1 },
        themeCounts: [heard('housing', 4), heard('wages', 3), heard('health', 2), heard('rare', 1)],
      }),
    );
    const s = digestSection(r, { conversations: 2, houseMeetings: 1 });
    expect(s.topThemes).toEqual([
      { label: 'Housing', people: 4 },
      { label: 'Work and wages', people: 3 },
      { label: 'Health', people: 2 },
    ]);
    expect(s).toMatchObject({
      total: { conversations: 7, houseMeetings: 0 },
      teamTarget: 30,
      week: { conversations: 2 },
    });
  });
});

/** A big report: 100 themes of 75 characters, each with many 500-character quotes. */
function hugeReport(): CampaignReport {
  const many = Array.from({ length: 100 }, (_, i) => ({
    id: `t${i}`,
    label: `${'Ŵ'.repeat(70)} ${i}`,
    position: i,
  }));
  const themeCounts = many.map((t, i) => heard(t.id, 3 + (i % 5), 2, ['faith', 'school']));
  const quotes = many.flatMap((t) =>
    Array.from({ length: 6 }, (_, k) => ({
      id: `${t.id}-${k}`,
      themeId: t.id,
      text: `*<!here>* ${'q'.repeat(490)}`,
      consented: true,
    })),
  );
  return buildCampaignReport(
    facts({
      campaign: { ...campaign, name: 'N'.repeat(300), question: 'Q'.repeat(3000), minCount: 3 },
      themes: many,
      themeCounts,
      quotes,
    }),
    facts({ campaign: { ...campaign, id: 'c0', name: 'P'.repeat(300) }, themes: many, themeCounts }),
  );
}

function sectionTexts(blocks: any[]): string[] {
  return blocks.flatMap((b) =>
    [b.text?.text, ...(b.elements ?? []).map((e: any) => e.text)].filter((t) => typeof t === 'string'),
  );
}

describe('the campaign report views', () => {
  const big = hugeReport();
  const cases: [string, any[], number][] = [
    ['posted message', campaignReportMessage(big).blocks, BLOCK_KIT.messageBlocks],
    ['preview', campaignReportPreview(big, true).blocks, BLOCK_KIT.messageBlocks],
    ['visitor preview', campaignReportPreview(big, false).blocks, BLOCK_KIT.messageBlocks],
    ['mid-point modal', campaignReportModal(big).blocks, BLOCK_KIT.modalBlocks],
    ['empty report', campaignReportMessage(buildCampaignReport(facts())).blocks, BLOCK_KIT.messageBlocks],
    [
      'choice',
      campaignChoiceMessage(
        Array.from({ length: 80 }, (_, i) => ({
          id: `c${i}`,
          name: 'X'.repeat(200),
          startsOn: '2026-01-01',
          endsOn: '2026-02-01',
          closedOn: null,
        })),
        'report',
      ).blocks,
      BLOCK_KIT.messageBlocks,
    ],
  ];
  it.each(cases)('the %s stays within Block Kit’s limits', (_name, blocks, max) => {
    expect(blocks.length).toBeLessThanOrEqual(max);
    for (const text of sectionTexts(blocks)) expect(text.length).toBeLessThanOrEqual(BLOCK_KIT.sectionText);
    if (hasBlockKitSchema) expect(blockKitSchemaErrors(blocks)).toEqual([]);
  });

  it('says how many themes did not fit, and renders quotes as typed text', () => {
    const text = JSON.stringify(campaignReportMessage(big));
    expect(text).toMatch(/and \d+ more themes/);
    expect(text).not.toContain('<!here>');
    expect(text).toContain('&lt;!here&gt;');
    expect(text).toContain('and 3 more quotes');
  });

  it('offers Post to channel only to administrators, with a confirmation', () => {
    const admin = JSON.stringify(campaignReportPreview(big, true).blocks);
    expect(admin).toContain('campaign_report_post');
    expect(admin).toContain('"confirm"');
    expect(JSON.stringify(campaignReportPreview(big, false).blocks)).not.toContain('campaign_report_post');
  });

  it('exports CSV with every shown theme and quote, formula cells guarded', () => {
    const r = buildCampaignReport(
      facts({
        themeCounts: [heard('housing', 2, 1, ['faith'])],
        quotes: [{ id: 'q1', themeId: 'housing', text: '=HYPERLINK("http://evil")', consented: true }],
      }),
    );
    const [themesFile, quotesFile] = campaignReportFiles(r, '2026-04-27');
    expect(themesFile!.filename).toBe('campaign-spring-listening-themes-2026-04-27.csv');
    const themeRows = readCsv(themesFile!.bytes.toString('utf8'));
    expect(themeRows[0]).toEqual([
      'rank',
      'theme',
      'people',
      'institutions',
      'institution_types',
      'change_since_previous',
      'quotes',
    ]);
    expect(themeRows[1]).toEqual(['1', 'Housing', '2', '1', 'Faith', '', '1']);
    const quoteRows = readCsv(quotesFile!.bytes.toString('utf8'));
    expect(quoteRows[1]).toEqual(['Housing', `'=HYPERLINK("http://evil")`]);
    for (const m of campaignReportSnippets([themesFile!, quotesFile!])) {
      expect(m.blocks.length).toBeLessThanOrEqual(BLOCK_KIT.messageBlocks);
      expect(JSON.stringify(m)).not.toContain('<!');
    }
    const long = campaignReportSnippets(campaignReportFiles(big, '2026-04-27'));
    for (const m of long) {
      expect(m.blocks.length).toBeLessThanOrEqual(BLOCK_KIT.messageBlocks);
      for (const text of sectionTexts(m.blocks))
        expect(text.length).toBeLessThanOrEqual(BLOCK_KIT.sectionText);
    }
  });

  it('draws the Home section within limits, and nothing without a running campaign', () => {
    expect(campaignHomeBlocks([])).toEqual([]);
    const lines = Array.from({ length: 9 }, (_, i) => ({
      campaignId: `c${i}`,
      name: `*Campaign* ${'x'.repeat(200)}`,
      mine: i,
      target: 10,
      team: 40,
      teamTarget: 200,
      houseMeetings: i,
      endsOn: '2026-04-26',
      daysLeft: i,
    }));
    const blocks = campaignHomeBlocks(lines);
    expect(blocks.length).toBeLessThanOrEqual(8);
    expect(JSON.stringify(blocks)).toContain('and 4 more');
    expect(JSON.stringify(blocks)).toContain('You: *3 of 10*');
    if (hasBlockKitSchema) expect(blockKitSchemaErrors(blocks)).toEqual([]);
  });

  it('draws the digest section from shown themes only', () => {
    const blocks = campaignDigestBlocks({
      campaignId: 'c1',
      name: 'Spring <!channel>',
      week: { conversations: 1, houseMeetings: 0 },
      total: { conversations: 12, houseMeetings: 3 },
      teamTarget: 200,
      topThemes: [{ label: 'Housing', people: 4 }],
      minCount: 3,
    });
    const text = JSON.stringify(blocks);
    expect(text).toContain('*12 of 200* conversations');
    expect(text).toContain('1. *Housing* (4 people)');
    expect(text).not.toContain('<!channel>');
    if (hasBlockKitSchema) expect(blockKitSchemaErrors(blocks)).toEqual([]);
  });
});
