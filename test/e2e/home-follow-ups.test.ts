import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME_ACTION, HOUSE_MEETING_BLOCK, HOUSE_MEETING_CALLBACK } from '../../src/interaction-ids.js';
import {
  asSubmitted,
  blockText,
  buttons,
  logNew,
  openHomeSettled,
  openModalWith,
} from '../support/onetoone.js';
import { stateFor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A house meeting's "would like a one-to-one" is a promise like a one-to-one's next step: the
 * Home tab lists it under "Due in the next 7 days", due soonest first with the next steps, and
 * its Done closes the follow-up (only the organiser's own). SQLite, and PostgreSQL in that pass.
 */

const ME = 'UHFUME01';
const OTHER = 'UHFUOT01';
/** Has logged only a house meeting: no one-to-one yet. */
const HOSTING = 'UHFUHM01';
const HOME_VIEW = { id: 'VHOME', type: 'home' };

let t: TestApp;

/** Opens the Home tab as Slack does; the view once its refreshes have landed. */
const openHome = (user: string): Promise<any> => openHomeSettled(t, user);

async function followUp(): Promise<{ id: string; done_at: string | null }> {
  return t.bot.deps.db
    .selectFrom('house_meeting_follow_ups')
    .select(['id', 'done_at'])
    .where('organiser_id', '=', ME)
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  t = await startTestApp({ now: '2026-12-02T12:00:00Z' });
  for (const id of [ME, OTHER, HOSTING])
    t.slack.users.set(id, { id, tz: 'Europe/London', real_name: `Name ${id}` });
  // A next step due Tuesday 8 December, and a house meeting today whose follow-up is due a week on.
  await logNew(t, { user: ME }, 'Amina Okafor', {});
  const view = await openModalWith(t, { user: ME }, 'house-meeting');
  expect(view.view.callback_id).toBe(HOUSE_MEETING_CALLBACK);
  const res = await t.send.viewSubmission(
    { user: ME },
    asSubmitted(view),
    stateFor(view.view, {
      [HOUSE_MEETING_BLOCK.heldOn]: '2026-12-02',
      [HOUSE_MEETING_BLOCK.attendance]: '5',
      [HOUSE_MEETING_BLOCK.place]: 'Community hall',
      [HOUSE_MEETING_BLOCK.newWantsOneToOne]: 'Bob Tenant, Tenants Union',
    }),
  );
  expect(res.status).toBe(200);
});
afterAll(() => t.stop());

describe('house-meeting follow-ups on the Home tab', () => {
  it('waits until the follow-up falls within the next 7 days, then lists it with Done', async () => {
    // Due 9 December: a week away, outside "the next 7 days" (today and the six after).
    expect(blockText((await openHome(ME)).blocks)).not.toContain('Bob Tenant');

    t.clock.set('2026-12-04T10:00:00Z');
    const home = await openHome(ME);
    const text = blockText(home.blocks);
    expect(text).toContain('Due in the next 7 days');
    expect(text).toMatch(/Bob Tenant \(Tenants Union\)\*?: another meeting/);
    const done = buttons(home.blocks).filter((b) => b.action_id === HOME_ACTION.doneFollowUp);
    expect(done.map((b) => b.value)).toEqual([(await followUp()).id]);
  });

  it('refuses another organiser pressing its Done, and changes nothing', async () => {
    const { id } = await followUp();
    const toOther = () =>
      t.slack.messages.filter((m) => m.channel === `D${OTHER}` || m.args.channel === OTHER);
    const res = await t.send.blockAction(
      { user: OTHER },
      { action_id: HOME_ACTION.doneFollowUp, value: id },
      { view: HOME_VIEW },
    );
    expect(res.status).toBe(200);
    // Told privately (the Home tab has no response_url), and nothing of mine changes.
    await t.slack.waitFor(() => toOther()[0]);
    expect(JSON.stringify(toOther())).not.toContain('Bob');
    expect((await followUp()).done_at).toBeNull();
  });

  it('closes the follow-up with its Done, and the Home tab no longer lists it', async () => {
    const { id } = await followUp();
    const res = await t.send.blockAction(
      { user: ME },
      { action_id: HOME_ACTION.doneFollowUp, value: id },
      { view: HOME_VIEW },
    );
    expect(res.status).toBe(200);
    await t.slack.waitFor(async () => ((await followUp()).done_at ? true : undefined));
    expect(blockText((await openHome(ME)).blocks)).not.toContain('Bob Tenant');
  });
});

describe('an organiser who has logged only house meetings', () => {
  it('is past the welcome: the Home tab shows their week, the rhythm and the follow-up when due', async () => {
    expect(blockText((await openHome(HOSTING)).blocks)).toContain('Welcome');
    t.clock.set('2026-12-07T10:00:00Z');
    const view = await openModalWith(t, { user: HOSTING }, 'house-meeting');
    const res = await t.send.viewSubmission(
      { user: HOSTING },
      asSubmitted(view),
      stateFor(view.view, {
        [HOUSE_MEETING_BLOCK.heldOn]: '2026-12-07',
        [HOUSE_MEETING_BLOCK.attendance]: '6',
        [HOUSE_MEETING_BLOCK.newWantsOneToOne]: 'Cleo Parent, Oak School',
      }),
    );
    expect(res.status).toBe(200);
    await t.slack.waitFor(async () =>
      (
        await t.bot.deps.db
          .selectFrom('house_meetings')
          .select('id')
          .where('organiser_id', '=', HOSTING)
          .execute()
      ).length
        ? true
        : undefined,
    );
    const text = blockText((await openHome(HOSTING)).blocks);
    expect(text).not.toContain('Welcome');
    expect(text).toContain('one-to-ones this week');
    expect(text).toMatch(/house meeting/i);
    // Due a week on (14 December): within the next 7 days from the 8th.
    t.clock.set('2026-12-08T10:00:00Z');
    const later = blockText((await openHome(HOSTING)).blocks);
    expect(later).toContain('Due in the next 7 days');
    expect(later).toMatch(/Cleo Parent \(Oak School\)\*?: another meeting/);
  });
});
