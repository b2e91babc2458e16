import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_BLOCK, REFLECT_BLOCK } from '../../src/interaction-ids.js';
import { digestJob } from '../../src/jobs/digest.js';
import { markNextStepDone } from '../../src/services/next-steps.js';
import type { RecordedCall } from '../support/fake-slack.js';
import { logNew, openModalWith, response, submit } from '../support/onetoone.js';
import type { Actor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The digest that celebrates growth (issue 9), end to end through signed requests and the fake
 * Slack: a team of six in one channel, one of them paused during the reported week (Mon 16 –
 * Sun 22 Nov 2026). It leads with relationships begun and deepened, people moving up the
 * stages and institutions reached; an institution is new when it was first MET that week, not
 * when its row was typed; each organiser is judged against the goal in force that week (a goal
 * raised since does not take their celebration away); the paused organiser is neither counted
 * nor celebrated; the trend goes up as a picture in the post's thread, once; and nothing anyone
 * wrote, nor any person's name, reaches the channel, the picture or a log line.
 */

const CHANNEL = 'C0GROWTH';
const [U1, U2, U3, U4, U5, U6] = ['UGROW1', 'UGROW2', 'UGROW3', 'UGROW4', 'UGROW5', 'UGROW6'].map(
  (user): Actor => ({ user }),
) as [Actor, Actor, Actor, Actor, Actor, Actor];
const TEAM = [U1, U2, U3, U4, U5, U6];

/** A marker in every text field an organiser writes, and in every person's name and role. */
const MARK = 'ZQXMARK';
const learned = (who: string) => ({
  [LOG_BLOCK.setting]: `${MARK}-setting-${who}`,
  [LOG_BLOCK.needs]: `${MARK}-needs-${who}`,
  [LOG_BLOCK.meaning]: `${MARK}-meaning-${who}`,
  [LOG_BLOCK.stories]: `${MARK}-stories-${who}`,
  [LOG_BLOCK.values]: `${MARK}-values-${who}`,
  [LOG_BLOCK.mutual]: `${MARK}-mutual-${who}`,
});
const person = (name: string) => `${name} ${MARK}name`;

let t: TestApp;

function posts(): RecordedCall[] {
  return t.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === CHANNEL);
}

function run(now: string, dryRun = false) {
  return digestJob.run({ deps: t.bot.deps, now: new Date(now), dryRun });
}

async function at<T>(instant: string, fn: () => Promise<T>): Promise<T> {
  t.clock.set(instant);
  return fn();
}

async function command(actor: Actor, text: string): Promise<Record<string, any>> {
  const before = t.slack.responses.length;
  const res = await t.send.command(text, actor, { channel: CHANNEL });
  expect(res.status).toBe(200);
  return response(t, before + 1);
}

beforeAll(async () => {
  t = await startTestApp({ now: '2026-10-01T12:00:00Z' });
  for (const a of TEAM)
    t.slack.users.set(a.user, { id: a.user, tz: 'Europe/London', real_name: `Organiser ${a.user}` });
  t.slack.channels.set(CHANNEL, {
    id: CHANNEL,
    name: 'growing',
    members: [...TEAM.map((a) => a.user), 'UBOT0001'],
  });
  expect((await command(U1, 'digest here')).text).toContain('will get the weekly digest');
  // Everyone's goal is one a week from the start of October.
  for (const a of TEAM) expect(JSON.stringify(await command(a, 'goal 1'))).toContain('*1*');

  // Before the reported week: Finn (U4) met once, Gus (U5) met with an introduction agreed.
  await at('2026-11-02T12:00:00Z', () => logNew(t, U4, person('Finn'), { [LOG_BLOCK.metOn]: '2026-11-02' }));
  const gus = await at('2026-11-03T12:00:00Z', () =>
    logNew(t, U5, person('Gus'), {
      [LOG_BLOCK.metOn]: '2026-11-03',
      [LOG_BLOCK.nextStepKind]: 'introduction',
      [LOG_BLOCK.nextStepDue]: '2026-11-10',
      [LOG_BLOCK.nextStepNote]: `${MARK}-note-gus`,
    }),
  );

  // U6 pauses their nudges on Monday 16 November until Friday.
  expect(
    JSON.stringify(await at('2026-11-16T10:00:00Z', () => command(U6, 'pause until 2026-11-20'))),
  ).toContain('20');

  // The reported week.
  await at('2026-11-17T10:00:00Z', async () => {
    // A backfill typed this week of a meeting in October: Harbour Tenants is typed now, met then.
    await logNew(t, U1, person('Old'), {
      [LOG_BLOCK.institution]: 'Harbour Tenants',
      [LOG_BLOCK.role]: `${MARK}-role-old`,
      [LOG_BLOCK.metOn]: '2026-10-14',
    });
    await logNew(t, U1, person('Cara'), { [LOG_BLOCK.metOn]: '2026-11-17', ...learned('cara') });
    // Gus's introduction done: he moves up to "introduced to others".
    await markNextStepDone(t.bot.deps, { teamId: 'T0001', userId: U5.user }, gus);
  });
  await at('2026-11-17T15:00:00Z', async () => {
    const view = await openModalWith(t, U1, 'reflect Cara');
    await submit(t, U1, view, {
      [REFLECT_BLOCK.motivations]: `${MARK}-motivations`,
      [REFLECT_BLOCK.contribution]: `${MARK}-contribution`,
      [REFLECT_BLOCK.differently]: `${MARK}-differently`,
    });
  });
  await at('2026-11-18T10:00:00Z', async () => {
    await logNew(t, U2, person('Dan'), {
      [LOG_BLOCK.institution]: 'Harbour Tenants',
      [LOG_BLOCK.role]: `${MARK}-role-dan`,
      [LOG_BLOCK.metOn]: '2026-11-18',
      ...learned('dan'),
    });
    // Finn met again: met once → met again.
    await logNew(t, U4, person('Finn'), { [LOG_BLOCK.metOn]: '2026-11-18', [LOG_BLOCK.duration]: '60' });
  });
  await at('2026-11-19T10:00:00Z', () =>
    logNew(t, U3, person('Eve'), {
      [LOG_BLOCK.institution]: 'New Garden Mosque',
      [LOG_BLOCK.metOn]: '2026-11-19',
      [LOG_BLOCK.nextStepKind]: 'meeting',
      [LOG_BLOCK.nextStepDue]: '2026-11-21',
      [LOG_BLOCK.nextStepNote]: `${MARK}-note-eve`,
    }),
  );
  await at('2026-11-20T10:00:00Z', () => logNew(t, U5, person('Hal'), { [LOG_BLOCK.metOn]: '2026-11-20' }));
  // U6, paused earlier that week, logs one anyway: not counted this week.
  await at('2026-11-21T10:00:00Z', () =>
    logNew(t, U6, person('Ivy'), {
      [LOG_BLOCK.institution]: 'Quiet Chapel',
      [LOG_BLOCK.metOn]: '2026-11-21',
    }),
  );
  // Monday morning, before the digest: U1 raises their goal to 30, from this week on.
  expect(JSON.stringify(await at('2026-11-23T08:00:00Z', () => command(U1, 'goal 30')))).toContain('*30*');
});
afterAll(() => t.stop());

describe('the growth digest', () => {
  let text = '';

  it('leads with growth: new and deepening relationships, stage moves, institutions reached', async () => {
    const result = await run('2026-11-23T09:00:00Z');
    expect(result.counts).toMatchObject({ posted: 1, failed: 0, pictures: 1 });
    const [post] = posts();
    const blocks = post!.args.blocks as any[];
    text = `${post!.args.text}\n${JSON.stringify(blocks)}`;
    const growth = blocks[1].text.text as string;
    expect(growth).toContain(
      '*Relationships growing:* *4 new* and *1 deepening*, from *5 one-to-ones* last week (Mon 16 Nov – Sun 22 Nov), up from 0 the week before.',
    );
    expect(growth).toContain('*2 people* moved up a stage: 1 met again, 1 introduced to others.');
    // Harbour Tenants was typed this week but first met in October: not new. The mosque is.
    expect(growth).toContain('*2 institutions* reached; new this week: *New Garden Mosque*.');
    expect(text).not.toContain('Quiet Chapel');
    expect(text).toContain(':memo: *1 reflection* written');
    expect(text).toContain('Next steps: *1 agreed*, *1 completed*, *1 still open*.');
  });

  it('counts members only as a team of five or more, without the one who was paused', () => {
    // Five counted (U6 paused that week), all with at least one: said as "all", pointing at nobody.
    expect(text).toContain('All *5 members* held at least one one-to-one.');
    expect(text).not.toMatch(/of 6|6 members/);
  });

  it('celebrates each against the goal in force that week; the paused organiser not at all', () => {
    const line = text.match(/Met their own weekly goal: ([^.]*)\. Well done!/)![1]!;
    // U1 had a goal of 1 that week; raising it to 30 since does not take the week away.
    expect(line).toBe(`<@${U1.user}>, <@${U2.user}>, <@${U3.user}>, <@${U4.user}>, <@${U5.user}>`);
    expect(text).not.toContain(`<@${U6.user}>`);
  });

  it('draws the trend as a picture in the post’s thread, with its figures as alt text', async () => {
    const ledger = await t.bot.deps.db
      .selectFrom('digest_ledger')
      .select(['message_ts', 'picture_status', 'status'])
      .where('channel_id', '=', CHANNEL)
      .where('week_start', '=', '2026-11-16')
      .executeTakeFirstOrThrow();
    expect(ledger).toMatchObject({ status: 'sent', picture_status: 'uploaded' });
    const uploads = t.slack.fileUploads.filter((u) => u.channel === CHANNEL);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]).toMatchObject({ completed: true, isPng: true, threadTs: ledger.message_ts });
    expect(uploads[0]!.altText).toContain('16 Nov: 5 one-to-ones');
    // The text chart in the post is the fallback: the same weeks.
    expect(text).toContain('*The last 8 weeks*');
  });

  it('never uploads the picture twice: not on a later run, nor for a dry run', async () => {
    expect((await run('2026-11-23T09:05:00Z')).counts).toMatchObject({ alreadySent: 1, posted: 0 });
    expect((await run('2026-11-24T09:00:00Z', true)).counts).toMatchObject({ previewed: 0, alreadySent: 1 });
    expect(t.slack.fileUploads.filter((u) => u.channel === CHANNEL)).toHaveLength(1);
  });

  it('posts the digest when the picture is refused, and does not try the picture again', async () => {
    t.slack.failNext('files.getUploadURLExternal', { error: 'missing_scope' });
    const result = await run('2026-11-30T09:00:00Z');
    expect(result.counts).toMatchObject({ posted: 1, pictures: 0 });
    const entry = await t.bot.deps.db
      .selectFrom('digest_ledger')
      .select(['status', 'picture_status'])
      .where('channel_id', '=', CHANNEL)
      .where('week_start', '=', '2026-11-23')
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ status: 'sent', picture_status: 'failed' });
    expect((await run('2026-11-30T09:10:00Z')).counts).toMatchObject({ posted: 0, alreadySent: 1 });
    expect(t.slack.fileUploads.filter((u) => u.channel === CHANNEL && u.completed)).toHaveLength(1);
    expect(t.logs.some((l) => l.includes('digest picture not uploaded') && l.includes('missing_scope'))).toBe(
      true,
    );
  });

  it('shows no one’s words and no person’s name in any post, picture or log line', () => {
    const all = posts();
    expect(all.length).toBe(2);
    const surfaces = [
      ...all.map((p) => JSON.stringify(p.args)),
      ...t.slack.fileUploads.map((u) => JSON.stringify({ ...u, bytes: undefined })),
    ];
    // Every person's name carries the marker too.
    for (const s of surfaces) expect(s).not.toContain(MARK);
    const lines = t.logs.filter((l) => l.includes('digest'));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of t.logs) expect(l).not.toContain(MARK);
  });
});
