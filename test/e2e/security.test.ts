import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, CALLBACK, LOG_BLOCK, REFLECT_BLOCK } from '../../src/interaction-ids.js';
import {
  asSubmitted,
  dmsTo,
  logNew,
  openedView,
  openModalWith,
  response,
  submit,
} from '../support/onetoone.js';
import { stateFor } from '../support/slack-requests.js';
import { BOT_TOKEN, SIGNING_SECRET, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Only the author sees or changes a one-to-one. Crafted payloads naming someone else's record get
 * a polite refusal that reveals nothing; badly signed or malformed requests change nothing and
 * never bring the app down; nothing anyone wrote (nor a token) reaches a log line.
 */

let t: TestApp;
const amy = { user: 'UAMY' };
const ben = { user: 'UBEN' };
/** The same user id in another workspace. */
const amyElsewhere = { user: 'UAMY', team: 'T0002' };

// Markers written in Amy's one-to-one: none may leave her own views and messages.
const SECRET = {
  name: 'Zebedee Quartermaine',
  institution: 'Quietwater Mosque',
  stories: 'SECRET-STORY-fled in 1994',
  needs: 'SECRET-NEEDS-dialysis',
  note: 'SECRET-NOTE-call the imam',
  reflection: 'SECRET-REFLECTION-listened too little',
};

let amyRecord: string;
let amyPerson: string;

beforeAll(async () => {
  // An org-wide install: these tests send from a second workspace of the same org, whose rows
  // must stay apart (a single-workspace install refuses other workspaces outright).
  t = await startTestApp({ now: '2026-11-25T12:00:00Z', orgWide: true });
  t.slack.users.set('UAMY', { id: 'UAMY', real_name: 'Amy', tz: 'Europe/London' });
  t.slack.users.set('UBEN', { id: 'UBEN', real_name: 'Ben', tz: 'Europe/London' });
  amyRecord = await logNew(t, amy, SECRET.name, {
    [LOG_BLOCK.institution]: SECRET.institution,
    [LOG_BLOCK.stories]: SECRET.stories,
    [LOG_BLOCK.needs]: SECRET.needs,
    [LOG_BLOCK.nextStepKind]: 'meeting',
    [LOG_BLOCK.nextStepNote]: SECRET.note,
  });
  const row = await t.bot.deps.db
    .selectFrom('one_to_ones')
    .select('person_id')
    .where('id', '=', amyRecord)
    .executeTakeFirstOrThrow();
  amyPerson = row.person_id;
  const view = await openModalWith(t, amy, 'reflect');
  await submit(t, amy, view, { [REFLECT_BLOCK.motivations]: SECRET.reflection });
  await logNew(t, ben, 'Ben Person');
  // A message of the bot's in Ben's DM (logs send none now; a nudge or a summary would).
  await t.bot.deps.slack.postDm('T0001', 'UBEN', { text: 'A message for Ben' });
  await t.slack.waitFor(() => dmsTo(t, 'UBEN').length === 1);
});
afterAll(() => t.stop());

/** Waits for the member directories the who search reads in the background (one per workspace). */
async function directoriesRead(n: number) {
  const synced = () =>
    t.bot.deps.db
      .selectFrom('slack_member_syncs')
      .select('synced_at')
      .where('synced_at', 'is not', null)
      .execute();
  for (let i = 0; i < 200 && (await synced()).length < n; i++) await new Promise((r) => setTimeout(r, 10));
  expect(await synced()).toHaveLength(n);
}

/** A snapshot of every table the loop writes, to show a request changed nothing. */
async function snapshot() {
  const db = t.bot.deps.db;
  return {
    oneToOnes: await db.selectFrom('one_to_ones').selectAll().orderBy('id').execute(),
    people: await db.selectFrom('people').selectAll().orderBy('id').execute(),
    reflections: await db.selectFrom('reflections').selectAll().orderBy('id').execute(),
    institutions: await db.selectFrom('institutions').selectAll().orderBy('id').execute(),
  };
}

/** Everything the bot has sent anywhere (Web API calls and response_url posts) since `from`. */
function sentSince(from: { calls: number; responses: number }): string {
  return JSON.stringify([t.slack.calls.slice(from.calls), t.slack.responses.slice(from.responses)]);
}

function mark() {
  return { calls: t.slack.calls.length, responses: t.slack.responses.length };
}

function expectNoSecrets(text: string) {
  for (const secret of Object.values(SECRET)) expect(text).not.toContain(secret);
}

describe('crafted payloads for someone else’s record', () => {
  it('Open with Amy’s record id, clicked by Ben: a polite refusal, no modal', async () => {
    const before = mark();
    const res = await t.send.blockAction(ben, { action_id: ACTION.openOneToOne, value: amyRecord });
    expect(res.status).toBe(200);
    const reply = await response(t, before.responses + 1);
    expect(reply.text).toMatch(/can’t find that one-to-one among yours/);
    expect(reply.response_type).toBe('ephemeral');
    expect(t.slack.calls.slice(before.calls).some((c) => c.method === 'views.open')).toBe(false);
    expectNoSecrets(sentSince(before));
  });

  it('Reflect now with Amy’s record id, clicked by Ben: a polite refusal, no modal', async () => {
    const before = mark();
    await t.send.blockAction(ben, { action_id: ACTION.reflectNow, value: amyRecord });
    const reply = await response(t, before.responses + 1);
    expect(reply.text).toMatch(/can’t find/);
    expect(t.slack.calls.slice(before.calls).some((c) => c.method === 'views.open')).toBe(false);
    expectNoSecrets(sentSince(before));
  });

  it('a made-up id is refused in the same words (nothing tells the two apart)', async () => {
    const before = mark();
    await t.send.blockAction(ben, { action_id: ACTION.reflectNow, value: 'no-such-id' });
    await t.send.blockAction(ben, { action_id: ACTION.openOneToOne, value: '' });
    const [a, b] = [await response(t, before.responses + 1), await response(t, before.responses + 2)];
    expect(a).toEqual(t.slack.responses[before.responses - 1]!.body);
    expect(b).toEqual(a);
  });

  it('an edit submission whose private_metadata names Amy’s record, from Ben: refused, nothing changed', async () => {
    const view = await openModalWith(t, ben);
    const crafted = {
      ...asSubmitted(view),
      private_metadata: JSON.stringify({ editingId: amyRecord }),
    };
    const before = await snapshot();
    const sent = mark();
    const res = await t.send.viewSubmission(
      ben,
      crafted,
      stateFor(view.view, { [LOG_BLOCK.newName]: 'Overwriter', [LOG_BLOCK.stories]: 'overwritten' }),
    );
    expect(res.status).toBe(200);
    expect(res.json().response_action).toBe('errors');
    expectNoSecrets(res.text);
    expect(await snapshot()).toEqual(before);
    expectNoSecrets(sentSince(sent));
  });

  it('a log submission naming Amy’s person, from Ben: refused, nothing saved', async () => {
    const view = await openModalWith(t, ben);
    const before = await snapshot();
    const res = await submit(t, ben, view, { [LOG_BLOCK.existingPerson]: amyPerson });
    expect(res.json()).toEqual({
      response_action: 'errors',
      errors: { [LOG_BLOCK.existingPerson]: expect.stringMatching(/can’t find/) },
    });
    expect(await snapshot()).toEqual(before);
  });

  it('a reflection submission naming Amy’s record, from Ben: refused, no reflection saved', async () => {
    const ownId = (
      await t.bot.deps.db
        .selectFrom('one_to_ones')
        .select('id')
        .where('organiser_id', '=', 'UBEN')
        .executeTakeFirstOrThrow()
    ).id;
    const opened = t.slack.callsOf('views.open').length;
    await t.send.command('reflect', ben);
    const view = await openedView(t, opened + 1);
    expect(JSON.parse(view.view.private_metadata).oneToOneId).toBe(ownId);
    const before = await snapshot();
    for (const metadata of [{ oneToOneId: amyRecord }, { oneToOneId: 42 }, 'not json']) {
      const res = await t.send.viewSubmission(
        ben,
        {
          ...asSubmitted(view),
          private_metadata: typeof metadata === 'string' ? metadata : JSON.stringify(metadata),
        },
        stateFor(view.view, { [REFLECT_BLOCK.motivations]: 'overwritten' }),
      );
      expect(res.json()).toEqual({
        response_action: 'errors',
        // On "what I would do differently": the field every reflection form shows.
        errors: { [REFLECT_BLOCK.differently]: expect.stringMatching(/can’t find/) },
      });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a reflection whose private_metadata points at Ben’s DM never touches Ben’s message', async () => {
    const bens = t.slack.messages.find((m) => m.channel === 'DUBEN')!;
    const before = JSON.stringify(bens.args);
    const opened = t.slack.callsOf('views.open').length;
    await t.send.blockAction(amy, { action_id: ACTION.reflectNow, value: amyRecord });
    const view = await openedView(t, opened + 1);
    const updates = t.slack.callsOf('chat.update').length;
    const dmOpens = () => t.slack.callsOf('conversations.open').filter((c) => c.args.users === 'UAMY').length;
    const opens = dmOpens();
    const res = await t.send.viewSubmission(
      amy,
      {
        ...asSubmitted(view),
        private_metadata: JSON.stringify({
          oneToOneId: amyRecord,
          source: { channel: bens.channel, ts: bens.ts },
        }),
      },
      stateFor(view.view, {}),
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    // Amy's own reflection is saved; Ben's DM is left as it was.
    await t.slack.waitFor(() => dmOpens() > opens);
    // The update, if any, would follow the DM lookup at once: let a full round trip pass first.
    const n = t.slack.responses.length;
    await t.send.command('help', amy);
    await t.slack.waitForResponse(n + 1);
    expect(t.slack.callsOf('chat.update').slice(updates)).toEqual([]);
    expect(JSON.stringify(bens.args)).toBe(before);
  });

  it('the person search never shows Amy’s people to Ben, whatever he types', async () => {
    for (const q of ['', 'zeb', 'quietwater', '%', '_', SECRET.name.toLowerCase()]) {
      const res = await t.send.options(ben, ACTION.personSearch, LOG_BLOCK.existingPerson, q);
      expect(res.status).toBe(200);
      expectNoSecrets(res.text);
    }
    // The search reads the member directory in the background: let it finish before counting calls.
    await directoriesRead(1);
  });

  it('Ben’s list, stats and reflect never show Amy’s records', async () => {
    const before = mark();
    await t.send.command('list', ben);
    await t.send.command('list quartermaine', ben);
    await t.send.command('stats', ben);
    await t.send.command('reflect Zebedee', ben);
    await t.slack.waitFor(() => t.slack.responses.length >= before.responses + 4);
    // Stats also sends its picture to Ben's DM after the reply: wait for it, so its words (alt
    // text, title, comment) are swept too and its calls do not land in a later test.
    await t.slack.waitFor(() => t.slack.fileUploads.find((u) => u.completed && u.channel === `D${ben.user}`));
    const sent = sentSince(before);
    // Ben's own query words come back to him; nothing of Amy's does.
    expectNoSecrets(sent);
    expect(sent).not.toContain('Quietwater');
    expect(t.slack.calls.slice(before.calls).some((c) => c.method === 'views.open')).toBe(false);
  });

  it('the same user id in another workspace is someone else', async () => {
    const before = mark();
    await t.send.blockAction(amyElsewhere, { action_id: ACTION.openOneToOne, value: amyRecord });
    expect((await response(t, before.responses + 1)).text).toMatch(/can’t find/);
    await t.send.blockAction(amyElsewhere, { action_id: ACTION.reflectNow, value: amyRecord });
    expect((await response(t, before.responses + 2)).text).toMatch(/can’t find/);
    await t.send.command('list', amyElsewhere);
    expect((await response(t, before.responses + 3)).text).toMatch(/No one-to-ones yet/);
    const options = await t.send.options(amyElsewhere, ACTION.personSearch, LOG_BLOCK.existingPerson, '');
    expect(options.json().options).toEqual([]);
    await directoriesRead(2);
    expect(t.slack.calls.slice(before.calls).some((c) => c.method === 'views.open')).toBe(false);
    expectNoSecrets(sentSince(before));
  });
});

describe('signatures', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it.each([
    ['unsigned', { unsigned: true }],
    ['signed with the wrong secret', { secret: 'not-the-signing-secret' }],
    ['stale (over 5 minutes old)', { timestamp: now() - 5 * 60 - 30 }],
  ])('%s requests are refused with 401 and change nothing', async (_name, options) => {
    const before = await snapshot();
    const sent = mark();
    expect((await t.send.command('', amy, {}, options)).status).toBe(401);
    expect((await t.send.command('goal 50', amy, {}, options)).status).toBe(401);
    const view = await openModalWith(t, amy);
    const afterOpen = mark();
    const res = await t.send.viewSubmission(
      amy,
      asSubmitted(view),
      stateFor(view.view, { [LOG_BLOCK.newName]: 'Unsigned Person' }),
      options,
    );
    expect(res.status).toBe(401);
    expect(await snapshot()).toEqual(before);
    const calls = t.slack.calls.slice(sent.calls);
    // Only the views.open of the genuine command in between.
    expect(calls.filter((c) => c.method !== 'users.info').map((c) => c.method)).toEqual(['views.open']);
    expect(t.slack.calls.length).toBe(afterOpen.calls);
    const goal = await t.bot.deps.db
      .selectFrom('organisers')
      .select('weekly_goal')
      .where('user_id', '=', 'UAMY')
      .executeTakeFirstOrThrow();
    expect(goal.weekly_goal).toBe(5);
  });

  it('a signature over a different body is refused', async () => {
    const body = new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions' }) }).toString();
    const ts = now();
    const { sign } = await import('../support/slack-requests.js');
    const res = await fetch(t.send.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': sign(SIGNING_SECRET, ts, `${body}x`),
      },
      body,
    });
    expect(res.status).toBe(401);
  });
});

describe('malformed requests get an error status, never a crash', () => {
  const form = 'application/x-www-form-urlencoded';

  it.each([
    ['bad JSON in payload=', 'payload=%7Bnot-json', form],
    ['an empty body', '', form],
    ['a JSON body that is not an event', '{"hello":', 'application/json'],
  ])('%s', async (_name, body, type) => {
    const before = await snapshot();
    const res = await t.send.post(body, type);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await snapshot()).toEqual(before);
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  });

  it('a slash command sent with another content type is not run', async () => {
    const before = await snapshot();
    const sent = mark();
    const fields = {
      team_id: 'T0001',
      user_id: 'UAMY',
      command: '/onetoone',
      text: 'goal 9',
      trigger_id: '1.2.3',
      response_url: t.slack.responseUrl(),
    };
    // (A JSON body is parsed by Bolt as JSON whatever its fields, so a correctly signed JSON
    // object with a `command` would run: only Slack holds the secret, and it sends forms.)
    for (const [body, type] of [
      [new URLSearchParams(fields).toString(), 'application/json'],
      [new URLSearchParams(fields).toString(), 'text/plain'],
      [new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded; charset=utf-8'],
    ] as const) {
      const res = await t.send.post(body, type);
      expect(res.status, type).toBe(400);
    }
    expect(await snapshot()).toEqual(before);
    expect(t.slack.responses.length).toBe(sent.responses);
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  });

  /** What the app answers: an error status, or (where it can tell what was meant) inline errors. */
  type Outcome = 'error status' | 'inline errors' | 'acked';
  const submission = (view: Record<string, any>) => ({
    type: 'view_submission',
    team: { id: 'T0001' },
    user: { id: 'UAMY', team_id: 'T0001' },
    view,
  });
  it.each<[string, unknown, Outcome]>([
    [
      'a view submission without a view',
      { type: 'view_submission', team: { id: 'T0001' }, user: { id: 'UAMY' } },
      'error status',
    ],
    [
      'a log submission without state',
      submission({ id: 'VX', callback_id: CALLBACK.logModal, private_metadata: '' }),
      'inline errors',
    ],
    [
      'a reflection submission without state',
      submission({ id: 'VZ', callback_id: CALLBACK.reflectionModal, private_metadata: '' }),
      'inline errors',
    ],
    [
      'a reflection submission with state values of the wrong shape',
      submission({
        id: 'VY',
        callback_id: CALLBACK.reflectionModal,
        private_metadata: '',
        state: { values: { motivations: 'oops', depth: { value: { selected_option: 7 } } } },
      }),
      'inline errors',
    ],
    [
      'block actions without actions',
      { type: 'block_actions', team: { id: 'T0001' }, user: { id: 'UAMY' } },
      'error status',
    ],
    [
      'a button without a value',
      {
        type: 'block_actions',
        team: { id: 'T0001' },
        user: { id: 'UAMY', team_id: 'T0001' },
        response_url: 'http://127.0.0.1:1/nowhere',
        trigger_id: '1.2',
        actions: [{ type: 'button', action_id: ACTION.reflectNow, block_id: 'b' }],
      },
      'acked',
    ],
    [
      'an options request without a user',
      { type: 'block_suggestion', action_id: ACTION.personSearch, value: 'a' },
      'error status',
    ],
    ['a payload of an unknown type', { type: 'something_new', team: { id: 'T0001' } }, 'error status'],
    ['a payload that is a string', 'just a string', 'error status'],
  ])('%s', async (_name, payload, outcome) => {
    const before = await snapshot();
    const res = await t.send.interaction(payload as Record<string, any>);
    if (outcome === 'error status') {
      expect(res.status).toBeGreaterThanOrEqual(400);
    } else {
      expect(res.status).toBe(200);
      expect(res.text ? res.json().response_action : 'acked').toBe(
        outcome === 'inline errors' ? 'errors' : 'acked',
      );
    }
    // Nothing is saved, and the app still answers.
    expect(await snapshot()).toEqual(before);
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    const help = await t.send.command('help', amy);
    expect(help.status).toBe(200);
  });
});

describe('logs', () => {
  it('no log line holds what anyone wrote, a person’s name, or a token', async () => {
    // Make sure a failing Slack call is logged too: the update that adds a new person's
    // institution and role fails (the log is then saved without them).
    t.slack.failNext('views.update', { error: 'view_not_found' });
    await logNew(t, amy, 'Failing Confirmation', {
      [LOG_BLOCK.institution]: 'Failing Institution',
      [LOG_BLOCK.stories]: 'SECRET-STORY-two',
    });
    await t.slack.waitFor(() => t.logs.some((l) => l.includes('view_not_found')) || undefined);

    const logs = t.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expectNoSecrets(logs);
    expect(logs).not.toContain('SECRET-STORY-two');
    expect(logs).not.toContain('Failing Confirmation');
    expect(logs).not.toContain('Ben Person');
    expect(logs).not.toContain(BOT_TOKEN);
    expect(logs).not.toContain(SIGNING_SECRET);
    expect(logs).not.toMatch(/xox[bpa]-/);
  });
});
