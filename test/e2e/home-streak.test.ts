import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_BLOCK } from '../../src/interaction-ids.js';
import type { RecordedCall } from '../support/fake-slack.js';
import { blockText, logNew, response } from '../support/onetoone.js';
import type { Actor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The Home tab's streak of weeks at goal and this week's progress bar, across several weeks and
 * a moving clock: real bot, real SQLite and migrations, fake Slack, the Home tab opened as Slack
 * does (a signed app_home_opened event). The organiser is in Los Angeles (UTC−8 in November), so
 * their week turns over eight hours after UTC's. Weeks run Monday to Sunday.
 */

const LA: Actor = { user: 'USTREAKLA1' };
const BEA: Actor = { user: 'USTREAKBEA1' };

let t: TestApp;
/** Home publishes expected so far per user (each log refreshes it after the ack; so does opening it). */
const published: Record<string, number> = {};

const publishesFor = (user: string): RecordedCall[] =>
  t.slack.callsOf('views.publish').filter((c) => c.args.user_id === user);

async function log(actor: Actor, name: string, metOn: string): Promise<void> {
  await logNew(t, actor, name, { [LOG_BLOCK.metOn]: metOn });
  published[actor.user] = (published[actor.user] ?? 0) + 1;
}

/**
 * Opens the Home tab at `at` and returns what it shows. Refreshes still due from earlier logs are
 * awaited first, so the view returned is the one this event published.
 */
async function openHome(actor: Actor, at: string) {
  const user = actor.user;
  await t.slack.waitFor(() => publishesFor(user).length >= (published[user] ?? 0));
  t.clock.set(at);
  const before = publishesFor(user).length;
  const res = await t.send.event('T0001', {
    type: 'app_home_opened',
    user,
    channel: `D${user}`,
    tab: 'home',
  });
  expect(res.status).toBe(200);
  const call = await t.slack.waitFor(() => publishesFor(user)[before]);
  published[user] = before + 1;
  const view = call.args.view;
  expect(view.type).toBe('home');
  const texts: string[] = view.blocks.flatMap((b: any) => [
    b.text?.text ?? '',
    ...(b.elements ?? []).map((e: any) => e.text ?? ''),
  ]);
  // The week's line is the one with the bar (the suggestion at the top may speak of the week too).
  const week = texts.find((s) => s.includes('one-to-ones this week') && /`[▓░]+`/.test(s));
  const streak = texts.find((s) => /in a row at your goal|No streak yet/.test(s));
  if (!week || !streak) throw new Error(`no week or streak on the Home tab: ${blockText(view.blocks)}`);
  const bar = /`([▓░]+)` (\d+)%/.exec(week);
  if (!bar) throw new Error(`no progress bar in ${week}`);
  return { week, bar: bar[1], percent: Number(bar[2]), streak };
}

async function command(actor: Actor, text: string): Promise<Record<string, any>> {
  const before = t.slack.responses.length;
  const res = await t.send.command(text, actor);
  expect(res.status).toBe(200);
  return response(t, before + 1);
}

beforeAll(async () => {
  // Both set a goal of 2 on Wednesday 21 October (a goal applies from the week it is set in),
  t = await startTestApp({ now: '2026-10-21T20:00:00Z' });
  t.slack.users.set(LA.user, { id: LA.user, tz: 'America/Los_Angeles' });
  t.slack.users.set(BEA.user, { id: BEA.user, tz: 'America/Los_Angeles' });
  for (const actor of [LA, BEA]) {
    const reply = await command(actor, 'goal 2');
    expect(blockText(reply.blocks)).toContain('*2*');
  }
  // and log these weeks on Wednesday 25 November 2026, 12:00 in Los Angeles.
  t.clock.set('2026-11-25T20:00:00Z');
  // Week of 26 Oct: 2 (at goal, Monday and Sunday).
  await log(LA, 'Week1 Mon', '2026-10-26');
  await log(LA, 'Week1 Sun', '2026-11-01');
  // Week of 2 Nov: 1 (below: breaks the streak).
  await log(LA, 'Week2 Mon', '2026-11-02');
  // Week of 9 Nov: 2.
  await log(LA, 'Week3 Mon', '2026-11-09');
  await log(LA, 'Week3 Sun', '2026-11-15');
  // Week of 16 Nov: 2, the second on Sunday 22 November (the day before this week).
  await log(LA, 'Week4 Tue', '2026-11-17');
  await log(LA, 'Week4 Sun', '2026-11-22');
  // This week (from Monday 23 November): 1 so far.
  await log(LA, 'Week5 Mon', '2026-11-23');
});
afterAll(() => t.stop());

describe('the streak of weeks at goal on the Home tab', () => {
  it('counts the weeks in a row at goal before this one; a week below goal ends it', async () => {
    const home = await openHome(LA, '2026-11-25T20:00:00Z');
    expect(home.week).toContain('*1 of 2* one-to-ones this week: 1 to go.');
    expect(home.bar).toBe('▓▓▓▓▓░░░░░');
    expect(home.percent).toBe(50);
    // The weeks of 9 and 16 November; the week of 2 November (1 of 2) ends the run back.
    expect(home.streak).toContain('*2 weeks* in a row at your goal.');
  });

  it('this week joins the streak once it reaches the goal, and the bar fills', async () => {
    t.clock.set('2026-11-25T20:00:00Z');
    await log(LA, 'Week5 Wed', '2026-11-25');
    const home = await openHome(LA, '2026-11-25T20:05:00Z');
    expect(home.week).toContain('*2 of 2* one-to-ones this week. Goal met: well done.');
    expect(home.bar).toBe('▓▓▓▓▓▓▓▓▓▓');
    expect(home.percent).toBe(100);
    expect(home.streak).toContain('*3 weeks* in a row at your goal.');
  });

  it('the week ends on the organiser’s own Sunday, not UTC’s', async () => {
    // Monday 30 November 05:00 UTC is still Sunday 29 November, 21:00, in Los Angeles.
    const home = await openHome(LA, '2026-11-30T05:00:00Z');
    expect(home.week).toContain('*2 of 2* one-to-ones this week.');
    expect(home.bar).toBe('▓▓▓▓▓▓▓▓▓▓');
    expect(home.streak).toContain('*3 weeks*');
  });

  it('a new week starts empty without breaking the streak while it is under way', async () => {
    // Wednesday 2 December in Los Angeles: nothing yet this week.
    const home = await openHome(LA, '2026-12-02T20:00:00Z');
    expect(home.week).toContain('*0 of 2* one-to-ones this week: 2 to go.');
    expect(home.bar).toBe('░░░░░░░░░░');
    expect(home.percent).toBe(0);
    expect(home.streak).toContain('*3 weeks* in a row at your goal.');

    // Someone else in the workspace meets their goal that week; it is not the organiser's.
    await log(BEA, 'Bea One', '2026-11-30');
    await log(BEA, 'Bea Two', '2026-12-01');
    const bea = await openHome(BEA, '2026-12-02T20:00:00Z');
    expect(bea.week).toContain('*2 of 2*');
    expect(bea.streak).toContain('*1 week* in a row at your goal.');
    expect((await openHome(LA, '2026-12-02T20:00:00Z')).week).toContain('*0 of 2*');
  });

  it('a finished week below goal ends the streak', async () => {
    // Tuesday 8 December: the week of 30 November ended with none.
    const home = await openHome(LA, '2026-12-08T20:00:00Z');
    expect(home.streak).toContain('No streak yet: reach your weekly goal to start one.');
    expect(home.week).toContain('*0 of 2*');

    // One this week: the bar moves, the streak waits for the goal.
    t.clock.set('2026-12-08T20:00:00Z');
    await log(LA, 'Week7 Tue', '2026-12-08');
    const after = await openHome(LA, '2026-12-08T20:05:00Z');
    expect(after.week).toContain('*1 of 2* one-to-ones this week: 1 to go.');
    expect(after.bar).toBe('▓▓▓▓▓░░░░░');
    expect(after.streak).toContain('No streak yet');

    const bea = await openHome(BEA, '2026-12-08T20:05:00Z');
    expect(bea.streak).toContain('*1 week* in a row');
  });

  it('raising the goal applies from this week on: the weeks before keep theirs, and the streak with them', async () => {
    // Tuesday 8 December: Bea's week of 30 November met its goal of 2. Raising it to 30 now
    // judges this week (and the weeks after) against 30, that week still against 2.
    t.clock.set('2026-12-08T20:10:00Z');
    const reply = await command(BEA, 'goal 30');
    expect(blockText(reply.blocks)).toContain('from this week on');
    const bea = await openHome(BEA, '2026-12-08T20:15:00Z');
    expect(bea.week).toContain('*0 of 30* one-to-ones this week: 30 to go.');
    expect(bea.streak).toContain('*1 week* in a row at your goal.');
    // Twice in one week: the last one holds for the week.
    await command(BEA, 'goal 3');
    expect((await openHome(BEA, '2026-12-08T20:20:00Z')).week).toContain('*0 of 3*');

    // Los Angeles raises theirs to 3 in the week of 7 December: the weeks of 9 to 23 November
    // were held at 2 against a goal of 2, and still count.
    await command(LA, 'goal 3');
    const now = await openHome(LA, '2026-12-08T20:25:00Z');
    expect(now.week).toContain('*1 of 3* one-to-ones this week: 2 to go.');
    expect(now.bar).toBe('▓▓▓░░░░░░░');
    expect(now.percent).toBe(33);
    // (The week of 30 November held none: no streak today, as before the change.)
    expect(now.streak).toContain('No streak yet');
    // Seen from 29 November (the clock set back), those weeks keep their goal of 2.
    const then = await openHome(LA, '2026-11-30T05:00:00Z');
    expect(then.week).toContain('*2 of 2* one-to-ones this week.');
    expect(then.streak).toContain('*3 weeks* in a row at your goal.');

    const history = await t.bot.deps.db
      .selectFrom('goal_history')
      .select(['user_id', 'from_week', 'weekly_goal'])
      .orderBy('user_id')
      .orderBy('from_week')
      .execute();
    expect(history).toEqual(
      [
        // Before its first change, the default goal held since always.
        { user_id: LA.user, from_week: '0001-01-01', weekly_goal: 5 },
        { user_id: LA.user, from_week: '2026-10-19', weekly_goal: 2 },
        { user_id: LA.user, from_week: '2026-12-07', weekly_goal: 3 },
        { user_id: BEA.user, from_week: '0001-01-01', weekly_goal: 5 },
        { user_id: BEA.user, from_week: '2026-10-19', weekly_goal: 2 },
        { user_id: BEA.user, from_week: '2026-12-07', weekly_goal: 3 },
      ].sort((a, b) => (a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : 0)),
    );
  });
});
