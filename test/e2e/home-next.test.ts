import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CALLBACK,
  HOME_ACTION,
  HOME_CALLBACK,
  INTRO_BLOCK,
  LOG_BLOCK,
  PEOPLE_ACTION,
  REFLECT_BLOCK,
  SETTINGS_CALLBACK,
} from '../../src/interaction-ids.js';
import { blockKitSchemaErrors, hasBlockKitSchema } from '../support/block-kit-schema.js';
import type { RecordedCall } from '../support/fake-slack.js';
import { blockText, buttons, dmsTo, logNew, openedView, openModalWith, submit } from '../support/onetoone.js';
import type { Actor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 9, "Home tab: what should I do next?", end to end: real bot, real migrations (SQLite,
 * and PostgreSQL in that pass), fake Slack, the Home tab opened as Slack does. The instant is
 * Wednesday 25 November 2026, 12:00 UTC: Wednesday morning in Los Angeles, already 01:00 on
 * Thursday in Auckland, midday in London.
 */

let t: TestApp;
const NELL: Actor = { user: 'UNEXTNELL' }; // London: the backfill, the suggestions, the buttons
const LA: Actor = { user: 'UNEXTLA' };
const KIWI: Actor = { user: 'UNEXTKIWI' };
const FRESH: Actor = { user: 'UNEXTFRESH' };
const OTHER: Actor = { user: 'UNEXTOTHER' };
const HOME_VIEW = { id: 'VHOME', type: 'home' };
const MARKERS = ['NELL-PRIVATE-NOTE', 'NELL-PRIVATE-NEEDS', 'Priya Marker'];

const publishesFor = (user: string): RecordedCall[] =>
  t.slack.callsOf('views.publish').filter((c) => c.args.user_id === user);

/**
 * Waits until `user`'s Home publishes reach more than `after` and then stop coming for a moment
 * (refreshes run after the ack), and returns the count: the last publish is then the latest.
 */
async function settled(user: string, after = -1): Promise<number> {
  await t.slack.waitFor(() => publishesFor(user).length > after || undefined);
  let seen = -1;
  for (;;) {
    const now = publishesFor(user).length;
    if (now === seen) return now;
    seen = now;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const latestHome = (user: string): any => publishesFor(user).at(-1)!.args.view;

/** Opens the Home tab as Slack does and returns what it shows once every refresh has landed. */
async function openHome(actor: Actor): Promise<any> {
  const before = await settled(actor.user);
  const res = await t.send.event(actor.team ?? 'T0001', {
    type: 'app_home_opened',
    user: actor.user,
    channel: `D${actor.user}`,
    tab: 'home',
  });
  expect(res.status).toBe(200);
  await settled(actor.user, before);
  return latestHome(actor.user);
}

/** Presses a Home tab button and returns the Home view published after it. */
async function pressOnHome(actor: Actor, actionId: string, value?: string): Promise<any> {
  const before = await settled(actor.user);
  const res = await t.send.blockAction(
    actor,
    { action_id: actionId, ...(value === undefined ? {} : { value }) },
    { view: HOME_VIEW },
  );
  expect(res.status).toBe(200);
  await settled(actor.user, before);
  return latestHome(actor.user);
}

/** The text of a Home section: from its header to the next header. */
function sectionOf(view: any, title: string): string {
  const blocks: any[] = view.blocks;
  const at = blocks.findIndex((b) => b.type === 'header' && b.text.text === title);
  if (at < 0) throw new Error(`no section ${title} in ${blockText(blocks)}`);
  const next = blocks.findIndex((b, i) => i > at && b.type === 'header');
  return blockText(blocks.slice(at, next < 0 ? undefined : next));
}

/** The suggestion at the top: the first section after the header (and a pause line, if any). */
function suggestion(view: any): any {
  return view.blocks.find(
    (b: any, i: number) => i > 0 && b.type === 'section' && b.accessory?.action_id !== HOME_ACTION.resume,
  );
}

async function personId(organiser: string, name: string): Promise<string> {
  const row = await t.bot.deps.db
    .selectFrom('people')
    .select('id')
    .where('organiser_id', '=', organiser)
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function oneToOne(id: string) {
  return t.bot.deps.db.selectFrom('one_to_ones').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
  t.slack.users.set(NELL.user, { id: NELL.user, real_name: 'Nell', tz: 'Europe/London' });
  t.slack.users.set(LA.user, { id: LA.user, real_name: 'Lou', tz: 'America/Los_Angeles' });
  t.slack.users.set(KIWI.user, { id: KIWI.user, real_name: 'Kiri', tz: 'Pacific/Auckland' });
  t.slack.users.set(FRESH.user, { id: FRESH.user, real_name: 'Fran', tz: 'Europe/London' });
  t.slack.users.set(OTHER.user, { id: OTHER.user, real_name: 'Otto', tz: 'Europe/London' });
});
afterAll(() => t.stop());

describe('a first open', () => {
  it('welcomes, in the practice’s voice, with a Log button and no empty lists', async () => {
    const view = await openHome(FRESH);
    const text = blockText(view.blocks);
    expect(text).toContain('*Welcome.*');
    expect(text).toContain('relational meetings');
    expect(text).toContain('listen two thirds of the time');
    expect(text).toContain('take no notes');
    expect(text).toContain('reflect while it is fresh');
    for (const odd of ['All reflected', 'Nothing due', 'No streak yet']) expect(text).not.toContain(odd);
    const log = buttons(view.blocks).filter((b) => b.action_id === HOME_ACTION.log);
    expect(log).toHaveLength(1);
    expect(log[0]!.value).toBeUndefined();
    // The Log button opens the (empty) log form.
    const opens = t.slack.callsOf('views.open').length;
    await t.send.blockAction(FRESH, { action_id: HOME_ACTION.log }, { view: HOME_VIEW });
    expect((await openedView(t, opens + 1)).view.callback_id).toBe(CALLBACK.logModal);
  });
});

describe('due in the next 7 days, in the organiser’s zone', () => {
  beforeAll(async () => {
    for (const actor of [LA, KIWI]) {
      for (const due of ['2026-11-25', '2026-11-26', '2026-11-27', '2026-12-01', '2026-12-03']) {
        await logNew(t, actor, `Due ${due}`, {
          [LOG_BLOCK.metOn]: '2026-11-20',
          [LOG_BLOCK.nextStepKind]: 'meeting',
          [LOG_BLOCK.nextStepDue]: due,
        });
      }
    }
  });

  it('names the days: today, tomorrow, Friday; not only today', async () => {
    // Los Angeles: still Wednesday 25 November.
    const la = sectionOf(await openHome(LA), 'Due in the next 7 days');
    expect(la).toContain('*Due 2026-11-25*: another meeting · due today');
    expect(la).toContain('*Due 2026-11-26*: another meeting · due tomorrow');
    expect(la).toContain('*Due 2026-11-27*: another meeting · due Friday');
    expect(la).toContain('*Due 2026-12-01*: another meeting · due Tuesday');
    // Eight days away: beyond the week.
    expect(la).not.toContain('Due 2026-12-03');
    expect(la).not.toContain('still open');
  });

  it('puts what is still open first, a day later where the day is later', async () => {
    // Auckland: already Thursday 26 November.
    const view = await openHome(KIWI);
    const kiwi = sectionOf(view, 'Due in the next 7 days');
    expect(kiwi).toContain('*Due 2026-11-25*: another meeting · still open since Wed 25 Nov');
    expect(kiwi).toContain('*Due 2026-11-26*: another meeting · due today');
    expect(kiwi).toContain('*Due 2026-11-27*: another meeting · due tomorrow');
    expect(kiwi).not.toContain('Due 2026-12-03');
    expect(kiwi).not.toContain('overdue');
    expect(kiwi.indexOf('still open')).toBeLessThan(kiwi.indexOf('due today'));
    // The suggestion: the next step due soonest (nothing recent to reflect on, met 20 November).
    expect(suggestion(view).text.text).toContain('your next step with *Due 2026-11-25*');
    expect(suggestion(view).accessory.action_id).toBe(HOME_ACTION.done);
  });
});

describe('what next, for an organiser with a backfill', () => {
  beforeAll(async () => {
    // A backfill of twenty October meetings, then one yesterday with a step due on Friday.
    for (let i = 1; i <= 20; i++) {
      const day = String(i).padStart(2, '0');
      ids[`backfill${day}`] = await logNew(t, NELL, `Backfill ${day}`, {
        [LOG_BLOCK.metOn]: `2026-10-${day}`,
      });
    }
    ids.priya = await logNew(t, NELL, 'Priya Marker', {
      [LOG_BLOCK.institution]: 'St Mary’s School',
      [LOG_BLOCK.metOn]: '2026-11-24',
      [LOG_BLOCK.needs]: 'NELL-PRIVATE-NEEDS',
      [LOG_BLOCK.nextStepKind]: 'introduction',
      [LOG_BLOCK.nextStepDue]: '2026-11-27',
      [LOG_BLOCK.nextStepNote]: 'NELL-PRIVATE-NOTE',
    });
  });

  it('suggests reflecting on yesterday’s meeting, and lists the waiting ones recent first', async () => {
    const view = await openHome(NELL);
    const top = suggestion(view);
    expect(top.text.text).toContain(
      '*Next:* reflect on your one-to-one with *Priya Marker (St Mary’s School)* yesterday',
    );
    expect(top.accessory).toMatchObject({ action_id: HOME_ACTION.reflect, value: ids.priya });
    const waiting = sectionOf(view, 'Waiting for a reflection');
    expect(waiting.indexOf('Priya Marker')).toBeLessThan(waiting.indexOf('Backfill 20'));
    expect(waiting.indexOf('Backfill 20')).toBeLessThan(waiting.indexOf('Backfill 19'));
    expect(waiting).toContain('met yesterday');
    expect(waiting).not.toContain('Backfill 16');
    // Five shown, the other sixteen folded into one line.
    expect(waiting).toContain('and 16 more: `/onetoone list` shows them all.');
    const dismiss = buttons(view.blocks).filter((b) => b.action_id === HOME_ACTION.dismissReflection);
    expect(dismiss.map((b) => b.text)).toEqual(Array(5).fill('No reflection needed'));
    // The step due Friday is in the week's list, with its note (my own, on my own Home tab).
    const due = sectionOf(view, 'Due in the next 7 days');
    expect(due).toContain('introduction to their network · due Friday');
    expect(due).toContain('NELL-PRIVATE-NOTE');
    if (hasBlockKitSchema) expect(blockKitSchemaErrors(view.blocks)).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });

  it('dismisses one with "No reflection needed", once, and remembers it', async () => {
    const view = await pressOnHome(NELL, HOME_ACTION.dismissReflection, ids.backfill20);
    const row = await oneToOne(ids.backfill20!);
    expect(row.reflection_dismissed_at).toBe('2026-11-25T12:00:00.000Z');
    const waiting = sectionOf(view, 'Waiting for a reflection');
    expect(waiting).not.toContain('Backfill 20');
    expect(waiting).toContain('Backfill 16');
    expect(waiting).toContain('and 15 more');
    // Again, later: nothing more changes (the first dismissal's time stays).
    t.clock.set('2026-11-25T12:05:00Z');
    await pressOnHome(NELL, HOME_ACTION.dismissReflection, ids.backfill20);
    expect((await oneToOne(ids.backfill20!)).reflection_dismissed_at).toBe('2026-11-25T12:00:00.000Z');
    t.clock.set('2026-11-25T12:00:00Z');
    // And on a fresh open, still gone.
    expect(sectionOf(await openHome(NELL), 'Waiting for a reflection')).not.toContain('Backfill 20');
    // A reflection written later all the same (by name) is counted once: still 15 more.
    const modal = await openModalWith(t, NELL, 'reflect Backfill 20');
    expect(modal.view.callback_id).toBe(CALLBACK.reflectionModal);
    const before = await settled(NELL.user);
    expect((await submit(t, NELL, modal, { [REFLECT_BLOCK.motivations]: 'her school' })).status).toBe(200);
    await settled(NELL.user, before);
    const waiting2 = sectionOf(latestHome(NELL.user), 'Waiting for a reflection');
    expect(waiting2).toContain('and 15 more');
    expect(waiting2).not.toContain('Backfill 20');
  });

  it('refuses a dismissal of someone else’s one-to-one or a crafted value, naming no one', async () => {
    const dms = dmsTo(t, OTHER.user).length;
    await t.send.blockAction(
      OTHER,
      { action_id: HOME_ACTION.dismissReflection, value: ids.backfill19 },
      { view: HOME_VIEW },
    );
    const dm = await t.slack.waitFor(() => dmsTo(t, OTHER.user)[dms]);
    expect(dm.args.text).toContain('can’t find that one-to-one among yours');
    expect(dm.args.text).not.toContain('Backfill');
    expect((await oneToOne(ids.backfill19!)).reflection_dismissed_at).toBeNull();
    // An object where an id belongs: refused, nothing written.
    await t.send.blockAction(
      OTHER,
      { action_id: HOME_ACTION.dismissReflection, value: { id: ids.backfill19 } as never },
      { view: HOME_VIEW },
    );
    await t.slack.waitFor(() => dmsTo(t, OTHER.user)[dms + 1]);
    expect((await oneToOne(ids.backfill19!)).reflection_dismissed_at).toBeNull();
  });

  it('moves on once reflected: a step due soonest, then the week’s goal', async () => {
    const opens = t.slack.callsOf('views.open').length;
    await t.send.blockAction(NELL, { action_id: HOME_ACTION.reflect, value: ids.priya }, { view: HOME_VIEW });
    const modal = await openedView(t, opens + 1);
    expect(modal.view.callback_id).toBe(CALLBACK.reflectionModal);
    const before = await settled(NELL.user);
    expect((await submit(t, NELL, modal, { [REFLECT_BLOCK.motivations]: 'her school' })).status).toBe(200);
    await settled(NELL.user, before);
    const after = latestHome(NELL.user);
    // Nothing recent left to reflect on, no step due yet, no one going cold: this week's goal.
    expect(suggestion(after).text.text).toContain(
      '*Next:* 4 more one-to-ones this week reach your goal of 5.',
    );
    expect(suggestion(after).accessory.action_id).toBe(HOME_ACTION.log);
    // On Friday the step with Priya is due: it comes first.
    t.clock.set('2026-11-27T09:00:00Z');
    const friday = await openHome(NELL);
    expect(suggestion(friday).text.text).toContain(
      'your next step with *Priya Marker (St Mary’s School)*: introduction to their network, due today.',
    );
    expect(suggestion(friday).accessory).toMatchObject({ action_id: HOME_ACTION.done, value: ids.priya });
    t.clock.set('2026-11-25T12:00:00Z');
  });
});

describe('introductions waiting to hear back', () => {
  let introductionId = '';

  beforeAll(async () => {
    const view = await openModalWith(t, NELL, 'introduce');
    const res = await submit(t, NELL, view, {
      [INTRO_BLOCK.personA]: await personId(NELL.user, 'Priya Marker'),
      [INTRO_BLOCK.personB]: await personId(NELL.user, 'Backfill 01'),
      [INTRO_BLOCK.introducedOn]: '2026-11-18',
    });
    expect(res.text).toBe('');
    const row = await t.bot.deps.db
      .selectFrom('introductions')
      .select('id')
      .where('source_view_id', '=', view.id)
      .executeTakeFirstOrThrow();
    introductionId = row.id;
  });

  const status = async () =>
    await t.bot.deps.db
      .selectFrom('introductions')
      .select(['status', 'follow_up_due_on'])
      .where('id', '=', introductionId)
      .executeTakeFirstOrThrow();

  it('lists each with They met / Not yet / Won’t happen, and takes the answer', async () => {
    const view = await openHome(NELL);
    const section = sectionOf(view, 'Introductions waiting to hear back');
    expect(section).toContain(
      'You introduced *Priya Marker (St Mary’s School)* and *Backfill 01* on Wed 18 Nov. Did they meet?',
    );
    expect(
      buttons(view.blocks)
        .filter((b) => b.value === introductionId)
        .map((b) => b.text),
    ).toEqual(['They met', 'Not yet', 'Won’t happen']);

    // Not yet: still waiting, asked again a week after today.
    const notYet = await pressOnHome(NELL, HOME_ACTION.introductionNotYet, introductionId);
    expect(await status()).toEqual({ status: 'not_yet', follow_up_due_on: '2026-12-02' });
    expect(sectionOf(notYet, 'Introductions waiting to hear back')).toContain(
      'Not yet, when you last heard.',
    );

    // Someone else's press changes nothing and names no one.
    const dms = dmsTo(t, OTHER.user).length;
    await t.send.blockAction(
      OTHER,
      { action_id: HOME_ACTION.introductionMet, value: introductionId },
      { view: HOME_VIEW },
    );
    const dm = await t.slack.waitFor(() => dmsTo(t, OTHER.user)[dms]);
    expect(dm.args.text).not.toContain('Priya');
    expect((await status()).status).toBe('not_yet');

    // They met: off the list.
    const met = await pressOnHome(NELL, HOME_ACTION.introductionMet, introductionId);
    expect((await status()).status).toBe('met');
    const after = sectionOf(met, 'Introductions waiting to hear back');
    expect(after).toContain('None waiting.');
    expect(after).not.toContain('Priya');
  });
});

describe('People, Map, Stats', () => {
  it('open what the commands show, in a modal', async () => {
    const opens = () => t.slack.callsOf('views.open').length;

    let n = opens();
    await t.send.blockAction(NELL, { action_id: HOME_ACTION.people }, { view: HOME_VIEW });
    const people = await openedView(t, n + 1);
    expect(people.view.callback_id).toBe(HOME_CALLBACK.people);
    expect(people.view.title.text).toBe('Your people');
    expect(blockText(people.view.blocks)).toContain('Priya Marker');
    if (hasBlockKitSchema) expect(blockKitSchemaErrors(people.view.blocks)).toEqual([]);

    // A control inside the modal redraws the modal in place.
    const controls = people.view.blocks.filter(
      (b: any) => b.type === 'actions' && b.block_id !== 'people_nav',
    );
    const priya = controls.find((b: any) => blockText([b]).includes(PEOPLE_ACTION.leader) && b.block_id);
    const updates = t.slack.callsOf('views.update').length;
    const res = await t.send.blockAction(
      NELL,
      { action_id: PEOPLE_ACTION.leader, block_id: priya.block_id, value: '1' },
      { view: { id: people.id, type: 'modal', callback_id: HOME_CALLBACK.people } },
    );
    expect(res.status).toBe(200);
    const update = await t.slack.waitForCall('views.update', updates + 1);
    expect(update.args.view_id).toBe(people.id);
    const redrawn = typeof update.args.view === 'string' ? JSON.parse(update.args.view) : update.args.view;
    expect(redrawn.callback_id).toBe(HOME_CALLBACK.people);
    expect(blockText(redrawn.blocks)).toContain(':star: leader');

    n = opens();
    await t.send.blockAction(NELL, { action_id: HOME_ACTION.map }, { view: HOME_VIEW });
    const map = await openedView(t, n + 1);
    expect(map.view.callback_id).toBe(HOME_CALLBACK.map);
    expect(blockText(map.view.blocks)).toContain('St Mary’s School');
    expect(blockText(map.view.blocks)).not.toContain('Priya');

    n = opens();
    await t.send.blockAction(NELL, { action_id: HOME_ACTION.stats }, { view: HOME_VIEW });
    const stats = await openedView(t, n + 1);
    expect(stats.view.callback_id).toBe(HOME_CALLBACK.stats);
    expect(blockText(stats.view.blocks)).toContain('*1 of 5* one-to-ones this week');
    if (hasBlockKitSchema) {
      expect(blockKitSchemaErrors(map.view.blocks)).toEqual([]);
      expect(blockKitSchemaErrors(stats.view.blocks)).toEqual([]);
    }
  });
});

describe('paused nudges, and Settings', () => {
  it('says "Nudges paused until" with Resume, which resumes them', async () => {
    const before = t.slack.responses.length;
    expect((await t.send.command('pause until 2026-12-27', NELL)).status).toBe(200);
    await t.slack.waitForResponse(before + 1);
    const view = await openHome(NELL);
    const paused = view.blocks[1];
    expect(paused.text.text).toContain('Nudges paused until Sun 27 Dec.');
    expect(paused.accessory.action_id).toBe(HOME_ACTION.resume);
    // The suggestion is still there, below it.
    expect(blockText(view.blocks)).toContain('*Next:*');

    const resumed = await pressOnHome(NELL, HOME_ACTION.resume);
    expect(blockText(resumed.blocks)).not.toContain('Nudges paused');
    const pauses = await t.bot.deps.db
      .selectFrom('pauses')
      .select(['until_on', 'ended_at'])
      .where('user_id', '=', NELL.user)
      .execute();
    expect(pauses).toEqual([{ until_on: '2026-11-25', ended_at: '2026-11-25T12:00:00.000Z' }]);
    // Pressed again (an old tab): nothing to resume, nothing breaks.
    expect(blockText((await pressOnHome(NELL, HOME_ACTION.resume)).blocks)).not.toContain('Nudges paused');
  });

  it('opens the settings modal from Settings', async () => {
    const opens = t.slack.callsOf('views.open').length;
    await t.send.blockAction(NELL, { action_id: HOME_ACTION.settings }, { view: HOME_VIEW });
    const modal = await openedView(t, opens + 1);
    expect(modal.view.callback_id).toBe(SETTINGS_CALLBACK);
  });
});

describe('privacy', () => {
  it('shows nothing of one organiser’s on another’s Home tab, and logs no names or text', async () => {
    for (const actor of [OTHER, FRESH, LA]) {
      const text = blockText((await openHome(actor)).blocks);
      for (const m of [...MARKERS, 'Backfill']) expect(text).not.toContain(m);
    }
    const logs = t.logs.filter((l) => !l.includes('"source":"slack"')).join('\n');
    for (const m of [...MARKERS, 'Backfill', 'her school']) expect(logs).not.toContain(m);
  });

  it('publishes only views Block Kit’s schema accepts', async () => {
    if (!hasBlockKitSchema) return;
    for (const call of t.slack.callsOf('views.publish')) {
      const view = typeof call.args.view === 'string' ? JSON.parse(call.args.view) : call.args.view;
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      expect(blockKitSchemaErrors(view.blocks)).toEqual([]);
    }
  });
});
