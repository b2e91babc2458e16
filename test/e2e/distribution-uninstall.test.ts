import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestJob } from '../../src/jobs/digest.js';
import { createErasureJob, erasureJob } from '../../src/jobs/erasure.js';
import { nudgesJob } from '../../src/jobs/nudges.js';
import { retentionJob } from '../../src/jobs/retention.js';
import {
  type DistributedApp,
  install,
  installationRow,
  startDistributedApp,
  teamRowCounts,
  tokenOf,
  until,
} from '../support/distribution.js';
import { logNew } from '../support/onetoone.js';

/**
 * Uninstalling (issue 10): app_uninstalled and tokens_revoked (bot tokens) stop every further
 * Slack call for the workspace at once (requests refused, jobs skip it, the port refuses), its
 * data is erased after UNINSTALL_GRACE_DAYS in batches with an audit row, and a reinstall within
 * the grace period keeps the data. With a grace period of 0 the erasure runs at once.
 */

const DAY = 86_400_000;
/** When the first uninstall happens. */
const D = '2026-12-02T10:01:00.000Z';
const at = (days: number) => new Date(Date.parse(D) + days * DAY);

async function auditOf(t: DistributedApp, teamId: string) {
  return t.bot.deps.db
    .selectFrom('installation_audit')
    .select(['event', 'counts'])
    .where('team_id', '=', teamId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** A one-to-one, a reflection-free next step and settings: rows in several tables. */
async function someData(t: DistributedApp, teamId: string, user: string) {
  t.slack.users.set(user, { id: user, real_name: `Organiser ${user}`, tz: 'Europe/London' });
  await logNew(t, { user, team: teamId }, `Person A ${teamId}`);
  await logNew(t, { user, team: teamId }, `Person B ${teamId}`);
  await logNew(t, { user, team: teamId }, `Person C ${teamId}`);
  await t.send.command('goal 4', { user, team: teamId });
  await until(async () => ((await teamRowCounts(t.bot.deps.db, teamId)).organisers ?? 0) > 0);
}

describe('uninstall with a grace period', () => {
  let t: DistributedApp;
  beforeAll(async () => {
    t = await startDistributedApp({ now: '2026-12-02T10:00:00Z', env: { UNINSTALL_GRACE_DAYS: '30' } });
    for (const team of ['T0002', 'T0003', 'T0004']) {
      expect((await install(t, { teamId: team })).status).toBe(200);
    }
    await someData(t, 'T0002', 'UAMY');
    await someData(t, 'T0003', 'UBEN');
    await someData(t, 'T0004', 'UCAL');
    // Apart from the installs, so the audit rows of each workspace fall in order.
    t.clock.set(D);
  });
  afterAll(() => t.stop());

  it('app_uninstalled marks the install, and no further call is made for the workspace', async () => {
    const token = tokenOf(t, 'T0002');
    expect(await t.bot.deps.workspaces!.isServed('T0002')).toBe(true);
    const res = await t.send.event('T0002', { type: 'app_uninstalled' });
    expect(res.status).toBe(200);
    await until(async () => (await installationRow(t.bot.deps.db, 'T0002'))?.uninstalled_at != null);

    const row = (await installationRow(t.bot.deps.db, 'T0002'))!;
    expect(row.uninstalled_at).toBe(D);
    expect(row.erase_after).toBe(at(30).toISOString());
    expect((await auditOf(t, 'T0002')).map((a) => a.event)).toEqual(['installed', 'uninstalled']);

    // Served no more, at once.
    expect(await t.bot.deps.workspaces!.isServed('T0002')).toBe(false);
    const served = await t.bot.deps.workspaces!.served();
    expect(served).not.toBe('all');
    expect([...(served as Set<string>)].sort()).toEqual(['T0003', 'T0004']);

    const calls = t.slack.calls.length;
    // A request: refused before any listener, no Slack call.
    const command = await t.send.command('', { user: 'UAMY', team: 'T0002' });
    expect(command.status).toBe(200);
    expect(command.text).toBe('');
    await t.send.event('T0002', { type: 'app_home_opened', user: 'UAMY', tab: 'home' });
    // The port (listeners' and jobs'): refused without a call.
    await expect(t.bot.deps.slack.postDm('T0002', 'UAMY', { text: 'hi' })).rejects.toMatchObject({
      code: 'not_installed',
    });
    await expect(t.bot.jobDeps.slack.postDm('T0002', 'UAMY', { text: 'hi' })).rejects.toMatchObject({
      code: 'not_installed',
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(t.slack.calls.slice(calls)).toEqual([]);

    // The jobs, run with the bot's own job deps at a time every digest and nudge could fall due.
    for (const job of [digestJob, nudgesJob, retentionJob]) {
      for (const at of ['2026-12-07T09:05:00Z', '2026-12-08T10:00:00Z']) {
        await job.run({ deps: t.bot.jobDeps, now: new Date(at), dryRun: false }).catch(() => undefined);
      }
    }
    expect(t.slack.calls.slice(calls).filter((c) => c.token === token)).toEqual([]);
    expect(t.logs.join('\n')).not.toContain(token);
  });

  it('a slack retry of app_uninstalled changes nothing more (one audit row)', async () => {
    await t.send.event('T0002', { type: 'app_uninstalled' });
    await new Promise((r) => setTimeout(r, 100));
    expect((await auditOf(t, 'T0002')).map((a) => a.event)).toEqual(['installed', 'uninstalled']);
  });

  it('tokens_revoked: user tokens only change nothing; the bot token uninstalls', async () => {
    t.clock.set(at(5));
    await t.send.event('T0003', { type: 'tokens_revoked', tokens: { oauth: ['UBEN'] } });
    await new Promise((r) => setTimeout(r, 100));
    expect((await installationRow(t.bot.deps.db, 'T0003'))!.uninstalled_at).toBeNull();
    expect(await t.bot.deps.workspaces!.isServed('T0003')).toBe(true);

    await t.send.event('T0003', { type: 'tokens_revoked', tokens: { bot: ['UBOTT0003'] } });
    await until(async () => (await installationRow(t.bot.deps.db, 'T0003'))?.uninstalled_at != null);
    expect(await t.bot.deps.workspaces!.isServed('T0003')).toBe(false);
    expect((await auditOf(t, 'T0003')).map((a) => a.event)).toEqual(['installed', 'tokens_revoked']);
  });

  it('keeps the data of a workspace that reinstalls within the grace period', async () => {
    const before = await teamRowCounts(t.bot.deps.db, 'T0002');
    const revoked = await teamRowCounts(t.bot.deps.db, 'T0003');
    t.clock.set(at(15));
    expect((await install(t, { teamId: 'T0002' })).status).toBe(200);
    const row = (await installationRow(t.bot.deps.db, 'T0002'))!;
    expect(row.uninstalled_at).toBeNull();
    expect(row.erase_after).toBeNull();
    expect(await t.bot.deps.workspaces!.isServed('T0002')).toBe(true);

    // After its original grace period: nothing of T0002 is erased (nor of T0003, not yet due).
    await erasureJob.run({ deps: t.bot.jobDeps, now: at(31), dryRun: false });
    expect(await teamRowCounts(t.bot.deps.db, 'T0002')).toEqual(before);
    expect(await teamRowCounts(t.bot.deps.db, 'T0003')).toEqual(revoked);
    expect((await auditOf(t, 'T0002')).map((a) => a.event)).toEqual([
      'installed',
      'uninstalled',
      'reinstalled',
    ]);

    // And it is served again, with its new token.
    const calls = t.slack.calls.length;
    await t.send.event('T0002', { type: 'app_home_opened', user: 'UAMY', tab: 'home' });
    const publish = await t.slack.waitFor(() =>
      t.slack.calls.slice(calls).find((c) => c.method === 'views.publish'),
    );
    expect(publish.token).toBe(tokenOf(t, 'T0002'));
  });

  it('erases an uninstalled workspace’s data after the grace period, in batches, with an audit row', async () => {
    const before = await teamRowCounts(t.bot.deps.db, 'T0003');
    const others = await teamRowCounts(t.bot.deps.db, 'T0004');
    expect(before.one_to_ones).toBe(3);
    expect(before.people).toBe(3);
    expect(before.organisers).toBe(1);

    // Not yet: the grace period runs 30 days from the uninstall.
    const early = await erasureJob.run({ deps: t.bot.jobDeps, now: t.clock.now(), dryRun: false });
    expect(early.counts.erased).toBe(0);
    expect(await teamRowCounts(t.bot.deps.db, 'T0003')).toEqual(before);

    const after = at(36);
    const dry = await erasureJob.run({ deps: t.bot.jobDeps, now: after, dryRun: true });
    expect(dry.counts.due).toBe(1);
    expect(await teamRowCounts(t.bot.deps.db, 'T0003')).toEqual(before);

    const result = await createErasureJob({ batchSize: 2 }).run({
      deps: t.bot.jobDeps,
      now: after,
      dryRun: false,
    });
    expect(result.counts.erased).toBe(1);
    // Three one-to-ones and three people in batches of two: more statements than tables.
    expect(result.counts.batches).toBeGreaterThan(13);

    const gone = await teamRowCounts(t.bot.deps.db, 'T0003');
    expect(Object.values(gone).every((n) => n === 0)).toBe(true);
    expect(await installationRow(t.bot.deps.db, 'T0003')).toBeUndefined();
    const audit = await auditOf(t, 'T0003');
    expect(audit.map((a) => a.event)).toEqual(['installed', 'tokens_revoked', 'erased']);
    const counts = JSON.parse(audit.at(-1)!.counts!);
    expect(counts).toMatchObject({ one_to_ones: 3, people: 3, organisers: 1 });
    expect(JSON.stringify(audit)).not.toMatch(/Person|xoxb-/);

    // Another workspace is untouched; a second run finds nothing.
    expect(await teamRowCounts(t.bot.deps.db, 'T0004')).toEqual(others);
    const again = await erasureJob.run({ deps: t.bot.jobDeps, now: after, dryRun: false });
    expect(again.counts.due).toBe(0);
  });
});

describe('uninstall with UNINSTALL_GRACE_DAYS=0', () => {
  let t: DistributedApp;
  beforeAll(async () => {
    t = await startDistributedApp({ now: '2026-12-02T10:00:00Z', env: { UNINSTALL_GRACE_DAYS: '0' } });
    await install(t, { teamId: 'T0005' });
    await install(t, { teamId: 'T0006' });
    await someData(t, 'T0005', 'UDEE');
    await someData(t, 'T0006', 'UEVE');
  });
  afterAll(() => t.stop());

  it('erases the workspace’s data at once', async () => {
    const others = await teamRowCounts(t.bot.deps.db, 'T0006');
    await t.send.event('T0005', { type: 'app_uninstalled' });
    await until(async () => (await installationRow(t.bot.deps.db, 'T0005')) === undefined);
    const gone = await teamRowCounts(t.bot.deps.db, 'T0005');
    expect(Object.values(gone).every((n) => n === 0)).toBe(true);
    // Uninstalled and erased in the same instant: in either order.
    expect((await auditOf(t, 'T0005')).map((a) => a.event).sort()).toEqual([
      'erased',
      'installed',
      'uninstalled',
    ]);
    expect(await teamRowCounts(t.bot.deps.db, 'T0006')).toEqual(others);
    expect(await t.bot.deps.workspaces!.isServed('T0005')).toBe(false);
  });
});
