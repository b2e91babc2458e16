import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STARTING_THEMES } from '../../src/domain/campaign.js';
import { CAMPAIGN_ACTION, CAMPAIGN_BLOCK, CAMPAIGN_CALLBACK } from '../../src/interaction-ids.js';
import { seedOneToOne } from '../support/campaigns.js';
import type { ViewRecord } from '../support/fake-slack.js';
import { asSubmitted, blockText, buttons, openModalWith, submit } from '../support/onetoone.js';
import { stateFor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Listening campaigns (issue 11): `/onetoone campaign new` with its inline errors, one running
 * campaign per channel but several at once, the visitors snapshot (bots left out), idempotent
 * submissions, the list with progress, and edit/close for administrators only (the creator, or
 * a workspace admin).
 */

const CREATOR = 'UCMPA01';
const VISITOR = 'UCMPV02';
const OUTSIDER = 'UCMPO03';
const WS_ADMIN = 'UCMPW04';
const BOT = 'UCMPBOT';
const CHANNEL = 'CCMPTEAM';
const OTHER_CHANNEL = 'CCMPTWO';
const HIDDEN = 'CCMPHIDE';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ now: '2026-12-02T12:00:00Z' });
  for (const id of [CREATOR, VISITOR, OUTSIDER])
    t.slack.users.set(id, { id, tz: 'Europe/London', real_name: id });
  t.slack.users.set(WS_ADMIN, { id: WS_ADMIN, tz: 'America/New_York', real_name: WS_ADMIN, is_admin: true });
  t.slack.users.set(BOT, { id: BOT, real_name: 'helper bot', is_bot: true });
  t.slack.channels.set(CHANNEL, { id: CHANNEL, name: 'team', members: [CREATOR, VISITOR, BOT] });
  t.slack.channels.set(OTHER_CHANNEL, { id: OTHER_CHANNEL, name: 'two', members: [CREATOR, OUTSIDER] });
  t.slack.channels.set(HIDDEN, {
    id: HIDDEN,
    name: 'hidden',
    members: [CREATOR],
    botIsMember: false,
    is_private: true,
  });
});
afterAll(() => t.stop());

async function openNew(user = CREATOR): Promise<ViewRecord> {
  const view = await openModalWith(t, { user }, 'campaign new');
  expect(view.view.callback_id).toBe(CAMPAIGN_CALLBACK);
  return view;
}

const GOOD = {
  [CAMPAIGN_BLOCK.name]: 'Winter listening',
  [CAMPAIGN_BLOCK.question]: 'What is putting pressure on you and the people you love?',
  [CAMPAIGN_BLOCK.startsOn]: '2026-12-01',
  [CAMPAIGN_BLOCK.endsOn]: '2027-01-31',
  [CAMPAIGN_BLOCK.channel]: CHANNEL,
};

async function campaigns() {
  return t.bot.deps.db.selectFrom('campaigns').selectAll().orderBy('created_at').orderBy('name').execute();
}

async function errorsOf(view: ViewRecord, inputs: Record<string, string | string[] | null>, user = CREATOR) {
  const before = (await campaigns()).length;
  const res = await t.send.viewSubmission(
    { user },
    asSubmitted(view),
    stateFor(view.view, { ...GOOD, ...inputs }),
  );
  expect(res.status).toBe(200);
  const body = res.json();
  expect(body?.response_action).toBe('errors');
  expect((await campaigns()).length).toBe(before);
  return body.errors as Record<string, string>;
}

describe('campaign new', () => {
  it('opens with the starting themes, target 10 and minimum count 3', async () => {
    const view = await openNew();
    const byId = Object.fromEntries(view.view.blocks.map((b: any) => [b.block_id, b]));
    expect(byId[CAMPAIGN_BLOCK.themes].element.initial_value.split('\n')).toEqual([...STARTING_THEMES]);
    expect(STARTING_THEMES).toContain('Cost of living');
    expect(byId[CAMPAIGN_BLOCK.target].element.initial_value).toBe('10');
    expect(byId[CAMPAIGN_BLOCK.minCount].element.initial_value).toBe('3');
    expect(byId[CAMPAIGN_BLOCK.channel].element.type).toBe('conversations_select');
  });

  it('puts every bad input on its field and saves nothing', async () => {
    const view = await openNew();
    expect(await errorsOf(view, { [CAMPAIGN_BLOCK.endsOn]: '2026-11-30' })).toHaveProperty(
      CAMPAIGN_BLOCK.endsOn,
    );
    expect(await errorsOf(view, { [CAMPAIGN_BLOCK.question]: '   ' })).toHaveProperty(
      CAMPAIGN_BLOCK.question,
    );
    expect(await errorsOf(view, { [CAMPAIGN_BLOCK.name]: '' })).toHaveProperty(CAMPAIGN_BLOCK.name);
    const dup = await errorsOf(view, { [CAMPAIGN_BLOCK.themes]: 'Housing\nHealth\n  housing ' });
    expect(dup[CAMPAIGN_BLOCK.themes]).toMatch(/twice/);
    const long = await errorsOf(view, { [CAMPAIGN_BLOCK.themes]: `Housing\n${'x'.repeat(76)}` });
    expect(long[CAMPAIGN_BLOCK.themes]).toMatch(/75/);
    const many = Array.from({ length: 101 }, (_, i) => `T${i}`).join('\n');
    expect((await errorsOf(view, { [CAMPAIGN_BLOCK.themes]: many }))[CAMPAIGN_BLOCK.themes]).toMatch(/100/);
    for (const target of ['0', '201', 'ten', '2.5', '-3']) {
      expect(await errorsOf(view, { [CAMPAIGN_BLOCK.target]: target })).toHaveProperty(CAMPAIGN_BLOCK.target);
    }
    for (const min of ['0', '21', 'x']) {
      expect(await errorsOf(view, { [CAMPAIGN_BLOCK.minCount]: min })).toHaveProperty(
        CAMPAIGN_BLOCK.minCount,
      );
    }
    // Several at once, each on its own field.
    const all = await errorsOf(view, {
      [CAMPAIGN_BLOCK.question]: '',
      [CAMPAIGN_BLOCK.target]: '500',
      [CAMPAIGN_BLOCK.minCount]: '99',
    });
    expect(Object.keys(all).sort()).toEqual(
      [CAMPAIGN_BLOCK.question, CAMPAIGN_BLOCK.target, CAMPAIGN_BLOCK.minCount].sort(),
    );
    // No team at all; a channel the bot cannot read.
    expect(await errorsOf(view, { [CAMPAIGN_BLOCK.channel]: null })).toHaveProperty(CAMPAIGN_BLOCK.channel);
    expect((await errorsOf(view, { [CAMPAIGN_BLOCK.channel]: HIDDEN }))[CAMPAIGN_BLOCK.channel]).toMatch(
      /add me/i,
    );
  });

  it('creates a channel campaign once, its creator its administrator, the channel’s people its visitors', async () => {
    const view = await openNew();
    const state = stateFor(view.view, GOOD);
    const first = await t.send.viewSubmission({ user: CREATOR }, asSubmitted(view), state);
    expect(first.status).toBe(200);
    expect(first.text).toBe('');
    // Slack delivering the same submission again: one campaign.
    const again = await t.send.viewSubmission({ user: CREATOR }, asSubmitted(view), state);
    expect(again.text).toBe('');
    const rows = await campaigns();
    expect(rows).toHaveLength(1);
    const c = rows[0]!;
    expect(c).toMatchObject({
      channel_id: CHANNEL,
      target_per_visitor: 10,
      min_count: 3,
      time_zone: 'Europe/London',
    });
    const members = await t.bot.deps.db
      .selectFrom('campaign_members')
      .select('user_id')
      .where('campaign_id', '=', c.id)
      .execute();
    expect(members.map((m) => m.user_id).sort()).toEqual([CREATOR, VISITOR].sort());
    const admins = await t.bot.deps.db
      .selectFrom('campaign_admins')
      .select('user_id')
      .where('campaign_id', '=', c.id)
      .execute();
    expect(admins.map((a) => a.user_id)).toEqual([CREATOR]);
    const themes = await t.bot.deps.db
      .selectFrom('campaign_themes')
      .select(['label', 'position'])
      .where('campaign_id', '=', c.id)
      .orderBy('position')
      .execute();
    expect(themes.map((x) => x.label)).toEqual([...STARTING_THEMES]);
    const dm = await t.slack.waitFor(() =>
      t.slack.callsOf('chat.postMessage').find((m) => m.args.channel === CREATOR),
    );
    expect(blockText(dm.args.blocks)).toContain('2 visitors');
  });

  it('refuses a second running campaign in the same channel, but runs several at once elsewhere', async () => {
    const view = await openNew();
    const errors = await errorsOf(view, {
      [CAMPAIGN_BLOCK.name]: 'Second',
      [CAMPAIGN_BLOCK.channel]: CHANNEL,
    });
    expect(errors[CAMPAIGN_BLOCK.channel]).toMatch(/already running/);
    // Another channel, and chosen members (no channel): both at once.
    const two = await openNew();
    const r2 = await submit(t, { user: CREATOR }, two, {
      ...GOOD,
      [CAMPAIGN_BLOCK.name]: 'Other channel',
      [CAMPAIGN_BLOCK.channel]: OTHER_CHANNEL,
      [CAMPAIGN_BLOCK.themes]: 'Housing\nTransport',
    });
    expect(r2.text).toBe('');
    const three = await openNew(VISITOR);
    const r3 = await t.send.viewSubmission(
      { user: VISITOR },
      asSubmitted(three),
      stateFor(three.view, {
        ...GOOD,
        [CAMPAIGN_BLOCK.name]: 'Chosen few',
        [CAMPAIGN_BLOCK.channel]: null,
        [CAMPAIGN_BLOCK.members]: [VISITOR, CREATOR, BOT],
        [CAMPAIGN_BLOCK.target]: '5',
      }),
    );
    expect(r3.text).toBe('');
    const rows = await campaigns();
    expect(rows.map((r) => r.name).sort()).toEqual(['Chosen few', 'Other channel', 'Winter listening']);
    const chosen = rows.find((r) => r.name === 'Chosen few')!;
    const members = await t.bot.deps.db
      .selectFrom('campaign_members')
      .select('user_id')
      .where('campaign_id', '=', chosen.id)
      .execute();
    expect(members.map((m) => m.user_id).sort()).toEqual([CREATOR, VISITOR].sort());
  });
});

describe('campaign list, edit and close', () => {
  it('lists my campaigns with my conversations, the team’s and days left', async () => {
    t.clock.set('2026-12-10T12:00:00Z');
    await seedOneToOne(t, VISITOR, 'Amina Okafor', '2026-12-09');
    await seedOneToOne(t, VISITOR, 'Ben Adeyemi', '2026-12-10');
    // Before the campaign: not counted.
    await seedOneToOne(t, VISITOR, 'Cara Early', '2026-11-20');
    await seedOneToOne(t, CREATOR, 'Dev Patel', '2026-12-08');
    const before = t.slack.responses.length;
    await t.send.command('campaign', { user: VISITOR });
    const reply = await t.slack.waitForResponse(before + 1);
    const text = blockText(reply.blocks);
    expect(text).toContain('Winter listening');
    expect(text).toContain('Chosen few');
    expect(text).not.toContain('Other channel');
    // Winter: mine 2 of 10, the team 3 of 20; 53 days left (10 Dec to 31 Jan inclusive).
    expect(text).toContain('You: *2* of 10 conversations · the team: *3* of 20 (2 visitors)');
    expect(text).toContain('53 days left');
    // VISITOR administers "Chosen few" (Edit/Close), not "Winter listening".
    const admin = buttons(reply.blocks).filter((b) => b.action_id === CAMPAIGN_ACTION.edit);
    const rows = await campaigns();
    expect(admin.map((b) => b.value)).toEqual([rows.find((r) => r.name === 'Chosen few')!.id]);
  });

  it('refuses edit and close to anyone but an administrator, even with a crafted button or view', async () => {
    const winter = (await campaigns()).find((r) => r.name === 'Winter listening')!;
    const before = t.slack.responses.length;
    await t.send.command('campaign edit Winter', { user: VISITOR });
    const reply = await t.slack.waitForResponse(before + 1);
    expect(blockText(reply.blocks)).toMatch(/can’t find an open campaign/);
    const opens = t.slack.callsOf('views.open').length;
    await t.send.blockAction({ user: VISITOR }, { action_id: CAMPAIGN_ACTION.close, value: winter.id });
    await t.send.blockAction({ user: OUTSIDER }, { action_id: CAMPAIGN_ACTION.edit, value: winter.id });
    await t.slack.waitForResponse(before + 3);
    expect(t.slack.callsOf('views.open')).toHaveLength(opens);
    expect((await campaigns()).find((r) => r.id === winter.id)!.closed_at).toBeNull();
    // A crafted edit submission (private_metadata naming the campaign) by a visitor.
    const view = await openNew(VISITOR);
    const res = await t.send.viewSubmission(
      { user: VISITOR },
      { ...asSubmitted(view), private_metadata: winter.id },
      stateFor(view.view, { ...GOOD, [CAMPAIGN_BLOCK.name]: 'Hijacked' }),
    );
    expect(res.json()?.response_action).toBe('errors');
    expect((await campaigns()).find((r) => r.id === winter.id)!.name).toBe('Winter listening');
  });

  it('lets the creator edit (prefilled), refreshing the visitors and archiving a theme taken off', async () => {
    const winter = (await campaigns()).find((r) => r.name === 'Winter listening')!;
    t.slack.channels.set(CHANNEL, { id: CHANNEL, name: 'team', members: [CREATOR, VISITOR, OUTSIDER, BOT] });
    const view = await openModalWith(t, { user: CREATOR }, 'campaign edit winter');
    expect(view.view.private_metadata).toBe(winter.id);
    const byId = Object.fromEntries(view.view.blocks.map((b: any) => [b.block_id, b]));
    expect(byId[CAMPAIGN_BLOCK.name].element.initial_value).toBe('Winter listening');
    expect(byId[CAMPAIGN_BLOCK.channel].element.initial_conversation).toBe(CHANNEL);
    const themes = [...STARTING_THEMES].filter((x) => x !== 'Transport');
    const res = await submit(t, { user: CREATOR }, view, {
      [CAMPAIGN_BLOCK.target]: '12',
      [CAMPAIGN_BLOCK.themes]: [...themes, 'Childcare'].join('\n'),
    });
    expect(res.text).toBe('');
    const row = (await campaigns()).find((r) => r.id === winter.id)!;
    expect(row.target_per_visitor).toBe(12);
    const members = await t.bot.deps.db
      .selectFrom('campaign_members')
      .select('user_id')
      .where('campaign_id', '=', winter.id)
      .execute();
    expect(members.map((m) => m.user_id).sort()).toEqual([CREATOR, OUTSIDER, VISITOR].sort());
    const all = await t.bot.deps.db
      .selectFrom('campaign_themes')
      .selectAll()
      .where('campaign_id', '=', winter.id)
      .execute();
    expect(all.find((x) => x.label === 'Transport')!.archived_at).not.toBeNull();
    expect(all.find((x) => x.label === 'Childcare')!.archived_at).toBeNull();
    expect(all).toHaveLength(STARTING_THEMES.length + 1);
  });

  it('lets a workspace admin edit and close any campaign; then the channel is free again', async () => {
    const winter = (await campaigns()).find((r) => r.name === 'Winter listening')!;
    const before = t.slack.responses.length;
    await t.send.command('campaign close winter', { user: WS_ADMIN });
    const reply = await t.slack.waitForResponse(before + 1);
    expect(blockText(reply.blocks)).toContain('Closed');
    const closed = (await campaigns()).find((r) => r.id === winter.id)!;
    // Closed on the admin's click, dated in the campaign's zone.
    expect(closed.closed_on).toBe('2026-12-10');
    const view = await openNew();
    const res = await submit(t, { user: CREATOR }, view, {
      ...GOOD,
      [CAMPAIGN_BLOCK.name]: 'Spring listening',
    });
    expect(res.text).toBe('');
    expect((await campaigns()).filter((r) => r.channel_id === CHANNEL)).toHaveLength(2);
  });

  it('closes, on creating the next, a channel campaign that ended but was never closed', async () => {
    const other = (await campaigns()).find((r) => r.name === 'Other channel')!;
    t.clock.set('2027-02-05T12:00:00Z');
    const view = await openNew();
    const res = await submit(t, { user: CREATOR }, view, {
      ...GOOD,
      [CAMPAIGN_BLOCK.name]: 'Other channel, round two',
      [CAMPAIGN_BLOCK.channel]: OTHER_CHANNEL,
      [CAMPAIGN_BLOCK.startsOn]: '2027-02-05',
      [CAMPAIGN_BLOCK.endsOn]: '2027-03-31',
    });
    expect(res.text).toBe('');
    const old = (await campaigns()).find((r) => r.id === other.id)!;
    expect(old.closed_on).toBe('2027-01-31');
  });
});
