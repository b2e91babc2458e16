import type { ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { ContinueChoice, ListeningShare } from '../../src/db/schema.js';
import { type LearnedForm, LIMITS } from '../../src/domain/one-to-one.js';
import { LOG_BLOCK } from '../../src/interaction-ids.js';
import { BLOCK_KIT, section, truncate, userText } from '../../src/views/block-kit.js';
import {
  decodeLearnedMetadata,
  decodeLogMetadata,
  type LogModalData,
  learnedModal,
  logModal,
} from '../../src/views/log-modal.js';
import {
  helpMessage,
  type ListItem,
  listMessage,
  loggedMessage,
  notFoundNotice,
  statsMessage,
} from '../../src/views/messages.js';
import { personOptions, whoOptions } from '../../src/views/options.js';
import { decodePage, encodePage } from '../../src/views/paging.js';
import { decodeReflectionMetadata, reflectionModal } from '../../src/views/reflection-modal.js';
import { blockKitSchemaErrors, hasBlockKitSchema } from '../support/block-kit-schema.js';

/**
 * Every view stays within Block Kit's documented limits (https://api.slack.com/reference/block-kit),
 * including with every field at its maximum and names far longer than anyone types.
 */

const LONG = 'Ŵ'.repeat(5000);
const uuid = '0b3e1f52-9d0c-4c6e-8f7a-2d9b8e4c1a77';

/** Walks any Block Kit structure and checks every limit we know of. */
function checkLimits(blocks: any[], where: 'modal' | 'message'): string[] {
  const problems: string[] = [];
  const max = where === 'modal' ? BLOCK_KIT.modalBlocks : BLOCK_KIT.messageBlocks;
  if (blocks.length > max) problems.push(`${blocks.length} blocks (max ${max})`);
  const ids = new Set<string>();
  const text = (t: any, limit: number, what: string) => {
    if (t && typeof t.text === 'string' && t.text.length > limit)
      problems.push(`${what}: ${t.text.length} > ${limit}`);
    if (t && typeof t.text === 'string' && t.text.length === 0) problems.push(`${what}: empty`);
  };
  const option = (o: any, what: string) => {
    text(o.text, BLOCK_KIT.optionText, `${what} option text`);
    if (o.value.length > BLOCK_KIT.optionValue) problems.push(`${what} option value ${o.value.length}`);
  };
  const element = (e: any, what: string) => {
    if (!e) return;
    if (e.action_id && e.action_id.length > 255) problems.push(`${what} action_id`);
    if (e.type === 'button') {
      text(e.text, BLOCK_KIT.buttonText, `${what} button`);
      if (e.value && e.value.length > BLOCK_KIT.buttonValue) problems.push(`${what} button value`);
    }
    if (e.placeholder) text(e.placeholder, BLOCK_KIT.placeholder, `${what} placeholder`);
    for (const o of e.options ?? []) option(o, what);
    if ((e.options?.length ?? 0) > BLOCK_KIT.staticSelectOptions) problems.push(`${what} options`);
    if (e.initial_option) option(e.initial_option, `${what} initial`);
    if (e.type === 'plain_text_input') {
      if (e.max_length > 3000) problems.push(`${what} max_length ${e.max_length}`);
      if (e.initial_value && e.initial_value.length > (e.max_length ?? 3000))
        problems.push(`${what} initial value over its max_length`);
    }
  };
  for (const b of blocks) {
    const what = `${b.type} ${b.block_id ?? ''}`;
    if (b.block_id) {
      if (ids.has(b.block_id)) problems.push(`duplicate block_id ${b.block_id}`);
      ids.add(b.block_id);
      if (b.block_id.length > 255) problems.push(`${what} block_id`);
    }
    if (b.type === 'section') {
      text(b.text, BLOCK_KIT.sectionText, what);
      element(b.accessory, what);
    }
    if (b.type === 'header') text(b.text, BLOCK_KIT.headerText, what);
    if (b.type === 'context') {
      if (b.elements.length > BLOCK_KIT.contextElements) problems.push(`${what} elements`);
      for (const e of b.elements) text(e, BLOCK_KIT.sectionText, what);
    }
    if (b.type === 'actions') {
      if (b.elements.length > BLOCK_KIT.actionsElements) problems.push(`${what} elements`);
      for (const e of b.elements) element(e, what);
    }
    if (b.type === 'input') {
      text(b.label, BLOCK_KIT.inputLabel, `${what} label`);
      if (b.hint) text(b.hint, BLOCK_KIT.hint, `${what} hint`);
      element(b.element, what);
    }
  }
  return problems;
}

function checkModal(view: ModalView): string[] {
  const problems = checkLimits(view.blocks as any[], 'modal');
  if (view.title.text.length > BLOCK_KIT.modalTitle) problems.push(`title ${view.title.text.length}`);
  if (view.submit && view.submit.text.length > BLOCK_KIT.modalButton) problems.push('submit');
  if (view.close && view.close.text.length > BLOCK_KIT.modalButton) problems.push('close');
  if ((view.private_metadata ?? '').length > BLOCK_KIT.privateMetadata) problems.push('private_metadata');
  if ((view.callback_id ?? '').length > 255) problems.push('callback_id');
  return problems;
}

const fullLog: LogModalData = {
  today: '2026-11-25',
  person: { id: uuid, name: LONG, institutionName: LONG },
  record: {
    id: uuid,
    personId: uuid,
    personName: LONG,
    institutionName: LONG,
    metOn: '2026-11-24',
    durationMinutes: 240,
    setting: 's'.repeat(LIMITS.setting),
    needs: 'n'.repeat(LIMITS.learned),
    meaning: 'm'.repeat(LIMITS.learned),
    stories: 'x'.repeat(LIMITS.learned),
    values: 'v'.repeat(LIMITS.learned),
    mutual: 'u'.repeat(LIMITS.learned),
    listening: 'two_thirds' as ListeningShare,
    continue: 'maybe' as ContinueChoice,
    depth: 'stories',
    nextStep: {
      kind: 'introduction',
      dueOn: '2026-12-24',
      note: 'o'.repeat(LIMITS.nextStepNote),
      done: false,
    },
  },
};

const fullLearned: LearnedForm = {
  oneToOneId: uuid,
  personName: LONG,
  institutionName: LONG,
  metOn: '2026-11-24',
  nextStep: { kind: 'introduction', dueOn: '2026-12-24' },
  justSaved: true,
  edited: false,
  learned: {
    setting: 's'.repeat(LIMITS.setting),
    needs: 'n'.repeat(LIMITS.learned),
    meaning: 'm'.repeat(LIMITS.learned),
    stories: 'x'.repeat(LIMITS.learned),
    values: 'v'.repeat(LIMITS.learned),
    mutual: 'u'.repeat(LIMITS.learned),
    listening: 'two_thirds',
    continue: 'maybe',
    depth: 'self_interest',
  },
};

const schemaOk = (view: ModalView) => {
  if (hasBlockKitSchema) expect(blockKitSchemaErrors(view.blocks as unknown[])).toEqual([]);
};

describe('the log modal, step one', () => {
  it('is within limits and Block Kit’s schema: empty, with every field at its maximum, for someone new, with matches', () => {
    const views = [
      logModal({ today: '2026-11-25' }),
      logModal(fullLog),
      logModal({ today: '2026-11-25', who: { kind: 'new', name: LONG } }),
      logModal({ today: '2026-11-25', who: { kind: 'member', userId: 'U0123456789', name: LONG } }),
      logModal({
        today: '2026-11-25',
        matches: {
          query: LONG,
          people: Array.from({ length: 5 }, (_, i) => ({
            id: `${uuid}${i}`,
            name: LONG,
            institutionName: LONG,
          })),
        },
      }),
    ];
    for (const view of views) {
      expect(checkModal(view)).toEqual([]);
      schemaOk(view);
    }
  });

  it('holds only who, when, how long and the next step; institution and role only for someone new', () => {
    const ids = (view: ModalView) => view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id);
    expect(ids(logModal({ today: '2026-11-25' }))).toEqual([
      LOG_BLOCK.existingPerson,
      LOG_BLOCK.metOn,
      LOG_BLOCK.duration,
      LOG_BLOCK.nextStepKind,
      LOG_BLOCK.nextStepDue,
      LOG_BLOCK.nextStepNote,
    ]);
    expect(ids(logModal({ today: '2026-11-25', who: { kind: 'new', name: 'Amina' } }))).toEqual([
      LOG_BLOCK.existingPerson,
      LOG_BLOCK.institution,
      LOG_BLOCK.role,
      LOG_BLOCK.metOn,
      LOG_BLOCK.duration,
      LOG_BLOCK.nextStepKind,
      LOG_BLOCK.nextStepDue,
      LOG_BLOCK.nextStepNote,
    ]);
    expect(ids(logModal(fullLog))).not.toContain(LOG_BLOCK.institution);
  });

  it('who, when and the next step are required; when defaults to today, length to 45, the due date to a week on', () => {
    const view = logModal({ today: '2026-11-25' }) as any;
    const required = view.blocks
      .filter((b: any) => b.type === 'input' && !b.optional)
      .map((b: any) => b.block_id);
    expect(required).toEqual([LOG_BLOCK.existingPerson, LOG_BLOCK.metOn, LOG_BLOCK.nextStepKind]);
    const at = (id: string) => view.blocks.find((b: any) => b.block_id === id).element;
    expect(at(LOG_BLOCK.metOn).initial_date).toBe('2026-11-25');
    expect(at(LOG_BLOCK.duration).initial_value).toBe('45');
    expect(at(LOG_BLOCK.nextStepKind).initial_option).toBeUndefined();
    expect(at(LOG_BLOCK.nextStepDue).initial_date).toBe('2026-12-02');
    expect(view.blocks.find((b: any) => b.block_id === LOG_BLOCK.existingPerson).dispatch_action).toBe(true);
  });

  it('prefills an edit, keeps the record id in private_metadata, and reads it back', () => {
    const view = logModal(fullLog) as any;
    expect(view.title.text).toBe('Edit one-to-one');
    expect(decodeLogMetadata(view.private_metadata)).toEqual({ editingId: uuid });
    const at = (id: string) => view.blocks.find((b: any) => b.block_id === id).element;
    expect(at(LOG_BLOCK.nextStepKind).initial_option.value).toBe('introduction');
    expect(at(LOG_BLOCK.nextStepDue).initial_date).toBe('2026-12-24');
    expect(at(LOG_BLOCK.existingPerson).initial_option.value).toBe(uuid);
    expect(at(LOG_BLOCK.existingPerson).initial_option.text.text).toHaveLength(BLOCK_KIT.optionText);
  });

  it('treats crafted or empty metadata as a new log', () => {
    expect(decodeLogMetadata(undefined)).toEqual({});
    expect(decodeLogMetadata('')).toEqual({});
    expect(decodeLogMetadata('{bad')).toEqual({});
    expect(decodeLogMetadata('{"editingId":7}')).toEqual({});
    expect(decodeLogMetadata('null')).toEqual({});
    expect(decodeLogMetadata('"x"')).toEqual({});
  });
});

describe('the log modal, step two', () => {
  it('is within limits and the schema, with every field at its maximum, saved just now or opened later', () => {
    for (const view of [learnedModal(fullLearned), learnedModal({ ...fullLearned, justSaved: false })]) {
      expect(checkModal(view)).toEqual([]);
      schemaOk(view);
    }
  });

  it('says "Saved" when step one was just saved, and carries the record id', () => {
    const view = learnedModal(fullLearned);
    expect(JSON.stringify(view.blocks)).toContain('Saved.');
    expect(JSON.stringify(learnedModal({ ...fullLearned, justSaved: false }).blocks)).not.toContain('Saved');
    expect(decodeLearnedMetadata(view.private_metadata)).toEqual({ oneToOneId: uuid });
    expect(decodeLearnedMetadata('{bad')).toBeUndefined();
    expect(decodeLearnedMetadata('{"oneToOneId":7}')).toBeUndefined();
  });

  it('has one block per learned field, each text input capped at our limit, all optional', () => {
    const view = learnedModal(fullLearned) as any;
    const inputs = view.blocks.filter((b: any) => b.type === 'input');
    expect(inputs.map((b: any) => b.block_id).sort()).toEqual(
      [
        LOG_BLOCK.setting,
        LOG_BLOCK.needs,
        LOG_BLOCK.meaning,
        LOG_BLOCK.stories,
        LOG_BLOCK.values,
        LOG_BLOCK.mutual,
        LOG_BLOCK.listening,
        LOG_BLOCK.continue,
        LOG_BLOCK.depth,
      ].sort(),
    );
    expect(inputs.every((b: any) => b.optional)).toBe(true);
    const caps = Object.fromEntries(
      inputs
        .filter((b: any) => b.element.type === 'plain_text_input')
        .map((b: any) => [b.block_id, b.element.max_length]),
    );
    expect(caps).toEqual({
      [LOG_BLOCK.setting]: LIMITS.setting,
      [LOG_BLOCK.needs]: LIMITS.learned,
      [LOG_BLOCK.meaning]: LIMITS.learned,
      [LOG_BLOCK.stories]: LIMITS.learned,
      [LOG_BLOCK.values]: LIMITS.learned,
      [LOG_BLOCK.mutual]: LIMITS.learned,
    });
    const at = (id: string) => view.blocks.find((b: any) => b.block_id === id).element;
    expect(at(LOG_BLOCK.depth).initial_option.value).toBe('self_interest');
    expect(at(LOG_BLOCK.stories).initial_value).toBe(fullLearned.learned.stories);
  });
});

describe('the who options', () => {
  it('my people, then members, then "New person: <typed name>", at most 100 and within limits', () => {
    const many = Array.from({ length: 120 }, (_, i) => ({
      id: `${uuid}-${i}`,
      name: LONG,
      institutionName: LONG,
    }));
    const options = whoOptions({
      people: many,
      members: [{ userId: 'U0123456789', name: LONG }],
      newName: 'n'.repeat(LIMITS.name),
    });
    expect(options).toHaveLength(BLOCK_KIT.externalSelectOptions);
    expect(options.at(-1)!.value).toBe(`new:${'n'.repeat(LIMITS.name)}`);
    expect(options.at(-1)!.text.text.startsWith('New person: ')).toBe(true);
    for (const o of options) {
      expect(o.text.text.length).toBeLessThanOrEqual(BLOCK_KIT.optionText);
      expect((o.value ?? '').length).toBeLessThanOrEqual(BLOCK_KIT.optionValue);
    }
    expect(whoOptions({ people: [], members: [{ userId: 'U1', name: 'Priya' }], newName: null })).toEqual([
      { text: { type: 'plain_text', text: 'Priya (in this Slack)' }, value: 'member:U1' },
    ]);
  });
});

describe('the reflection modal', () => {
  const data = {
    oneToOneId: uuid,
    personName: LONG,
    institutionName: LONG,
    metOn: '2026-11-24',
    source: { channel: 'D0123456789', ts: '1764072000.123456' },
    existing: {
      motivations: 'a'.repeat(LIMITS.reflection),
      contribution: 'b'.repeat(LIMITS.reflection),
      differently: 'c'.repeat(LIMITS.reflection),
      depth: 'self_interest' as const,
    },
  };

  it('is within limits with the longest names and full reflections', () => {
    expect(checkModal(reflectionModal(data))).toEqual([]);
    expect(checkModal(reflectionModal({ ...data, existing: undefined, source: undefined }))).toEqual([]);
  });

  it('says Edit when a reflection exists, and round-trips its metadata', () => {
    const view = reflectionModal(data);
    expect(view.title.text).toBe('Edit reflection');
    expect(decodeReflectionMetadata(view.private_metadata)).toEqual({
      oneToOneId: uuid,
      source: data.source,
    });
    expect(reflectionModal({ ...data, existing: undefined }).title.text).toBe('Reflect');
  });

  it('escapes names in mrkdwn', () => {
    const view = reflectionModal({ ...data, personName: '<!channel> & co', institutionName: null });
    expect(JSON.stringify(view.blocks)).toContain('&lt;!channel&gt; &amp; co');
    expect(JSON.stringify(view.blocks)).not.toContain('<!channel>');
  });

  it('refuses crafted metadata', () => {
    expect(decodeReflectionMetadata(undefined)).toBeUndefined();
    expect(decodeReflectionMetadata('{')).toBeUndefined();
    expect(decodeReflectionMetadata('{"oneToOneId":1}')).toBeUndefined();
    expect(decodeReflectionMetadata('null')).toBeUndefined();
    expect(decodeReflectionMetadata('{"oneToOneId":"x","source":{"channel":1}}')).toEqual({
      oneToOneId: 'x',
      source: undefined,
    });
  });
});

describe('messages', () => {
  const item = (i: number): ListItem => ({
    id: uuid,
    personId: uuid,
    personName: `${LONG}${i}`,
    institutionName: LONG,
    metOn: '2026-11-24',
    durationMinutes: 45,
    nextStep: { kind: 'introduction', dueOn: '2026-12-01', done: false },
    reflected: i % 2 === 0,
  });

  it('the confirmation DM is within limits, with and without the Reflect now button', () => {
    for (const reflected of [false, true]) {
      const m = loggedMessage({
        oneToOneId: uuid,
        personName: LONG,
        institutionName: LONG,
        metOn: '2026-11-24',
        edited: false,
        nextStep: { kind: 'meeting', dueOn: '2026-12-01' },
        reflected,
      });
      expect(checkLimits(m.blocks, 'message')).toEqual([]);
      expect(m.text.length).toBeLessThanOrEqual(40_000);
      expect(JSON.stringify(m.blocks).includes('reflect_now')).toBe(!reflected);
    }
  });

  it('a full list page with long names and a long query is within limits, buttons too', () => {
    const longQuery = '"'.repeat(2500);
    for (const [page, hasMore] of [
      [0, true],
      [3, true],
      [3, false],
    ] as const) {
      const m = listMessage({
        items: Array.from({ length: 10 }, (_, i) => item(i)),
        page,
        hasMore,
        query: longQuery,
      });
      expect(checkLimits(m.blocks, 'message')).toEqual([]);
      expect(JSON.stringify(m.blocks)).not.toContain(LONG.slice(0, 3001));
    }
  });

  it('list page buttons round-trip, and crafted values fall back to the first page', () => {
    expect(decodePage(encodePage({ query: 'amina', page: 2 }))).toEqual({ query: 'amina', page: 2 });
    expect(decodePage(undefined)).toEqual({ query: '', page: 0 });
    expect(decodePage('{"q":1,"p":-4}')).toEqual({ query: '', page: 0 });
    expect(decodePage('{"q":"a","p":1.5}')).toEqual({ query: 'a', page: 0 });
    expect(decodePage('[]')).toEqual({ query: '', page: 0 });
    expect(decodePage('{"q":"","p":1e308}')).toEqual({ query: '', page: 0 });
    expect(decodePage('{"q":"","p":10000}')).toEqual({ query: '', page: 10000 });
  });

  it('stats, help and notices are within limits', () => {
    const stats = statsMessage({
      goal: 100,
      thisWeek: 100,
      weeks: Array.from({ length: 8 }, (_, i) => ({
        start: `2026-10-${String(5 + i * 7).padStart(2, '0')}`,
        held: 999,
      })),
      reflectionRate: 1,
    });
    expect(checkLimits(stats.blocks, 'message')).toEqual([]);
    // The footer names the organiser's own goal, not a fixed example (issue 9).
    expect(JSON.stringify(stats.blocks)).toContain('Your goal is 100 a week');
    expect(JSON.stringify(stats.blocks)).not.toContain('goal 5`');
    const help = helpMessage(
      '/onetoone',
      Array.from({ length: 30 }, (_, i) => ({
        usage: `cmd${i} [x]`,
        summary: 'does things.',
        example: `/onetoone cmd${i}`,
      })),
      LONG,
    );
    expect(checkLimits(help.blocks, 'message')).toEqual([]);
    expect(checkLimits(notFoundNotice().blocks, 'message')).toEqual([]);
  });

  it('the not-found notice names nothing', () => {
    expect(notFoundNotice().text).toBe(
      'Sorry, I can’t find that one-to-one among yours. It may have been removed.',
    );
  });
});

describe('person options', () => {
  it('keeps to 100 options, 75-character texts and 150-character values', () => {
    const people = Array.from({ length: 150 }, (_, i) => ({
      id: `${uuid}-${i}`.padEnd(200, 'z'),
      name: `${LONG}${i}`,
      institutionName: i % 2 ? LONG : null,
    }));
    const options = personOptions(people);
    expect(options).toHaveLength(BLOCK_KIT.externalSelectOptions);
    for (const o of options) {
      expect(o.text.text.length).toBeLessThanOrEqual(BLOCK_KIT.optionText);
      expect(o.value!.length).toBeLessThanOrEqual(BLOCK_KIT.optionValue);
    }
  });

  it('labels a person with their institution', () => {
    expect(personOptions([{ id: 'p1', name: 'Amina', institutionName: 'Unite' }])).toEqual([
      { text: { type: 'plain_text', text: 'Amina (Unite)' }, value: 'p1' },
    ]);
  });
});

describe('block-kit helpers', () => {
  it('truncate cuts to the limit with an ellipsis, and leaves short text alone', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcd', 4)).toBe('abcd');
    expect(truncate('abcdef', 4)).toHaveLength(4);
  });
  it('userText escapes &, < and >', () => {
    expect(userText('<@U1> & <!here>')).toBe('&lt;@U1&gt; &amp; &lt;!here&gt;');
  });

  it('userText renders formatting characters as typed, strips bidi and zero-width controls, folds lines', () => {
    const typed = '*bold* _it_ ~gone~ `code`\n> quoted \u202Eevil.org\u202C in\u200Bvisible';
    const out = userText(typed);
    expect(out).not.toMatch(/[*_~`]/);
    expect(out).not.toMatch(/[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/);
    expect(out).not.toContain('\n');
    expect(out).toBe(
      '\u2217bold\u2217 \u02CDit\u02CD \u223Cgone\u223C \u02CBcode\u02CB &gt; quoted evil.org invisible',
    );
  });

  it('every mrkdwn section is verbatim: Slack neither auto-links a URL nor a #channel in it', () => {
    expect(section('see https://evil.example #general')).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: 'see https://evil.example #general', verbatim: true },
    });
  });
});
