import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, CALLBACK, HOME_ACTION, LOG_BLOCK } from '../../src/interaction-ids.js';
import { rowCounts as countEveryTable } from '../support/db.js';
import { logNew } from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A single-workspace install serves its own workspace only (the team auth.test names): a signed
 * request from any other team, however well formed, is refused before any listener runs, with
 * no Slack call and nothing written. An org-wide install serves its org's workspaces, and no
 * other org's.
 */

const stranger = { user: 'UAMY', team: 'T0999' };

/** Every app table's row count, on SQLite or PostgreSQL (test/support/db.ts). */
function rowCounts(t: TestApp): Promise<Record<string, number>> {
  return countEveryTable(t.bot.deps.db);
}

async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
}

/** Every Slack call after `from`, but the one auth.test that tells the bot who it is. */
function callsSince(t: TestApp, from: number) {
  return t.slack.calls.slice(from).filter((c) => c.method !== 'auth.test');
}

describe('single-workspace install', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
    t.slack.users.set('UAMY', { id: 'UAMY', real_name: 'Amy', tz: 'Europe/London' });
    await logNew(t, { user: 'UAMY' }, 'Known Person');
    // The confirmation DM and the Home tab follow the ack: let them land before counting calls.
    await until(() => t.slack.calls.some((c) => c.method === 'chat.postMessage'));
    await until(() => t.slack.calls.some((c) => c.method === 'views.publish'));
  });
  afterAll(() => t.stop());

  it('refuses every kind of request from another workspace: no Slack call, nothing written', async () => {
    const before = await rowCounts(t);
    const calls = t.slack.calls.length;
    const responses = t.slack.responses.length;

    const command = await t.send.command('', stranger);
    expect(command.status).toBe(200);
    expect(command.text).toBe('');
    expect((await t.send.command('goal 9', stranger)).status).toBe(200);
    expect((await t.send.command('people', stranger)).status).toBe(200);
    await t.send.shortcut(stranger, 'log_one_to_one');
    await t.send.blockAction(stranger, { action_id: ACTION.openOneToOne, value: 'x' });
    await t.send.blockAction(stranger, { action_id: HOME_ACTION.log, value: '' }, { view: { id: 'V1' } });
    const options = await t.send.options(stranger, ACTION.personSearch, LOG_BLOCK.existingPerson, 'Kno');
    expect(options.status).toBe(200);
    expect(options.text).not.toContain('Known Person');
    const submission = await t.send.viewSubmission(
      stranger,
      { id: 'V9', callback_id: CALLBACK.logModal, type: 'modal', private_metadata: '' },
      { [LOG_BLOCK.newName]: { value: { type: 'plain_text_input', value: 'Someone' } } },
    );
    expect(submission.status).toBe(200);
    expect(submission.text).toBe('');
    const home = await t.send.event('T0999', { type: 'app_home_opened', user: 'UAMY', tab: 'home' });
    expect(home.status).toBe(200);
    // Events are acked before listeners would run: give a wrongly served event time to act.
    await new Promise((r) => setTimeout(r, 200));

    expect(callsSince(t, calls)).toEqual([]);
    expect(t.slack.responses.length).toBe(responses);
    expect(await rowCounts(t)).toEqual(before);
    const refusals = t.logs.filter((l) => l.includes('foreign_team'));
    expect(refusals.length).toBeGreaterThanOrEqual(8);
    for (const line of refusals) expect(line).not.toMatch(/Someone|Known Person/);
  });

  it('still serves its own workspace', async () => {
    const calls = t.slack.calls.length;
    await t.send.event('T0001', { type: 'app_home_opened', user: 'UAMY', tab: 'home' });
    await expect.poll(() => t.slack.calls.slice(calls).some((c) => c.method === 'views.publish')).toBe(true);
  });
});

describe('org-wide install', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-25T12:00:00Z', orgWide: true });
  });
  afterAll(() => t.stop());

  it('serves every workspace of its org, and refuses another org', async () => {
    const calls = t.slack.calls.length;
    await t.send.event('T0002', { type: 'app_home_opened', user: 'UAMY', tab: 'home' });
    await expect
      .poll(() => t.slack.calls.slice(calls).filter((c) => c.method === 'views.publish').length)
      .toBe(1);

    const before = await rowCounts(t);
    const after = t.slack.calls.length;
    t.send.enterprise = 'E0002';
    try {
      await t.send.event('T0003', { type: 'app_home_opened', user: 'UAMY', tab: 'home' });
      expect((await t.send.command('goal 9', { user: 'UAMY', team: 'T0003' })).text).toBe('');
    } finally {
      t.send.enterprise = 'E0001';
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(callsSince(t, after)).toEqual([]);
    expect(await rowCounts(t)).toEqual(before);
  });
});
