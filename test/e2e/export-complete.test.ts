import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileKindOf, headerKey } from '../../src/domain/import-plan.js';
import {
  CAMPAIGN_BLOCK,
  CAMPAIGN_CONSENT_VALUE,
  CAMPAIGN_FIELD_BLOCK,
  FORGET_ACTION,
  HOUSE_MEETING_BLOCK,
  LOG_BLOCK,
} from '../../src/interaction-ids.js';
import {
  CAMPAIGN_NOTES_HEADER,
  HOUSE_MEETING_HEADER,
  HOUSE_MEETING_PEOPLE_HEADER,
  ONE_TO_ONE_HEADER,
  PEOPLE_HEADER,
} from '../../src/views/export-csv.js';
import { parseCsv } from '../support/csv.js';
import {
  asSubmitted,
  logNew,
  openModalWith,
  submit,
  submitStepOne,
  submitStepTwo,
} from '../support/onetoone.js';
import { stateFor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * `/onetoone export` is everything I wrote, listening campaigns included (issue 11): my house
 * meetings (date, host as I chose them, place, how many took part, who I named, the campaign,
 * the themes, the consented quote, who would like a one-to-one and their follow-up) and, for my
 * one-to-ones, the themes I heard and the consented quote. Never another organiser's house
 * meeting; nothing of a person I asked the bot to forget; formula-looking text kept as text.
 */

const ME = 'UEXCME01';
const PEER = 'UEXCPR02';
const CHANNEL = 'CEXCTEAM';
const MARK = 'QXEXPORTMARK';
const PEER_MARK = 'QXPEERONLY';
const FERN_MARK = 'QXFERNGONE';

let t: TestApp;
let campaignId: string;

const db = () => t.bot.deps.db;
const q = (prefix: string) => prefix + campaignId;

async function theme(label: string): Promise<string> {
  return (
    await db()
      .selectFrom('campaign_themes')
      .select('id')
      .where('campaign_id', '=', campaignId)
      .where('label', '=', label)
      .executeTakeFirstOrThrow()
  ).id;
}

async function personIdOf(organiser: string, name: string): Promise<string> {
  return (
    await db()
      .selectFrom('people')
      .select('id')
      .where('organiser_id', '=', organiser)
      .where('name', '=', name)
      .executeTakeFirstOrThrow()
  ).id;
}

beforeAll(async () => {
  t = await startTestApp({ now: '2026-12-02T12:00:00Z' });
  for (const id of [ME, PEER, 'UEXCNEW3']) t.slack.users.set(id, { id, tz: 'Europe/London', real_name: id });
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
  campaignId = (await db().selectFrom('campaigns').select('id').executeTakeFirstOrThrow()).id;
});
afterAll(() => t?.stop());

/** A one-to-one through both steps of the log form, with the campaign fields in step two. */
async function logWithCampaign(
  user: string,
  name: string,
  learned: Record<string, string | string[] | null>,
): Promise<string> {
  const record = await openModalWith(t, { user });
  const { res } = await submitStepOne(t, { user }, record, {
    [LOG_BLOCK.newName]: name,
    [LOG_BLOCK.metOn]: '2026-12-02',
  });
  const body = res.json();
  expect(body?.response_action).toBe('update');
  const saved = await submitStepTwo(t, { user }, record.id, body.view, learned);
  expect(saved.text).toBe('');
  return (
    await db()
      .selectFrom('one_to_ones')
      .select('id')
      .where('source_view_id', '=', record.id)
      .executeTakeFirstOrThrow()
  ).id;
}

async function logHouseMeeting(
  user: string,
  inputs: Record<string, string | string[] | null>,
): Promise<void> {
  const view = await openModalWith(t, { user }, 'house-meeting');
  const res = await t.send.viewSubmission({ user }, asSubmitted(view), stateFor(view.view, inputs));
  expect(res.text).toBe('');
}

interface Export {
  comment: string;
  channel: string;
  /** title → the file's text */
  files: Map<string, string>;
  /** title → filename */
  names: Map<string, string>;
}

async function exportOf(user: string): Promise<Export> {
  const completes = t.slack.callsOf('files.completeUploadExternal').length;
  const res = await t.send.command('export', { user });
  expect(res.status).toBe(200);
  const complete = await t.slack.waitForCall('files.completeUploadExternal', completes + 1);
  const listed = (
    typeof complete.args.files === 'string' ? JSON.parse(complete.args.files) : complete.args.files
  ) as { id: string; title: string }[];
  const files = new Map<string, string>();
  const names = new Map<string, string>();
  for (const f of listed) {
    const upload = await t.slack.waitFor(() => t.slack.fileUploads.find((u) => u.fileId === f.id && u.bytes));
    files.set(f.title, upload.bytes!.toString('utf8'));
    names.set(f.title, upload.filename);
  }
  return {
    comment: String(complete.args.initial_comment),
    channel: String(complete.args.channel_id),
    files,
    names,
  };
}

/** A file's rows as objects by header, after checking the header is `header`. */
function table(e: Export, title: string, header: readonly string[]): Record<string, string>[] {
  const text = e.files.get(title);
  if (text === undefined) throw new Error(`no file ${title}`);
  const [head, ...rows] = parseCsv(text);
  expect(head).toEqual(header);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const sorted = (cell: string) => cell.split('; ').sort();

describe('export, complete', () => {
  let oneToOneId: string;

  it('sets up: my house meetings and one-to-ones with campaign themes and quotes, and a peer’s', async () => {
    await logNew(t, { user: ME }, 'Host Hana', { [LOG_BLOCK.metOn]: '2026-11-20' });
    await logNew(t, { user: ME }, 'Known Neighbour', { [LOG_BLOCK.metOn]: '2026-11-21' });
    await logNew(t, { user: ME }, `Fern ${FERN_MARK}`, { [LOG_BLOCK.metOn]: '2026-11-22' });
    const hana = await personIdOf(ME, 'Host Hana');
    const known = await personIdOf(ME, 'Known Neighbour');
    const fern = await personIdOf(ME, `Fern ${FERN_MARK}`);

    // A house meeting of the campaign, hosted by one of my people.
    await logHouseMeeting(ME, {
      [HOUSE_MEETING_BLOCK.heldOn]: '2026-12-02',
      [HOUSE_MEETING_BLOCK.host]: 'person',
      [HOUSE_MEETING_BLOCK.hostPerson]: hana,
      [HOUSE_MEETING_BLOCK.place]: `=SUM(1,2) hall ${MARK}`,
      [HOUSE_MEETING_BLOCK.attendance]: '9',
      [HOUSE_MEETING_BLOCK.attendees]: [known, fern],
      [HOUSE_MEETING_BLOCK.newAttendees]: 'Ann Able, St Mark’s',
      [HOUSE_MEETING_BLOCK.wantsOneToOne]: [fern],
      [HOUSE_MEETING_BLOCK.newWantsOneToOne]: 'Bob Baker, Tenants Union',
      [CAMPAIGN_FIELD_BLOCK.themes]: [await theme('Housing'), await theme('Health')],
      [q(CAMPAIGN_FIELD_BLOCK.quotePrefix)]: `+We cannot heat the flat, "ever" ${MARK}`,
      [q(CAMPAIGN_FIELD_BLOCK.quoteThemePrefix)]: await theme('Housing'),
      [q(CAMPAIGN_FIELD_BLOCK.consentPrefix)]: CAMPAIGN_CONSENT_VALUE,
    });
    // Hosted by a Slack member, no campaign fields; and one hosted by Fern, who will be forgotten.
    await logHouseMeeting(ME, {
      [HOUSE_MEETING_BLOCK.heldOn]: '2026-11-28',
      [HOUSE_MEETING_BLOCK.campaign]: null,
      [HOUSE_MEETING_BLOCK.host]: 'member',
      [HOUSE_MEETING_BLOCK.hostUser]: PEER,
      [HOUSE_MEETING_BLOCK.attendance]: '3',
    });
    await logHouseMeeting(ME, {
      [HOUSE_MEETING_BLOCK.heldOn]: '2026-11-29',
      [HOUSE_MEETING_BLOCK.campaign]: null,
      [HOUSE_MEETING_BLOCK.host]: 'person',
      [HOUSE_MEETING_BLOCK.hostPerson]: fern,
      [HOUSE_MEETING_BLOCK.attendance]: '4',
    });

    // My one-to-ones with themes and a consented quote (one with Fern).
    oneToOneId = await logWithCampaign(ME, 'Olu Ade', {
      [LOG_BLOCK.stories]: `A story ${MARK}`,
      [CAMPAIGN_FIELD_BLOCK.themes]: [await theme('Housing'), await theme('Transport')],
      [q(CAMPAIGN_FIELD_BLOCK.otherPrefix)]: 'Damp walls',
      [q(CAMPAIGN_FIELD_BLOCK.quotePrefix)]: `=HYPERLINK("http://evil.example","x") ${MARK}`,
      [q(CAMPAIGN_FIELD_BLOCK.quoteThemePrefix)]: await theme('Housing'),
      [q(CAMPAIGN_FIELD_BLOCK.consentPrefix)]: CAMPAIGN_CONSENT_VALUE,
    });
    await logWithCampaign(ME, `Fern Second ${FERN_MARK}`, {
      [CAMPAIGN_FIELD_BLOCK.themes]: [await theme('Safety')],
      [q(CAMPAIGN_FIELD_BLOCK.quotePrefix)]: `Nobody walks here at night ${FERN_MARK}`,
      [q(CAMPAIGN_FIELD_BLOCK.consentPrefix)]: CAMPAIGN_CONSENT_VALUE,
    });

    // The peer's own house meeting and one-to-one, which are theirs alone.
    await logHouseMeeting(PEER, {
      [HOUSE_MEETING_BLOCK.heldOn]: '2026-12-02',
      [HOUSE_MEETING_BLOCK.place]: `Peer kitchen ${PEER_MARK}`,
      [HOUSE_MEETING_BLOCK.attendance]: '5',
      [HOUSE_MEETING_BLOCK.newAttendees]: `Pia ${PEER_MARK}, Peer School`,
      [HOUSE_MEETING_BLOCK.newWantsOneToOne]: `Pat ${PEER_MARK}`,
      [CAMPAIGN_FIELD_BLOCK.themes]: [await theme('Housing')],
      [q(CAMPAIGN_FIELD_BLOCK.quotePrefix)]: `Peer quote ${PEER_MARK}`,
      [q(CAMPAIGN_FIELD_BLOCK.consentPrefix)]: CAMPAIGN_CONSENT_VALUE,
    });
    await logWithCampaign(PEER, `Peer Person ${PEER_MARK}`, {
      [CAMPAIGN_FIELD_BLOCK.themes]: [await theme('Health')],
      [q(CAMPAIGN_FIELD_BLOCK.quotePrefix)]: `Peer one-to-one quote ${PEER_MARK}`,
      [q(CAMPAIGN_FIELD_BLOCK.consentPrefix)]: CAMPAIGN_CONSENT_VALUE,
    });

    // Forget both of Fern's records (the attendee and host, and the one-to-one's person).
    for (const name of [`Fern ${FERN_MARK}`, `Fern Second ${FERN_MARK}`]) {
      const id = await personIdOf(ME, name);
      const n = t.slack.responses.length;
      await t.send.blockAction({ user: ME }, { action_id: FORGET_ACTION.confirm, value: id });
      expect(JSON.stringify(await t.slack.waitForResponse(n + 1))).toContain('Forgotten');
    }
    expect(await db().selectFrom('people').select('id').where('name', 'like', 'Fern%').execute()).toEqual([]);
    expect(await db().selectFrom('house_meetings').select('id').execute()).toHaveLength(4);
  });

  it('exports my house meetings, who came, and my one-to-ones’ themes and quotes, formulas guarded', async () => {
    const e = await exportOf(ME);
    expect(e.channel).toBe(`D${ME}`);
    expect([...e.files.keys()].sort()).toEqual([
      'Campaign themes and quotes',
      'House meeting people',
      'House meetings',
      'Introductions',
      'One-to-ones',
      'People',
      'Reflections',
    ]);
    expect(e.names.get('House meetings')).toMatch(/^onetoone-house-meetings-2026-12-02\.csv$/);
    expect(e.names.get('Campaign themes and quotes')).toMatch(/^onetoone-campaign-notes-2026-12-02\.csv$/);
    expect(e.comment).toContain('3 house meetings');
    expect(e.comment).toContain('campaign themes or quotes from 1 one-to-one');
    // The files that were there before keep their columns.
    table(e, 'One-to-ones', ONE_TO_ONE_HEADER);
    table(e, 'People', PEOPLE_HEADER);

    const meetings = table(e, 'House meetings', HOUSE_MEETING_HEADER);
    expect(meetings.map((m) => m.held_on)).toEqual(['2026-11-28', '2026-11-29', '2026-12-02']);
    const [byMember, byFern, ofCampaign] = meetings as [
      Record<string, string>,
      Record<string, string>,
      Record<string, string>,
    ];
    const hana = await personIdOf(ME, 'Host Hana');
    expect(ofCampaign).toMatchObject({
      host_kind: 'person',
      host: 'Host Hana',
      host_person_id: hana,
      host_slack_user_id: '',
      // Formula-looking text starts with a ' so a spreadsheet shows it rather than running it.
      place: `'=SUM(1,2) hall ${MARK}`,
      attendance: '9',
      campaign: 'Winter listening',
      quote: `'+We cannot heat the flat, "ever" ${MARK}`,
      quote_theme: 'Housing',
    });
    expect(sorted(ofCampaign.attendees!)).toEqual(['Ann Able', 'Bob Baker', 'Known Neighbour']);
    expect(ofCampaign.would_like_one_to_one).toBe('Bob Baker');
    expect(sorted(ofCampaign.themes!)).toEqual(['Health', 'Housing']);
    expect(ofCampaign.quote_consented_at).toMatch(/^2026-12-02T/);
    const directory = await db()
      .selectFrom('slack_members')
      .select('name')
      .where('user_id', '=', PEER)
      .executeTakeFirst();
    expect(byMember).toMatchObject({
      host_kind: 'member',
      host: directory?.name ?? PEER,
      host_slack_user_id: PEER,
      host_person_id: '',
      place: '',
      attendance: '3',
      attendees: '',
      campaign: '',
      themes: '',
      quote: '',
      quote_consented_at: '',
    });
    // Hosted by a person since forgotten: the meeting stays mine, the host's name is gone.
    expect(byFern).toMatchObject({ host_kind: 'person', host: '', host_person_id: '', attendance: '4' });

    const people = table(e, 'House meeting people', HOUSE_MEETING_PEOPLE_HEADER);
    expect(people.map((p) => p.attendee).sort()).toEqual(['Ann Able', 'Bob Baker', 'Known Neighbour']);
    const bob = people.find((p) => p.attendee === 'Bob Baker')!;
    expect(bob).toMatchObject({
      house_meeting_id: ofCampaign.house_meeting_id,
      held_on: '2026-12-02',
      person_id: await personIdOf(ME, 'Bob Baker'),
      institution: 'Tenants Union',
      would_like_one_to_one: 'yes',
      follow_up_due_on: '2026-12-09',
      follow_up_done_at: '',
    });
    expect(people.find((p) => p.attendee === 'Ann Able')).toMatchObject({
      institution: 'St Mark’s',
      would_like_one_to_one: 'no',
      follow_up_due_on: '',
    });

    const notes = table(e, 'Campaign themes and quotes', CAMPAIGN_NOTES_HEADER);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      one_to_one_id: oneToOneId,
      met_on: '2026-12-02',
      campaign: 'Winter listening',
      quote: `'=HYPERLINK("http://evil.example","x") ${MARK}`,
      quote_theme: 'Housing',
    });
    expect(sorted(notes[0]!.themes!)).toEqual(['Damp walls', 'Housing', 'Transport']);
    expect(notes[0]!.quote_consented_at).toMatch(/^2026-12-02T/);

    // Never another organiser's meeting, and nothing of a person I asked the bot to forget.
    const all = [...e.files.values()].join('\n');
    expect(all).not.toContain(PEER_MARK);
    expect(all).not.toContain(FERN_MARK);
    expect(all).not.toContain('Nobody walks here at night');
    expect(t.logs.join('\n')).not.toContain(MARK);
  });

  it('the peer’s export holds their meeting and quotes, none of mine', async () => {
    const e = await exportOf(PEER);
    expect(e.channel).toBe(`D${PEER}`);
    const meetings = table(e, 'House meetings', HOUSE_MEETING_HEADER);
    expect(meetings).toHaveLength(1);
    expect(meetings[0]).toMatchObject({
      host_kind: 'me',
      host: 'me',
      place: `Peer kitchen ${PEER_MARK}`,
      attendance: '5',
      quote: `Peer quote ${PEER_MARK}`,
      would_like_one_to_one: `Pat ${PEER_MARK}`,
    });
    const notes = table(e, 'Campaign themes and quotes', CAMPAIGN_NOTES_HEADER);
    expect(notes.map((n) => n.quote)).toEqual([`Peer one-to-one quote ${PEER_MARK}`]);
    expect(e.comment).toContain('1 house meeting,');
    const all = [...e.files.values()].join('\n');
    expect(all).not.toContain(MARK);
    expect(all).not.toContain('Host Hana');
    expect(all).not.toContain('Bob Baker');
  });

  it('an organiser with no campaign work gets the four files as before', async () => {
    const e = await exportOf('UEXCNEW3');
    expect([...e.files.keys()].sort()).toEqual(['Introductions', 'One-to-ones', 'People', 'Reflections']);
    expect(e.comment).not.toContain('house meeting');
  });

  it('the new files are never read by /onetoone import as people or one-to-ones: listed as not imported', () => {
    for (const header of [HOUSE_MEETING_HEADER, HOUSE_MEETING_PEOPLE_HEADER, CAMPAIGN_NOTES_HEADER]) {
      expect(fileKindOf(header.map(headerKey)), header.join(',')).toBe('campaign_work');
    }
  });
});
