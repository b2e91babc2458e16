import { describe, expect, it } from 'vitest';
import type { HomeData as HomeViewData } from '../../src/domain/home.js';
import { suggestNext } from '../../src/domain/home.js';
import type { PersonRelationship as PeopleViewItem } from '../../src/domain/relationship.js';
import { HOME_ACTION, HOME_CALLBACK, PEOPLE_ACTION } from '../../src/interaction-ids.js';
import { HOME_CAPS } from '../../src/services/home.js';
import { bar as progressBar } from '../../src/views/bars.js';
import { BLOCK_KIT, section } from '../../src/views/block-kit.js';
import { HOME_BLOCKS_MAX, HOME_SECTIONS, homeMessageModal, homeView } from '../../src/views/home.js';
import { notice } from '../../src/views/messages.js';
import { decodePeopleBlock, encodePeopleBlock, peopleMessage } from '../../src/views/people.js';
import { mapMessage } from '../../src/views/power-map.js';
import { blockKitSchemaErrors, hasBlockKitSchema } from '../support/block-kit-schema.js';

const LONG = 'x'.repeat(5000);

/** Wednesday 25 November 2026 (the organiser's local date). */
function homeData(n: number, total = n, name = 'Amina Okafor'): HomeViewData {
  const dueSteps = Array.from({ length: n }, (_, i) => ({
    oneToOneId: `o${i}`,
    personName: name,
    institutionName: 'St Mary’s',
    kind: 'introduction' as const,
    // Still open, today, tomorrow, Friday…: the next 7 days, still open ones first.
    dueOn: ['2026-11-20', '2026-11-25', '2026-11-26', '2026-11-27'][Math.min(i, 3)]!,
    note: LONG,
  }));
  const unreflected = Array.from({ length: n }, (_, i) => ({
    oneToOneId: `u${i}`,
    personName: name,
    institutionName: null,
    metOn: '2026-11-24',
  }));
  const goingCold = Array.from({ length: n }, (_, i) => ({
    personId: `p${i}`,
    personName: name,
    institutionName: 'School',
    meetings: 3,
    lastMetOn: '2026-09-01',
  }));
  return {
    today: '2026-11-25',
    goal: 5,
    thisWeek: 3,
    streak: 2,
    streakCapped: false,
    goingColdWeeks: 6,
    firstOpen: false,
    suggestion: suggestNext({
      today: '2026-11-25',
      firstOpen: false,
      goal: 5,
      thisWeek: 3,
      dueSteps,
      unreflected,
      goingCold,
    }),
    pause: null,
    dueSteps: { total, items: dueSteps },
    introductions: {
      total,
      items: Array.from({ length: n }, (_, i) => ({
        introductionId: `i${i}`,
        personA: name,
        institutionA: 'St Mary’s',
        personB: `${name} B`,
        institutionB: null,
        introducedOn: '2026-11-16',
        status: i % 2 ? ('not_yet' as const) : ('agreed' as const),
        followUpDueOn: '2026-11-23',
      })),
    },
    unreflected: { total, items: unreflected },
    goingCold: { total, items: goingCold },
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

/** Every button of a view, in order (accessories and actions blocks alike). */
function buttonsOf(view: { blocks: any[] }): { action_id: string; value?: string; text: string }[] {
  return view.blocks.flatMap((b: any) =>
    (b.type === 'actions' ? b.elements : b.accessory ? [b.accessory] : [])
      .filter((e: any) => e.type === 'button')
      .map((e: any) => ({ action_id: e.action_id, value: e.value, text: e.text.text })),
  );
}

const valuesOf = (view: { blocks: any[] }, actionId: string) =>
  buttonsOf(view)
    .filter((b) => b.action_id === actionId)
    .map((b) => b.value);

/** Where a header is, and the text between it and the next header. */
function sectionText(view: { blocks: any[] }, title: string): string {
  const at = view.blocks.findIndex((b: any) => b.type === 'header' && b.text.text === title);
  if (at < 0) return '';
  const next = view.blocks.findIndex((b: any, i: number) => i > at && b.type === 'header');
  return JSON.stringify(view.blocks.slice(at, next < 0 ? undefined : next));
}

describe('Home view', () => {
  it('shows the suggestion, the week, the streak, and each section with its buttons', () => {
    const view = homeView(homeData(4));
    expect(view.type).toBe('home');
    const json = JSON.stringify(view);
    // A meeting yesterday, not reflected on: the top suggestion.
    expect(JSON.stringify(view.blocks[1])).toContain(
      '*Next:* reflect on your one-to-one with *Amina Okafor* yesterday',
    );
    expect((view.blocks[1] as any).accessory).toMatchObject({
      action_id: HOME_ACTION.reflect,
      value: 'u0',
      style: 'primary',
    });
    expect(json).toContain('*3 of 5* one-to-ones this week: 2 to go.');
    expect(json).toContain('▓▓▓▓▓▓░░░░');
    expect(json).toContain('2 weeks* in a row');
    const due = sectionText(view, 'Due in the next 7 days');
    expect(due).toContain('still open since Fri 20 Nov');
    expect(due).toContain('due today');
    expect(due).toContain('due tomorrow');
    expect(due).toContain('due Friday');
    expect(due).not.toContain('overdue');
    // Still open first, then today, tomorrow, Friday: the order the use case gave.
    expect(due.indexOf('still open')).toBeLessThan(due.indexOf('due today'));
    expect(due.indexOf('due tomorrow')).toBeLessThan(due.indexOf('due Friday'));
    expect(json).toContain('45–60 minutes, listen two thirds');
    expect(valuesOf(view, HOME_ACTION.done)).toEqual(['o0', 'o1', 'o2', 'o3']);
    expect(valuesOf(view, HOME_ACTION.reflect)).toEqual(['u0', 'u0', 'u1', 'u2', 'u3']);
    expect(valuesOf(view, HOME_ACTION.dismissReflection)).toEqual(['u0', 'u1', 'u2', 'u3']);
    expect(buttonsOf(view).find((b) => b.action_id === HOME_ACTION.dismissReflection)?.text).toBe(
      'No reflection needed',
    );
    expect(valuesOf(view, HOME_ACTION.log)).toEqual([undefined, 'p0', 'p1', 'p2', 'p3']);
    expect(valuesOf(view, HOME_ACTION.introductionMet)).toEqual(['i0', 'i1', 'i2', 'i3']);
    expect(valuesOf(view, HOME_ACTION.introductionNotYet)).toEqual(['i0', 'i1', 'i2', 'i3']);
    expect(valuesOf(view, HOME_ACTION.introductionWontHappen)).toEqual(['i0', 'i1', 'i2', 'i3']);
    const intros = sectionText(view, 'Introductions waiting to hear back');
    expect(intros).toContain('You introduced *Amina Okafor (St Mary’s)* and *Amina Okafor B* on Mon 16 Nov.');
    expect(intros).toContain('Not yet, when you last heard.');
    expect(sectionText(view, 'People to meet again')).toContain(
      '3 one-to-ones, the last Tue 1 Sept (12 weeks ago)',
    );
    expect(sectionText(view, 'Waiting for a reflection')).toContain('met yesterday');
    // The way to the rest, in one row.
    const nav = buttonsOf(view).filter((b) =>
      [HOME_ACTION.people, HOME_ACTION.map, HOME_ACTION.stats, HOME_ACTION.settings].includes(
        b.action_id as never,
      ),
    );
    expect(nav.map((b) => b.text)).toEqual(['People', 'Map', 'Stats', 'Settings']);
    expect(json).not.toContain('and 0 more');
    expect(json).not.toContain('Welcome');
    expect(json).not.toContain('paused');
  });

  it('orders its sections: suggestion, week, due, introductions, meet again, reflections, buttons', () => {
    const view = homeView(homeData(1));
    const headers = view.blocks.filter((b: any) => b.type === 'header').map((b: any) => b.text.text);
    expect(headers).toEqual([
      'Your relational work',
      'Due in the next 7 days',
      'Introductions waiting to hear back',
      'People to meet again',
      'Waiting for a reflection',
    ]);
    // A section added to the list is drawn; the practice reminder stays last.
    const extra = homeView(homeData(1), [...HOME_SECTIONS, () => [section('EXTRA-SECTION')]]);
    expect(JSON.stringify(extra.blocks.at(-2))).toContain('EXTRA-SECTION');
    expect(JSON.stringify(extra.blocks.at(-1))).toContain('45–60 minutes');
  });

  it('says "and N more" beyond the shown items', () => {
    const json = JSON.stringify(homeView(homeData(8, 1234)));
    expect(json.match(/and 1226 more/g)).toHaveLength(4);
    expect(json).toContain('and 1226 more: `/onetoone list` shows them all.');
  });

  it('stays within 100 blocks and every text limit whatever it is given', () => {
    const view = homeView(homeData(200, 5000, LONG));
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_BLOCKS_MAX);
    checkLimits(view.blocks);
    // The reminder of the practice survives the cut.
    expect(JSON.stringify(view.blocks.at(-1))).toContain('45–60 minutes');
  });

  it('leaves room for other sections at the use case’s caps, and paused', () => {
    const d = homeData(8, 100, LONG);
    d.introductions.items = d.introductions.items.slice(0, HOME_CAPS.introductions);
    d.unreflected.items = d.unreflected.items.slice(0, HOME_CAPS.unreflected);
    d.goingCold.items = d.goingCold.items.slice(0, HOME_CAPS.goingCold);
    d.dueSteps.items = d.dueSteps.items.slice(0, HOME_CAPS.dueSteps);
    d.pause = { untilOn: '2026-12-27' };
    const view = homeView(d);
    expect(view.blocks.length).toBeLessThanOrEqual(66);
    checkLimits(view.blocks);
  });

  it.skipIf(!hasBlockKitSchema)('is valid against Block Kit’s published schema, in every state', () => {
    const full = homeData(8, 100, LONG);
    full.pause = { untilOn: '2026-12-27' };
    const welcome = homeData(0);
    welcome.firstOpen = true;
    welcome.suggestion = { kind: 'welcome' };
    const states = [full, homeData(0), welcome, homeData(200, 5000, LONG)];
    for (const d of states) expect(blockKitSchemaErrors(homeView(d).blocks)).toEqual([]);
    for (const s of [
      { kind: 'nextStep', step: full.dueSteps.items[0]! },
      { kind: 'upcomingStep', step: full.dueSteps.items[3]! },
      { kind: 'goingCold', person: full.goingCold.items[0]! },
      { kind: 'goal', remaining: 2, goal: 5 },
      { kind: 'goalMet', thisWeek: 6, goal: 5 },
    ] as const) {
      expect(blockKitSchemaErrors(homeView({ ...full, suggestion: s }).blocks)).toEqual([]);
    }
    const modal = homeMessageModal(HOME_CALLBACK.stats, 'A title far longer than twenty-four', notice('x'));
    expect(modal.title.text.length).toBeLessThanOrEqual(BLOCK_KIT.modalTitle);
    expect(blockKitSchemaErrors(modal.blocks)).toEqual([]);
  });

  it('escapes names so they cannot inject mrkdwn links or mentions', () => {
    const json = JSON.stringify(homeView(homeData(1, 1, '<!channel> <https://evil|x>')));
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('&lt;!channel&gt;');
  });

  it('has an empty state for each section and no streak yet', () => {
    const d = homeData(0);
    d.streak = 0;
    d.thisWeek = 6;
    d.suggestion = { kind: 'goalMet', thisWeek: 6, goal: 5 };
    const json = JSON.stringify(homeView(d));
    expect(json).toContain('Goal met');
    expect(json).toContain('▓▓▓▓▓▓▓▓▓▓');
    expect(json).toContain('No streak yet');
    expect(json).toContain('Nothing due in the next 7 days');
    expect(json).toContain('None waiting. When you introduce two of your people');
    expect(json).toContain('All reflected');
    expect(json).toContain('gone 6 weeks without');
  });

  it('welcomes a first open in the practice’s words, with a Log button and no empty lists', () => {
    const d = homeData(0);
    d.firstOpen = true;
    d.thisWeek = 0;
    d.suggestion = { kind: 'welcome' };
    const view = homeView(d);
    const json = JSON.stringify(view);
    expect(json).toContain('*Welcome.*');
    expect(json).toContain('relational meetings');
    expect(json).toContain('listen two thirds of the time');
    expect(json).toContain('take no notes');
    expect(json).toContain('reflect while it is fresh');
    expect(json).toContain('Your goal is 5 a week');
    for (const odd of ['All reflected', 'Nothing due', 'No streak yet', 'None waiting', 'gone 6 weeks'])
      expect(json).not.toContain(odd);
    const log = buttonsOf(view).filter((b) => b.action_id === HOME_ACTION.log);
    expect(log).toHaveLength(1);
    expect((view.blocks[1] as any).accessory.style).toBe('primary');
    expect(buttonsOf(view).map((b) => b.text)).toContain('Settings');
  });

  it('says nudges are paused until when, with Resume', () => {
    const d = homeData(1);
    d.pause = { untilOn: '2026-12-27' };
    const view = homeView(d);
    expect(JSON.stringify(view.blocks[1])).toContain('Nudges paused until Sun 27 Dec.');
    expect((view.blocks[1] as any).accessory.action_id).toBe(HOME_ACTION.resume);
  });

  it('words each suggestion with its button', () => {
    const d = homeData(1);
    const top = (s: HomeViewData['suggestion']) => homeView({ ...d, suggestion: s }).blocks[1] as any;
    const step = d.dueSteps.items[0]!;
    expect(top({ kind: 'nextStep', step }).text.text).toContain(
      'your next step with *Amina Okafor (St Mary’s)*: introduction to their network, still open since Fri 20 Nov.',
    );
    expect(top({ kind: 'nextStep', step }).accessory).toMatchObject({
      action_id: HOME_ACTION.done,
      value: 'o0',
    });
    expect(top({ kind: 'upcomingStep', step: { ...step, dueOn: '2026-11-28' } }).text.text).toContain(
      'introduction to their network, due Saturday.',
    );
    const cold = top({ kind: 'goingCold', person: { ...d.goingCold.items[0]!, meetings: 2 } });
    expect(cold.text.text).toContain(
      'meet *Amina Okafor (School)* again. You have met twice; the last was Tue 1 Sept, 12 weeks ago.',
    );
    expect(cold.accessory).toMatchObject({ action_id: HOME_ACTION.log, value: 'p0' });
    expect(top({ kind: 'goal', remaining: 1, goal: 5 }).text.text).toContain(
      '1 more one-to-one this week reaches your goal of 5.',
    );
    expect(top({ kind: 'goal', remaining: 2, goal: 5 }).text.text).toContain(
      '2 more one-to-ones this week reach your goal of 5.',
    );
    expect(top({ kind: 'goalMet', thisWeek: 6, goal: 5 }).text.text).toContain(
      '6 of 5 one-to-ones this week',
    );
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
