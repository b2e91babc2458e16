import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HOUSE_MEETING_BLOCK,
  HOUSE_MEETING_CALLBACK,
  HOUSE_MEETING_HOME_ACTION,
  LOG_BLOCK,
} from '../../src/interaction-ids.js';
import { nudgesJob } from '../../src/jobs/nudges.js';
import type { RecordedCall } from '../support/fake-slack.js';
import {
  asSubmitted,
  blockText,
  buttons,
  logNew,
  openedView,
  openHomeSettled,
  openModalWith,
  response,
} from '../support/onetoone.js';
import { stateFor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 11's house-meeting rhythm, end to end on the fake Slack (SQLite, and PostgreSQL in that
 * pass): house meetings have their own count in `/onetoone stats`, on the Home tab (with the
 * button that opens the modal) and in the weekly digest, and never move the one-to-one goal;
 * "who would like a one-to-one" becomes a next step "another meeting" that the next-step nudge
 * nudges like any other. Nothing written in a house meeting (place, names) reaches a channel.
 *
 * The instant is Wednesday 2 December 2026, 12:00 UTC (midday in London); the digest previewed
 * then reports the week of Monday 23 November.
 */

const ME = 'URHYME01';
const HOSTS = ['URHYH001', 'URHYH002', 'URHYH003', 'URHYH004', 'URHYH005'];
const BIG = 'CRHYBIG1';
const SMALL = 'CRHYSMAL';
const MARK = 'ZQRHYMARK';
const HOME_VIEW = { id: 'VHOME', type: 'home' };

let t: TestApp;
/** The digest previews (ephemeral, but the very message the channel would get). */
const previews: Record<string, any>[] = [];

async function houseMeeting(user: string, heldOn: string, extra: Record<string, string> = {}): Promise<void> {
  const view = await openModalWith(t, { user }, 'house-meeting');
  expect(view.view.callback_id).toBe(HOUSE_MEETING_CALLBACK);
  const res = await t.send.viewSubmission(
    { user },
    asSubmitted(view),
    stateFor(view.view, {
      [HOUSE_MEETING_BLOCK.heldOn]: heldOn,
      [HOUSE_MEETING_BLOCK.attendance]: '6',
      [HOUSE_MEETING_BLOCK.place]: `Kitchen of ${MARK}-place-${user}`,
      ...extra,
    }),
  );
  expect(res.status).toBe(200);
  expect(res.text).toBe('');
}

async function statsBlocks(user: string): Promise<any[]> {
  const before = t.slack.responses.length;
  await t.send.command('stats', { user });
  return (await response(t, before + 1)).blocks;
}

async function stats(user: string): Promise<string> {
  return blockText(await statsBlocks(user));
}

/** Opens the Home tab as Slack does; the view once its refreshes have landed. */
const openHome = (user: string): Promise<any> => openHomeSettled(t, user);

async function previewDigest(channel: string): Promise<Record<string, any>> {
  const before = t.slack.responses.length;
  await t.send.command('digest preview', { user: ME }, { channel });
  const reply = await response(t, before + 1);
  previews.push(reply);
  return reply;
}

function channelCalls(): RecordedCall[] {
  return t.slack.calls.filter((c) => /^C/.test(String(c.args.channel ?? c.args.channel_id ?? '')));
}

beforeAll(async () => {
  t = await startTestApp({ now: '2026-12-02T12:00:00Z' });
  for (const id of [ME, ...HOSTS])
    t.slack.users.set(id, { id, tz: 'Europe/London', real_name: `Name ${id}` });
  t.slack.channels.set(BIG, { id: BIG, name: 'big-team', members: [ME, ...HOSTS] });
  t.slack.channels.set(SMALL, { id: SMALL, name: 'small-team', members: [ME, HOSTS[0]!] });
  // Everyone in the team has logged a one-to-one (the digest's team), held last week.
  for (const id of [ME, ...HOSTS]) {
    await logNew(t, { user: id }, `Person of ${id}`, { [LOG_BLOCK.metOn]: '2026-11-24' });
  }
});
afterAll(() => t.stop());

describe('the house-meeting rhythm', () => {
  it('counts in /onetoone stats and on the Home tab, never toward the one-to-one goal', async () => {
    await logNew(t, { user: ME }, 'Someone this week');
    const blocksBefore = await statsBlocks(ME);
    const statsBefore = blockText(blocksBefore);
    expect(statsBefore).toContain('*1 of 5* one-to-ones this week');
    expect(statsBefore).not.toContain('House meetings');
    const homeBefore = await openHome(ME);

    await houseMeeting(ME, '2026-12-02', {
      [HOUSE_MEETING_BLOCK.newWantsOneToOne]: `Bob ${MARK}-wants, Tenants`,
    });
    await houseMeeting(ME, '2026-11-11');
    // Nine weeks back: outside the 8 weeks.
    await houseMeeting(ME, '2026-09-30');

    const afterBlocks = await statsBlocks(ME);
    const after = blockText(afterBlocks);
    expect(after).toContain('*1 of 5* one-to-ones this week');
    expect(after).toContain('*House meetings:* 1 this week · 2 in the last 8 weeks');
    // Same chart and reflection rate as before: only the house-meeting line was added.
    expect(afterBlocks.filter((b) => !JSON.stringify(b).includes(':house:'))).toEqual(blocksBefore);
    expect(afterBlocks).toHaveLength(blocksBefore.length + 1);

    const home = await openHome(ME);
    const text = blockText(home.blocks);
    expect(text).toContain('*House meetings* · 1 this week · 2 in the last 8 weeks');
    expect(buttons(home.blocks).map((b) => b.action_id)).toContain(HOUSE_MEETING_HOME_ACTION);
    // The week against the goal is unchanged by three house meetings: 1 of 5, 20%.
    const week = (view: any) =>
      view.blocks.find((b: any) => String(b.text?.text).includes('one-to-ones this week'))?.text.text;
    expect(week(home)).toMatch(/^\*1 of 5\* one-to-ones this week: 4 to go\.\n.* 20%$/);
    expect(week(home)).toBe(week(homeBefore));

    // The Home button opens the house-meeting modal.
    const opens = t.slack.callsOf('views.open').length;
    await t.send.blockAction({ user: ME }, { action_id: HOUSE_MEETING_HOME_ACTION }, { view: HOME_VIEW });
    expect((await openedView(t, opens + 1)).view.callback_id).toBe(HOUSE_MEETING_CALLBACK);

    // Another organiser's rhythm is their own.
    expect(await stats(HOSTS[1]!)).not.toContain('House meetings');
  });

  it('puts the team’s house meetings in the digest as counts, hosts only above the minimum', async () => {
    const quietBefore = await previewDigest(BIG);
    const heldLine = (m: Record<string, any>) => String(m.text);
    for (const id of HOSTS) await houseMeeting(id, '2026-11-25');
    await houseMeeting(ME, '2026-11-26');
    const big = await previewDigest(BIG);
    const bigText = blockText(big.blocks);
    expect(bigText).toContain(
      ':house: *6 house meetings* last week, held by all *6 members*, *36* taking part',
    );
    // The one-to-ones are what they were.
    expect(heldLine(big)).toBe(heldLine(quietBefore));
    expect(heldLine(big)).toMatch(/^6 one-to-ones last week/);

    // Two members: a count, but nothing that says who held them.
    const small = await previewDigest(SMALL);
    const smallText = blockText(small.blocks);
    expect(smallText).toContain(':house: *2 house meetings* last week, *12* taking part');
    expect(smallText).not.toMatch(/held by/);
  });

  it('nudges the follow-up "another meeting" like any next step, and its buttons work', async () => {
    // The follow-up from 2 December's meeting is due a week later, Wednesday 9 December.
    const followUp = await t.bot.deps.db
      .selectFrom('house_meeting_follow_ups')
      .selectAll()
      .where('organiser_id', '=', ME)
      .executeTakeFirstOrThrow();
    expect(followUp.due_on).toBe('2026-12-09');
    const dms = () =>
      t.slack.messages.filter(
        (m) =>
          m.channel === `D${ME}` &&
          /nudges? for today/.test(String(m.args.text)) &&
          blockText(m.args.blocks).includes('Bob'),
      );
    // Not before it is due.
    t.clock.set('2026-12-08T10:00:00Z');
    await nudgesJob.run({ deps: t.bot.deps, now: new Date('2026-12-08T10:00:00Z'), dryRun: false });
    expect(dms()).toHaveLength(0);

    t.clock.set('2026-12-09T10:00:00Z');
    await nudgesJob.run({ deps: t.bot.deps, now: new Date('2026-12-09T10:00:00Z'), dryRun: false });
    await t.slack.waitFor(() => dms()[0]);
    const dm = dms()[0]!;
    expect(blockText(dm.args.blocks)).toMatch(
      /another meeting with \*Bob ZQRHYMARK-wants \(Tenants\)\*, due/,
    );
    const snooze = buttons(dm.args.blocks).find((b) => b.action_id === 'nudge:next_step:snooze_3');
    expect(snooze).toBeDefined();
    // Once a day, once a due date: a second run sends nothing more.
    await nudgesJob.run({ deps: t.bot.deps, now: new Date('2026-12-09T11:00:00Z'), dryRun: false });
    expect(dms()).toHaveLength(1);

    const press = async (actionId: string) => {
      const button = buttons(dm.args.blocks).find((b) => b.action_id === actionId)!;
      const updates = t.slack.callsOf('chat.update').length;
      const res = await t.send.blockAction(
        { user: ME },
        { action_id: button.action_id, value: button.value },
        { channel: dm.channel, ts: dm.ts, message: { ts: dm.ts, blocks: dm.args.blocks } },
      );
      expect(res.status).toBe(200);
      await t.slack.waitFor(() => t.slack.callsOf('chat.update').length > updates || undefined);
    };
    await press('nudge:next_step:snooze_3');
    const snoozed = await t.bot.deps.db
      .selectFrom('house_meeting_follow_ups')
      .selectAll()
      .where('id', '=', followUp.id)
      .executeTakeFirstOrThrow();
    expect(snoozed).toMatchObject({ due_on: '2026-12-12', done_at: null });

    // Snoozed to Saturday 12 December: nudged again on the next working day, as a next step is.
    t.clock.set('2026-12-14T10:00:00Z');
    await nudgesJob.run({ deps: t.bot.deps, now: new Date('2026-12-14T10:00:00Z'), dryRun: false });
    await t.slack.waitFor(() => dms()[1]);
    const again = dms()[1]!;
    const done = buttons(again.args.blocks).find((b) => b.action_id === 'nudge:next_step:done')!;
    const updates = t.slack.callsOf('chat.update').length;
    await t.send.blockAction(
      { user: ME },
      { action_id: done.action_id, value: done.value },
      { channel: again.channel, ts: again.ts, message: { ts: again.ts, blocks: again.args.blocks } },
    );
    await t.slack.waitFor(() => t.slack.callsOf('chat.update').length > updates || undefined);
    const closed = await t.bot.deps.db
      .selectFrom('house_meeting_follow_ups')
      .selectAll()
      .where('id', '=', followUp.id)
      .executeTakeFirstOrThrow();
    expect(closed.done_at).not.toBeNull();
  });

  it('keeps places and names out of every channel, digest and log line', () => {
    expect(previews.length).toBeGreaterThan(0);
    for (const s of [
      ...channelCalls().map((c) => JSON.stringify(c.args)),
      ...previews.map((p) => JSON.stringify(p)),
    ]) {
      expect(s).not.toContain(MARK);
      for (const id of [ME, ...HOSTS]) expect(s).not.toContain(`Name ${id}`);
    }
    expect(t.logs.join('\n')).not.toContain(MARK);
  });
});
