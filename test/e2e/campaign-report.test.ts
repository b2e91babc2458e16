import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { CAMPAIGN_REPORT_ACTION, FORGET_ACTION } from '../../src/interaction-ids.js';
import { nudgesJob } from '../../src/jobs/nudges.js';
import { deleteQuote } from '../../src/repositories/campaign-quotes.js';
import {
  seedCampaign,
  seedHouseMeeting,
  seedOneToOne,
  seedOrganiser,
  seedPerson,
  seedQuote,
} from '../support/campaign-report-seed.js';
import { parseCsv } from '../support/csv.js';
import { rowCounts } from '../support/db.js';
import { BOT_USER_ID } from '../support/fake-slack.js';
import { blockText, buttons, dmsTo } from '../support/onetoone.js';
import type { Actor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 11's report, progress and evaluation: `/onetoone campaign report` and `export`, Post to
 * channel, the Home tab's campaign lines, the digest's campaign section and the mid-point DM, with
 * the rules that must hold: distinct people, the minimum count, the window, consent, erasure,
 * administrators re-checked on every click, nothing private anywhere, reports read-only, the
 * mid-point DM once. The campaign's rows are written straight to the database (the modals that
 * write them are tested in campaigns.test.ts and house-meetings.test.ts), each text field with a
 * marker.
 */

/** Each organiser's own marker, in everything they wrote: it may reach them, and nobody else. */
const mark = (a: Actor) => `ZQ${a.user}MK`;
const ANY_MARK = /ZQU[A-Z0-9]+MK/;
/** Institutions' names: team-wide (the digest names new ones), but never in a report. */
const INST = 'INSTMK';
const CREATOR: Actor = { user: 'UCRE0001' };
const V1: Actor = { user: 'UVIS0002' };
const V2: Actor = { user: 'UVIS0003' };
const OUTSIDER: Actor = { user: 'UOUT0004' };
const WS_ADMIN: Actor = { user: 'UWSA0005' };
const CHANNEL = 'CCAMP001';
const OTHER_CHANNEL = 'COTHER01';
const NO_BOT = 'CNOBOT01';
const QUOTE_WAGES = 'We work two jobs and still cannot pay the bills.';
const QUOTE_HOUSING = 'The damp is making the children ill.';
const QUOTE_HIDDEN = 'HIDDENQUOTE nobody visits me any more.';

let t: TestApp;
/** Replies to V2's own `/onetoone forget` (their own people's names, rightly). */
const ownReplies = new Set<number>();
/** The digest preview, which names new institutions by design. */
const digestReplies = new Set<number>();
let campaignId = '';
let p3 = '';
let wagesSource = '';
const db = () => t.bot.deps.db;

async function command(actor: Actor, text: string, channel = CHANNEL): Promise<Record<string, any>> {
  const n = t.slack.responses.length;
  const res = await t.send.command(text, actor, { channel });
  expect(res.status).toBe(200);
  return t.slack.waitForResponse(n + 1);
}

async function press(actor: Actor, action: Record<string, any>): Promise<Record<string, any>> {
  const n = t.slack.responses.length;
  const res = await t.send.blockAction(actor, action as never, { channel: CHANNEL });
  expect(res.status).toBe(200);
  return t.slack.waitForResponse(n + 1);
}

function channelPosts(channel?: string) {
  return t.slack
    .callsOf('chat.postMessage')
    .filter((c) => /^[CG]/.test(String(c.args.channel)) && (!channel || c.args.channel === channel));
}

/** The file bytes of an upload (multipart/form-data, one part), as in data-control.test.ts. */
async function uploadedFile(fileId: string): Promise<Buffer> {
  const raw = t.slack.uploads.get(fileId);
  if (!raw) throw new Error(`nothing uploaded for ${fileId}`);
  const boundary = raw.subarray(2, raw.indexOf('\r\n')).toString('latin1');
  const form = await new Response(new Uint8Array(raw), {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }).formData();
  const part = [...form.values()].find((v) => typeof v !== 'string');
  if (!part || typeof part === 'string') throw new Error('no file part in the upload');
  return Buffer.from(await part.arrayBuffer());
}

beforeAll(async () => {
  t = await startTestApp({ now: '2026-03-20T12:00:00Z' });
  for (const a of [CREATOR, V1, V2, OUTSIDER]) t.slack.users.set(a.user, { id: a.user, tz: 'Europe/London' });
  t.slack.users.set(WS_ADMIN.user, { id: WS_ADMIN.user, tz: 'Europe/London', is_admin: true });
  t.slack.channels.set(CHANNEL, {
    id: CHANNEL,
    name: 'listening',
    members: [CREATOR.user, V1.user, V2.user, BOT_USER_ID],
  });
  t.slack.channels.set(OTHER_CHANNEL, {
    id: OTHER_CHANNEL,
    name: 'assembly',
    members: [WS_ADMIN.user, BOT_USER_ID],
  });
  t.slack.channels.set(NO_BOT, { id: NO_BOT, name: 'no-bot', members: [WS_ADMIN.user], botIsMember: false });
  const d = db();
  for (const a of [CREATOR, V1, V2, OUTSIDER, WS_ADMIN]) await seedOrganiser(d, a.user);

  const person = (organiser: Actor, n: string, institution?: string, type?: string) =>
    seedPerson(d, {
      organiser: organiser.user,
      name: `${n} ${mark(organiser)}-name`,
      role: `${mark(organiser)}-role`,
      ...(institution ? { institution: `${institution} ${INST}`, type: type ?? null } : {}),
    });

  // The previous campaign of the channel (closed): Housing first, then Work and wages.
  const previous = await seedCampaign(d, {
    name: 'Autumn listening',
    startsOn: '2025-09-29',
    endsOn: '2025-11-23',
    closedOn: '2025-11-23',
    channelId: CHANNEL,
    createdBy: CREATOR.user,
    members: [CREATOR.user, V1.user],
    themes: ['Housing', 'Work and wages'],
  });
  for (const [i, themes] of [
    ['Housing', 'Work and wages'],
    ['Housing', 'Work and wages'],
    ['Housing', 'Work and wages'],
    ['Housing'],
  ].entries()) {
    await seedOneToOne(d, {
      organiser: V1.user,
      personId: await person(V1, `Old ${i}`),
      metOn: '2025-10-10',
      marker: mark(V1),
      campaignId: previous.id,
      themeIds: themes.map((l) => previous.themes.get(l)!),
    });
  }

  // This campaign: 2 March to 28 April 2026 (half-way: Monday 30 March); minimum count 3.
  const c = await seedCampaign(d, {
    name: 'Spring listening',
    startsOn: '2026-03-02',
    endsOn: '2026-04-28',
    channelId: CHANNEL,
    createdBy: CREATOR.user,
    members: [CREATOR.user, V1.user, V2.user],
    themes: ['Housing', 'Work and wages', 'Health', 'Loneliness', 'Transport'],
  });
  campaignId = c.id;
  const theme = (l: string) => c.themes.get(l)!;
  const p1 = await person(V1, 'Amina', "St Anne's", 'faith');
  const p2 = await person(V1, 'Ben', 'Oak School', 'school');
  p3 = await person(V2, 'Cara', 'Riverside Tenants', 'tenants');
  const p4 = await person(CREATOR, 'Dev');
  const p5 = await person(CREATOR, 'Eve', "St Anne's", 'faith');
  const p9 = await person(V2, 'Fay');
  const tagged = (organiser: Actor, personId: string, metOn: string, themes: string[]) =>
    seedOneToOne(d, {
      organiser: organiser.user,
      personId,
      metOn,
      marker: mark(organiser),
      campaignId,
      themeIds: themes.map(theme),
    });
  await tagged(V1, p1, '2026-03-05', ['Housing', 'Work and wages']);
  await tagged(V1, p2, '2026-03-10', ['Housing', 'Work and wages']);
  await tagged(V1, await person(V1, 'Gus'), '2026-03-11', []);
  const cara = await tagged(V2, p3, '2026-03-09', ['Housing', 'Work and wages', 'Loneliness']);
  const fay = await tagged(V2, p9, '2026-03-12', ['Loneliness']);
  wagesSource = await tagged(CREATOR, p5, '2026-03-06', ['Work and wages']);
  // Before the campaign started: these would lift Loneliness to the minimum count if counted.
  await tagged(V1, await person(V1, 'Hal'), '2026-02-20', ['Loneliness']);
  await tagged(V1, await person(V1, 'Ida'), '2026-03-01', ['Loneliness']);
  // A house meeting of five (one named) heard Health together: five people.
  await seedHouseMeeting(d, {
    organiser: CREATOR.user,
    heldOn: '2026-03-07',
    attendance: 5,
    campaignId,
    attendees: [p4],
    themeIds: [theme('Health')],
    marker: mark(CREATOR),
  });
  const quote = (sourceId: string, organiser: Actor, themeLabel: string, text: string) =>
    seedQuote(d, {
      campaignId,
      themeId: theme(themeLabel),
      sourceKind: 'one_to_one',
      sourceId,
      organiser: organiser.user,
      saidOn: '2026-03-09',
      text,
    });
  await quote(cara, V2, 'Housing', QUOTE_HOUSING);
  await quote(fay, V2, 'Loneliness', QUOTE_HIDDEN);
  await quote(wagesSource, CREATOR, 'Work and wages', QUOTE_WAGES);
});
afterAll(() => t.stop());

describe('the campaign report', () => {
  it('shows a visitor the themes ranked by distinct people, with institutions, movement and quotes', async () => {
    const reply = await command(V1, 'campaign report');
    expect(reply.response_type).toBe('ephemeral');
    const text = blockText(reply.blocks);
    expect(text).toContain('What we heard: Spring listening');
    expect(text).toContain('Preview: only you can see this');
    // Health 5 (a house meeting of five), Work and wages 4, Housing 3; Loneliness (2) is merged.
    expect(text).toMatch(/1\. Health\*: 5 people, 0 institutions · new/);
    expect(text).toMatch(/2\. Work and wages\*: 4 people, 3 institutions \(faith, school, tenants\) · =/);
    expect(text).toMatch(/3\. Housing\*: 3 people, 3 institutions \(faith, school, tenants\) · ↓2/);
    expect(text).toContain('Other themes (1)');
    expect(text).toContain('*6 conversations* (the team');
    expect(text).toContain('target: 30, 3 visitors) and *1 house meeting*');
    expect(text).toContain(QUOTE_WAGES);
    expect(text).toContain(QUOTE_HOUSING);
    expect(text).not.toContain('Loneliness');
    expect(text).not.toContain('HIDDENQUOTE');
    expect(text).not.toContain('Transport');
    // A visitor cannot post.
    expect(buttons(reply.blocks).map((b) => b.action_id)).not.toContain(CAMPAIGN_REPORT_ACTION.post);
    expect(text).not.toContain(CAMPAIGN_REPORT_ACTION.postTo);
  });

  it('finds the campaign by name anywhere, and tells someone outside it nothing', async () => {
    const byName = await command(V1, 'campaign report spring', 'D0001');
    expect(blockText(byName.blocks)).toContain('What we heard: Spring listening');
    const outsider = await command(OUTSIDER, 'campaign report');
    expect(blockText(outsider.blocks)).toContain('take part in or run a campaign yet');
    expect(blockText(outsider.blocks)).not.toContain('Health');
    // A crafted "Report" button with the campaign's id: refused, nothing about it said.
    const crafted = await press(OUTSIDER, { action_id: CAMPAIGN_REPORT_ACTION.open, value: campaignId });
    expect(blockText(crafted.blocks)).toContain('only the campaign’s administrators');
    expect(blockText(crafted.blocks)).not.toContain('Health');
    const unknown = await press(OUTSIDER, {
      action_id: CAMPAIGN_REPORT_ACTION.open,
      value: 'no-such-campaign',
    });
    expect(blockText(unknown.blocks)).not.toContain('Spring');
  });

  it('lets administrators post it with its chart, re-checked on every click', async () => {
    const before = await rowCounts(db());
    const preview = await command(CREATOR, 'campaign report');
    const post = buttons(preview.blocks).find((b) => b.action_id === CAMPAIGN_REPORT_ACTION.post);
    expect(post?.value).toBe(campaignId);

    // A visitor's crafted click, and a workspace member's: refused, nothing posted.
    const postsBefore = channelPosts().length;
    for (const who of [V1, OUTSIDER]) {
      const refused = await press(who, { action_id: CAMPAIGN_REPORT_ACTION.post, value: campaignId });
      expect(blockText(refused.blocks)).toContain('only the campaign’s administrators');
      const crafted = await press(who, {
        action_id: CAMPAIGN_REPORT_ACTION.postTo,
        type: 'conversations_select',
        block_id: `campaign_report_${campaignId}`,
        selected_conversation: OTHER_CHANNEL,
      });
      expect(blockText(crafted.blocks)).toContain('only the campaign’s administrators');
    }
    expect(channelPosts()).toHaveLength(postsBefore);
    expect(t.slack.fileUploads.filter((u) => u.channel && /^C/.test(u.channel))).toHaveLength(0);

    const posted = await press(CREATOR, { action_id: CAMPAIGN_REPORT_ACTION.post, value: campaignId });
    expect(blockText(posted.blocks)).toContain(`Posted the report to <#${CHANNEL}>, with its chart`);
    const [message] = channelPosts(CHANNEL);
    expect(blockText(message!.args.blocks)).toContain('1. Health');
    expect(blockText(message!.args.blocks)).not.toContain('Preview');
    const chart = await t.slack.waitFor(() =>
      t.slack.fileUploads.find((u) => u.channel === CHANNEL && u.completed),
    );
    expect(chart.filename).toBe('campaign-themes.png');
    expect(chart.altText).toContain('1. Health: 5 people');
    expect(chart.altText).toContain('3. Housing: 3 people');
    expect(chart.altText).not.toContain('Loneliness');
    expect((await uploadedFile(chart.fileId)).subarray(1, 4).toString('latin1')).toBe('PNG');

    // A workspace admin who takes no part may post it too, to a channel they choose.
    const other = await press(WS_ADMIN, {
      action_id: CAMPAIGN_REPORT_ACTION.postTo,
      type: 'conversations_select',
      block_id: `campaign_report_${campaignId}`,
      selected_conversation: OTHER_CHANNEL,
    });
    expect(blockText(other.blocks)).toContain(`Posted the report to <#${OTHER_CHANNEL}>`);
    expect(channelPosts(OTHER_CHANNEL)).toHaveLength(1);
    const noBot = await press(WS_ADMIN, {
      action_id: CAMPAIGN_REPORT_ACTION.postTo,
      type: 'conversations_select',
      block_id: `campaign_report_${campaignId}`,
      selected_conversation: NO_BOT,
    });
    expect(blockText(noBot.blocks)).toContain('/invite @onetoone');
    expect(channelPosts(NO_BOT)).toHaveLength(0);
    // Reports are read-only: not a row changed by previews or posts.
    expect(await rowCounts(db())).toEqual(before);
  });

  it('posts the text report alone when the picture cannot be uploaded', async () => {
    t.slack.failNext('files.getUploadURLExternal', { error: 'missing_scope' });
    const n = channelPosts(CHANNEL).length;
    const posted = await press(CREATOR, { action_id: CAMPAIGN_REPORT_ACTION.post, value: campaignId });
    expect(blockText(posted.blocks)).toContain('Posted the report');
    expect(blockText(posted.blocks)).not.toContain('with its chart');
    expect(channelPosts(CHANNEL)).toHaveLength(n + 1);
    expect(t.logs.some((l) => l.includes('missing_scope'))).toBe(true);
  });

  it('exports the report as CSV to the administrator’s DM only, or as text when uploads are refused', async () => {
    const before = await rowCounts(db());
    const refused = await command(V1, 'campaign export');
    expect(blockText(refused.blocks)).toContain('only the campaign’s administrators');
    const uploadsBefore = t.slack.fileUploads.length;
    const reply = await command(CREATOR, 'campaign export spring');
    expect(blockText(reply.blocks)).toContain('is in your DM with me, as CSV files');
    const files = t.slack.fileUploads.slice(uploadsBefore);
    expect(files.map((f) => f.filename)).toEqual([
      'campaign-spring-listening-themes-2026-03-20.csv',
      'campaign-spring-listening-quotes-2026-03-20.csv',
    ]);
    expect(files.every((f) => f.channel === `D${CREATOR.user}` || !/^C/.test(f.channel ?? ''))).toBe(true);
    const themes = parseCsv((await uploadedFile(files[0]!.fileId)).toString('utf8'));
    expect(themes).toEqual([
      ['rank', 'theme', 'people', 'institutions', 'institution_types', 'change_since_previous', 'quotes'],
      ['1', 'Health', '5', '0', '', 'new', '0'],
      ['2', 'Work and wages', '4', '3', 'Faith; School; Tenants', 'same', '1'],
      ['3', 'Housing', '3', '3', 'Faith; School; Tenants', 'down 2', '1'],
      ['', 'other themes (1)', '', '', '', '', ''],
    ]);
    const quotes = parseCsv((await uploadedFile(files[1]!.fileId)).toString('utf8'));
    expect(quotes.slice(1).sort()).toEqual([
      ['Housing', QUOTE_HOUSING],
      ['Work and wages', QUOTE_WAGES],
    ]);

    t.slack.failNext('files.getUploadURLExternal', { error: 'missing_scope' });
    const dmsBefore = dmsTo(t, CREATOR.user).length;
    const text = await command(CREATOR, 'campaign export');
    expect(blockText(text.blocks)).toContain('as CSV text');
    const snippets = dmsTo(t, CREATOR.user).slice(dmsBefore);
    expect(snippets.length).toBeGreaterThanOrEqual(2);
    expect(blockText(snippets[0]!.args.blocks)).toContain('rank,theme,people');
    expect(await rowCounts(db())).toEqual(before);
  });

  it('shows my progress on the Home tab, and the team’s', async () => {
    const publishes = () => t.slack.callsOf('views.publish');
    const n = publishes().length;
    await t.send.event('T0001', {
      type: 'app_home_opened',
      user: V1.user,
      channel: `D${V1.user}`,
      tab: 'home',
    });
    const view = (await t.slack.waitFor(() => publishes()[n])).args.view;
    const text = blockText(view.blocks);
    expect(text).toContain('Listening campaigns');
    expect(text).toContain('Spring listening');
    expect(text).toContain('You: *3 of 10* conversations');
    expect(text).toContain('The team: *6 of 30*');
    expect(text).toContain('40 days left');

    const m = publishes().length;
    await t.send.event('T0001', { type: 'app_home_opened', user: OUTSIDER.user, channel: 'D1', tab: 'home' });
    const theirs = (await t.slack.waitFor(() => publishes()[m])).args.view;
    expect(blockText(theirs.blocks)).not.toContain('Listening campaigns');
  });

  it('adds a campaign section to the channel’s digest, with only the themes above the minimum count', async () => {
    digestReplies.add(t.slack.responses.length);
    const reply = await command(V1, 'digest preview');
    const text = blockText(reply.blocks);
    expect(text).toContain('Listening campaign: Spring listening');
    // Last week (9–15 March): Cara, Ben, Gus, Fay.
    expect(text).toContain('Last week: *4 conversations* and *0 house meetings*');
    expect(text).toContain('In all: *6 of 30* conversations, 1 house meeting');
    expect(text).toContain('1. *Health* (5 people)');
    expect(text).not.toContain('Loneliness');
    expect(text).not.toMatch(ANY_MARK);
  });

  it('sends each visitor one mid-point DM, once, with a button to the summary', async () => {
    const midpointDms = (user: string) =>
      dmsTo(t, user).filter((c) => blockText(c.args.blocks).includes('Half-way through'));
    // Before the half-way date: nothing.
    await nudgesJob.run({ deps: t.bot.deps, now: new Date('2026-03-27T10:00:00Z'), dryRun: false });
    expect(midpointDms(V1.user)).toHaveLength(0);
    // Monday 30 March, 11:00 in London, from two instances at once, then again.
    const now = new Date('2026-03-30T10:00:00Z');
    const other = openDatabase(t.databaseUrl, { poolSize: 2 });
    try {
      await Promise.all([
        nudgesJob.run({ deps: t.bot.deps, now, dryRun: false }),
        nudgesJob.run({ deps: { ...t.bot.deps, db: other }, now, dryRun: false }),
      ]);
      await nudgesJob.run({
        deps: { ...t.bot.deps, db: other },
        now: new Date('2026-03-31T10:00:00Z'),
        dryRun: false,
      });
    } finally {
      await other.destroy();
    }
    for (const v of [CREATOR, V1, V2]) expect(midpointDms(v.user)).toHaveLength(1);
    expect(midpointDms(OUTSIDER.user)).toHaveLength(0);
    const dm = midpointDms(V1.user)[0]!;
    const text = blockText(dm.args.blocks);
    expect(text).toContain('you have held *3 of 10* conversations, and the team *6 of 30*');
    expect(text).not.toMatch(ANY_MARK);
    const summary = buttons(dm.args.blocks).find((b) => b.action_id === 'nudge:campaign_midpoint:summary')!;
    expect(summary).toBeDefined();

    // Someone else pressing it (a crafted payload): no summary opens.
    const opens = t.slack.callsOf('views.open').length;
    const crafted = await t.send.blockAction(OUTSIDER, {
      action_id: summary.action_id,
      value: summary.value!,
    });
    expect(crafted.status).toBe(200);
    await t.slack.waitForResponse(t.slack.responses.length);
    expect(t.slack.callsOf('views.open')).toHaveLength(opens);

    await t.send.blockAction(
      V1,
      { action_id: summary.action_id, value: summary.value! },
      { channel: dm.args.channel },
    );
    const open = await t.slack.waitForCall('views.open', opens + 1);
    const modal = typeof open.args.view === 'string' ? JSON.parse(open.args.view) : open.args.view;
    expect(modal.title.text).toBe('Mid-point summary');
    expect(blockText(modal.blocks)).toContain('1. Health');
    expect(blockText(modal.blocks)).not.toContain('Loneliness');
  });

  it('drops a withdrawn quote and an erased person’s themes and quotes from every later report', async () => {
    await deleteQuote(db(), 'T0001', 'one_to_one', wagesSource, campaignId);
    const withdrawn = blockText((await command(V1, 'campaign report')).blocks);
    expect(withdrawn).not.toContain(QUOTE_WAGES);
    expect(withdrawn).toContain(QUOTE_HOUSING);

    // V2 forgets Cara: her themes (Housing, Work and wages, Loneliness) and her quote go.
    ownReplies.add(t.slack.responses.length);
    const confirm = await command(V2, `forget Cara ${mark(V2)}-name`, 'D0002');
    const yes = buttons(confirm.blocks).find((b) => b.action_id === FORGET_ACTION.confirm)!;
    expect(yes.value).toBe(p3);
    ownReplies.add(t.slack.responses.length);
    await press(V2, { action_id: FORGET_ACTION.confirm, value: p3 });
    const after = blockText((await command(V1, 'campaign report')).blocks);
    expect(after).not.toContain(QUOTE_HOUSING);
    expect(after).toMatch(/2\. Work and wages\*: 3 people, 2 institutions \(faith, school\)/);
    // Housing fell to two people: merged, with Loneliness.
    expect(after).not.toContain('Housing');
    expect(after).toContain('Other themes (2)');
    expect(after).toContain('*5 conversations*');
  });

  it('counts nothing dated after the campaign closed', async () => {
    await db()
      .updateTable('campaigns')
      .set({ closed_at: '2026-03-20T12:00:00.000Z', closed_on: '2026-03-20' })
      .where('id', '=', campaignId)
      .execute();
    const late = await seedPerson(db(), { organiser: V1.user, name: `Late ${mark(V1)}-name` });
    const c = await db()
      .selectFrom('campaign_themes')
      .select(['id', 'label'])
      .where('campaign_id', '=', campaignId)
      .execute();
    await seedOneToOne(db(), {
      organiser: V1.user,
      personId: late,
      metOn: '2026-03-21',
      marker: mark(V1),
      campaignId,
      themeIds: c.filter((x) => x.label === 'Housing').map((x) => x.id),
    });
    const text = blockText((await command(V1, 'campaign report')).blocks);
    expect(text).toContain('*5 conversations*');
    expect(text).toContain('(closed ');
    expect(text).not.toContain('Housing');
  });

  it('never lets a name, role, institution or anything written leave its author', () => {
    const check = (what: string, value: unknown, own?: Actor, institutionsToo = true) => {
      const s = typeof value === 'string' ? value : JSON.stringify(value);
      const marks = (s.match(new RegExp(ANY_MARK.source, 'g')) ?? []).filter((m) => !own || m !== mark(own));
      expect(marks, `${what} carries another organiser's words`).toEqual([]);
      expect(s.includes('HIDDENQUOTE'), `${what} carries a quote of a hidden theme`).toBe(false);
      if (institutionsToo) expect(s.includes(INST), `${what} names an institution`).toBe(false);
    };
    for (const post of channelPosts()) check(`a post to ${post.args.channel}`, post.args);
    for (const u of t.slack.fileUploads) check(`the upload ${u.filename}`, u);
    for (const [id, bytes] of t.slack.uploads) check(`the bytes of ${id}`, bytes.toString('utf8'));
    // Every DM: a person's own words may reach them (their own next steps), nobody else's.
    for (const dm of t.slack.callsOf('chat.postMessage').filter((c) => /^U/.test(String(c.args.channel)))) {
      check(`a DM to ${dm.args.channel}`, dm.args, { user: String(dm.args.channel) });
    }
    // Every reply (previews, exports, notices) but V2's own forget, and every modal.
    t.slack.responses.forEach((r, i) => {
      if (!ownReplies.has(i)) check(`reply ${i}`, r.body, undefined, !digestReplies.has(i));
    });
    for (const v of t.slack.callsOf('views.open')) check('a modal', v.args);
    for (const v of t.slack.callsOf('views.publish'))
      check('a Home tab', v.args, { user: String(v.args.user_id) }, false);
    for (const line of t.logs) check('a log line', line);
  });
});
