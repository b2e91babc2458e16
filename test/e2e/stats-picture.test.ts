import { randomUUID } from 'node:crypto';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackErrorCode } from '../../src/errors.js';
import { webApiPort } from '../../src/slack/port/web-api-port.js';
import { type FakeFileUpload, isPng } from '../support/fake-slack.js';
import { response } from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * `/onetoone stats` with its picture: the text chart answers ephemerally (starting at the
 * organiser's first week of use, the goal marked), then the same weeks go as a PNG, with alt
 * text, to the organiser's DM with the bot through files.uploadV2. An install without
 * files:write (missing_scope) still gets the text, and the failure is logged by its code only.
 * The clock stands at Wednesday 25 Nov 2026 12:00 UTC; everyone is in Europe/London.
 */

let t: TestApp;
const MARKER = 'ZQXMARKER';
const OLD = 'USTATOLD';
const NEW = 'USTATNEW';
const NOSCOPE = 'USTATNOSC';

/** An organiser known since `since`, with one-to-ones on the given dates (people named with the marker). */
async function seedOrganiser(user: string, since: string, meetings: Record<string, number>): Promise<void> {
  const db = t.bot.deps.db as any;
  await db
    .insertInto('organisers')
    .values({ team_id: 'T0001', user_id: user, created_at: since, updated_at: since })
    .execute();
  let n = 0;
  for (const [metOn, count] of Object.entries(meetings)) {
    for (let i = 0; i < count; i++) {
      const personId = randomUUID();
      const name = `${MARKER} Person ${user} ${++n}`;
      await db
        .insertInto('people')
        .values({
          id: personId,
          team_id: 'T0001',
          organiser_id: user,
          name,
          name_key: name.toLowerCase(),
          created_at: since,
          updated_at: since,
        })
        .execute();
      await db
        .insertInto('one_to_ones')
        .values({
          id: randomUUID(),
          team_id: 'T0001',
          organiser_id: user,
          person_id: personId,
          met_on: metOn,
          duration_minutes: 45,
          stories: `${MARKER} story`,
          created_at: since,
          updated_at: since,
        })
        .execute();
    }
  }
}

async function stats(user: string): Promise<Record<string, any>> {
  const n = t.slack.responses.length;
  const res = await t.send.command('stats', { user });
  expect(res.status).toBe(200);
  return response(t, n + 1);
}

/** The stats chart's lines (inside the code fences). */
function chart(message: Record<string, any>): string[] {
  const block = message.blocks.find((b: any) => b.text?.text?.includes('```'));
  return /```([\s\S]*)```/.exec(block.text.text)![1]!.split('\n');
}

function uploadTo(channel: string): Promise<FakeFileUpload> {
  return t.slack.waitFor(() => t.slack.fileUploads.find((u) => u.completed && u.channel === channel));
}

function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
  for (const id of [OLD, NEW, NOSCOPE]) t.slack.users.set(id, { id, real_name: id, tz: 'Europe/London' });
  await seedOrganiser(OLD, '2026-08-03T09:00:00.000Z', {
    '2026-10-06': 1, // week of 5 Oct: the oldest of the 8
    '2026-11-03': 6, // week of 2 Nov
    '2026-11-17': 2, // week of 16 Nov
    '2026-11-24': 1, // this week
  });
  // Known since 20 Nov, but backfilled a meeting of 28 Oct: the chart starts in the week of 26 Oct.
  await seedOrganiser(NEW, '2026-11-20T10:00:00.000Z', { '2026-10-28': 1, '2026-11-23': 2 });
  await seedOrganiser(NOSCOPE, '2026-09-01T10:00:00.000Z', { '2026-11-23': 1 });
});
afterAll(() => t?.stop());

describe('/onetoone stats with a picture', () => {
  it('answers with the text chart, then puts the same 8 weeks as a PNG in the organiser’s DM', async () => {
    const reply = await stats(OLD);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toBe('1 of 5 one-to-ones this week');
    const lines = chart(reply);
    expect(lines).toHaveLength(9); // 8 weeks and the goal's legend
    expect(lines[0]).toBe('5 Oct     ▇▇     ┆   1'); // 1 of 6 in 10 cells: at least one, rounded
    // Scaled to the busiest week (6): it is the only full bar, and it passed the goal (✓).
    expect(lines[4]).toBe('2 Nov     ▇▇▇▇▇▇▇▇▇▇ 6 ✓');
    expect(lines[6]).toMatch(/^16 Nov\s+▇▇▇\s+┆\s+2$/);
    expect(lines[8]).toMatch(/^\s+┆ goal 5$/);

    const upload = await uploadTo(`D${OLD}`);
    expect(upload.isPng).toBe(true);
    expect(upload.bytes!.length).toBe(upload.length);
    const { width, height } = pngSize(upload.bytes!);
    expect(width).toBeGreaterThan(1000);
    expect(height).toBeGreaterThan(400);
    expect(upload.filename).toBe('one-to-ones-2026-11-25.png');
    expect(upload.title).toBe('Your one-to-ones, the last 8 weeks');
    expect(upload.initialComment).toMatch(/as a picture/);
    expect(upload.altText).toBe(
      'Your one-to-ones, the last 8 weeks. A bar chart of 8 weeks, oldest first: 5 Oct: 1 one-to-one; ' +
        '12 Oct: 0 one-to-ones; 19 Oct: 0 one-to-ones; 26 Oct: 0 one-to-ones; 2 Nov: 6 one-to-ones; ' +
        '9 Nov: 0 one-to-ones; 16 Nov: 2 one-to-ones; this week: 1 one-to-one. ' +
        'A dashed line marks the goal of 5 a week, reached in 1 of 8. The busiest week had 6.',
    );
    // The DM channel came from conversations.open for this organiser, and nothing went to a channel.
    expect(t.slack.callsOf('conversations.open').some((c) => c.args.users === OLD)).toBe(true);
    expect(t.slack.messages.filter((m) => m.channel.startsWith('C'))).toEqual([]);
  });

  it('starts at the first week of use: no rows or bars for the weeks before', async () => {
    const reply = await stats(NEW);
    expect(JSON.stringify(reply.blocks)).toContain('Since your first week with me (week of Mon 26 Oct)');
    const lines = chart(reply);
    expect(lines.map((l) => l.replace(/\s*[▇┆].*$/, ''))).toEqual([
      '26 Oct',
      '2 Nov',
      '9 Nov',
      '16 Nov',
      'this week',
      '',
    ]);
    expect(JSON.stringify(reply.blocks)).toContain('in the 5 weeks since you began');
    const upload = await uploadTo(`D${NEW}`);
    expect(upload.isPng).toBe(true);
    expect(upload.title).toBe('Your one-to-ones since the week of Mon 26 Oct');
    expect(upload.altText).toContain('A bar chart of 5 weeks, oldest first: 26 Oct: 1 one-to-one;');
    expect(upload.altText).not.toContain('19 Oct');
  });

  it('without files:write the text still answers, and the code is logged', async () => {
    t.slack.failNext('files.getUploadURLExternal', { error: 'missing_scope' });
    const logsBefore = t.logs.length;
    const reply = await stats(NOSCOPE);
    expect(reply.text).toBe('1 of 5 one-to-ones this week');
    expect(chart(reply)).toHaveLength(9);
    const line = await t.slack.waitFor(() =>
      t.logs.slice(logsBefore).find((l) => l.includes('stats picture not sent')),
    );
    expect(JSON.parse(line)).toMatchObject({ level: 'warn', code: 'missing_scope' });
    expect(t.slack.fileUploads.filter((u) => u.channel === `D${NOSCOPE}`)).toEqual([]);
    expect(
      t.slack.callsOf('files.completeUploadExternal').every((c) => c.args.channel_id !== `D${NOSCOPE}`),
    ).toBe(true);
  });

  it('puts no name and nothing anyone wrote in the picture’s words or a log line', () => {
    for (const u of t.slack.fileUploads) {
      expect(`${u.altText} ${u.title} ${u.initialComment} ${u.filename}`).not.toContain(MARKER);
      expect(u.bytes?.includes(Buffer.from(MARKER)) ?? false).toBe(false);
    }
    expect(t.logs.filter((l) => l.includes(MARKER))).toEqual([]);
  });
});

describe('the Slack port’s uploadFile against the fake Slack', () => {
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from('not really the rest of a png'),
  ]);
  const port = () =>
    webApiPort(new WebClient('xoxb-port', { slackApiUrl: t.slack.apiUrl, retryConfig: { retries: 0 } }));

  it('asks for an upload URL, posts the bytes there, and shares them with the comment', async () => {
    await port().uploadFile('T0001', {
      channelId: 'C0PORT',
      filename: 'chart.png',
      content: png,
      altText: 'A bar chart',
      title: 'Chart',
      initialComment: 'Here it is',
    });
    const upload = t.slack.fileUploads.find((u) => u.channel === 'C0PORT')!;
    expect(upload).toMatchObject({
      filename: 'chart.png',
      length: png.length,
      altText: 'A bar chart',
      completed: true,
      title: 'Chart',
      initialComment: 'Here it is',
    });
    expect(upload.bytes!.equals(png)).toBe(true);
    expect(isPng(upload.bytes)).toBe(true);
    expect(isPng(Buffer.from('GIF89a and more'))).toBe(false);
  });

  it('threads, and cuts alt text to Slack’s 1,000 characters', async () => {
    await port().uploadFile('T0001', {
      channelId: 'C0THREAD',
      filename: 'c.png',
      content: png,
      altText: 'x'.repeat(1500),
      title: 'C',
      threadTs: '1700000000.000100',
    });
    const upload = t.slack.fileUploads.find((u) => u.channel === 'C0THREAD')!;
    expect(upload.threadTs).toBe('1700000000.000100');
    expect(upload.altText).toHaveLength(1000);
    expect(upload.initialComment).toBeUndefined();
  });

  it('rejects with Slack’s code when Slack refuses', async () => {
    t.slack.failNext('files.completeUploadExternal', { error: 'not_in_channel' });
    const error = await port()
      .uploadFile('T0001', { channelId: 'C0NOPE', filename: 'c.png', content: png, altText: 'a', title: 'C' })
      .catch((e: unknown) => e);
    expect(slackErrorCode(error)).toBe('not_in_channel');
    t.slack.failNext('files.getUploadURLExternal', { error: 'missing_scope' });
    const scope = await port()
      .uploadFile('T0001', { channelId: 'C0NOPE', filename: 'c.png', content: png, altText: 'a', title: 'C' })
      .catch((e: unknown) => e);
    expect(slackErrorCode(scope)).toBe('missing_scope');
  });
});
