import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CAMPAIGN_BLOCK,
  CAMPAIGN_CONSENT_VALUE,
  CAMPAIGN_FIELD_BLOCK,
  HOUSE_MEETING_BLOCK,
  HOUSE_MEETING_CALLBACK,
  HOUSE_MEETING_HOME_ACTION,
} from '../../src/interaction-ids.js';
import { houseMeetingCounts } from '../../src/repositories/house-meetings.js';
import { seedOneToOne } from '../support/campaigns.js';
import type { ViewRecord } from '../support/fake-slack.js';
import { asSubmitted, blockText, openedView, openModalWith, submit } from '../support/onetoone.js';
import { stateFor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * House meetings (issue 11): the modal from `/onetoone house-meeting` and the Home tab button,
 * every bad input inline, saved once per view, who would like a one-to-one becoming my people
 * with a next step "another meeting", the campaign's themes and a consented quote, a separate
 * count that never touches one-to-ones, and nothing written reaching anyone else or a log line.
 */

const ME = 'UHMORG1';
const PEER = 'UHMPEER';
const BOT = 'UHMBOT1';
const CHANNEL = 'CHMTEAM';
const MARK = 'ZQMARKER';

let t: TestApp;
let campaignId: string;
let themes: { id: string; label: string }[];

beforeAll(async () => {
  t = await startTestApp({ now: '2026-12-02T12:00:00Z' });
  for (const id of [ME, PEER]) t.slack.users.set(id, { id, tz: 'Europe/London', real_name: id });
  t.slack.users.set(BOT, { id: BOT, is_bot: true });
  t.slack.channels.set(CHANNEL, { id: CHANNEL, name: 'team', members: [ME, PEER] });
  const view = await openModalWith(t, { user: ME }, 'campaign new');
  const res = await submit(t, { user: ME }, view, {
    [CAMPAIGN_BLOCK.name]: 'Winter listening',
    [CAMPAIGN_BLOCK.question]: 'What keeps you up at night?',
    [CAMPAIGN_BLOCK.startsOn]: '2026-12-01',
    [CAMPAIGN_BLOCK.endsOn]: '2027-01-31',
    [CAMPAIGN_BLOCK.channel]: CHANNEL,
  });
  expect(res.text).toBe('');
  const c = await t.bot.deps.db.selectFrom('campaigns').selectAll().executeTakeFirstOrThrow();
  campaignId = c.id;
  themes = await t.bot.deps.db
    .selectFrom('campaign_themes')
    .select(['id', 'label'])
    .where('campaign_id', '=', c.id)
    .orderBy('position')
    .execute();
});
afterAll(() => t.stop());

async function open(user = ME): Promise<ViewRecord> {
  const view = await openModalWith(t, { user }, 'house-meeting');
  expect(view.view.callback_id).toBe(HOUSE_MEETING_CALLBACK);
  return view;
}

const housing = () => themes.find((x) => x.label === 'Housing')!.id;
const health = () => themes.find((x) => x.label === 'Health')!.id;

function good(): Record<string, string | string[] | null> {
  return {
    [HOUSE_MEETING_BLOCK.heldOn]: '2026-12-02',
    [HOUSE_MEETING_BLOCK.attendance]: '8',
    [HOUSE_MEETING_BLOCK.place]: `Church hall ${MARK}-place`,
  };
}

async function rows(
  table: 'house_meetings' | 'house_meeting_attendees' | 'house_meeting_follow_ups' | 'campaign_quotes',
) {
  return t.bot.deps.db.selectFrom(table).selectAll().execute();
}

async function errorsOf(view: ViewRecord, inputs: Record<string, string | string[] | null>) {
  const before = (await rows('house_meetings')).length;
  const res = await t.send.viewSubmission(
    { user: ME },
    asSubmitted(view),
    stateFor(view.view, { ...good(), ...inputs }),
  );
  const body = res.json();
  expect(body?.response_action).toBe('errors');
  expect((await rows('house_meetings')).length).toBe(before);
  return body.errors as Record<string, string>;
}

describe('house meetings', () => {
  it('opens from the command and from the Home tab button, with the running campaign’s themes', async () => {
    const view = await open();
    const ids = view.view.blocks.map((b: any) => b.block_id);
    expect(ids).toContain(HOUSE_MEETING_BLOCK.campaign);
    expect(ids).toContain(CAMPAIGN_FIELD_BLOCK.themes);
    expect(ids).toContain(CAMPAIGN_FIELD_BLOCK.consentPrefix + campaignId);
    const themesBlock = view.view.blocks.find((b: any) => b.block_id === CAMPAIGN_FIELD_BLOCK.themes);
    expect(themesBlock.element.options.map((o: any) => o.text.text)).toContain('Housing');
    const opens = t.slack.callsOf('views.open').length;
    await t.send.blockAction(
      { user: ME },
      { action_id: HOUSE_MEETING_HOME_ACTION },
      { view: { id: 'VHOME' } },
    );
    const fromHome = await openedView(t, opens + 1);
    expect(fromHome.view.callback_id).toBe(HOUSE_MEETING_CALLBACK);
  });

  it('puts every bad input on its field', async () => {
    const view = await open();
    expect(await errorsOf(view, { [HOUSE_MEETING_BLOCK.heldOn]: '2026-12-03' })).toHaveProperty(
      HOUSE_MEETING_BLOCK.heldOn,
    );
    for (const n of ['0', 'lots', '']) {
      expect(await errorsOf(view, { [HOUSE_MEETING_BLOCK.attendance]: n })).toHaveProperty(
        HOUSE_MEETING_BLOCK.attendance,
      );
    }
    const names = Array.from({ length: 21 }, (_, i) => `Neighbour ${i}, Street ${i}`).join('\n');
    const many = await errorsOf(view, {
      [HOUSE_MEETING_BLOCK.attendance]: '30',
      [HOUSE_MEETING_BLOCK.newAttendees]: names,
    });
    expect(many[HOUSE_MEETING_BLOCK.newAttendees]).toMatch(/20/);
    const fewer = await errorsOf(view, {
      [HOUSE_MEETING_BLOCK.attendance]: '2',
      [HOUSE_MEETING_BLOCK.newAttendees]: 'Ann, A\nBob, B\nCat, C',
    });
    expect(fewer[HOUSE_MEETING_BLOCK.attendance]).toMatch(/3/);
    expect(await errorsOf(view, { [HOUSE_MEETING_BLOCK.host]: 'member' })).toHaveProperty(
      HOUSE_MEETING_BLOCK.hostUser,
    );
    expect(
      await errorsOf(view, { [HOUSE_MEETING_BLOCK.host]: 'member', [HOUSE_MEETING_BLOCK.hostUser]: BOT }),
    ).toHaveProperty(HOUSE_MEETING_BLOCK.hostUser);
    const noConsent = await errorsOf(view, {
      [CAMPAIGN_FIELD_BLOCK.quotePrefix + campaignId]: 'We cannot pay the rent',
    });
    expect(noConsent).toHaveProperty(CAMPAIGN_FIELD_BLOCK.consentPrefix + campaignId);
    const long = await errorsOf(view, {
      [CAMPAIGN_FIELD_BLOCK.quotePrefix + campaignId]: 'x'.repeat(501),
      [CAMPAIGN_FIELD_BLOCK.consentPrefix + campaignId]: CAMPAIGN_CONSENT_VALUE,
    });
    expect(long[CAMPAIGN_FIELD_BLOCK.quotePrefix + campaignId]).toMatch(/500/);
    // Someone else's person, crafted into the attendees.
    const theirs = await seedOneToOne(t, PEER, 'Peer Person', '2026-11-01');
    const crafted = await errorsOf(view, { [HOUSE_MEETING_BLOCK.attendees]: [theirs.personId] });
    expect(crafted).toHaveProperty(HOUSE_MEETING_BLOCK.attendees);
  });

  it('saves once: people, follow-ups, themes and the consented quote; a count of its own', async () => {
    const known = await seedOneToOne(t, ME, 'Known Neighbour', '2026-11-10');
    const view = await open();
    const state = stateFor(view.view, {
      ...good(),
      [HOUSE_MEETING_BLOCK.attendees]: [known.personId],
      [HOUSE_MEETING_BLOCK.newAttendees]: `Ann ${MARK}-name, St Mark ${MARK}-inst`,
      [HOUSE_MEETING_BLOCK.newWantsOneToOne]: `Bob ${MARK}-wants, Tenants ${MARK}-inst2`,
      [HOUSE_MEETING_BLOCK.wantsOneToOne]: [known.personId],
      [CAMPAIGN_FIELD_BLOCK.themes]: [housing(), health()],
      [CAMPAIGN_FIELD_BLOCK.otherPrefix + campaignId]: `Damp ${MARK}-other`,
      [CAMPAIGN_FIELD_BLOCK.quotePrefix + campaignId]: `The landlord never answers ${MARK}-quote`,
      [CAMPAIGN_FIELD_BLOCK.quoteThemePrefix + campaignId]: housing(),
      [CAMPAIGN_FIELD_BLOCK.consentPrefix + campaignId]: CAMPAIGN_CONSENT_VALUE,
    });
    const oneToOnes = await t.bot.deps.db.selectFrom('one_to_ones').select('id').execute();
    const first = await t.send.viewSubmission({ user: ME }, asSubmitted(view), state);
    expect(first.text).toBe('');
    const again = await t.send.viewSubmission({ user: ME }, asSubmitted(view), state);
    expect(again.text).toBe('');
    const meetings = await rows('house_meetings');
    expect(meetings).toHaveLength(1);
    const m = meetings[0]!;
    expect(m).toMatchObject({ organiser_id: ME, attendance: 8, host_kind: 'me', campaign_id: campaignId });
    expect((await rows('house_meeting_attendees')).filter((a) => a.house_meeting_id === m.id)).toHaveLength(
      3,
    );
    const followUps = await rows('house_meeting_follow_ups');
    expect(followUps).toHaveLength(2);
    expect(followUps.every((f) => f.due_on === '2026-12-09' && f.next_step_kind === 'meeting')).toBe(true);
    const bob = await t.bot.deps.db
      .selectFrom('people')
      .selectAll()
      .where('name', 'like', 'Bob%')
      .executeTakeFirstOrThrow();
    expect(bob.organiser_id).toBe(ME);
    const linked = await t.bot.deps.db
      .selectFrom('house_meeting_themes')
      .selectAll()
      .where('house_meeting_id', '=', m.id)
      .execute();
    expect(linked).toHaveLength(3);
    const damp = await t.bot.deps.db
      .selectFrom('campaign_themes')
      .selectAll()
      .where('label', 'like', 'Damp%')
      .executeTakeFirstOrThrow();
    expect(damp.added_by).toBe(ME);
    const quotes = await rows('campaign_quotes');
    expect(quotes).toHaveLength(1);
    expect(quotes[0]).toMatchObject({
      source_kind: 'house_meeting',
      source_id: m.id,
      theme_id: housing(),
      said_on: '2026-12-02',
    });
    // Never a one-to-one.
    expect(await t.bot.deps.db.selectFrom('one_to_ones').select('id').execute()).toHaveLength(
      oneToOnes.length,
    );
    expect(
      await houseMeetingCounts(t.bot.deps.db, 'T0001', { from: '2026-11-30', to: '2026-12-06' }),
    ).toEqual({
      meetings: 1,
      attendance: 8,
    });
    expect(
      await houseMeetingCounts(t.bot.deps.db, 'T0001', {
        userId: PEER,
        from: '2026-11-30',
        to: '2026-12-06',
      }),
    ).toEqual({ meetings: 0, attendance: 0 });
    const dm = await t.slack.waitFor(() =>
      t.slack
        .callsOf('chat.postMessage')
        .find((c) => c.args.channel === ME && blockText(c.args.blocks).includes('house meeting')),
    );
    expect(blockText(dm.args.blocks)).toContain('2 would like a one-to-one');
  });

  it('keeps what was written to its author: no other organiser’s view, no channel, no log line', async () => {
    const peerView = await open(PEER);
    expect(JSON.stringify(peerView.view)).not.toContain(MARK);
    for (const call of t.slack.calls) {
      if (call.method === 'chat.postMessage' && call.args.channel === ME) continue;
      expect(JSON.stringify(call.args)).not.toContain(MARK);
    }
    expect(t.logs.join('\n')).not.toContain(MARK);
  });
});
