import { describe, expect, it } from 'vitest';
import type { HomeData as HomeViewData } from '../../src/domain/home.js';
import type { PersonRelationship as PeopleViewItem } from '../../src/domain/relationship.js';
import { HOME_ACTION, PEOPLE_ACTION } from '../../src/interaction-ids.js';
import { bar as progressBar } from '../../src/views/bars.js';
import { BLOCK_KIT } from '../../src/views/block-kit.js';
import { HOME_BLOCKS_MAX, homeView } from '../../src/views/home.js';
import { decodePeopleBlock, encodePeopleBlock, peopleMessage } from '../../src/views/people.js';
import { mapMessage } from '../../src/views/power-map.js';

const LONG = 'x'.repeat(5000);

function homeData(n: number, total = n, name = 'Amina Okafor'): HomeViewData {
  return {
    today: '2026-11-25',
    goal: 5,
    thisWeek: 3,
    streak: 2,
    streakCapped: false,
    goingColdWeeks: 6,
    dueSteps: {
      total,
      items: Array.from({ length: n }, (_, i) => ({
        oneToOneId: `o${i}`,
        personName: name,
        institutionName: 'St Mary’s',
        kind: 'introduction' as const,
        dueOn: i % 2 ? '2026-11-25' : '2026-11-20',
        note: LONG,
      })),
    },
    unreflected: {
      total,
      items: Array.from({ length: n }, (_, i) => ({
        oneToOneId: `u${i}`,
        personName: name,
        institutionName: null,
        metOn: '2026-11-24',
      })),
    },
    goingCold: {
      total,
      items: Array.from({ length: n }, (_, i) => ({
        personId: `p${i}`,
        personName: name,
        institutionName: 'School',
        meetings: 3,
        lastMetOn: '2026-09-01',
      })),
    },
  };
}

/** Every text object and element in a view stays inside Block Kit's documented limits. */
function checkLimits(blocks: any[]): void {
  for (const b of blocks) {
    if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(BLOCK_KIT.sectionText);
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(BLOCK_KIT.headerText);
    for (const e of b.elements ?? []) {
      if (e.text?.text) expect(e.text.text.length).toBeLessThanOrEqual(BLOCK_KIT.sectionText);
      if (e.type === 'button') expect(e.text.text.length).toBeLessThanOrEqual(BLOCK_KIT.buttonText);
      for (const o of e.options ?? []) {
        expect(o.text.text.length).toBeLessThanOrEqual(BLOCK_KIT.optionText);
        expect(o.value.length).toBeLessThanOrEqual(BLOCK_KIT.optionValue);
      }
    }
    if (b.block_id) expect(b.block_id.length).toBeLessThanOrEqual(255);
    if (b.accessory?.value !== undefined)
      expect(b.accessory.value.length).toBeLessThanOrEqual(BLOCK_KIT.buttonValue);
  }
}

describe('Home view', () => {
  it('shows the week, the streak, and each list with its buttons', () => {
    const view = homeView(homeData(2));
    expect(view.type).toBe('home');
    const json = JSON.stringify(view);
    expect(json).toContain('*3 of 5* one-to-ones this week: 2 to go.');
    expect(json).toContain('▓▓▓▓▓▓░░░░');
    expect(json).toContain('2 weeks* in a row');
    expect(json).toContain('overdue since');
    expect(json).toContain('due today');
    expect(json).toContain('45–60 minutes, listen two thirds');
    const accessories = view.blocks.flatMap((b: any) => (b.accessory ? [b.accessory] : []));
    expect(accessories.filter((a) => a.action_id === HOME_ACTION.done).map((a) => a.value)).toEqual([
      'o0',
      'o1',
    ]);
    expect(accessories.filter((a) => a.action_id === HOME_ACTION.reflect).map((a) => a.value)).toEqual([
      'u0',
      'u1',
    ]);
    expect(accessories.filter((a) => a.action_id === HOME_ACTION.log).map((a) => a.value)).toEqual([
      undefined,
      'p0',
      'p1',
    ]);
    expect(json).not.toContain('and 0 more');
  });

  it('says "and N more" beyond the shown items', () => {
    const json = JSON.stringify(homeView(homeData(8, 1234)));
    expect(json.match(/and 1226 more\./g)).toHaveLength(3);
  });

  it('stays within 100 blocks and every text limit whatever it is given', () => {
    const view = homeView(homeData(200, 5000, LONG));
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_BLOCKS_MAX);
    checkLimits(view.blocks);
    // The reminder of the practice survives the cut.
    expect(JSON.stringify(view.blocks.at(-1))).toContain('45–60 minutes');
  });

  it('escapes names so they cannot inject mrkdwn links or mentions', () => {
    const json = JSON.stringify(homeView(homeData(1, 1, '<!channel> <https://evil|x>')));
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt;');
  });

  it('has an empty state for each list and no streak yet', () => {
    const d = homeData(0);
    d.streak = 0;
    d.thisWeek = 6;
    const json = JSON.stringify(homeView(d));
    expect(json).toContain('Goal met');
    expect(json).toContain('▓▓▓▓▓▓▓▓▓▓');
    expect(json).toContain('No streak yet');
    expect(json).toContain('Nothing due today');
    expect(json).toContain('All reflected');
    expect(json).toContain('gone 6 weeks without');
  });

  it('draws a bar that never overflows', () => {
    expect(progressBar(0, 5)).toBe('░░░░░░░░░░');
    expect(progressBar(12, 5)).toBe('▓▓▓▓▓▓▓▓▓▓');
    expect(progressBar(1, 0)).toBe('░░░░░░░░░░');
  });
});

function person(i: number, extra: Partial<PeopleViewItem> = {}): PeopleViewItem {
  return {
    id: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
    name: `Person ${i}`,
    role: null,
    isLeader: false,
    institution: { name: 'St Mary’s', type: null },
    meetings: 2,
    lastMetOn: '2026-11-01',
    stage: 'met_again',
    stageCorrected: false,
    ...extra,
  };
}

describe('People view', () => {
  it('fits a full page in a message and carries the person and list in each block id', () => {
    const items = Array.from({ length: 10 }, (_, i) => person(i, { name: LONG, role: LONG }));
    const m = peopleMessage({ items, query: LONG, page: 3, hasMore: true });
    expect(m.blocks.length).toBeLessThanOrEqual(BLOCK_KIT.messageBlocks);
    checkLimits(m.blocks);
    const controls = m.blocks.filter(
      (b: any) => b.type === 'actions' && b.block_id !== 'people_nav',
    ) as any[];
    expect(controls).toHaveLength(10);
    const state = decodePeopleBlock(controls[0].block_id);
    expect(state?.personId).toBe(items[0]!.id);
    expect(state?.page).toBe(3);
  });

  it('shows leader, stage and whether I corrected it; offers the type only with an institution', () => {
    const m = peopleMessage({
      items: [
        person(1, { isLeader: true, stage: 'action', stageCorrected: true }),
        person(2, { institution: null }),
      ],
      query: '',
      page: 0,
      hasMore: false,
    });
    const json = JSON.stringify(m);
    expect(json).toContain(':star: leader');
    expect(json).toContain('Took part in an action* (set by you)');
    const [a, b] = m.blocks.filter((x: any) => x.type === 'actions') as any[];
    expect(a.elements.map((e: any) => e.action_id)).toEqual([
      PEOPLE_ACTION.leader,
      PEOPLE_ACTION.stage,
      PEOPLE_ACTION.institutionType,
    ]);
    expect(a.elements[0].value).toBe('0');
    expect(a.elements[1].initial_option.value).toBe('action');
    expect(b.elements.map((e: any) => e.action_id)).toEqual([PEOPLE_ACTION.leader, PEOPLE_ACTION.stage]);
    expect(b.elements[1].initial_option.value).toBe('auto');
  });

  it('rejects block ids that are not its own', () => {
    expect(decodePeopleBlock('not json')).toBeUndefined();
    expect(decodePeopleBlock('{"q":"x"}')).toBeUndefined();
    expect(decodePeopleBlock(encodePeopleBlock({ personId: 'p', query: 'q', page: -4 }))).toEqual({
      personId: 'p',
      query: 'q',
      page: 0,
    });
  });
});

describe('Power map view', () => {
  it('groups by type, marks gaps, and caps long lists', () => {
    const many = Array.from({ length: 400 }, (_, i) => ({
      name: `${LONG}${i}`,
      organisers: 2,
      leaders: 1,
      lastContact: '2026-11-01',
      gap: i % 2 === 0,
    }));
    const m = mapMessage({
      groups: [
        { type: null, institutions: many },
        {
          type: 'faith',
          institutions: [{ name: 'St Mary’s', organisers: 1, leaders: 0, lastContact: null, gap: true }],
        },
      ],
      totals: { institutions: 401, gaps: 201, leaders: 400 },
    });
    expect(m.blocks.length).toBeLessThanOrEqual(BLOCK_KIT.messageBlocks);
    checkLimits(m.blocks);
    const json = JSON.stringify(m);
    // Typed groups come first, "not set" last.
    expect(json.indexOf('*Faith*')).toBeLessThan(json.indexOf('*Type not set*'));
    expect(json).toContain('no one-to-one yet · :warning: gap');
    expect(json).toMatch(/and \d+ more\./);
  });
});
