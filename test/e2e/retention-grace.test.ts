import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOG_BLOCK, RETENTION_ACTION } from '../../src/interaction-ids.js';
import { retentionJob } from '../../src/jobs/retention.js';
import { blockText, buttons, dmsTo, logNew } from '../support/onetoone.js';
import type { Actor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 9: `/onetoone retention 1` used to blank everyone's notes that night with no question.
 * Now a shorter period that would blank text is shown with its counts and confirmed first; it
 * takes effect after a grace week; each organiser whose notes it blanks is told once by DM
 * (with an export button); until then nothing is blanked, and a longer period or `off` cancels
 * it. Real bot, real database, fake Slack; the clock is moved, the job is run with `now`.
 */

const A: Actor = { user: 'UGRACEA1' };
const B: Actor = { user: 'UGRACEB1' };
const ADMIN: Actor = { user: 'UGRACEADM' };
const MARK = 'zqgracemarker';

let t: TestApp;
const db = () => t.bot.deps.db;

async function command(actor: Actor, text: string): Promise<Record<string, any>> {
  const n = t.slack.responses.length;
  expect((await t.send.command(text, actor)).status).toBe(200);
  return t.slack.waitForResponse(n + 1);
}

async function button(actor: Actor, action_id: string, value: string): Promise<Record<string, any>> {
  const n = t.slack.responses.length;
  expect((await t.send.blockAction(actor, { action_id, value })).status).toBe(200);
  return t.slack.waitForResponse(n + 1);
}

const notices = (user: string) => dmsTo(t, user).filter((c) => /will be blanked/.test(String(c.args.text)));
const stories = async () =>
  (await db().selectFrom('one_to_ones').select(['organiser_id', 'stories']).orderBy('met_on').execute()).map(
    (r) => `${r.organiser_id}:${r.stories ?? '-'}`,
  );

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
  for (const u of [A, B]) t.slack.users.set(u.user, { id: u.user, tz: 'Europe/London' });
  t.slack.users.set(ADMIN.user, { id: ADMIN.user, tz: 'Europe/London', is_admin: true });
  // A: two old one-to-ones (a year and more ago) and a recent one; B: only a recent one.
  await logNew(t, A, 'Old Ada', { [LOG_BLOCK.metOn]: '2025-06-01', [LOG_BLOCK.stories]: `${MARK} one` });
  await logNew(t, A, 'Old Ben', { [LOG_BLOCK.metOn]: '2025-09-15', [LOG_BLOCK.stories]: `${MARK} two` });
  await logNew(t, A, 'New Cal', { [LOG_BLOCK.metOn]: '2026-11-20', [LOG_BLOCK.stories]: `${MARK} three` });
  await logNew(t, B, 'New Dee', { [LOG_BLOCK.metOn]: '2026-11-21', [LOG_BLOCK.stories]: `${MARK} four` });
});
afterAll(() => t.stop());

describe('shortening retention', () => {
  it('asks first, with the counts, and changes nothing until confirmed', async () => {
    const before = await stories();
    const asked = await command(ADMIN, 'retention 6');
    const text = blockText(asked.blocks);
    expect(text).toContain('Shorten retention to 6 months?');
    // Effective a week from today; the cut-off is six months before that day.
    expect(text).toContain('On *Wed 2 Dec*');
    expect(text).toContain('before Tue 2 Jun');
    expect(text).toContain('for *1 organiser*');
    expect(text).toContain('the text of 2 one-to-ones');
    expect(buttons(asked.blocks).map((b) => b.action_id)).toEqual([
      RETENTION_ACTION.confirm,
      RETENTION_ACTION.cancel,
    ]);
    expect(text).not.toContain(MARK);
    const settings = await db().selectFrom('workspace_settings').selectAll().execute();
    expect(settings.every((s) => s.retention_months === null && s.retention_pending_months === null)).toBe(
      true,
    );
    const run = await retentionJob.run({
      deps: t.bot.deps,
      now: new Date('2026-12-10T03:30:00Z'),
      dryRun: false,
    });
    expect(run.counts.teams).toBe(0);
    expect(await stories()).toEqual(before);
  });

  it('cancel changes nothing; a crafted confirm from a member who is no admin is refused', async () => {
    expect(blockText((await button(ADMIN, RETENTION_ACTION.cancel, 'cancel')).blocks)).toContain('unchanged');
    const crafted = await button(A, RETENTION_ACTION.confirm, '1');
    expect(blockText(crafted.blocks)).toContain('Only workspace admins');
    const bogus = await button(ADMIN, RETENTION_ACTION.confirm, 'everything');
    expect(blockText(bogus.blocks)).toContain('from 1 to 120');
    const settings = await db().selectFrom('workspace_settings').selectAll().execute();
    expect(settings.every((s) => s.retention_pending_months === null)).toBe(true);
    expect(notices(A.user)).toHaveLength(0);
  });

  it('confirmed: pending for a grace week, and only the organisers whose notes it blanks are told, once', async () => {
    const done = await button(ADMIN, RETENTION_ACTION.confirm, '6');
    expect(blockText(done.blocks)).toContain('*6 months* from *Wed 2 Dec*');
    expect(blockText(done.blocks)).toContain('1 DM sent now');
    const row = await db().selectFrom('workspace_settings').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      retention_months: null,
      retention_pending_months: 6,
      retention_pending_on: '2026-12-02',
    });

    expect(notices(A.user)).toHaveLength(1);
    expect(notices(B.user)).toHaveLength(0);
    expect(notices(ADMIN.user)).toHaveLength(0);
    const dm = notices(A.user)[0]!;
    const dmText = blockText(dm.args.blocks as any[]);
    expect(dmText).toContain('*6 months*');
    expect(dmText).toContain('On *Wed 2 Dec*');
    expect(dmText).toContain('the text of 2 one-to-ones');
    expect(buttons(dm.args.blocks as any[]).map((b) => b.action_id)).toEqual([RETENTION_ACTION.export]);
    // Counts only: not a word of what was written, nor a name.
    expect(JSON.stringify(dm.args)).not.toContain(MARK);
    expect(JSON.stringify(dm.args)).not.toContain('Old Ada');

    // A second click and a job run in the grace week send nothing again, and blank nothing.
    const again = await button(ADMIN, RETENTION_ACTION.confirm, '6');
    expect(blockText(again.blocks)).toContain('from *Wed 2 Dec*');
    expect(blockText(again.blocks)).toContain('already been told');
    const before = await stories();
    const graced = await retentionJob.run({
      deps: t.bot.deps,
      now: new Date('2026-12-01T03:30:00Z'),
      dryRun: false,
    });
    expect(graced.counts.oneToOnes).toBe(0);
    expect(await stories()).toEqual(before);
    expect(notices(A.user)).toHaveLength(1);

    const shown = await command(B, 'retention');
    expect(blockText(shown.blocks)).toContain('From *Wed 2 Dec* it will be *6 months*');
  });

  it('the notice’s export button sends the organiser their own notes, to their own DM', async () => {
    const completes = t.slack.callsOf('files.completeUploadExternal').length;
    const n = t.slack.responses.length;
    expect(
      (await t.send.blockAction(A, { action_id: RETENTION_ACTION.export, value: 'export' })).status,
    ).toBe(200);
    await t.slack.waitForResponse(n + 1);
    const complete = await t.slack.waitForCall('files.completeUploadExternal', completes + 1);
    expect(complete.args.channel_id).toBe(`D${A.user}`);
  });

  it('on the day it takes effect the job blanks the old text, keeps the rest, and does it once', async () => {
    const run = await retentionJob.run({
      deps: t.bot.deps,
      now: new Date('2026-12-02T03:30:00Z'),
      dryRun: false,
    });
    expect(run.counts).toEqual({ teams: 1, oneToOnes: 2, reflections: 0, introductions: 0 });
    expect(await stories()).toEqual([
      `${A.user}:-`,
      `${A.user}:-`,
      `${A.user}:${MARK} three`,
      `${B.user}:${MARK} four`,
    ]);
    const row = await db().selectFrom('workspace_settings').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      retention_months: 6,
      retention_pending_months: null,
      retention_pending_on: null,
    });
    const second = await retentionJob.run({
      deps: t.bot.deps,
      now: new Date('2026-12-02T04:30:00Z'),
      dryRun: false,
    });
    expect(second.counts.oneToOnes).toBe(0);
    expect(t.logs.join('\n')).not.toContain(MARK);
  });

  it('a longer period or off during the grace week cancels the shorter one', async () => {
    t.clock.set('2026-12-03T12:00:00Z');
    // A's old notes are blank already; B's from August is what a 3-month period would reach.
    await logNew(t, B, 'Mid Eve', { [LOG_BLOCK.metOn]: '2026-08-01', [LOG_BLOCK.stories]: `${MARK} five` });
    expect(blockText((await command(ADMIN, 'retention 3')).blocks)).toContain('for *1 organiser*');
    await button(ADMIN, RETENTION_ACTION.confirm, '3');
    expect(notices(B.user)).toHaveLength(1);
    const off = await command(ADMIN, 'retention off');
    expect(blockText(off.blocks)).toContain('now *off*');
    expect(blockText(off.blocks)).toContain('3 months due on Thu 10 Dec is cancelled');
    const run = await retentionJob.run({
      deps: t.bot.deps,
      now: new Date('2026-12-11T03:30:00Z'),
      dryRun: false,
    });
    expect(run.counts.teams).toBe(0);
    expect(await stories()).toContain(`${B.user}:${MARK} five`);
  });

  it('a period that blanks nothing takes effect at once', async () => {
    const long = await command(ADMIN, 'retention 60');
    expect(blockText(long.blocks)).toContain('now *60 months*');
  });
});
