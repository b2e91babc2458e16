import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, LOG_BLOCK, REFLECT_BLOCK } from '../../src/interaction-ids.js';
import type { ViewRecord } from '../support/fake-slack.js';
import {
  asSubmitted,
  chooseWho,
  count,
  logNew,
  openedView,
  openModalWith,
  submit,
  submitStepOne,
} from '../support/onetoone.js';
import { stateFor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Every bad field comes back inline (`response_action: 'errors'`, keyed by its block id, on a
 * field the view has), in each of the two steps, and nothing is saved: no one-to-one, no person,
 * no institution, and a refused step two leaves its record as it was.
 */

let t: TestApp;
const amy = { user: 'UAMY' };
// 10:30 on Tuesday 24 Nov in Los Angeles is already Wednesday 25 Nov in London.
const NOW = '2026-11-24T18:30:00Z';

beforeAll(async () => {
  t = await startTestApp({ now: NOW });
  t.slack.users.set('UAMY', { id: 'UAMY', real_name: 'Amy', tz: 'America/Los_Angeles' });
});
afterAll(() => t.stop());

async function totals() {
  return {
    oneToOnes: await count(t, 'one_to_ones'),
    people: await count(t, 'people'),
    institutions: await count(t, 'institutions'),
  };
}

let logView: ViewRecord;
let detailsView: ViewRecord;

/**
 * Submits step one with `inputs` (on the view with a new person's institution and role when
 * `details`) and returns the errors Slack would show (or fails if none).
 */
async function errorsFor(
  inputs: Record<string, string | null | undefined>,
  raw?: Record<string, Record<string, any>>,
  details = false,
): Promise<Record<string, string>> {
  logView ??= await openModalWith(t, amy);
  detailsView ??= await chooseWho(t, amy, await openModalWith(t, amy), 'new:Amina Okafor');
  const view = details ? detailsView : logView;
  const before = await totals();
  const state = stateFor(view.view, { [LOG_BLOCK.nextStepKind]: 'none', ...inputs });
  const res = await t.send.viewSubmission(amy, asSubmitted(view), { ...state, ...raw });
  expect(res.status).toBe(200);
  const body = res.json();
  expect(body?.response_action).toBe('errors');
  // Every error sits on a field the view has.
  const ids = view.view.blocks.map((b: any) => b.block_id);
  for (const id of Object.keys(body.errors)) expect(ids).toContain(id);
  expect(await totals()).toEqual(before);
  expect(t.slack.callsOf('chat.postMessage')).toHaveLength(0);
  return body.errors;
}

const named = { [LOG_BLOCK.existingPerson]: 'new:Amina Okafor' };

describe('who', () => {
  it('an empty who', async () => {
    const errors = await errorsFor({});
    expect(Object.keys(errors)).toEqual([LOG_BLOCK.existingPerson]);
    expect(errors[LOG_BLOCK.existingPerson]).toMatch(/who did you meet/i);
  });

  it('only spaces as a new name is an empty who', async () => {
    const errors = await errorsFor({ [LOG_BLOCK.existingPerson]: 'new:   ' });
    expect(Object.keys(errors)).toEqual([LOG_BLOCK.existingPerson]);
  });

  it('a crafted person id that is not one of mine', async () => {
    const errors = await errorsFor({ [LOG_BLOCK.existingPerson]: 'some-person-id' });
    expect(errors).toEqual({ [LOG_BLOCK.existingPerson]: expect.stringMatching(/can’t find/) });
  });

  it('a crafted member value without a member', async () => {
    const errors = await errorsFor({ [LOG_BLOCK.existingPerson]: 'member:' });
    expect(Object.keys(errors)).toEqual([LOG_BLOCK.existingPerson]);
  });

  it('myself', async () => {
    const errors = await errorsFor({ [LOG_BLOCK.existingPerson]: 'member:UAMY' });
    expect(errors).toEqual({ [LOG_BLOCK.existingPerson]: expect.stringMatching(/That is you/) });
  });

  it('two whos (the single form’s member field, still read), on the one who field', async () => {
    const errors = await errorsFor(named, {
      [LOG_BLOCK.slackMember]: { [ACTION.input]: { type: 'users_select', selected_user: 'UOTHER' } },
    });
    expect(errors).toEqual({ [LOG_BLOCK.existingPerson]: expect.stringMatching(/one person/) });
  });
});

describe('when and how long', () => {
  it('a date in the future in the organiser’s zone (tomorrow in Los Angeles, today in London)', async () => {
    const errors = await errorsFor({ ...named, [LOG_BLOCK.metOn]: '2026-11-25' });
    expect(Object.keys(errors)).toEqual([LOG_BLOCK.metOn]);
    expect(errors[LOG_BLOCK.metOn]).toMatch(/today or earlier/);
  });

  it('an invalid date, and no date', async () => {
    expect(await errorsFor({ ...named, [LOG_BLOCK.metOn]: '2026-02-30' })).toEqual({
      [LOG_BLOCK.metOn]: 'This is not a date.',
    });
    expect(await errorsFor({ ...named, [LOG_BLOCK.metOn]: 'yesterday' })).toEqual({
      [LOG_BLOCK.metOn]: 'This is not a date.',
    });
    expect(Object.keys(await errorsFor({ ...named, [LOG_BLOCK.metOn]: null }))).toEqual([LOG_BLOCK.metOn]);
  });

  it.each(['4', '241', 'abc', '45.5', '-45', '1e2', '0'])('duration %s', async (duration) => {
    const errors = await errorsFor({ ...named, [LOG_BLOCK.duration]: duration });
    expect(Object.keys(errors)).toEqual([LOG_BLOCK.duration]);
    expect(errors[LOG_BLOCK.duration]).toMatch(/5 to 240/);
  });
});

describe('step one’s text over its limit', () => {
  it.each([
    [LOG_BLOCK.existingPerson, 81, /at most 80/, false],
    [LOG_BLOCK.institution, 101, /at most 100/, true],
    [LOG_BLOCK.role, 81, /at most 80/, true],
    [LOG_BLOCK.nextStepNote, 301, /at most 300/, false],
  ] as const)('%s with %i characters', async (block, length, message, details) => {
    const inputs =
      block === LOG_BLOCK.existingPerson
        ? { [block]: `new:${'x'.repeat(length)}` }
        : block === LOG_BLOCK.nextStepNote
          ? { ...named, [LOG_BLOCK.nextStepKind]: 'meeting', [block]: 'x'.repeat(length) }
          : { ...named, [block]: 'x'.repeat(length) };
    const errors = await errorsFor(inputs, undefined, details);
    expect(Object.keys(errors)).toEqual([block]);
    expect(errors[block]).toMatch(message);
  });

  it('the limit itself is fine', async () => {
    const view = await openModalWith(t, amy);
    const { res } = await submitStepOne(t, amy, view, {
      [LOG_BLOCK.newName]: 'n'.repeat(80),
      [LOG_BLOCK.nextStepKind]: 'meeting',
      [LOG_BLOCK.nextStepNote]: 'y'.repeat(300),
    });
    expect(res.status).toBe(200);
    expect(res.json().response_action).toBe('update');
    const row = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .selectAll()
      .where('source_view_id', '=', view.id)
      .executeTakeFirstOrThrow();
    expect(row.next_step_note).toHaveLength(300);
    // A week from the organiser's today (24 Nov in Los Angeles), as the date picker opened.
    expect(row.next_step_due_on).toBe('2026-12-01');
    await t.bot.deps.db.deleteFrom('one_to_ones').execute();
    await t.bot.deps.db.deleteFrom('people').execute();
    t.slack.reset();
  });
});

describe('next step', () => {
  it('due before the meeting', async () => {
    const errors = await errorsFor({
      ...named,
      [LOG_BLOCK.metOn]: '2026-11-20',
      [LOG_BLOCK.nextStepKind]: 'meeting',
      [LOG_BLOCK.nextStepDue]: '2026-11-19',
    });
    expect(errors).toEqual({ [LOG_BLOCK.nextStepDue]: expect.stringMatching(/after you met/) });
  });

  it('a note with next step "None yet"', async () => {
    expect(
      await errorsFor({ ...named, [LOG_BLOCK.nextStepKind]: 'none', [LOG_BLOCK.nextStepNote]: 'call her' }),
    ).toEqual({ [LOG_BLOCK.nextStepKind]: expect.stringMatching(/note belongs to/) });
  });

  it('"None yet" with the date picker’s own date saves no due date', async () => {
    const view = await openModalWith(t, amy);
    const { res } = await submitStepOne(t, amy, view, { ...named, [LOG_BLOCK.nextStepKind]: 'none' });
    expect(res.json().response_action).toBe('update');
    const row = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .selectAll()
      .where('source_view_id', '=', view.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ next_step_kind: 'none', next_step_due_on: null });
    await t.bot.deps.db.deleteFrom('one_to_ones').execute();
    await t.bot.deps.db.deleteFrom('people').execute();
  });

  it('an invalid due date', async () => {
    expect(
      await errorsFor({
        ...named,
        [LOG_BLOCK.nextStepKind]: 'meeting',
        [LOG_BLOCK.nextStepDue]: '2026-11-31',
      }),
    ).toEqual({ [LOG_BLOCK.nextStepDue]: 'This is not a date.' });
  });

  it('an unknown next step', async () => {
    const errors = await errorsFor(named, {
      [LOG_BLOCK.nextStepKind]: {
        [ACTION.input]: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'x' }, value: 'all_of_it' },
        },
      },
    });
    expect(errors).toEqual({ [LOG_BLOCK.nextStepKind]: expect.stringMatching(/Choose one of the listed/) });
  });
});

describe('several bad fields at once', () => {
  it('each gets its own error in one answer', async () => {
    const errors = await errorsFor({
      [LOG_BLOCK.metOn]: '2026-11-30',
      [LOG_BLOCK.duration]: '300',
      [LOG_BLOCK.nextStepNote]: 'a note',
    });
    expect(Object.keys(errors).sort()).toEqual(
      [LOG_BLOCK.existingPerson, LOG_BLOCK.metOn, LOG_BLOCK.duration, LOG_BLOCK.nextStepKind].sort(),
    );
  });
});

describe('step two', () => {
  let learned: Record<string, any>;
  let viewId: string;
  let id: string;

  async function learnedErrors(
    inputs: Record<string, string | null | undefined>,
    raw?: Record<string, Record<string, any>>,
  ): Promise<Record<string, string>> {
    if (!learned) {
      const view = await openModalWith(t, amy);
      const { res } = await submitStepOne(t, amy, view, { [LOG_BLOCK.newName]: 'Step Two Target' });
      learned = res.json().view;
      viewId = view.id;
      id = JSON.parse(learned.private_metadata).oneToOneId;
    }
    const before = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const res = await t.send.viewSubmission(
      amy,
      { ...learned, id: viewId, hash: 'h', team_id: 'T0001', type: 'modal' },
      { ...stateFor(learned, inputs), ...raw },
    );
    const body = res.json();
    expect(body?.response_action).toBe('errors');
    const after = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    return body.errors;
  }

  it.each([
    [LOG_BLOCK.setting, 151, /at most 150/],
    [LOG_BLOCK.needs, 3001, /at most 3000 characters \(this is 3001\)/],
    [LOG_BLOCK.meaning, 3001, /at most 3000/],
    [LOG_BLOCK.stories, 3001, /at most 3000/],
    [LOG_BLOCK.values, 3001, /at most 3000/],
    [LOG_BLOCK.mutual, 3001, /at most 3000/],
  ])('%s with %i characters', async (block, length, message) => {
    const errors = await learnedErrors({ [block]: 'x'.repeat(length) });
    expect(Object.keys(errors)).toEqual([block]);
    expect(errors[block]).toMatch(message);
  });

  const crafted = (block: string, value: string) => ({
    [block]: {
      [ACTION.input]: {
        type: 'radio_buttons',
        selected_option: { text: { type: 'plain_text', text: value }, value },
      },
    },
  });

  it.each([LOG_BLOCK.listening, LOG_BLOCK.continue, LOG_BLOCK.depth])('an unknown %s', async (block) => {
    const errors = await learnedErrors({}, crafted(block, 'all_of_it'));
    expect(Object.keys(errors)).toEqual([block]);
    expect(errors[block]).toMatch(/Choose one of the listed/);
  });

  it('several at once', async () => {
    const errors = await learnedErrors(
      { [LOG_BLOCK.setting]: 's'.repeat(151), [LOG_BLOCK.stories]: 'x'.repeat(3001) },
      crafted(LOG_BLOCK.depth, 'deep'),
    );
    expect(Object.keys(errors).sort()).toEqual(
      [LOG_BLOCK.setting, LOG_BLOCK.stories, LOG_BLOCK.depth].sort(),
    );
  });

  it('crafted metadata naming no record is refused on a field', async () => {
    const res = await t.send.viewSubmission(
      amy,
      {
        ...learned,
        private_metadata: '{"oneToOneId":"not-mine"}',
        id: viewId,
        hash: 'h',
        team_id: 'T0001',
        type: 'modal',
      },
      stateFor(learned, { [LOG_BLOCK.stories]: 'x' }),
    );
    expect(res.json()).toEqual({
      response_action: 'errors',
      errors: { [LOG_BLOCK.needs]: expect.any(String) },
    });
    const garbled = await t.send.viewSubmission(
      amy,
      { ...learned, private_metadata: '{bad', id: viewId, hash: 'h', team_id: 'T0001', type: 'modal' },
      stateFor(learned, { [LOG_BLOCK.stories]: 'x' }),
    );
    expect(garbled.json().response_action).toBe('errors');
    await t.bot.deps.db.deleteFrom('one_to_ones').execute();
    await t.bot.deps.db.deleteFrom('people').execute();
  });
});

describe('the reflection modal', () => {
  it('an empty reflection, too long a text and an unknown depth are refused inline', async () => {
    const id = await logNew(t, amy, 'Reflect Target');
    t.slack.reset();
    await t.send.command('reflect', amy);
    const view = await openedView(t, 1);
    expect(JSON.parse(view.view.private_metadata).oneToOneId).toBe(id);

    const empty = await submit(t, amy, view, {});
    expect(empty.json()).toEqual({
      response_action: 'errors',
      errors: { [REFLECT_BLOCK.differently]: expect.stringMatching(/needs something/) },
    });
    const long = await submit(t, amy, view, { [REFLECT_BLOCK.contribution]: 'c'.repeat(3001) });
    expect(long.json().errors).toEqual({
      [REFLECT_BLOCK.contribution]: expect.stringMatching(/at most 3000/),
    });
    const depth = await t.send.viewSubmission(amy, asSubmitted(view), {
      ...stateFor(view.view, { [REFLECT_BLOCK.motivations]: 'x' }),
      [REFLECT_BLOCK.depth]: {
        [ACTION.input]: { type: 'radio_buttons', selected_option: { value: 'the_abyss' } },
      },
    });
    expect(depth.json().errors).toEqual({ [REFLECT_BLOCK.depth]: expect.any(String) });
    expect(await count(t, 'reflections')).toBe(0);
  });
});

describe('editing with a bad field', () => {
  it('keeps the saved record unchanged', async () => {
    const id = await logNew(t, amy, 'Edit Target', {
      [LOG_BLOCK.metOn]: '2026-11-20',
      [LOG_BLOCK.duration]: '50',
      [LOG_BLOCK.stories]: 'the original story',
    });
    const before = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const opened = t.slack.callsOf('views.open').length;
    await t.send.blockAction(amy, { action_id: ACTION.openOneToOne, value: id });
    const view = await openedView(t, opened + 1);
    expect(JSON.parse(view.view.private_metadata)).toEqual({ editingId: id });

    // A bad step one stops there: step two's new story is never reached.
    const res = await submit(t, amy, view, {
      [LOG_BLOCK.stories]: 'a new story',
      [LOG_BLOCK.duration]: '500',
    });
    expect(res.json()).toEqual({
      response_action: 'errors',
      errors: { [LOG_BLOCK.duration]: expect.any(String) },
    });
    const after = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });
});
