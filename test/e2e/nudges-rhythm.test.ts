import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { toLocal } from '../../src/domain/time.js';
import { REFLECT_BLOCK, SETTINGS_BLOCK, SETTINGS_CALLBACK } from '../../src/interaction-ids.js';
import { nudgesJob } from '../../src/jobs/nudges.js';
import { activePause, pausedDuring } from '../../src/repositories/pauses.js';
import type { RecordedCall } from '../support/fake-slack.js';
import { asSubmitted, blockText, buttons, openedView } from '../support/onetoone.js';
import { stateFor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 9's rhythm of nudges, end to end against the fake Slack with the real job, SQLite or
 * PostgreSQL and real migrations: rare and recent reflection reminders (a backfill folds into
 * one line), at most three cards in a stable order, pauses and working days in the organiser's
 * zone (across zones and a clock change), the back-off question, the daily summary, and the
 * settings modal. One-to-ones are written to the database as the log form would (the form has
 * its own tests); the job and every button go through the app.
 */

const TEAM = 'T0001';

function addUser(t: TestApp, id: string, tz: string): void {
  t.slack.users.set(id, { id, tz, real_name: id });
}

async function run(t: TestApp, at: string, dryRun = false) {
  t.clock.set(at);
  return nudgesJob.run({ deps: t.bot.deps, now: new Date(at), dryRun });
}

/** Every DM the bot sent `user` (nudges and summaries alike: the job sends no other kind). */
function dms(t: TestApp, user: string) {
  return t.slack.messages.filter((m) => m.channel === `D${user}`);
}

function dmCalls(t: TestApp, user: string): RecordedCall[] {
  return t.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === user);
}

/** Runs the job every `stepMinutes` from `from` to `to` (UTC); the simulated instants of each user's DMs. */
async function sweep(
  t: TestApp,
  from: string,
  to: string,
  stepMinutes: number,
  users: string[],
): Promise<Record<string, Date[]>> {
  const sends: Record<string, Date[]> = Object.fromEntries(users.map((u) => [u, []]));
  for (let ms = Date.parse(from); ms < Date.parse(to); ms += stepMinutes * 60_000) {
    const before = users.map((u) => dmCalls(t, u).length);
    await run(t, new Date(ms).toISOString());
    users.forEach((u, i) => {
      for (let n = before[i]!; n < dmCalls(t, u).length; n++) sends[u]!.push(new Date(ms));
    });
  }
  return sends;
}

async function command(t: TestApp, user: string, text: string) {
  const n = t.slack.responses.length;
  await t.send.command(text, { user });
  return JSON.stringify(await t.slack.waitForResponse(n + 1));
}

let seq = 0;
const people = new Map<string, string>();

/** A one-to-one as the log form writes it; returns its id. */
async function seed(
  t: TestApp,
  user: string,
  person: string,
  o: {
    metOn: string;
    loggedAt: string;
    stepDue?: string;
    stepNote?: string;
    institution?: string;
  },
): Promise<string> {
  const db = t.bot.deps.db;
  const at = o.loggedAt;
  await db
    .insertInto('organisers')
    .values({ team_id: TEAM, user_id: user, created_at: at, updated_at: at })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const key = `${user}:${person}`;
  let personId = people.get(key);
  if (!personId) {
    personId = `P${++seq}-${user}`;
    people.set(key, personId);
    await db
      .insertInto('people')
      .values({
        id: personId,
        team_id: TEAM,
        organiser_id: user,
        name: person,
        name_key: person.toLowerCase(),
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
  const id = `O${++seq}-${user}`;
  await db
    .insertInto('one_to_ones')
    .values({
      id,
      team_id: TEAM,
      organiser_id: user,
      person_id: personId,
      met_on: o.metOn,
      duration_minutes: 45,
      next_step_kind: o.stepDue ? 'meeting' : 'none',
      next_step_due_on: o.stepDue ?? null,
      next_step_note: o.stepNote ?? null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

async function press(
  t: TestApp,
  actor: string,
  message: { channel: string; ts: string; args: Record<string, any> },
  match: (b: { action_id: string; text: string }) => boolean,
) {
  const button = buttons(message.args.blocks).find(match);
  if (!button) throw new Error(`no such button in ${blockText(message.args.blocks)}`);
  const before = t.slack.callsOf('chat.update').length;
  const res = await t.send.blockAction(
    { user: actor },
    { action_id: button.action_id, value: button.value },
    { channel: message.channel, ts: message.ts, message: { ts: message.ts, blocks: message.args.blocks } },
  );
  expect(res.status).toBe(200);
  return t.slack.waitForCall('chat.update', before + 1);
}

/** The cards of a DM, by the section text that opens each (in the order shown). */
function cardTexts(blocks: any[]): string[] {
  const out: string[] = [];
  for (const [i, b] of blocks.entries()) {
    if (b.type === 'actions' && blocks[i - 1]) {
      const prev = blocks[i - 1].type === 'context' ? blocks[i - 2] : blocks[i - 1];
      out.push(String(prev?.text?.text ?? ''));
    }
  }
  return out;
}

function urlButtons(blocks: any[]): string[] {
  return blocks.flatMap((b) => (b.accessory?.url ? [String(b.accessory.url)] : []));
}

async function openSettings(t: TestApp, user: string) {
  const opened = t.slack.callsOf('views.open').length;
  await t.send.command('settings', { user });
  return openedView(t, opened + 1);
}

async function submitSettings(t: TestApp, user: string, inputs: Record<string, string | string[] | null>) {
  const view = await openSettings(t, user);
  const state = stateFor(view.view, inputs);
  return t.send.viewSubmission({ user }, asSubmitted(view), state);
}

const ALL_KINDS = ['next_step', 'reflect', 'going_cold', 'introduction'];

describe('rare and recent: a backfill of 20 past meetings', () => {
  let t: TestApp;
  const U = 'UBACKFILL1';
  const V = 'UBACKFILL2';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-12-07T18:00:00Z' });
    addUser(t, U, 'Europe/London');
    addUser(t, V, 'America/New_York');
    // Monday evening: twenty October meetings typed in, one after another.
    for (let i = 0; i < 20; i++) {
      const day = String(i + 1).padStart(2, '0');
      await seed(t, U, `October person ${i}`, {
        metOn: `2026-10-${day}`,
        loggedAt: `2026-12-07T18:${day}:00.000Z`,
      });
      await seed(t, V, `Backfill ${i}`, {
        metOn: `2026-10-${day}`,
        loggedAt: `2026-12-07T18:${day}:00.000Z`,
      });
    }
    // …and V also logs today's meeting, which is worth a card.
    await seed(t, V, 'Priya Shah', { metOn: '2026-12-07', loggedAt: '2026-12-07T19:00:00.000Z' });
  });
  afterAll(() => t.stop());

  it('sends one DM with one reflection line, never twenty cards', async () => {
    // Tuesday 09:00 in London (the reminders fell due overnight, 12 hours after logging).
    await run(t, '2026-12-08T09:00:00Z');
    const [dm, ...others] = dms(t, U);
    expect(others).toHaveLength(0);
    const text = blockText(dm!.args.blocks);
    expect(buttons(dm!.args.blocks).filter((b) => b.action_id === 'nudge:reflect:reflect')).toHaveLength(0);
    expect(text.match(/waiting for a reflection/g)).toHaveLength(1);
    expect(text).toContain('20 one-to-ones waiting for a reflection');
    // The summary counts them too, without a name each.
    expect(text).toContain('20 earlier one-to-ones are now in your records');
    expect(text).not.toContain('October person');
    // A link to the app's Home tab (the app id from auth.test / bots.info).
    expect(urlButtons(dm!.args.blocks)).toEqual([`slack://app?team=${TEAM}&id=A0001&tab=home`]);
    const folded = await t.bot.deps.db
      .selectFrom('nudge_ledger')
      .select(['outcome', 'status'])
      .where('user_id', '=', U)
      .execute();
    expect(folded).toHaveLength(20);
    expect(new Set(folded.map((f) => `${f.status}:${f.outcome}`))).toEqual(new Set(['sent:folded']));
  });

  it('a recent meeting logged with them still gets its card; the rest stay one line', async () => {
    // 09:00 in New York.
    await run(t, '2026-12-08T14:00:00Z');
    const [dm, ...others] = dms(t, V);
    expect(others).toHaveLength(0);
    const reflect = buttons(dm!.args.blocks).filter((b) => b.action_id === 'nudge:reflect:reflect');
    expect(reflect).toHaveLength(1);
    const text = blockText(dm!.args.blocks);
    expect(text).toContain('Priya Shah');
    expect(text).toContain('20 one-to-ones waiting for a reflection');
    expect(text).not.toContain('Backfill 3');
  });

  it('never brings them back as reminders, and the Home button is only acknowledged', async () => {
    for (const at of ['2026-12-09T09:00:00Z', '2026-12-10T14:00:00Z', '2026-12-11T09:00:00Z'])
      await run(t, at);
    expect(dms(t, U)).toHaveLength(1);
    expect(dms(t, V)).toHaveLength(1);
    const dm = dms(t, U)[0]!;
    const updates = t.slack.callsOf('chat.update').length;
    const res = await t.send.blockAction(
      { user: U },
      { action_id: 'nudge:home:open', type: 'button' },
      { channel: dm.channel, ts: dm.ts },
    );
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect(t.slack.callsOf('chat.update').length).toBe(updates);
    expect(t.logs.join('\n')).not.toMatch(/unhandled/i);
  });
});

describe('at most three cards, in an order a click does not change; the step’s note', () => {
  let t: TestApp;
  const U = 'UCARDS1';
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-30T10:00:00Z' });
    addUser(t, U, 'Europe/London');
    await command(t, U, 'nudges summary off');
    for (const [i, name] of ['Ana', 'Ben', 'Cai', 'Dee', 'Eli'].entries()) {
      ids.push(
        await seed(t, U, name, {
          metOn: '2026-11-30',
          loggedAt: `2026-11-30T10:0${i}:00.000Z`,
          stepDue: i < 3 ? '2026-12-01' : '2026-12-02',
          stepNote: `Note for ${name}: bring the <tenants> flyer`,
        }),
      );
    }
    await command(t, U, 'nudges reflect off');
  });
  afterAll(() => t.stop());

  it('shows three cards and one line for the rest, pointing at the Home tab', async () => {
    // All five fall due by Wednesday; on Tuesday three are due.
    await run(t, '2026-12-02T09:00:00Z');
    const [dm] = dms(t, U);
    const texts = cardTexts(dm!.args.blocks);
    expect(texts).toHaveLength(3);
    expect(blockText(dm!.args.blocks)).toContain('2 more nudges');
    expect(urlButtons(dm!.args.blocks)).toHaveLength(1);
    // The step's note, as user text (escaped).
    expect(blockText(dm!.args.blocks)).toContain('bring the &lt;tenants&gt; flyer');
    expect(dm!.args.blocks.length).toBeLessThanOrEqual(50);
  });

  it('keeps the cards’ order after Snooze and Done', async () => {
    const dm = dms(t, U)[0]!;
    const before = cardTexts(dm.args.blocks).map((s) => s.match(/\*(\w+)\*/)?.[1]);
    const first = await press(t, U, dm, (b) => b.text === 'Snooze 3 days');
    const afterSnooze = first.args.blocks
      .filter((b: any) => b.type === 'section')
      .map((b: any) => String(b.text.text).match(/with \*(\w+)\*/)?.[1])
      .filter(Boolean);
    expect(afterSnooze).toEqual(before);
    expect(blockText(first.args.blocks)).toContain('Snoozed until');
    // Done on the (now) first open card.
    const current = { ...dm, args: { ...dm.args, blocks: first.args.blocks } };
    const second = await press(t, U, current, (b) => b.text === 'Done');
    const afterDone = second.args.blocks
      .filter((b: any) => b.type === 'section')
      .map((b: any) => String(b.text.text).match(/with \*(\w+)\*/)?.[1])
      .filter(Boolean);
    expect(afterDone).toEqual(before);
    // The rest line survives the re-render.
    expect(blockText(second.args.blocks)).toContain('2 more nudges');
  });

  it('the ones that did not fit come on a later day', async () => {
    await run(t, '2026-12-03T09:00:00Z');
    const later = dms(t, U)[1]!;
    const text = blockText(later.args.blocks);
    // Two left over from yesterday (still in the look-back), one of yesterday's open.
    expect(cardTexts(later.args.blocks).length).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/Dee|Eli/);
  });
});

describe('pauses, in the organiser’s zone', () => {
  let t: TestApp;
  const LDN = 'UPAUSELDN';
  const SYD = 'UPAUSESYD';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-12-07T10:00:00Z' });
    addUser(t, LDN, 'Europe/London');
    addUser(t, SYD, 'Australia/Sydney');
    for (const user of [LDN, SYD]) {
      await command(t, user, 'nudges summary off');
      for (const due of ['2026-12-08', '2026-12-09', '2026-12-10']) {
        await seed(t, user, `Step ${due}`, {
          metOn: '2026-12-01',
          loggedAt: '2026-12-01T10:00:00.000Z',
          stepDue: due,
        });
      }
    }
  });
  afterAll(() => t.stop());

  it('refuses a past date, today, nonsense and a date years away, with a clear message', async () => {
    // 2026-12-07 10:00 UTC: already the 7th's evening in Sydney.
    expect(await command(t, SYD, 'pause until 2026-12-06')).toContain('isn’t after today (2026-12-07');
    expect(await command(t, LDN, 'pause until 2026-12-07')).toContain('isn’t after today');
    expect(await command(t, LDN, 'pause until next tuesday')).toContain('couldn’t read that date');
    expect(await command(t, LDN, 'pause until 2026-02-30')).toContain('couldn’t read that date');
    expect(await command(t, LDN, 'pause until <b>x</b>')).not.toContain('<b>');
    expect(await command(t, LDN, 'pause until 2031-01-01')).toContain('up to 366 days');
    const rows = await t.bot.deps.db.selectFrom('pauses').selectAll().execute();
    expect(rows).toEqual([]);
  });

  it('pause until a date: no nudges of any kind until that date in each zone', async () => {
    expect(await command(t, LDN, 'pause until 2026-12-10')).toContain('Thu 10 Dec');
    expect(await command(t, SYD, 'pause until 2026-12-10')).toContain('Thu 10 Dec');
    expect(await command(t, LDN, 'pause')).toContain('Paused until *Thu 10 Dec*');
    // Tuesday and Wednesday, at 09:00 in each zone.
    for (const at of [
      '2026-12-07T22:00:00Z',
      '2026-12-08T09:00:00Z',
      '2026-12-08T22:00:00Z',
      '2026-12-09T09:00:00Z',
    ]) {
      await run(t, at);
    }
    expect(dmCalls(t, LDN)).toHaveLength(0);
    expect(dmCalls(t, SYD)).toHaveLength(0);
    // 10 December begins in Sydney first: 09:00 there is 22:00 UTC on the 9th, when London is
    // still on the 9th (and out of hours).
    await run(t, '2026-12-09T22:00:00Z');
    expect(dmCalls(t, SYD)).toHaveLength(1);
    expect(toLocal(new Date(dmCalls(t, SYD)[0]!.at), 'Australia/Sydney').date).toBeDefined();
    expect(dmCalls(t, LDN)).toHaveLength(0);
    await run(t, '2026-12-10T09:00:00Z');
    expect(dmCalls(t, LDN)).toHaveLength(1);
  });

  it('keeps the history: the paused week is known to the digest, a later week is not', async () => {
    const db = t.bot.deps.db;
    expect([...(await pausedDuring(db, TEAM, '2026-12-07', '2026-12-14'))].sort()).toEqual([LDN, SYD].sort());
    expect(await pausedDuring(db, TEAM, '2026-12-14', '2026-12-21')).toEqual(new Set());
    expect(await activePause(db, TEAM, LDN, '2026-12-09')).toMatchObject({ untilOn: '2026-12-10' });
    expect(await activePause(db, TEAM, LDN, '2026-12-10')).toBeUndefined();
  });

  it('pause off resumes today, and the days already paused stay paused in the history', async () => {
    expect(await command(t, LDN, 'pause until 2026-12-20')).toContain('Sun 20 Dec');
    t.clock.set('2026-12-14T08:00:00Z');
    expect(await command(t, LDN, 'pause off')).toContain('Welcome back');
    expect(await command(t, LDN, 'pause off')).toContain('weren’t paused');
    const rows = await t.bot.deps.db
      .selectFrom('pauses')
      .select(['starts_on', 'until_on', 'ended_at'])
      .where('user_id', '=', LDN)
      .orderBy('starts_on')
      .execute();
    expect(rows).toEqual([
      { starts_on: '2026-12-07', until_on: '2026-12-10', ended_at: null },
      { starts_on: '2026-12-10', until_on: '2026-12-14', ended_at: '2026-12-14T08:00:00.000Z' },
    ]);
    expect(await pausedDuring(t.bot.deps.db, TEAM, '2026-12-14', '2026-12-21')).toEqual(new Set());
    expect(await pausedDuring(t.bot.deps.db, TEAM, '2026-12-07', '2026-12-14')).toContain(LDN);
  });
});

describe('working days, across zones and a clock change', () => {
  let t: TestApp;
  const SYD = 'UDAYSSYD';
  const NYC = 'UDAYSNYC';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-10-26T12:00:00Z' });
    addUser(t, SYD, 'Australia/Sydney');
    addUser(t, NYC, 'America/New_York');
    for (const user of [SYD, NYC]) await command(t, user, 'nudges summary off');
    // Sydney: due Saturday 31 October (their date); New York: Saturday 31 October and Sunday
    // 1 November, the day New York's clocks go back.
    await seed(t, SYD, 'Sat step', {
      metOn: '2026-10-20',
      loggedAt: '2026-10-20T01:00:00.000Z',
      stepDue: '2026-10-31',
    });
    await seed(t, NYC, 'Sat step', {
      metOn: '2026-10-20',
      loggedAt: '2026-10-20T14:00:00.000Z',
      stepDue: '2026-10-31',
    });
    await seed(t, NYC, 'Sun step', {
      metOn: '2026-10-20',
      loggedAt: '2026-10-20T14:00:00.000Z',
      stepDue: '2026-11-01',
    });
  });
  afterAll(() => t.stop());

  it('by default Monday to Friday: a step due on Saturday waits for Monday, in the organiser’s zone', async () => {
    // Every 30 minutes over the weekend, in UTC.
    const sends = await sweep(t, '2026-10-30T12:00:00Z', '2026-11-02T12:00:00Z', 30, [SYD, NYC]);
    const syd = sends[SYD]!.map((at) => toLocal(at, 'Australia/Sydney'));
    expect(syd).toHaveLength(1);
    // Monday 2 November, 09:00 in Sydney (22:00 UTC on Sunday).
    expect(syd[0]).toMatchObject({ date: '2026-11-02', weekday: 1, hour: 9, minute: 0 });
    // New York's Monday morning is still to come.
    expect(sends[NYC]).toHaveLength(0);
    const ny = await sweep(t, '2026-11-02T12:00:00Z', '2026-11-02T16:00:00Z', 30, [NYC]);
    // 09:00 EST (the clocks went back on Sunday) is 14:00 UTC; both weekend steps in one DM.
    expect(ny[NYC]!.map((at) => at.toISOString())).toEqual(['2026-11-02T14:00:00.000Z']);
    const text = blockText(dmCalls(t, NYC)[0]!.args.blocks);
    expect(text).toContain('Sat step');
    expect(text).toContain('Sun step');
  });

  it('a weekend organiser who works Sunday gets it on Sunday, never on Friday or Saturday', async () => {
    const res = await submitSettings(t, NYC, {
      [SETTINGS_BLOCK.workingDays]: ['7', '1', '2', '3', '4'],
      [SETTINGS_BLOCK.dailySummary]: 'off',
      [SETTINGS_BLOCK.allOn]: 'on',
      [SETTINGS_BLOCK.kinds]: ALL_KINDS,
      [SETTINGS_BLOCK.pauseUntil]: null,
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await seed(t, NYC, 'Fri step', {
      metOn: '2026-10-20',
      loggedAt: '2026-10-20T14:00:00.000Z',
      stepDue: '2026-11-06',
    });
    await seed(t, NYC, 'Sat step 2', {
      metOn: '2026-10-20',
      loggedAt: '2026-10-20T14:00:00.000Z',
      stepDue: '2026-11-07',
    });
    const sends = await sweep(t, '2026-11-06T00:00:00Z', '2026-11-09T06:00:00Z', 30, [NYC]);
    const local = sends[NYC]!.map((at) => toLocal(at, 'America/New_York'));
    expect(local).toHaveLength(1);
    expect(local[0]).toMatchObject({ date: '2026-11-08', weekday: 7, hour: 9, minute: 0 });
  });

  it('on the clock-change Sunday itself, the DM comes at 09:00 local, once', async () => {
    const t2 = await startTestApp({ now: '2026-10-20T14:00:00Z' });
    try {
      const U = 'UDSTSUN';
      addUser(t2, U, 'America/New_York');
      await command(t2, U, 'nudges summary off');
      const res = await submitSettings(t2, U, {
        [SETTINGS_BLOCK.workingDays]: ['6', '7'],
        [SETTINGS_BLOCK.dailySummary]: 'off',
        [SETTINGS_BLOCK.allOn]: 'on',
        [SETTINGS_BLOCK.kinds]: ALL_KINDS,
        [SETTINGS_BLOCK.pauseUntil]: null,
      });
      expect(res.text).toBe('');
      await seed(t2, U, 'Sun', {
        metOn: '2026-10-20',
        loggedAt: '2026-10-20T14:00:00.000Z',
        stepDue: '2026-11-01',
      });
      const sends = await sweep(t2, '2026-10-31T20:00:00Z', '2026-11-02T06:00:00Z', 15, [U]);
      // 09:00 EST (after the change) is 14:00 UTC; 09:00 the day before was EDT.
      expect(sends[U]!.map((at) => at.toISOString())).toEqual(['2026-11-01T14:00:00.000Z']);
    } finally {
      await t2.stop();
    }
  });
});

describe('/onetoone settings', () => {
  let t: TestApp;
  const U = 'USETTINGS1';
  const OTHER = 'USETTINGS2';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-12-07T10:00:00Z' });
    addUser(t, U, 'Europe/London');
    addUser(t, OTHER, 'Europe/London');
  });
  afterAll(() => t.stop());

  it('opens with the defaults: Monday to Friday, summary on, the default kinds, no pause', async () => {
    const view = await openSettings(t, U);
    expect(view.view.callback_id).toBe(SETTINGS_CALLBACK);
    const block = (id: string) => view.view.blocks.find((b: any) => b.block_id === id);
    expect(block(SETTINGS_BLOCK.workingDays).element.initial_options.map((o: any) => o.value)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    expect(block(SETTINGS_BLOCK.dailySummary).element.initial_option.value).toBe('on');
    expect(block(SETTINGS_BLOCK.allOn).element.initial_option.value).toBe('on');
    const kinds = block(SETTINGS_BLOCK.kinds).element.initial_options.map((o: any) => o.value);
    expect(kinds).toContain('reflect');
    expect(kinds).not.toContain('rhythm');
    expect(block(SETTINGS_BLOCK.pauseUntil).element.initial_date).toBeUndefined();
  });

  it('puts errors on the field: no working day, a pause date in the past', async () => {
    const res = await submitSettings(t, U, {
      [SETTINGS_BLOCK.workingDays]: [],
      [SETTINGS_BLOCK.dailySummary]: 'on',
      [SETTINGS_BLOCK.allOn]: 'on',
      [SETTINGS_BLOCK.kinds]: ALL_KINDS,
      [SETTINGS_BLOCK.pauseUntil]: '2026-12-01',
    });
    const body = JSON.parse(res.text);
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).sort()).toEqual(
      [SETTINGS_BLOCK.pauseUntil, SETTINGS_BLOCK.workingDays].sort(),
    );
    expect(await t.bot.deps.db.selectFrom('nudge_settings').selectAll().execute()).toEqual([]);
  });

  it('saves everything at once; /onetoone nudges shows it; reopening shows it', async () => {
    const res = await submitSettings(t, U, {
      [SETTINGS_BLOCK.workingDays]: ['2', '3', '4'],
      [SETTINGS_BLOCK.dailySummary]: 'off',
      [SETTINGS_BLOCK.allOn]: 'on',
      [SETTINGS_BLOCK.kinds]: ['next_step', 'rhythm'],
      [SETTINGS_BLOCK.pauseUntil]: '2026-12-27',
    });
    expect(res.text).toBe('');
    const shown = await command(t, U, 'nudges');
    expect(shown).toContain('Tuesday to Thursday');
    expect(shown).toContain('Paused until *Sun 27 Dec*');
    expect(shown).toMatch(/no_entry_sign: reflection reminders/);
    expect(shown).toMatch(/white_check_mark: weekly rhythm/);
    expect(shown).toMatch(/no_entry_sign: a daily summary/);
    const view = await openSettings(t, U);
    const block = (id: string) => view.view.blocks.find((b: any) => b.block_id === id);
    expect(block(SETTINGS_BLOCK.pauseUntil).element.initial_date).toBe('2026-12-27');
    expect(block(SETTINGS_BLOCK.workingDays).element.initial_options.map((o: any) => o.value)).toEqual([
      '2',
      '3',
      '4',
    ]);
    // Someone else's settings are untouched.
    expect(await command(t, OTHER, 'nudges')).toContain('Monday to Friday');
    expect(await activePause(t.bot.deps.db, TEAM, OTHER, '2026-12-08')).toBeUndefined();
  });

  it('clearing the date resumes; the nudges command still switches kinds as before', async () => {
    const res = await submitSettings(t, U, {
      [SETTINGS_BLOCK.workingDays]: ['2', '3', '4'],
      [SETTINGS_BLOCK.dailySummary]: 'on',
      [SETTINGS_BLOCK.allOn]: 'on',
      [SETTINGS_BLOCK.kinds]: ['next_step'],
      [SETTINGS_BLOCK.pauseUntil]: null,
    });
    expect(res.text).toBe('');
    expect(await activePause(t.bot.deps.db, TEAM, U, '2026-12-08')).toBeUndefined();
    expect(await command(t, U, 'nudges reflect on')).toContain('Reflection reminders: on');
    expect(await command(t, U, 'nudges summary off')).toContain('daily summary is off');
    expect(await command(t, U, 'help')).toContain('settings');
  });
});

describe('back-off: three ignored, then ask once', () => {
  let t: TestApp;
  const NO = 'UBACKNO';
  const YES = 'UBACKYES';
  const SILENT = 'UBACKSILENT';
  const SNOOZER = 'UBACKSNOOZE';
  const users = [NO, YES, SILENT, SNOOZER];
  // Tuesday 1 to Monday 14 December: a step due each working day.
  const days = [
    '2026-12-01',
    '2026-12-02',
    '2026-12-03',
    '2026-12-04',
    '2026-12-07',
    '2026-12-08',
    '2026-12-09',
  ];

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-30T10:00:00Z' });
    for (const u of users) {
      addUser(t, u, 'Europe/London');
      await command(t, u, 'nudges summary off');
      for (const d of [
        ...days,
        '2026-12-10',
        '2026-12-11',
        '2026-12-14',
        '2026-12-15',
        '2026-12-16',
        '2026-12-17',
      ]) {
        await seed(t, u, `Person ${d}`, {
          metOn: '2026-11-30',
          loggedAt: '2026-11-30T10:00:00.000Z',
          stepDue: d,
        });
      }
    }
  });
  afterAll(() => t.stop());

  const question = (m: { args: Record<string, any> }) =>
    blockText(m.args.blocks).includes('Keep these reminders?');

  it('asks on the fourth DM, instead of the ignored kind, once, even with two instances', async () => {
    for (const d of days.slice(0, 3)) await run(t, `${d}T09:00:00Z`);
    // The snoozer snoozes one of the three: acted on, so never asked.
    const snoozerDm = dms(t, SNOOZER)[1]!;
    await press(t, SNOOZER, snoozerDm, (b) => b.text === 'Snooze 3 days');
    for (const u of users) expect(dms(t, u).filter(question)).toHaveLength(0);

    // Friday 4 December, two instances sharing the database, and a first send that fails.
    t.slack.failNext('chat.postMessage', { status: 500 });
    const other = openDatabase(t.dbPath);
    try {
      const now = new Date('2026-12-04T09:00:00Z');
      t.clock.set(now.toISOString());
      await Promise.all([
        nudgesJob.run({ deps: t.bot.deps, now, dryRun: false }),
        nudgesJob.run({ deps: { ...t.bot.deps, db: other }, now, dryRun: false }),
      ]);
      // A restart: the failed one is retried on the next tick.
      await run(t, '2026-12-04T09:05:00Z');
      await run(t, '2026-12-04T09:10:00Z');
    } finally {
      await other.destroy();
    }
    for (const u of [NO, YES, SILENT]) {
      const fourth = dms(t, u);
      expect(fourth).toHaveLength(4);
      expect(question(fourth[3]!)).toBe(true);
      // The kind waits for the answer: no step card beside the question.
      expect(buttons(fourth[3]!.args.blocks).map((b) => b.action_id)).toEqual([
        'nudge:keep:keep',
        'nudge:keep:stop',
      ]);
    }
    expect(dms(t, SNOOZER).filter(question)).toHaveLength(0);
    const asks = await t.bot.deps.db
      .selectFrom('nudge_ledger')
      .select(['user_id', 'status'])
      .where('kind', '=', 'keep')
      .orderBy('user_id')
      .execute();
    expect(asks).toEqual([NO, SILENT, YES].sort().map((u) => ({ user_id: u, status: 'sent' })));
  });

  it('No stops that kind; Yes keeps it and is never asked again', async () => {
    const update = await press(t, NO, dms(t, NO)[3]!, (b) => b.action_id === 'nudge:keep:stop');
    expect(blockText(update.args.blocks)).toContain('No more next steps due');
    await press(t, YES, dms(t, YES)[3]!, (b) => b.action_id === 'nudge:keep:keep');
    // Monday 7 and on: the question's week runs.
    for (const d of ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10']) await run(t, `${d}T09:00:00Z`);
    expect(dms(t, NO)).toHaveLength(4);
    expect(await command(t, NO, 'nudges')).toMatch(/no_entry_sign: next steps due/);
    const yes = dms(t, YES);
    expect(yes.length).toBeGreaterThanOrEqual(8);
    expect(yes.slice(4).filter(question)).toHaveLength(0);
    expect(blockText(yes.at(-1)!.args.blocks)).toContain('You planned');
  });

  it('no answer within a week stops it too', async () => {
    expect(dms(t, SILENT)).toHaveLength(4);
    // Friday 11 December: the question went out a week ago.
    await run(t, '2026-12-11T09:00:00Z');
    await run(t, '2026-12-14T09:00:00Z');
    expect(dms(t, SILENT)).toHaveLength(4);
    expect(await command(t, SILENT, 'nudges')).toMatch(/no_entry_sign: next steps due/);
    const ask = await t.bot.deps.db
      .selectFrom('nudge_ledger')
      .select('outcome')
      .where('kind', '=', 'keep')
      .where('user_id', '=', SILENT)
      .executeTakeFirstOrThrow();
    expect(ask.outcome).toBe('expired');
  });
});

describe('the daily summary: one DM a day, only when it carries something', () => {
  let t: TestApp;
  const U = 'USUMMARY1';
  const OFF = 'USUMMARY2';
  const OTHER = 'USUMMARY3';
  const MARKER = 'Zq-marker-Amina';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-24T12:00:00Z' });
    for (const u of [U, OFF, OTHER]) addUser(t, u, 'Europe/London');
    await command(t, OFF, 'nudges summary off');
    for (const u of [U, OFF]) {
      // An earlier meeting with Amina, last week (a DM went out the week before, so it is old news).
      await seed(t, u, `${MARKER} Okafor`, { metOn: '2026-11-24', loggedAt: '2026-11-24T12:00:00.000Z' });
    }
    await t.bot.deps.db
      .insertInto('nudge_days')
      .values(
        [U, OFF].map((u) => ({
          team_id: TEAM,
          user_id: u,
          local_date: '2026-11-25',
          status: 'sent' as const,
          sent_at: '2026-11-25T09:00:00.000Z',
          created_at: '2026-11-25T09:00:00.000Z',
          updated_at: '2026-11-25T09:00:00.000Z',
        })),
      )
      .execute();
    // Monday: the second meeting with Amina, a first with Kofi, and three more (4 of 5 by Monday).
    for (const u of [U, OFF]) {
      await seed(t, u, `${MARKER} Okafor`, { metOn: '2026-11-30', loggedAt: '2026-11-30T17:00:00.000Z' });
      await seed(t, u, 'Kofi Mensah', { metOn: '2026-11-30', loggedAt: '2026-11-30T17:05:00.000Z' });
      await seed(t, u, 'Lee Wong', { metOn: '2026-11-30', loggedAt: '2026-11-30T17:10:00.000Z' });
      await seed(t, u, 'Sam Idowu', { metOn: '2026-11-30', loggedAt: '2026-11-30T17:15:00.000Z' });
    }
  });
  afterAll(() => t.stop());

  it('sends nothing for what was logged today (it comes in tomorrow’s one DM)', async () => {
    await run(t, '2026-11-30T17:30:00Z');
    expect(dms(t, U)).toHaveLength(0);
  });

  it('the next morning: one DM saying what is worth knowing, with Reflect buttons', async () => {
    await run(t, '2026-12-01T09:00:00Z');
    const [dm, ...rest] = dms(t, U);
    expect(rest).toHaveLength(0);
    const text = blockText(dm!.args.blocks);
    expect(text).toContain(`your second one-to-one with *${MARKER} Okafor*`);
    expect(text).toContain('a first one-to-one with *Kofi Mensah*');
    expect(text).toContain('*4 of 5* this week');
    // The reflection reminders of those meetings ride along (at most three cards).
    const reflect = buttons(dm!.args.blocks).filter((b) => b.action_id === 'nudge:reflect:reflect');
    expect(reflect).toHaveLength(3);
    expect(text).toContain('1 more nudge');
    // Its own people, in its own DM only.
    expect(dms(t, OFF)).toHaveLength(1);
    expect(blockText(dms(t, OFF)[0]!.args.blocks)).not.toContain('your second one-to-one');
    expect(dms(t, OTHER)).toHaveLength(0);
    expect(t.logs.join('\n')).not.toContain(MARKER);
  });

  it('never a second DM that day, whatever is logged', async () => {
    await seed(t, U, 'Late Person', { metOn: '2026-12-01', loggedAt: '2026-12-01T10:00:00.000Z' });
    await run(t, '2026-12-01T15:00:00Z');
    await run(t, '2026-12-01T17:00:00Z');
    expect(dms(t, U)).toHaveLength(1);
    // …and the next morning's summary names it, not the ones already summed up.
    await run(t, '2026-12-02T09:00:00Z');
    const next = dms(t, U)[1]!;
    const text = blockText(next.args.blocks);
    expect(text).toContain('a first one-to-one with *Late Person*');
    expect(text).not.toContain('Kofi Mensah*');
  });

  it('reflecting from the summary’s button re-renders it whole', async () => {
    const dm = dms(t, U)[0]!;
    const opened = t.slack.callsOf('views.open').length;
    await t.send.blockAction(
      { user: U },
      {
        action_id: 'nudge:reflect:reflect',
        value: buttons(dm.args.blocks).find((b) => b.action_id === 'nudge:reflect:reflect')!.value,
      },
      { channel: dm.channel, ts: dm.ts },
    );
    const view = await openedView(t, opened + 1);
    const updates = t.slack.callsOf('chat.update').length;
    await t.send.viewSubmission(
      { user: U },
      asSubmitted(view),
      stateFor(view.view, { [REFLECT_BLOCK.motivations]: 'Cares about the library' }),
    );
    const update = await t.slack.waitForCall('chat.update', updates + 1);
    const text = blockText(update.args.blocks);
    expect(text).toContain('Reflected on');
    expect(text).toContain(`your second one-to-one with *${MARKER} Okafor*`);
    expect(text).toContain('1 more nudge');
  });
});
