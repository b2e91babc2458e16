import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACTION, LOG_BLOCK } from '../../src/interaction-ids.js';
import { nudgesJob } from '../../src/jobs/nudges.js';
import { blockText, buttons, logNew, openedView, submit } from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Nudges end to end, the cases nudges.test.ts leaves out: the weekly rhythm nudge's "Not now"
 * and its half-the-goal threshold, the going-cold "Log a one-to-one" button opening the log
 * modal with the person chosen, and turning the `cold` and `steps` kinds off one at a time.
 * Real bot and job, real SQLite and migrations, fake Slack. Organisers in London (GMT in
 * November and December, so local 09:00 is 09:00 UTC).
 */

type Message = { channel: string; ts: string; args: Record<string, any> };

function addUser(t: TestApp, id: string): void {
  t.slack.users.set(id, { id, tz: 'Europe/London', real_name: id });
}

async function run(t: TestApp, at: string) {
  t.clock.set(at);
  return nudgesJob.run({ deps: t.bot.deps, now: new Date(at), dryRun: false });
}

/** Nudge DMs Slack accepted for `user` (the fake keeps chat.update edits on its copy). */
function nudgeMessages(t: TestApp, user: string): Message[] {
  return t.slack.messages.filter((m) => m.channel === `D${user}` && /nudges? for today/.test(m.args.text));
}

/** `/onetoone <text>` as `user` → the ephemeral answer. */
async function command(t: TestApp, user: string, text: string): Promise<Record<string, any>> {
  const n = t.slack.responses.length;
  const res = await t.send.command(text, { user });
  expect(res.status).toBe(200);
  return t.slack.waitForResponse(n + 1);
}

/** The button of a delivered nudge DM whose action id is `nudge:<kind>:<verb>`. */
function buttonOf(message: Message, actionId: string) {
  const button = buttons(message.args.blocks).find((b) => b.action_id === actionId);
  if (!button) throw new Error(`no ${actionId} button in ${blockText(message.args.blocks)}`);
  return button;
}

/** Presses a nudge DM's button as `actor`, from that DM, as Slack sends it. */
async function press(t: TestApp, actor: string, message: Message, actionId: string) {
  const button = buttonOf(message, actionId);
  const res = await t.send.blockAction(
    { user: actor },
    { action_id: button.action_id, value: button.value },
    { channel: message.channel, ts: message.ts, message: { ts: message.ts, blocks: message.args.blocks } },
  );
  expect(res.status).toBe(200);
}

async function ledger(t: TestApp, user: string, kind: string) {
  return t.bot.deps.db
    .selectFrom('nudge_ledger')
    .select(['due_on', 'status', 'outcome', 'subject_id'])
    .where('user_id', '=', user)
    .where('kind', '=', kind)
    .orderBy('due_on')
    .execute();
}

const RHYTHM = /one-to-ones so far/;

describe('weekly rhythm', () => {
  let t: TestApp;
  const R = 'URHYTHM1';
  const OTHER = 'URHYOTHER1';
  const HALF = 'URHYHALF1';
  const BEHIND = 'URHYBEHIND1';

  beforeAll(async () => {
    // Monday 30 November 2026.
    t = await startTestApp({ now: '2026-11-30T08:00:00Z' });
    for (const u of [R, OTHER, HALF, BEHIND]) addUser(t, u);
    await command(t, R, 'nudges reflect off');
    // The daily summary has its own tests (nudges-rhythm.test.ts).
    await command(t, R, 'nudges summary off');
    await command(t, R, 'nudges rhythm on');
    await logNew(t, { user: R }, 'Rhythm One', { [LOG_BLOCK.metOn]: '2026-11-30' });
  });
  afterAll(() => t.stop());

  it('is opt-in: an organiser who did not turn it on gets nothing on a Wednesday', async () => {
    await run(t, '2026-12-02T09:00:00Z');
    expect(nudgeMessages(t, OTHER)).toEqual([]);
    // The one who opted in, with 1 of the default 5, does.
    const [dm] = nudgeMessages(t, R);
    expect(blockText(dm!.args.blocks)).toContain('*1 of 5* one-to-ones so far');
    expect(buttons(dm!.args.blocks).map((b) => b.action_id)).toEqual([
      'nudge:rhythm:log',
      'nudge:rhythm:not_now',
    ]);
  });

  it('Not now from someone else is refused and changes nothing', async () => {
    const dm = nudgeMessages(t, R)[0]!;
    const updates = t.slack.callsOf('chat.update').length;
    const responses = t.slack.responses.length;
    await press(t, OTHER, dm, 'nudge:rhythm:not_now');
    const reply = await t.slack.waitForResponse(responses + 1);
    expect(JSON.stringify(reply)).toContain('can’t find');
    expect(t.slack.callsOf('chat.update')).toHaveLength(updates);
    expect(await ledger(t, R, 'rhythm')).toEqual([
      { due_on: '2026-12-02', status: 'sent', outcome: null, subject_id: 'week' },
    ]);
  });

  it('Not now updates the DM in place with no buttons left, and is not asked again that week', async () => {
    const dm = nudgeMessages(t, R)[0]!;
    const first = { ...dm, args: { ...dm.args } };
    const updates = t.slack.callsOf('chat.update').length;
    await press(t, R, first, 'nudge:rhythm:not_now');
    const update = await t.slack.waitForCall('chat.update', updates + 1);
    expect(update.args).toMatchObject({ channel: dm.channel, ts: dm.ts });
    expect(blockText(update.args.blocks)).toContain('Noted. There is still time this week.');
    expect(blockText(update.args.blocks)).not.toMatch(RHYTHM);
    expect(buttons(update.args.blocks)).toEqual([]);
    expect(await ledger(t, R, 'rhythm')).toEqual([
      { due_on: '2026-12-02', status: 'sent', outcome: 'not_now', subject_id: 'week' },
    ]);

    // Still behind all week, but no second rhythm nudge: later that Wednesday, or any later day.
    for (const at of [
      '2026-12-02T12:00:00Z',
      '2026-12-03T09:00:00Z',
      '2026-12-04T09:00:00Z',
      '2026-12-06T09:00:00Z',
    ]) {
      await run(t, at);
    }
    expect(nudgeMessages(t, R)).toHaveLength(1);

    // A new week: "Not now" was for last week only; 0 of 5 so far this Wednesday.
    await run(t, '2026-12-09T09:00:00Z');
    const dms = nudgeMessages(t, R);
    expect(dms).toHaveLength(2);
    expect(blockText(dms[1]!.args.blocks)).toContain('*0 of 5* one-to-ones so far');
    expect(buttons(dms[1]!.args.blocks)).toHaveLength(2);
  });

  it('is not sent on a Wednesday when at least half the goal is held; counts only this week', async () => {
    t.clock.set('2026-12-15T10:00:00Z');
    for (const u of [HALF, BEHIND]) {
      await command(t, u, 'nudges reflect off');
      // The daily summary has its own tests (nudges-rhythm.test.ts).
      await command(t, u, 'nudges summary off');
      await command(t, u, 'nudges rhythm on');
      const reply = await command(t, u, 'goal 4');
      expect(blockText(reply.blocks)).toContain('*4*');
    }
    // Half: exactly 2 of 4 this week (Monday 14 and Tuesday 15 December).
    await logNew(t, { user: HALF }, 'Half One', { [LOG_BLOCK.metOn]: '2026-12-14' });
    await logNew(t, { user: HALF }, 'Half Two', { [LOG_BLOCK.metOn]: '2026-12-15' });
    // Behind: 1 this week; the three on Sunday 13 December belong to last week.
    for (const name of ['Behind One', 'Behind Two', 'Behind Three']) {
      await logNew(t, { user: BEHIND }, name, { [LOG_BLOCK.metOn]: '2026-12-13' });
    }
    await logNew(t, { user: BEHIND }, 'Behind Four', { [LOG_BLOCK.metOn]: '2026-12-14' });

    await run(t, '2026-12-16T09:00:00Z');
    expect(nudgeMessages(t, HALF)).toEqual([]);
    expect(await ledger(t, HALF, 'rhythm')).toEqual([]);
    const [dm] = nudgeMessages(t, BEHIND);
    expect(blockText(dm!.args.blocks)).toContain('*1 of 4* one-to-ones so far');
    // Later that day, still at half: still nothing.
    await run(t, '2026-12-16T15:00:00Z');
    expect(nudgeMessages(t, HALF)).toEqual([]);
  });
});

describe('going cold: Log a one-to-one', () => {
  let t: TestApp;
  const U = 'UCOLDLOG1';
  const OTHER = 'UCOLDOTHER1';
  let lee = '';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-10-16T10:00:00Z' });
    addUser(t, U);
    addUser(t, OTHER);
    await command(t, U, 'nudges reflect off');
    // The daily summary has its own tests (nudges-rhythm.test.ts).
    await command(t, U, 'nudges summary off');
    await logNew(t, { user: U }, 'Lee Wong', {
      [LOG_BLOCK.institution]: 'Riverside Mosque',
      [LOG_BLOCK.metOn]: '2026-09-20',
    });
    const row = await t.bot.deps.db
      .selectFrom('people')
      .select('id')
      .where('organiser_id', '=', U)
      .where('name', '=', 'Lee Wong')
      .executeTakeFirstOrThrow();
    lee = row.id;
    // The second meeting, with the same person chosen in the modal.
    await logNew(t, { user: U }, '', { [LOG_BLOCK.existingPerson]: lee, [LOG_BLOCK.metOn]: '2026-10-15' });
    // 15 October + 6 weeks = Thursday 26 November.
    await run(t, '2026-11-26T09:00:00Z');
  });
  afterAll(() => t.stop());

  it('is sent for a person met twice', async () => {
    const [dm] = nudgeMessages(t, U);
    expect(blockText(dm!.args.blocks)).toContain('You last met *Lee Wong (Riverside Mosque)* on Thu 15 Oct');
    expect(buttons(dm!.args.blocks).map((b) => b.action_id)).toEqual([
      'nudge:going_cold:log',
      'nudge:going_cold:not_now',
    ]);
  });

  it('opens nothing for anyone but the recipient', async () => {
    const dm = nudgeMessages(t, U)[0]!;
    const opened = t.slack.callsOf('views.open').length;
    const updates = t.slack.callsOf('chat.update').length;
    const responses = t.slack.responses.length;
    await press(t, OTHER, dm, 'nudge:going_cold:log');
    const reply = await t.slack.waitForResponse(responses + 1);
    expect(JSON.stringify(reply)).toContain('can’t find');
    expect(JSON.stringify(reply)).not.toContain('Lee');
    expect(t.slack.callsOf('views.open')).toHaveLength(opened);
    expect(t.slack.callsOf('chat.update')).toHaveLength(updates);
    expect((await ledger(t, U, 'going_cold'))[0]?.outcome).toBeNull();
  });

  it('opens the log modal with the trigger_id and the person chosen, then updates the DM in place', async () => {
    const dm = nudgeMessages(t, U)[0]!;
    const first = { ...dm, args: { ...dm.args } };
    const opened = t.slack.callsOf('views.open').length;
    const updates = t.slack.callsOf('chat.update').length;
    // The trigger_id this press carries (Slack gives a fresh one with each interaction).
    const trigger = '424242.1234.cold-log';
    const spy = vi.spyOn(t.send, 'triggerId').mockReturnValueOnce(trigger);
    try {
      await press(t, U, first, 'nudge:going_cold:log');
    } finally {
      spy.mockRestore();
    }
    const open = await t.slack.waitForCall('views.open', opened + 1);
    expect(open.args.trigger_id).toBe(trigger);
    const view = await openedView(t, opened + 1);
    const search = view.view.blocks.find((b: any) => b.block_id === LOG_BLOCK.existingPerson);
    expect(search.element.action_id).toBe(ACTION.personSearch);
    expect(search.element.initial_option).toEqual({
      text: { type: 'plain_text', text: 'Lee Wong (Riverside Mosque)' },
      value: lee,
    });

    const update = await t.slack.waitForCall('chat.update', updates + 1);
    expect(update.args).toMatchObject({ channel: dm.channel, ts: dm.ts });
    expect(blockText(update.args.blocks)).toContain(
      'Logging a one-to-one with *Lee Wong (Riverside Mosque)*',
    );
    expect(buttons(update.args.blocks)).toEqual([]);

    // Submitting the modal as opened logs the follow-up with Lee, not a new person.
    const res = await submit(t, { user: U }, view, { [LOG_BLOCK.metOn]: '2026-11-26' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const rows = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .select(['person_id', 'met_on'])
      .where('organiser_id', '=', U)
      .orderBy('met_on')
      .execute();
    expect(rows).toEqual([
      { person_id: lee, met_on: '2026-09-20' },
      { person_id: lee, met_on: '2026-10-15' },
      { person_id: lee, met_on: '2026-11-26' },
    ]);
  });
});

describe('one kind off at a time: cold and steps', () => {
  let t: TestApp;
  const ALL = 'UKINDALL1';
  const COLD_OFF = 'UKINDCOLD1';
  const STEPS_OFF = 'UKINDSTEP1';
  const USERS = [ALL, COLD_OFF, STEPS_OFF];

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T10:00:00Z' });
    for (const u of USERS) {
      addUser(t, u);
      await command(t, u, 'nudges reflect off');
      // The daily summary has its own tests (nudges-rhythm.test.ts).
      await command(t, u, 'nudges summary off');
      await command(t, u, 'nudges rhythm on');
      // Going cold on Wednesday 25 November: met twice, last on 14 October (6 weeks before).
      await logNew(t, { user: u }, `Cold ${u}`, { [LOG_BLOCK.metOn]: '2026-09-20' });
      const person = await t.bot.deps.db
        .selectFrom('people')
        .select('id')
        .where('organiser_id', '=', u)
        .where('name', '=', `Cold ${u}`)
        .executeTakeFirstOrThrow();
      await logNew(t, { user: u }, '', {
        [LOG_BLOCK.existingPerson]: person.id,
        [LOG_BLOCK.metOn]: '2026-10-14',
      });
      // A next step due that Wednesday, from a one-to-one this week (1 of 5: rhythm due too).
      await logNew(t, { user: u }, `Step ${u}`, {
        [LOG_BLOCK.metOn]: '2026-11-23',
        [LOG_BLOCK.nextStepKind]: 'meeting',
        [LOG_BLOCK.nextStepDue]: '2026-11-25',
      });
    }
  });
  afterAll(() => t.stop());

  it('/onetoone nudges cold off and steps off say so and change only that kind', async () => {
    const cold = await command(t, COLD_OFF, 'nudges cold off');
    expect(JSON.stringify(cold)).toContain('People going cold: off.');
    const steps = await command(t, STEPS_OFF, 'nudges steps off');
    expect(JSON.stringify(steps)).toMatch(/: off\./);
    const prefs = await t.bot.deps.db
      .selectFrom('nudge_preferences')
      .selectAll()
      .where('user_id', 'in', [COLD_OFF, STEPS_OFF])
      .execute();
    // Each has reflect off and rhythm on from the setup, plus the one kind turned off.
    const off = (u: string) =>
      prefs
        .filter((p) => p.user_id === u && Number(p.enabled) === 0)
        .map((p) => p.kind)
        .sort();
    expect(off(COLD_OFF)).toEqual(['going_cold', 'reflect']);
    expect(off(STEPS_OFF)).toEqual(['next_step', 'reflect']);
  });

  it('stops those kinds and leaves the others, in the one DM of the day', async () => {
    await run(t, '2026-11-25T09:00:00Z');
    const cards = (u: string) => {
      const dms = nudgeMessages(t, u);
      expect(dms, u).toHaveLength(1);
      return dms[0]!;
    };
    const all = cards(ALL);
    expect(all.args.text).toBe('3 nudges for today');
    expect(blockText(all.args.blocks)).toContain(`You last met *Cold ${ALL}*`);
    expect(blockText(all.args.blocks)).toContain(`*Step ${ALL}*`);
    expect(blockText(all.args.blocks)).toMatch(RHYTHM);

    const coldOff = cards(COLD_OFF);
    expect(coldOff.args.text).toBe('2 nudges for today');
    expect(blockText(coldOff.args.blocks)).not.toContain(`Cold ${COLD_OFF}`);
    expect(blockText(coldOff.args.blocks)).toContain(`*Step ${COLD_OFF}*`);
    expect(blockText(coldOff.args.blocks)).toMatch(RHYTHM);
    expect(buttons(coldOff.args.blocks).map((b) => b.action_id)).not.toContain('nudge:going_cold:log');

    const stepsOff = cards(STEPS_OFF);
    expect(stepsOff.args.text).toBe('2 nudges for today');
    expect(blockText(stepsOff.args.blocks)).toContain(`You last met *Cold ${STEPS_OFF}*`);
    expect(blockText(stepsOff.args.blocks)).not.toContain(`Step ${STEPS_OFF}`);
    expect(blockText(stepsOff.args.blocks)).toMatch(RHYTHM);
    expect(buttons(stepsOff.args.blocks).map((b) => b.action_id)).not.toContain('nudge:next_step:done');

    // Nothing of the kinds turned off was recorded as sent, and nothing more goes out that week.
    expect(await ledger(t, COLD_OFF, 'going_cold')).toEqual([]);
    expect(await ledger(t, STEPS_OFF, 'next_step')).toEqual([]);
    for (const at of ['2026-11-25T15:00:00Z', '2026-11-26T09:00:00Z', '2026-11-27T09:00:00Z']) {
      await run(t, at);
    }
    for (const u of USERS) expect(nudgeMessages(t, u), u).toHaveLength(1);
  });
});
