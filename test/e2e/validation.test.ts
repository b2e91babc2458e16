import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, LOG_BLOCK, REFLECT_BLOCK } from '../../src/interaction-ids.js';
import type { ViewRecord } from '../support/fake-slack.js';
import { asSubmitted, count, logNew, openedView, openModalWith, submit } from '../support/onetoone.js';
import { stateFor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Every bad field comes back inline (`response_action: 'errors'`, keyed by its block id), and
 * nothing is saved: no one-to-one, no person, no institution.
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

/** Submits the log modal with `inputs` and returns the errors Slack would show (or fails if none). */
async function errorsFor(
  inputs: Record<string, string | null | undefined>,
  raw?: Record<string, Record<string, any>>,
): Promise<Record<string, string>> {
  logView ??= await openModalWith(t, amy);
  const before = await totals();
  const state = stateFor(logView.view, inputs);
  const res = await t.send.viewSubmission(amy, asSubmitted(logView), { ...state, ...raw });
  expect(res.status).toBe(200);
  const body = res.json();
  expect(body?.response_action).toBe('errors');
  expect(await totals()).toEqual(before);
  expect(t.slack.callsOf('chat.postMessage')).toHaveLength(0);
  return body.errors;
}

const named = { [LOG_BLOCK.newName]: 'Amina Okafor', [LOG_BLOCK.institution]: 'Unite branch 12' };

describe('who', () => {
  it('an empty who', async () => {
    const errors = await errorsFor({ [LOG_BLOCK.institution]: 'Unite branch 12' });
    expect(Object.keys(errors)).toEqual([LOG_BLOCK.existingPerson]);
    expect(errors[LOG_BLOCK.existingPerson]).toMatch(/who did you meet/i);
  });

  it('only spaces as a name is an empty who', async () => {
    const errors = await errorsFor({ [LOG_BLOCK.newName]: '   ' });
    expect(Object.keys(errors)).toEqual([LOG_BLOCK.existingPerson]);
  });

  it('two whos: a Slack member and a new name', async () => {
    const errors = await errorsFor({ ...named, [LOG_BLOCK.slackMember]: 'UOTHER' });
    expect(Object.keys(errors)).toEqual([LOG_BLOCK.newName]);
    expect(errors[LOG_BLOCK.newName]).toMatch(/one person/);
  });

  it('two whos: an existing person and a Slack member', async () => {
    const errors = await errorsFor({
      [LOG_BLOCK.existingPerson]: 'some-person-id',
      [LOG_BLOCK.slackMember]: 'UOTHER',
    });
    expect(Object.keys(errors)).toEqual([LOG_BLOCK.slackMember]);
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

describe('text over its limit', () => {
  it.each([
    [LOG_BLOCK.newName, 81, /at most 80/],
    [LOG_BLOCK.institution, 101, /at most 100/],
    [LOG_BLOCK.role, 81, /at most 80/],
    [LOG_BLOCK.setting, 151, /at most 150/],
    [LOG_BLOCK.needs, 3001, /at most 3000 characters \(this is 3001\)/],
    [LOG_BLOCK.meaning, 3001, /at most 3000/],
    [LOG_BLOCK.stories, 3001, /at most 3000/],
    [LOG_BLOCK.values, 3001, /at most 3000/],
    [LOG_BLOCK.mutual, 3001, /at most 3000/],
    [LOG_BLOCK.nextStepNote, 301, /at most 300/],
  ])('%s with %i characters', async (block, length, message) => {
    const base =
      block === LOG_BLOCK.newName
        ? {}
        : block === LOG_BLOCK.nextStepNote
          ? { ...named, [LOG_BLOCK.nextStepKind]: 'meeting' }
          : named;
    const errors = await errorsFor({ ...base, [block]: 'x'.repeat(length) });
    expect(Object.keys(errors)).toEqual([block]);
    expect(errors[block]).toMatch(message);
  });

  it('the limit itself is fine', async () => {
    const view = await openModalWith(t, amy);
    const res = await submit(t, amy, view, {
      [LOG_BLOCK.newName]: 'n'.repeat(80),
      [LOG_BLOCK.needs]: 'x'.repeat(3000),
      [LOG_BLOCK.nextStepKind]: 'meeting',
      [LOG_BLOCK.nextStepNote]: 'y'.repeat(300),
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const row = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .selectAll()
      .where('source_view_id', '=', view.id)
      .executeTakeFirstOrThrow();
    expect(row.self_interest_needs).toHaveLength(3000);
    await t.slack.waitForCall('chat.postMessage');
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

  it('a due date or a note with next step "none"', async () => {
    expect(
      await errorsFor({ ...named, [LOG_BLOCK.nextStepKind]: 'none', [LOG_BLOCK.nextStepDue]: '2026-12-01' }),
    ).toEqual({ [LOG_BLOCK.nextStepKind]: expect.stringMatching(/next step this due date/) });
    expect(
      await errorsFor({ ...named, [LOG_BLOCK.nextStepKind]: null, [LOG_BLOCK.nextStepNote]: 'call her' }),
    ).toEqual({ [LOG_BLOCK.nextStepKind]: expect.any(String) });
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
});

describe('unknown option values', () => {
  const crafted = (block: string, type: string, value: string) => ({
    [block]: {
      [ACTION.input]: { type, selected_option: { text: { type: 'plain_text', text: value }, value } },
    },
  });

  it.each([
    [LOG_BLOCK.listening, 'radio_buttons'],
    [LOG_BLOCK.continue, 'radio_buttons'],
    [LOG_BLOCK.nextStepKind, 'static_select'],
  ])('%s', async (block, type) => {
    const errors = await errorsFor(named, crafted(block, type, 'all_of_it'));
    expect(Object.keys(errors)).toEqual([block]);
    expect(errors[block]).toMatch(/Choose one of the listed/);
  });
});

describe('several bad fields at once', () => {
  it('each gets its own error in one answer', async () => {
    const errors = await errorsFor({
      [LOG_BLOCK.metOn]: '2026-11-30',
      [LOG_BLOCK.duration]: '300',
      [LOG_BLOCK.setting]: 's'.repeat(151),
      [LOG_BLOCK.nextStepNote]: 'a note',
    });
    expect(Object.keys(errors).sort()).toEqual(
      [
        LOG_BLOCK.existingPerson,
        LOG_BLOCK.metOn,
        LOG_BLOCK.duration,
        LOG_BLOCK.setting,
        LOG_BLOCK.nextStepKind,
      ].sort(),
    );
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
      errors: { [REFLECT_BLOCK.motivations]: expect.stringMatching(/needs something/) },
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
