import { describe, expect, it } from 'vitest';
import { parseDmExtras } from '../../src/domain/nudge-card.js';
import {
  checkPauseUntil,
  describeWorkingDays,
  isRecentMeeting,
  ordinal,
} from '../../src/domain/nudge-rhythm.js';
import { BLOCK_KIT } from '../../src/views/block-kit.js';
import { nudgeMessage, pauseReply, summaryText } from '../../src/views/nudges.js';
import { settingsModal } from '../../src/views/settings-modal.js';
import { blockKitSchemaErrors, hasBlockKitSchema } from '../support/block-kit-schema.js';

/** Issue 9's nudge views and rules: pure, within Block Kit's limits and schema. */

const LONG = 'Ŵ<@U1>*'.repeat(800);

describe('the rhythm rules', () => {
  it('reads a pause date in the organiser’s zone: after today, within a year, a real date', () => {
    expect(checkPauseUntil('until 2026-12-27', '2026-12-07')).toEqual({ ok: true, untilOn: '2026-12-27' });
    expect(checkPauseUntil('2026-12-27', '2026-12-07')).toEqual({ ok: true, untilOn: '2026-12-27' });
    expect(checkPauseUntil('2026-12-07', '2026-12-07')).toMatchObject({ ok: false, reason: 'not_future' });
    expect(checkPauseUntil('2026-02-29', '2026-01-07')).toMatchObject({ ok: false, reason: 'unreadable' });
    expect(checkPauseUntil('tomorrow', '2026-01-07')).toMatchObject({ ok: false, reason: 'unreadable' });
    expect(checkPauseUntil('2028-01-01', '2026-12-07')).toMatchObject({ ok: false, reason: 'too_far' });
  });
  it('a meeting is recent when held at most three days before it was logged', () => {
    expect(isRecentMeeting('2026-12-04', '2026-12-07')).toBe(true);
    expect(isRecentMeeting('2026-12-03', '2026-12-07')).toBe(false);
  });
  it('names working days and ordinals', () => {
    expect(describeWorkingDays([1, 2, 3, 4, 5])).toBe('Monday to Friday');
    expect(describeWorkingDays([1, 3, 6])).toBe('Monday, Wednesday and Saturday');
    expect(describeWorkingDays([1, 2, 3, 4, 5, 6, 7])).toBe('every day');
    expect([1, 2, 12, 13, 21, 22, 103].map(ordinal)).toEqual([
      'first',
      'second',
      'twelfth',
      '13th',
      '21st',
      '22nd',
      '103rd',
    ]);
  });
  it('reads stored extras defensively', () => {
    expect(parseDmExtras('not json')).toEqual({ folded: 0, more: 0 });
    expect(parseDmExtras('{"folded":-3,"more":"x","homeUrl":"https://evil"}')).toEqual({
      folded: 0,
      more: 0,
    });
    expect(
      parseDmExtras('{"folded":2,"more":1,"summary":{"logged":[{"id":"a","nth":2},{"x":1}],"week":{}}}'),
    ).toMatchObject({
      folded: 2,
      more: 1,
      summary: { logged: [{ id: 'a', nth: 2 }], week: { held: 0, goal: 0, current: false } },
    });
  });
});

describe('the views', () => {
  const summary = {
    logged: [
      { who: LONG, nth: 2 },
      { who: 'Kofi <script>', nth: 1 },
    ],
    moreLogged: 4,
    earlier: 20,
    week: { held: 5, goal: 5, current: true },
  };
  it('the DM with a summary, three cards and the rest line stays within the limits and the schema', () => {
    const cards = Array.from({ length: 3 }, (_, i) => ({
      kind: 'next_step',
      ledgerId: `L${i}`,
      card: { text: LONG, note: LONG, buttons: [{ verb: 'done', label: LONG }] },
    }));
    const m = nudgeMessage({
      cards,
      summary,
      folded: 20,
      more: 4,
      homeUrl: 'slack://app?team=T1&id=A1&tab=home',
    });
    expect(m.blocks.length).toBeLessThanOrEqual(BLOCK_KIT.messageBlocks);
    for (const b of m.blocks as any[]) {
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(BLOCK_KIT.sectionText);
    }
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('4 more nudges and 20 one-to-ones waiting for a reflection');
    expect(text).toContain('slack://app?team=T1&id=A1&tab=home');
    expect(text).not.toContain('<script>');
    if (hasBlockKitSchema) expect(blockKitSchemaErrors(m.blocks)).toEqual([]);
  });
  it('the summary says what is worth knowing, and which week', () => {
    expect(summaryText({ ...summary, logged: [{ who: 'Amina', nth: 2 }], moreLogged: 0, earlier: 0 })).toBe(
      ':sunrise: You logged your second one-to-one with *Amina*. *5 of 5* this week: your goal, met. :tada:',
    );
    expect(
      summaryText({ logged: [], moreLogged: 0, earlier: 1, week: { held: 3, goal: 5, current: false } }),
    ).toBe(':sunrise: 1 earlier one-to-one is now in your records. *3 of 5* last week.');
  });
  it('the settings modal, with every kind and a pause, stays within the limits and the schema', () => {
    const view = settingsModal({
      allOn: true,
      kinds: Array.from({ length: 12 }, (_, i) => ({ name: `k${i}`, label: LONG, on: i % 2 === 0 })),
      workingDays: [1, 2, 3],
      dailySummary: false,
      pausedUntil: '2026-12-27',
      today: '2026-12-07',
    });
    expect(view.title.text.length).toBeLessThanOrEqual(BLOCK_KIT.modalTitle);
    const kinds = (view.blocks as any[]).find((b) => b.block_id === 'settings_kinds');
    expect(kinds.element.options.length).toBeLessThanOrEqual(10);
    for (const o of kinds.element.options)
      expect(o.text.text.length).toBeLessThanOrEqual(BLOCK_KIT.optionText);
    if (hasBlockKitSchema) expect(blockKitSchemaErrors(view.blocks as unknown[])).toEqual([]);
    // None ticked: no empty initial_options (Slack refuses them).
    const none = settingsModal({
      allOn: false,
      kinds: [],
      workingDays: [],
      dailySummary: true,
      today: '2026-12-07',
    });
    expect(JSON.stringify(none)).not.toContain('"initial_options":[]');
  });
  it('pause replies', () => {
    expect(pauseReply({ kind: 'invalid', reason: 'unreadable', today: '2026-12-07' }).text).toContain(
      'couldn’t read that date',
    );
    expect(pauseReply({ kind: 'paused', untilOn: '2026-12-27', extended: false }).text).toContain(
      'Sun 27 Dec',
    );
  });
});
