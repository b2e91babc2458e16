import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CALLBACK,
  HOME_ACTION,
  LOG_BLOCK,
  LOG_LEARNED_BLOCK,
  REFLECT_BLOCK,
  SETTINGS_BLOCK,
} from '../../src/interaction-ids.js';
import { nudgesJob } from '../../src/jobs/nudges.js';
import type { RecordedCall } from '../support/fake-slack.js';
import {
  asSubmitted,
  blockText,
  buttons,
  logNew,
  openedView,
  openModalWith,
  submitStepOne,
} from '../support/onetoone.js';
import { stateFor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 9's remaining pieces of the organiser's week, end to end against the fake Slack with the
 * real job and migrations (SQLite and PostgreSQL): the follow-up log form shows the step being
 * followed up, only to its organiser; the daily summary offers "What I learned" for a meeting
 * whose step two is empty (within the one DM a day); a reflection set aside on the Home tab is
 * neither reminded nor counted in "N one-to-ones waiting for a reflection"; and nudges can be
 * paused from the Home tab (its Settings button).
 */

const HOME_VIEW = { id: 'VHOME', type: 'home' };

function addUser(t: TestApp, id: string): void {
  t.slack.users.set(id, { id, tz: 'Europe/London', real_name: id });
}

async function run(t: TestApp, at: string) {
  t.clock.set(at);
  return nudgesJob.run({ deps: t.bot.deps, now: new Date(at), dryRun: false });
}

async function command(t: TestApp, user: string, text: string): Promise<string> {
  const n = t.slack.responses.length;
  await t.send.command(text, { user });
  return JSON.stringify(await t.slack.waitForResponse(n + 1));
}

/** The DMs Slack accepted for `user`, as they now read (chat.update applied). */
function dms(t: TestApp, user: string) {
  return t.slack.messages.filter((m) => m.channel === `D${user}`);
}

function dmCalls(t: TestApp, user: string): RecordedCall[] {
  return t.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === user);
}

/** Presses a button of a delivered DM as `actor` (possibly not its owner). */
async function press(
  t: TestApp,
  actor: string,
  message: { channel: string; ts: string; args: Record<string, any> },
  button: { action_id: string; value?: string },
) {
  const res = await t.send.blockAction(
    { user: actor },
    { action_id: button.action_id, value: button.value },
    { channel: message.channel, ts: message.ts, message: { ts: message.ts, blocks: message.args.blocks } },
  );
  expect(res.status).toBe(200);
}

describe('the follow-up log form shows the step being followed up', () => {
  let t: TestApp;
  const U = 'UFOLLOW1';
  const OTHER = 'UFOLLOW2';
  const NOTE = 'Ask about the <b>tenants’</b> group & *rent* <!here>';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-12-01T10:00:00Z' });
    addUser(t, U);
    addUser(t, OTHER);
    for (const user of [U, OTHER]) {
      await command(t, user, 'nudges reflect off');
      await command(t, user, 'nudges summary off');
    }
    await logNew(t, { user: U }, 'Amina Okafor', {
      [LOG_BLOCK.institution]: 'St Mary’s',
      [LOG_BLOCK.metOn]: '2026-11-30',
      [LOG_BLOCK.nextStepKind]: 'meeting',
      [LOG_BLOCK.nextStepDue]: '2026-12-03',
      [LOG_BLOCK.nextStepNote]: NOTE,
    });
  });
  afterAll(() => t.stop());

  it('opens step one with the person chosen and the note as a context line, escaped', async () => {
    await run(t, '2026-12-03T09:00:00Z');
    const [dm] = dms(t, U);
    expect(dm).toBeDefined();
    const log = buttons(dm!.args.blocks).find((b) => b.action_id === 'nudge:next_step:log')!;
    const opened = t.slack.callsOf('views.open').length;
    await press(t, U, dm!, log);
    const view = await openedView(t, opened + 1);
    expect(view.view.callback_id).toBe(CALLBACK.logModal);
    const text = blockText(view.view.blocks);
    expect(text).toContain('Amina Okafor (St Mary’s)');
    const line = view.view.blocks.find(
      (b: any) => b.type === 'context' && String(b.elements[0].text).includes('Following up your next step'),
    );
    expect(line).toBeDefined();
    const shown = String(line.elements[0].text);
    // The organiser's words, as typed but inert: no markup, no mention, no broadcast.
    expect(shown).toContain('tenants’');
    expect(shown).toContain('group');
    expect(shown).not.toContain('<b>');
    expect(shown).not.toContain('<!here>');
    expect(shown).not.toMatch(/(^|[^&])\*rent\*/);
  });

  it('shows no note to anyone else pressing the same button, and none on a plain log form', async () => {
    const [dm] = dms(t, U);
    const log = buttons(dm!.args.blocks).find((b) => b.action_id === 'nudge:next_step:log');
    // The DM was updated in place, so the button may be gone: use the value it carried.
    const ledgerId =
      log?.value ??
      (
        await t.bot.deps.db
          .selectFrom('nudge_ledger')
          .select('id')
          .where('user_id', '=', U)
          .where('kind', '=', 'next_step')
          .executeTakeFirstOrThrow()
      ).id;
    const opened = t.slack.callsOf('views.open').length;
    const answered = t.slack.responses.length;
    await press(t, OTHER, dm!, { action_id: 'nudge:next_step:log', value: ledgerId });
    // A polite refusal to the presser, and no form at all.
    await t.slack.waitForResponse(answered + 1);
    expect(t.slack.callsOf('views.open')).toHaveLength(opened);
    // The plain form (`/onetoone`) has no follow-up line.
    const plain = await openModalWith(t, { user: U }, 'Amina Okafor');
    expect(blockText(plain.view.blocks)).toContain('Amina Okafor');
    expect(blockText(plain.view.blocks)).not.toContain('Following up your next step');
    // Nor is the note in any log line.
    expect(t.logs.join('\n')).not.toContain('tenants');
  });
});

describe('the daily summary offers step two for a meeting logged without it', () => {
  let t: TestApp;
  const U = 'ULEARN1';
  const OTHER = 'ULEARN2';
  let bare = '';
  let filled = '';

  beforeAll(async () => {
    // Monday 7 Dec, 10:00 in London.
    t = await startTestApp({ now: '2026-12-07T10:00:00Z' });
    addUser(t, U);
    addUser(t, OTHER);
    // Only step one, then the modal closed: step two is empty.
    const view = await openModalWith(t, { user: U });
    const { res } = await submitStepOne(t, { user: U }, view, {
      [LOG_BLOCK.newName]: 'Priya Shah',
      [LOG_BLOCK.metOn]: '2026-12-07',
    });
    expect(JSON.parse(res.text).response_action).toBe('update');
    bare = (
      await t.bot.deps.db
        .selectFrom('one_to_ones')
        .select('id')
        .where('source_view_id', '=', view.id)
        .executeTakeFirstOrThrow()
    ).id;
    // Both steps: nothing to offer.
    filled = await logNew(t, { user: U }, 'Sam Idowu', {
      [LOG_BLOCK.metOn]: '2026-12-07',
      [LOG_BLOCK.stories]: 'Grew up above the bakery',
    });
  });
  afterAll(() => t.stop());

  it('holds one "What I learned" button, for the meeting without step two, in the one DM of the day', async () => {
    await run(t, '2026-12-08T09:00:00Z');
    const sent = dmCalls(t, U);
    expect(sent).toHaveLength(1);
    const blocks = sent[0]!.args.blocks as any[];
    const text = blockText(blocks);
    expect(text).toContain('a first one-to-one with *Priya Shah*');
    expect(text).toContain('a first one-to-one with *Sam Idowu*');
    const learned = buttons(blocks).filter((b) => b.action_id.startsWith('open_learned'));
    expect(learned).toEqual([{ action_id: 'open_learned_0', value: bare, text: 'Add what I learned' }]);
    expect(learned.map((b) => b.value)).not.toContain(filled);
    // Run again the same day: still one DM.
    await run(t, '2026-12-08T11:00:00Z');
    await run(t, '2026-12-08T15:00:00Z');
    expect(dmCalls(t, U)).toHaveLength(1);
  });

  it('opens step two for that one-to-one, and only for its organiser', async () => {
    const [dm] = dms(t, U);
    const button = buttons(dm!.args.blocks).find((b) => b.action_id === 'open_learned_0')!;
    let opened = t.slack.callsOf('views.open').length;
    await press(t, U, dm!, button);
    const view = await openedView(t, opened + 1);
    expect(view.view.callback_id).toBe(CALLBACK.logLearned);
    expect(view.view.private_metadata).toContain(bare);
    expect(blockText(view.view.blocks)).toContain('Priya Shah');

    // Someone else pressing it (a crafted payload) opens nothing.
    opened = t.slack.callsOf('views.open').length;
    const answered = t.slack.responses.length;
    await press(t, OTHER, dm!, button);
    await t.slack.waitForResponse(answered + 1);
    expect(t.slack.callsOf('views.open')).toHaveLength(opened);

    // Step two saved from there: the record has it.
    const res = await t.send.viewSubmission(
      { user: U },
      asSubmitted(view),
      stateFor(view.view, { [LOG_LEARNED_BLOCK.stories]: 'Runs the Saturday food bank' }),
    );
    expect(res.status).toBe(200);
    const row = await t.bot.deps.db
      .selectFrom('one_to_ones')
      .select('stories')
      .where('id', '=', bare)
      .executeTakeFirstOrThrow();
    expect(row.stories).not.toBeNull();
  });

  it('drops the button once step two is written, when the DM is drawn again', async () => {
    const [dm] = dms(t, U);
    const reflect = buttons(dm!.args.blocks).find((b) => b.action_id === 'nudge:reflect:reflect');
    expect(reflect).toBeDefined();
    const updates = t.slack.callsOf('chat.update').length;
    const opened = t.slack.callsOf('views.open').length;
    await press(t, U, dm!, reflect!);
    // Reflecting settles the card; the DM is drawn again with the summary read afresh.
    const modal = await openedView(t, opened + 1);
    const res = await t.send.viewSubmission(
      { user: U },
      asSubmitted(modal),
      stateFor(modal.view, { [REFLECT_BLOCK.motivations]: 'Cares about the food bank' }),
    );
    expect(res.status).toBe(200);
    const update = await t.slack.waitForCall('chat.update', updates + 1);
    expect(buttons(update.args.blocks).filter((b) => b.action_id.startsWith('open_learned'))).toEqual([]);
    expect(blockText(update.args.blocks)).toContain('Priya Shah');
  });
});

describe('reflections set aside on the Home tab', () => {
  let t: TestApp;
  const U = 'UASIDE1';
  const old: string[] = [];
  let recent = '';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-12-07T10:00:00Z' });
    addUser(t, U);
    await command(t, U, 'nudges summary off');
    // Five October meetings typed in today, and one held today.
    for (let i = 1; i <= 5; i++) {
      old.push(await logNew(t, { user: U }, `October person ${i}`, { [LOG_BLOCK.metOn]: `2026-10-0${i}` }));
    }
    recent = await logNew(t, { user: U }, 'Today Person', { [LOG_BLOCK.metOn]: '2026-12-07' });
    // Two old ones and the recent one "need no reflection".
    for (const id of [old[0]!, old[1]!, recent]) {
      const res = await t.send.blockAction(
        { user: U },
        { action_id: HOME_ACTION.dismissReflection, value: id },
        { view: HOME_VIEW },
      );
      expect(res.status).toBe(200);
    }
    // The Home tab acks first, then saves: wait for the three dismissals to land.
    const dismissed = async () =>
      (
        await t.bot.deps.db
          .selectFrom('one_to_ones')
          .select('id')
          .where('reflection_dismissed_at', 'is not', null)
          .execute()
      )
        .map((r) => r.id)
        .sort();
    const want = [old[0]!, old[1]!, recent].sort();
    for (let n = 0; n < 100 && (await dismissed()).length < want.length; n++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await dismissed()).toEqual(want);
  });
  afterAll(() => t.stop());

  it('counts only the ones still waiting in the summary line, and sends no card for a dismissed one', async () => {
    await run(t, '2026-12-08T09:00:00Z');
    const sent = dmCalls(t, U);
    expect(sent).toHaveLength(1);
    const text = blockText(sent[0]!.args.blocks);
    expect(text).toContain('3 one-to-ones waiting for a reflection');
    expect(text).not.toContain('5 one-to-ones waiting');
    expect(buttons(sent[0]!.args.blocks).filter((b) => b.action_id === 'nudge:reflect:reflect')).toEqual([]);
    const ledger = await t.bot.deps.db
      .selectFrom('nudge_ledger')
      .select('subject_id')
      .where('user_id', '=', U)
      .where('kind', '=', 'reflect')
      .execute();
    expect(ledger.map((l) => l.subject_id).sort()).toEqual([old[2]!, old[3]!, old[4]!].sort());
  });
});

describe('pausing from the Home tab', () => {
  let t: TestApp;
  const U = 'UPAUSE1';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-12-07T10:00:00Z' });
    addUser(t, U);
    await logNew(t, { user: U }, 'Nia Brown', {
      [LOG_BLOCK.metOn]: '2026-12-07',
      [LOG_BLOCK.nextStepKind]: 'meeting',
      [LOG_BLOCK.nextStepDue]: '2026-12-08',
    });
  });
  afterAll(() => t.stop());

  it('Settings on the Home tab opens the modal whose date pauses every nudge; Home then says so', async () => {
    const opens = t.slack.callsOf('views.open').length;
    await t.send.blockAction({ user: U }, { action_id: HOME_ACTION.settings }, { view: HOME_VIEW });
    const modal = await openedView(t, opens + 1);
    const pause = modal.view.blocks.find((b: any) => b.block_id === SETTINGS_BLOCK.pauseUntil);
    expect(pause.element.type).toBe('datepicker');
    const kinds = modal.view.blocks.find((b: any) => b.block_id === SETTINGS_BLOCK.kinds);
    const days = modal.view.blocks.find((b: any) => b.block_id === SETTINGS_BLOCK.workingDays);
    const res = await t.send.viewSubmission(
      { user: U },
      asSubmitted(modal),
      stateFor(modal.view, {
        [SETTINGS_BLOCK.pauseUntil]: '2026-12-27',
        [SETTINGS_BLOCK.kinds]: (kinds.element.initial_options ?? []).map((o: any) => o.value),
        [SETTINGS_BLOCK.workingDays]: (days.element.initial_options ?? []).map((o: any) => o.value),
      }),
    );
    expect(res.text).toBe('');

    // Nothing is sent while paused, though the step falls due.
    await run(t, '2026-12-08T09:00:00Z');
    await run(t, '2026-12-09T09:00:00Z');
    expect(dmCalls(t, U)).toHaveLength(0);

    const before = t.slack.callsOf('views.publish').filter((c) => c.args.user_id === U).length;
    await t.send.event('T0001', { type: 'app_home_opened', user: U, channel: `D${U}`, tab: 'home' });
    const published = await t.slack.waitFor(
      () => t.slack.callsOf('views.publish').filter((c) => c.args.user_id === U)[before] ?? undefined,
    );
    const home =
      typeof published.args.view === 'string' ? JSON.parse(published.args.view) : published.args.view;
    expect(blockText(home.blocks)).toContain('Nudges paused until Sun 27 Dec.');
    expect(buttons(home.blocks).map((b) => b.action_id)).toContain(HOME_ACTION.resume);
  });
});
