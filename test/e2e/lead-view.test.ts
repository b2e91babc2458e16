import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_LOG_SHOWN } from '../../src/domain/lead.js';
import {
  ACTION,
  CALLBACK,
  LEAD_ACTION,
  LEAD_BLOCK,
  LEAD_CALLBACK,
  REFLECT_BLOCK,
} from '../../src/interaction-ids.js';
import { evaluationsJob } from '../../src/jobs/evaluations.js';
import { offerReflectionShare, organiserFigures } from '../../src/services/lead.js';
import { blockKitSchemaErrors, hasBlockKitSchema } from '../support/block-kit-schema.js';
import { seedCampaign } from '../support/campaign-report-seed.js';
import {
  refreshFacts,
  seedHouseMeeting,
  seedIntroduction,
  seedMeeting,
  seedOrganiser,
} from '../support/lead-seed.js';
import {
  asSubmitted,
  blockText,
  buttons,
  dmsTo,
  logNew,
  openedView,
  openModalWith,
  submit,
} from '../support/onetoone.js';
import type { Actor } from '../support/slack-requests.js';
import { stateFor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 12, a lead organiser's view only with the organiser's consent, end to end: real bot,
 * real migrations (SQLite, and PostgreSQL in that pass), fake Slack. The instant is Wednesday
 * 2 December 2026, 12:00 UTC (midday in London, 07:00 in New York). One-to-ones are seeded
 * straight into the database with a marker in every text field (test/support/lead-seed.ts);
 * one path goes through the real log and reflection forms.
 */

const ORG1: Actor = { user: 'ULEADORG1' }; // London, shares with LEAD
const ORG2: Actor = { user: 'ULEADORG2' }; // New York, shares with LEAD later
const ORG3: Actor = { user: 'ULEADORG3' }; // never shares
const LEAD: Actor = { user: 'ULEADLEAD' };
const OTHER: Actor = { user: 'ULEADOTHR' }; // nobody's lead
const BOT = 'ULEADBOT1';
const GONE = 'ULEADGONE';
const M1 = 'QXORGONE';
const M2 = 'QXORGTWO';
const M3 = 'QXORGTHREE';
const POINTS = 'QXPOINTS';
const MARKERS = [M1, M2, M3];

let t: TestApp;
let ids: Record<string, string> = {};

const mention = (a: Actor | string) => `<@${typeof a === 'string' ? a : a.user}|x>`;

/** A slash command's ephemeral answer (the next response_url post). */
async function command(actor: Actor, text: string): Promise<Record<string, any>> {
  const n = t.slack.responses.length;
  const res = await t.send.command(text, actor);
  expect(res.status).toBe(200);
  return t.slack.waitForResponse(n + 1);
}

/** A button press in a DM; resolves with the response_url post it caused, if any. */
async function press(
  actor: Actor,
  action_id: string,
  value: string,
  expectResponse = true,
): Promise<Record<string, any>> {
  const n = t.slack.responses.length;
  const res = await t.send.blockAction(actor, { action_id, value });
  expect(res.status).toBe(200);
  return expectResponse ? t.slack.waitForResponse(n + 1) : {};
}

const text = (r: Record<string, any>) => blockText(r.blocks);

async function shareRow(organiser: Actor, lead: Actor) {
  return t.bot.deps.db
    .selectFrom('lead_shares')
    .selectAll()
    .where('organiser_id', '=', organiser.user)
    .where('lead_id', '=', lead.user)
    .executeTakeFirst();
}

async function accessLog(organiser: Actor) {
  return t.bot.deps.db
    .selectFrom('lead_access_log')
    .selectAll()
    .where('organiser_id', '=', organiser.user)
    .orderBy('at')
    .execute();
}

beforeAll(async () => {
  t = await startTestApp({ now: '2026-12-02T12:00:00Z' });
  for (const [a, tz] of [
    [ORG1, 'Europe/London'],
    [ORG2, 'America/New_York'],
    [ORG3, 'Europe/London'],
    [LEAD, 'Europe/London'],
    [OTHER, 'Europe/London'],
  ] as const) {
    t.slack.users.set(a.user, { id: a.user, tz, real_name: a.user });
  }
  t.slack.users.set(BOT, { id: BOT, is_bot: true });
  t.slack.users.set(GONE, { id: GONE, deleted: true });
  const db = t.bot.deps.db;
  await seedOrganiser(db, ORG1.user, { goal: 4 });
  await seedOrganiser(db, ORG2.user, { goal: 3, timeZone: 'America/New_York' });
  await seedOrganiser(db, ORG3.user);

  const campaign = await seedCampaign(db, {
    name: 'Winter listening',
    startsOn: '2026-11-01',
    endsOn: '2027-01-31',
    createdBy: ORG1.user,
    members: [ORG1.user, ORG2.user],
    themes: ['Housing', 'Health'],
    minCount: 3,
  });
  const housing = { id: campaign.id, themeIds: [campaign.themes.get('Housing')!] };
  const health = { id: campaign.id, themeIds: [campaign.themes.get('Health')!] };

  // ORG1: this week (Mon 30 Nov – Sun 6 Dec) A and B; G before A with the same person (met again
  // this week); C set aside as needing no reflection; D waiting; E outside the 8 weeks; F's
  // introduction step marked done this week.
  const g = await seedMeeting(db, {
    organiser: ORG1.user,
    metOn: '2026-11-23',
    marker: M1,
    reflected: true,
    campaign: housing,
  });
  const a = await seedMeeting(db, {
    organiser: ORG1.user,
    person: { id: g.personId },
    metOn: '2026-11-30',
    marker: M1,
    reflected: true,
    nextStep: { kind: 'meeting', dueOn: '2026-12-04' },
    campaign: housing,
  });
  const b = await seedMeeting(db, {
    organiser: ORG1.user,
    metOn: '2026-12-01',
    marker: M1,
    nextStep: { kind: 'action', dueOn: '2026-11-28' },
    campaign: housing,
  });
  await seedMeeting(db, {
    organiser: ORG1.user,
    metOn: '2026-11-20',
    marker: M1,
    dismissed: true,
    campaign: health,
  });
  await seedMeeting(db, { organiser: ORG1.user, metOn: '2026-11-18', marker: M1, campaign: housing });
  await seedMeeting(db, { organiser: ORG1.user, metOn: '2026-08-01', marker: M1 });
  const f = await seedMeeting(db, {
    organiser: ORG1.user,
    metOn: '2026-11-10',
    marker: M1,
    reflected: true,
    nextStep: { kind: 'introduction', dueOn: '2026-11-15', doneAt: '2026-12-01T10:00:00.000Z' },
  });
  await seedIntroduction(db, {
    organiser: ORG1.user,
    a: g.personId,
    b: b.personId,
    on: '2026-11-25',
    status: 'met',
    marker: M1,
  });
  await seedIntroduction(db, {
    organiser: ORG1.user,
    a: g.personId,
    b: f.personId,
    on: '2026-11-29',
    status: 'agreed',
    marker: M1,
  });
  await seedIntroduction(db, {
    organiser: ORG1.user,
    a: b.personId,
    b: f.personId,
    on: '2026-06-01',
    status: 'met',
    marker: M1,
  });
  await seedHouseMeeting(db, { organiser: ORG1.user, heldOn: '2026-12-01', marker: M1 });
  await seedHouseMeeting(db, { organiser: ORG1.user, heldOn: '2026-11-05', marker: M1 });
  await refreshFacts(db, ORG1.user);

  const o2 = await seedMeeting(db, {
    organiser: ORG2.user,
    metOn: '2026-12-01',
    marker: M2,
    reflected: true,
  });
  await seedMeeting(db, {
    organiser: ORG2.user,
    metOn: '2026-11-26',
    marker: M2,
    nextStep: { kind: 'meeting', dueOn: '2026-11-27' },
  });
  await refreshFacts(db, ORG2.user);
  const o3 = await seedMeeting(db, {
    organiser: ORG3.user,
    metOn: '2026-12-01',
    marker: M3,
    reflected: true,
  });
  await refreshFacts(db, ORG3.user);
  ids = {
    org1Reflected: a.oneToOneId,
    org1ReflectionId: a.reflectionId!,
    org2Reflected: o2.oneToOneId,
    org3Reflected: o3.oneToOneId,
  };
});
afterAll(() => t.stop());

describe('inviting a lead', () => {
  it('refuses a lead who is me, a bot, a member who left, or typed text', async () => {
    expect(text(await command(ORG1, `share with ${mention(ORG1)}`))).toContain('your own lead');
    expect(text(await command(ORG1, `share with ${mention(BOT)}`))).toContain('That is a bot');
    expect(text(await command(ORG1, `share with ${mention(GONE)}`))).toContain('has left');
    expect(text(await command(ORG1, 'share with priya'))).toContain('@-suggestions');
    expect(text(await command(ORG1, 'share schedule someday 25:00'))).toContain('a day and a time');
    const rows = await t.bot.deps.db.selectFrom('lead_shares').selectAll().execute();
    expect(rows).toHaveLength(0);
  });

  it('invites by DM with Accept and Decline; nothing is shared until accepted', async () => {
    const reply = await command(ORG1, `share with ${mention(LEAD)}`);
    expect(text(reply)).toContain('Nothing is shared until they accept');
    const invite = dmsTo(t, LEAD.user).at(-1)!;
    const share = await shareRow(ORG1, LEAD);
    expect(share?.status).toBe('invited');
    expect(buttons(invite.args.blocks).map((b) => [b.action_id, b.value])).toEqual([
      [LEAD_ACTION.accept, share!.id],
      [LEAD_ACTION.decline, share!.id],
    ]);
    // Before accepting, the lead sees nobody, and nothing is logged.
    expect(text(await command(LEAD, 'team'))).toContain('No organiser shares');
    expect(await accessLog(ORG1)).toHaveLength(0);
    // Asking again changes nothing.
    expect(text(await command(ORG1, `share with ${mention(LEAD)}`))).toContain('has your invitation already');
  });

  it('lets only the invited lead answer: someone else’s Accept, or another workspace’s share, reveals nothing', async () => {
    const share = (await shareRow(ORG1, LEAD))!;
    const refusal = await press(OTHER, LEAD_ACTION.accept, share.id);
    expect(text(refusal)).toContain('can’t find');
    expect((await shareRow(ORG1, LEAD))?.status).toBe('invited');
    // A share of another workspace, its id pressed from this one.
    const foreign = randomUUID();
    const now = '2026-12-01T00:00:00.000Z';
    await t.bot.deps.db
      .insertInto('lead_shares')
      .values({
        id: foreign,
        team_id: 'T0002',
        organiser_id: 'UFOREIGN1',
        lead_id: LEAD.user,
        status: 'invited',
        invited_at: now,
        accepted_at: null,
        ended_at: null,
        eval_weekday: null,
        eval_time: null,
        eval_time_zone: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    expect(text(await press(LEAD, LEAD_ACTION.accept, foreign))).toContain('can’t find');
    const row = await t.bot.deps.db
      .selectFrom('lead_shares')
      .select('status')
      .where('id', '=', foreign)
      .executeTakeFirst();
    expect(row?.status).toBe('invited');
  });

  it('accepts; the organiser is told; a second press changes nothing', async () => {
    const share = (await shareRow(ORG1, LEAD))!;
    const before = dmsTo(t, ORG1.user).length;
    const answered = await press(LEAD, LEAD_ACTION.accept, share.id);
    expect(answered.replace_original).toBe(true);
    expect(text(answered)).toContain('lead organiser');
    expect(buttons(answered.blocks)).toHaveLength(0);
    expect((await shareRow(ORG1, LEAD))?.status).toBe('accepted');
    await t.slack.waitFor(() => dmsTo(t, ORG1.user).length > before);
    expect(blockText(dmsTo(t, ORG1.user).at(-1)!.args.blocks)).toContain('accepted');
    const again = await press(LEAD, LEAD_ACTION.decline, share.id);
    expect(text(again)).toContain('answered');
    expect((await shareRow(ORG1, LEAD))?.status).toBe('accepted');
  });
});

describe("the lead's view", () => {
  it('counts ORG1’s week, in their zone, and logs the showing', async () => {
    const reply = await command(LEAD, 'team');
    const s = text(reply);
    expect(s).toContain(`<@${ORG1.user}>`);
    expect(reply.response_type).toBe('ephemeral');
    expect(s).toContain('*2 of 4* this week');
    // The 8 weeks to this one (Mon 12 Oct … Mon 30 Nov): F; C and D; G; A and B. E is older.
    expect(s).toContain('Last 8 weeks: 0 · 0 · 0 · 0 · 1 · 2 · 1 · 2');
    expect(s).toContain('1 due this week');
    expect(s).toContain('*1 still open past due*');
    expect(s).toContain('1 done this week');
    expect(s).toContain('Reflections waiting: 2');
    expect(s).toContain('House meetings: 1 this week (2 in 8 weeks)');
    expect(s).toContain(
      'met once 4 · met again 1 · introduced to others 1 · took part in an action 0 · holds one-to-ones 0 · *2 moved up this week*',
    );
    expect(s).toContain('Introductions (8 weeks): 2 made, 1 met');
    // Housing was heard from 3 people (the campaign's minimum); Health from 1: never shown.
    expect(s).toContain('Housing (3 people)');
    expect(s).not.toContain('Health');
    expect(s).not.toContain(ORG2.user);
    expect(s).not.toContain(ORG3.user);
    const log = await accessLog(ORG1);
    expect(log.map((l) => [l.lead_id, l.what, l.at])).toEqual([
      [LEAD.user, 'team', '2026-12-02T12:00:00.000Z'],
    ]);
    if (hasBlockKitSchema) expect(blockKitSchemaErrors(reply.blocks)).toEqual([]);
  });

  it('shows a lead of two organisers each only after each consents', async () => {
    await command(ORG2, `share with ${mention(LEAD)}`);
    expect(text(await command(LEAD, 'team'))).not.toContain(ORG2.user);
    expect(await accessLog(ORG2)).toHaveLength(0);
    await press(LEAD, LEAD_ACTION.accept, (await shareRow(ORG2, LEAD))!.id);
    const s = text(await command(LEAD, 'team'));
    expect(s).toContain(ORG1.user);
    expect(s).toContain(ORG2.user);
    // New York's week: one this week (1 Dec), against a goal of 3; one step still open.
    const [fig] = await organiserFigures(t.bot.deps, 'T0001', [ORG2.user]);
    expect(fig!.today).toBe('2026-12-02');
    expect([fig!.thisWeek, fig!.goal, fig!.nextSteps.stillOpen]).toEqual([1, 3, 1]);
    expect((await accessLog(ORG2)).map((l) => l.what)).toEqual(['team']);
    expect(s).not.toContain(ORG3.user);
  });

  it('puts one row per organiser on the lead’s Home tab, logged as seen there', async () => {
    const before = t.slack.callsOf('views.publish').length;
    await t.send.event('T0001', { type: 'app_home_opened', user: LEAD.user, channel: 'D1', tab: 'home' });
    const call = await t.slack.waitForCall('views.publish', before + 1);
    const view = typeof call.args.view === 'string' ? JSON.parse(call.args.view) : call.args.view;
    const s = blockText(view.blocks);
    expect(s).toContain('Your organisers (as their lead)');
    expect(s).toContain(`<@${ORG1.user}> *2/4*`);
    expect(s).toContain(`<@${ORG2.user}> *1/3*`);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    await t.slack.waitFor(async () => (await accessLog(ORG1)).some((l) => l.what === 'home') || undefined);
    expect((await accessLog(ORG1)).some((l) => l.what === 'home')).toBe(true);
    // An organiser who is nobody's lead gets no such section.
    const n = t.slack.callsOf('views.publish').length;
    await t.send.event('T0001', { type: 'app_home_opened', user: ORG3.user, channel: 'D3', tab: 'home' });
    const mine = await t.slack.waitForCall('views.publish', n + 1);
    expect(JSON.stringify(mine.args.view)).not.toContain('as their lead');
  });

  it('shows the organiser whom they share with, since when, and every time the lead looked', async () => {
    const s = text(await command(ORG1, 'shared'));
    expect(s).toContain(`*<@${LEAD.user}>* sees your counts since`);
    expect(s).toContain('saw your figures (`/onetoone team`)');
    expect(s).toContain('saw your figures (their Home tab)');
    expect(s).toContain('share stop');
  });

  it('refuses crafted requests for figures the asker may not see', async () => {
    const logged = (await accessLog(ORG1)).length;
    // The lead asking for an organiser who never shared; someone who is no lead asking for ORG1's.
    expect(text(await press(LEAD, LEAD_ACTION.readShared, ORG3.user))).toContain('can’t find');
    expect(text(await press(OTHER, LEAD_ACTION.readShared, ORG1.user))).toContain('can’t find');
    expect(text(await command(OTHER, 'team'))).toContain('No organiser shares');
    // Nobody's Add my points but the organiser's.
    const share = (await shareRow(ORG1, LEAD))!;
    expect(text(await press(LEAD, LEAD_ACTION.addPoints, `${share.id}|2026-12-04`))).toContain('can’t find');
    expect(text(await press(LEAD, LEAD_ACTION.addPoints, 'x'.repeat(500)))).toContain('couldn’t read');
    expect(
      t.slack.callsOf('views.open').some((c) => String(c.args.view).includes(LEAD_CALLBACK.shared)),
    ).toBe(false);
    // Nothing was shown, so nothing is logged: not for ORG3, not for ORG1.
    expect(await accessLog(ORG3)).toHaveLength(0);
    expect(await accessLog(ORG1)).toHaveLength(logged);
  });
});

describe('one reflection, shared on purpose', () => {
  it('shares only my own reflection, once I press the button; the lead reads it, read-only, logged', async () => {
    // Another organiser's one-to-one id: refused, nothing shared.
    expect(text(await press(ORG1, LEAD_ACTION.shareReflection, ids.org3Reflected!))).toContain('can’t find');
    const shared = await press(ORG1, LEAD_ACTION.shareReflection, ids.org1Reflected!);
    expect(text(shared)).toContain(`Shared this reflection with <@${LEAD.user}>`);
    const team = await command(LEAD, 'team');
    const read = buttons(team.blocks).find((b) => b.action_id === LEAD_ACTION.readShared);
    expect(read?.value).toBe(ORG1.user);
    const opens = t.slack.callsOf('views.open').length;
    await press(LEAD, LEAD_ACTION.readShared, ORG1.user, false);
    const modal = await openedView(t, opens + 1);
    const s = blockText(modal.view.blocks);
    expect(s).toContain(`${M1}-motivations`);
    expect(s).toContain(`${M1}-differently`);
    // Only the reflection: not the one-to-one's notes, not the person, not the institution.
    for (const field of ['needs', 'stories', 'values', 'note', 'role', 'setting', 'person', 'Institution']) {
      expect(s).not.toContain(`${M1}-${field}`);
      expect(s).not.toContain(`${M1} ${field}`);
    }
    expect(modal.view.submit).toBeUndefined();
    expect((await accessLog(ORG1)).some((l) => l.what === 'reflection')).toBe(true);
  });

  it('stops sharing it at once from /onetoone shared', async () => {
    const list = await command(ORG1, 'shared');
    const stop = buttons(list.blocks).find((b) => b.action_id === LEAD_ACTION.unshareReflection);
    expect(stop?.value).toBe(ids.org1ReflectionId);
    expect(text(await press(ORG1, LEAD_ACTION.unshareReflection, stop!.value!))).toContain('Stopped sharing');
    expect(text(await press(LEAD, LEAD_ACTION.readShared, ORG1.user))).toContain('can’t find');
    expect(
      buttons((await command(LEAD, 'team')).blocks).some((b) => b.action_id === LEAD_ACTION.readShared),
    ).toBe(false);
  });

  it('shares it, and stops, from the reflection modal where it is read again; only my own', async () => {
    const id = ids.org1Reflected!;
    const sharedRows = () =>
      t.bot.deps.db.selectFrom('lead_shared_reflections').select(['lead_id', 'reflection_id']).execute();
    expect(await sharedRows()).toEqual([]);
    const opens = t.slack.callsOf('views.open').length;
    await press(ORG1, ACTION.reflectNow, id, false);
    const modal = await openedView(t, opens + 1);
    expect(modal.view.callback_id).toBe(CALLBACK.reflectionModal);
    expect(blockText(modal.view.blocks)).toContain('Only you can read this reflection');
    const share = buttons(modal.view.blocks).find((b) => b.action_id === LEAD_ACTION.shareInModal);
    expect(share?.value).toBe(id);
    const inputs = (v: Record<string, any>) =>
      v.blocks.filter((b: any) => b.type === 'input').map((b: any) => b.block_id);

    const pressInModal = async (actor: Actor, actionId: string, value: string) => {
      const updates = t.slack.callsOf('views.update').length;
      const current = t.slack.views.get(modal.id)!;
      const res = await t.send.blockAction(
        actor,
        { action_id: actionId, value },
        { view: asSubmitted(current) },
      );
      expect(res.status).toBe(200);
      const call = await t.slack.waitForCall('views.update', updates + 1);
      expect(call.args.view_id).toBe(modal.id);
      return typeof call.args.view === 'string' ? JSON.parse(call.args.view) : call.args.view;
    };
    const shared = await pressInModal(ORG1, LEAD_ACTION.shareInModal, id);
    expect(shared.callback_id).toBe(CALLBACK.reflectionModal);
    expect(shared.private_metadata).toBe(modal.view.private_metadata);
    // The same input blocks, so what the organiser typed stays in them.
    expect(inputs(shared)).toEqual(inputs(modal.view));
    expect(blockText(shared.blocks)).toContain(`Shared with <@${LEAD.user}>`);
    expect(buttons(shared.blocks).map((b) => [b.action_id, b.value])).toEqual([
      [LEAD_ACTION.unshareInModal, id],
    ]);
    expect(await sharedRows()).toEqual([{ lead_id: LEAD.user, reflection_id: ids.org1ReflectionId }]);
    // The lead reads it now.
    const leadOpens = t.slack.callsOf('views.open').length;
    await press(LEAD, LEAD_ACTION.readShared, ORG1.user, false);
    expect(blockText((await openedView(t, leadOpens + 1)).view.blocks)).toContain(`${M1}-motivations`);

    // Crafted: ORG1 sharing ORG3's one-to-one; the lead stopping (or sharing) ORG1's. Refused by
    // DM (a modal has no message to answer under), nothing changes, no modal is redrawn.
    const updates = t.slack.callsOf('views.update').length;
    for (const [actor, actionId, value] of [
      [ORG1, LEAD_ACTION.shareInModal, ids.org3Reflected!],
      [LEAD, LEAD_ACTION.unshareInModal, id],
      [LEAD, LEAD_ACTION.shareInModal, id],
    ] as const) {
      const dms = dmsTo(t, actor.user).length;
      await t.send.blockAction(actor, { action_id: actionId, value }, { view: asSubmitted(modal) });
      const notice = await t.slack.waitFor(() => dmsTo(t, actor.user)[dms]);
      expect(blockText(notice.args.blocks)).toContain('can’t find');
      expect(blockText(notice.args.blocks)).not.toContain(M1);
      expect(blockText(notice.args.blocks)).not.toContain(M3);
    }
    expect(t.slack.callsOf('views.update').length).toBe(updates);
    expect(await sharedRows()).toEqual([{ lead_id: LEAD.user, reflection_id: ids.org1ReflectionId }]);

    // Saved again while shared, no DM offers to share it (it would say only I can read it). The
    // use case the reflection listener calls after each save, called here so the test need not
    // race the listener's work after its ack.
    const me = { teamId: 'T0001', userId: ORG1.user };
    const dmsBefore = dmsTo(t, ORG1.user).length;
    expect(await offerReflectionShare(t.bot.deps, me, id)).toBe(false);
    expect(dmsTo(t, ORG1.user).length).toBe(dmsBefore);

    const stopped = await pressInModal(ORG1, LEAD_ACTION.unshareInModal, id);
    expect(blockText(stopped.blocks)).toContain('Only you can read this reflection');
    expect(inputs(stopped)).toEqual(inputs(modal.view));
    expect(await sharedRows()).toEqual([]);
    // No longer shared: saving it again brings the offer.
    expect(await offerReflectionShare(t.bot.deps, me, id)).toBe(true);
    const offer = dmsTo(t, ORG1.user).at(-1)!;
    expect(buttons(offer.args.blocks).map((b) => [b.action_id, b.value])).toEqual([
      [LEAD_ACTION.shareReflection, id],
    ]);
    expect(text(await press(LEAD, LEAD_ACTION.readShared, ORG1.user))).toContain('can’t find');
    // Someone with no lead reopening their reflection is offered nothing.
    const o3 = t.slack.callsOf('views.open').length;
    await press(ORG3, ACTION.reflectNow, ids.org3Reflected!, false);
    const theirs = await openedView(t, o3 + 1);
    expect(buttons(theirs.view.blocks).some((b) => b.action_id.startsWith('lead_'))).toBe(false);
  });

  it('offers the button after a reflection saved through the real forms (log, then reflect)', async () => {
    const id = await logNew(t, ORG1, `${M1} Formed Person`);
    const before = dmsTo(t, ORG1.user).length;
    const view = await openModalWith(t, ORG1, 'reflect');
    const res = await submit(t, ORG1, view, {
      [REFLECT_BLOCK.contribution]: `${M1}-formed-contribution`,
      [REFLECT_BLOCK.differently]: `${M1}-formed-differently`,
    });
    expect(res.status).toBe(200);
    const offer = await t.slack.waitFor(() =>
      dmsTo(t, ORG1.user)
        .slice(before)
        .find((c) => buttons(c.args.blocks).some((b) => b.action_id === LEAD_ACTION.shareReflection)),
    );
    expect(buttons(offer.args.blocks).find((b) => b.action_id === LEAD_ACTION.shareReflection)?.value).toBe(
      id,
    );
    // Nobody is offered anything who has no lead.
    expect(
      dmsTo(t, ORG3.user).some((c) => blockText(c.args.blocks).includes(LEAD_ACTION.shareReflection)),
    ).toBe(false);
  });
});

describe('the weekly evaluation', () => {
  it('is set by the organiser, in their zone; the lead is told', async () => {
    const before = dmsTo(t, LEAD.user).length;
    const s = text(await command(ORG1, 'share schedule friday 10:00'));
    expect(s).toContain('Fridays at 10:00 (Europe/London)');
    expect(s).toContain('Fri 4 Dec');
    await t.slack.waitFor(() => dmsTo(t, LEAD.user).length > before);
    expect(blockText(dmsTo(t, LEAD.user).at(-1)!.args.blocks)).toContain('Fridays at 10:00');
    expect(text(await command(ORG3, 'share schedule friday 10:00'))).toContain('no lead organiser yet');
  });

  it('sends both agendas an hour before, once, whatever the instances', async () => {
    const run = (now: string, dryRun = false) =>
      evaluationsJob.run({ deps: t.bot.deps, now: new Date(now), dryRun });
    const dms = () =>
      t.slack.callsOf('chat.postMessage').filter((c) => /evaluation/i.test(String(c.args.text))).length;
    const start = dms();
    expect((await run('2026-12-04T08:59:00Z')).counts.notDue).toBe(1);
    const preview = await run('2026-12-04T09:05:00Z', true);
    expect(preview.messages).toHaveLength(2);
    expect(dms()).toBe(start);
    // Two instances at the same tick: each agenda DM claimed once.
    const [x, y] = await Promise.all([run('2026-12-04T09:05:00Z'), run('2026-12-04T09:05:00Z')]);
    expect((x.counts.sent ?? 0) + (y.counts.sent ?? 0)).toBe(2);
    expect(dms()).toBe(start + 2);
    expect((await run('2026-12-04T09:30:00Z')).counts.alreadySent).toBe(2);
    expect((await run('2026-12-04T10:01:00Z')).counts.notDue).toBe(1);
    expect(dms()).toBe(start + 2);
    const lead = dmsTo(t, LEAD.user).at(-1)!;
    const s = blockText(lead.args.blocks);
    // Three by now: the one logged through the real form counts too.
    expect(s).toContain('*The week against the goal*: 3 of 4');
    expect(s).toContain('*Next steps still open past due*: 1');
    expect(s).toContain('*One-to-ones not yet reflected on*:');
    expect(s).toContain(
      '*Moving up the ladder this week*: 1 met again, 1 introduced to others, 0 in an action',
    );
    expect(s).toContain('Housing (3)');
    expect(buttons(lead.args.blocks)).toHaveLength(0);
    expect((await accessLog(ORG1)).some((l) => l.what === 'agenda')).toBe(true);
    const mine = dmsTo(t, ORG1.user).findLast((c) => /evaluation/i.test(String(c.args.text)))!;
    expect(buttons(mine.args.blocks).map((b) => b.action_id)).toEqual([LEAD_ACTION.addPoints]);
  });

  it('lets the organiser add their own points, shown to the lead; too long is refused on the field', async () => {
    const mine = dmsTo(t, ORG1.user).findLast((c) => /evaluation/i.test(String(c.args.text)))!;
    const value = buttons(mine.args.blocks)[0]!.value!;
    const opens = t.slack.callsOf('views.open').length;
    await press(ORG1, LEAD_ACTION.addPoints, value, false);
    const modal = await openedView(t, opens + 1);
    expect(modal.view.callback_id).toBe(LEAD_CALLBACK.points);
    const long = await t.send.viewSubmission(
      ORG1,
      asSubmitted(modal),
      stateFor(modal.view, { [LEAD_BLOCK.points]: 'x'.repeat(3001) }),
    );
    expect(long.json().response_action).toBe('errors');
    expect(Object.keys(long.json().errors)).toEqual([LEAD_BLOCK.points]);
    // The lead submitting the organiser's modal (a crafted submission) is refused.
    const crafted = await t.send.viewSubmission(
      LEAD,
      asSubmitted(modal),
      stateFor(modal.view, { [LEAD_BLOCK.points]: 'mine now' }),
    );
    expect(crafted.json().response_action).toBe('errors');
    const updates = t.slack.callsOf('chat.update').length;
    const ok = await t.send.viewSubmission(
      ORG1,
      asSubmitted(modal),
      stateFor(modal.view, { [LEAD_BLOCK.points]: `${POINTS}: I want to talk about my overdue steps` }),
    );
    expect(ok.text).toBe('');
    const update = await t.slack.waitForCall('chat.update', updates + 1);
    expect(blockText(update.args.blocks)).toContain(POINTS);
    expect(blockText(update.args.blocks)).toContain(`<@${ORG1.user}>’s points`);
    expect(t.logs.join('\n')).not.toContain(POINTS);
  });
});

describe('the access log', () => {
  it('logs every showing of ORG1’s figures, and /onetoone shared lists each: who, when, what', async () => {
    // A Home tab refresh from an earlier press may still be landing (each logs a 'home' showing):
    // take the count once the log has settled, so the one look below is the only change.
    let log = await accessLog(ORG1);
    for (let settled = false; !settled; ) {
      await new Promise((r) => setTimeout(r, 300));
      const again = await accessLog(ORG1);
      settled = again.length === log.length;
      log = again;
    }
    expect(new Set(log.map((l) => l.what))).toEqual(new Set(['team', 'home', 'reflection', 'agenda']));
    expect(log.every((l) => l.lead_id === LEAD.user && l.team_id === 'T0001')).toBe(true);
    // One more look: one more entry, at that instant.
    await command(LEAD, 'team');
    const after = await accessLog(ORG1);
    expect(after).toHaveLength(log.length + 1);
    expect(after.filter((l) => l.what === 'team').length).toBe(
      log.filter((l) => l.what === 'team').length + 1,
    );
    expect(after.length).toBeLessThanOrEqual(ACCESS_LOG_SHOWN);
    const s = text(await command(ORG1, 'shared'));
    expect(s.split(`: <@${LEAD.user}> saw `)).toHaveLength(after.length + 1);
    for (const what of [
      'your figures (`/onetoone team`)',
      'your figures (their Home tab)',
      'your evaluation agenda',
      'a reflection you shared',
    ]) {
      expect(s).toContain(`12:00: <@${LEAD.user}> saw ${what}`);
    }
    // The agenda sent by the job on Friday at 09:05 UTC, 09:05 in London.
    expect(s).toContain(`09:05: <@${LEAD.user}> saw your evaluation agenda`);
    // Other organisers' logs are theirs: ORG3 never shared, and sees nobody looked.
    expect(text(await command(ORG3, 'shared'))).toContain('Nobody has looked at your figures yet');
  });
});

describe('stopping', () => {
  it('takes effect at once; the lead is told kindly', async () => {
    await press(ORG1, LEAD_ACTION.shareReflection, ids.org1Reflected!);
    // The lead cannot stop (or learn anything from) an organiser's share: it is not theirs.
    expect(text(await press(LEAD, LEAD_ACTION.unshareReflection, ids.org1ReflectionId!))).toContain(
      'isn’t shared',
    );
    expect(await t.bot.deps.db.selectFrom('lead_shared_reflections').selectAll().execute()).toHaveLength(1);
    const before = dmsTo(t, LEAD.user).length;
    expect(text(await command(ORG1, `share stop ${mention(LEAD)}`))).toContain('no longer sees');
    await t.slack.waitFor(() => dmsTo(t, LEAD.user).length > before);
    const told = blockText(dmsTo(t, LEAD.user).at(-1)!.args.blocks);
    expect(told).toContain(`<@${ORG1.user}> has stopped sharing their figures with you`);
    expect(told).toContain('Thank you for walking with them; they can invite you again whenever they like.');
    expect(dmsTo(t, LEAD.user).length).toBe(before + 1);
    const s = text(await command(LEAD, 'team'));
    expect(s).not.toContain(ORG1.user);
    expect(s).toContain(ORG2.user);
    expect(text(await press(LEAD, LEAD_ACTION.readShared, ORG1.user))).toContain('can’t find');
    const sharedRows = await t.bot.deps.db.selectFrom('lead_shared_reflections').selectAll().execute();
    expect(sharedRows).toHaveLength(0);
    // No agenda for a stopped pair.
    expect(
      (await evaluationsJob.run({ deps: t.bot.deps, now: new Date('2026-12-11T09:05:00Z'), dryRun: true }))
        .messages,
    ).toHaveLength(0);
    expect(text(await command(ORG1, `share stop ${mention(LEAD)}`))).toContain('don’t share');
  });

  it('tells a lead kindly when an invitation they never answered is withdrawn', async () => {
    await command(ORG3, `share with ${mention(OTHER)}`);
    const before = dmsTo(t, OTHER.user).length;
    expect(text(await command(ORG3, `share stop ${mention(OTHER)}`))).toContain('no longer sees');
    await t.slack.waitFor(() => dmsTo(t, OTHER.user).length > before);
    expect(blockText(dmsTo(t, OTHER.user).at(-1)!.args.blocks)).toContain(
      `<@${ORG3.user}> withdrew their invitation to be their lead. Nothing was shared.`,
    );
    // The old invitation's Accept now changes nothing.
    const share = (await shareRow(ORG3, OTHER))!;
    expect(share.status).toBe('stopped');
    expect(text(await press(OTHER, LEAD_ACTION.accept, share.id))).toContain('answered, or withdrawn');
    expect(text(await command(OTHER, 'team'))).toContain('No organiser shares');
  });
});

describe('privacy', () => {
  it('lets no text anyone wrote reach the lead, a DM, or a log line, but the shared reflection and the points', async () => {
    const toLead = [
      ...t.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === LEAD.user),
      ...t.slack.calls.filter((c) => c.method === 'chat.update'),
      ...t.slack.calls.filter((c) => c.method === 'views.publish' && c.args.user_id === LEAD.user),
    ].map((c) => JSON.stringify(c.args));
    const responses = t.slack.responses.map((r) => JSON.stringify(r.body));
    const allowed = [`${M1}-motivations`, `${M1}-contribution`, `${M1}-differently`];
    const strip = (s: string) => allowed.reduce((acc, a) => acc.split(a).join(''), s);
    for (const m of MARKERS) {
      for (const s of toLead) expect(strip(s)).not.toContain(m);
      // The organisers' own answers may echo their own words (e.g. /onetoone list); none here do.
      for (const s of responses) expect(strip(s)).not.toContain(m);
      expect(t.logs.join('\n')).not.toContain(m);
    }
    // The only marker any lead-facing surface carried: the one reflection shared, in its modal.
    const modals = t.slack
      .callsOf('views.open')
      .map((c) => String(c.args.view))
      .filter((v) => v.includes(LEAD_CALLBACK.shared));
    for (const v of modals) {
      expect(strip(v)).not.toContain(M1);
      expect(v).not.toContain(M2);
      expect(v).not.toContain(M3);
    }
    // Channels get nothing of this.
    expect(
      t.slack.callsOf('chat.postMessage').filter((c) => String(c.args.channel).startsWith('C')),
    ).toHaveLength(0);
  });
});
