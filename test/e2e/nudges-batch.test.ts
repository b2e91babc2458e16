import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nudgesJob } from '../../src/jobs/nudges.js';
import { seedNextStepsDue } from '../support/job-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The nudge tick a batch at a time (src/services/nudges/batch.ts, issue 10's 20,000 organisers):
 * stale time zones read from users.list pages rather than users.info per organiser, stored in
 * the organisers table, and a moved or departed organiser handled as one by one.
 */

const TEAM = 'T0001';
const NOW = '2026-12-02T10:00:00Z'; // a Wednesday: 10:00 in London, 05:00 in New York

async function run(t: TestApp, at: string) {
  t.clock.set(at);
  return nudgesJob.run({ deps: t.bot.deps, now: new Date(at), dryRun: false });
}

async function zones(t: TestApp, users: string[]) {
  const rows = await t.bot.deps.db
    .selectFrom('organisers')
    .select(['user_id', 'time_zone', 'time_zone_checked_at'])
    .where('team_id', '=', TEAM)
    .where('user_id', 'in', users)
    .orderBy('user_id')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.user_id, r.time_zone]));
}

const dmsTo = (t: TestApp, user: string) => t.slack.messages.filter((m) => m.channel === `D${user}`);

describe('many organisers with stale time zones in one workspace', () => {
  let t: TestApp;
  const LONDON = ['UBATCH1', 'UBATCH2', 'UBATCH3', 'UBATCH4'];
  const MOVED = 'UBATCHNY';
  const GONE = 'UBATCHGONE';
  const NOBODY = 'UBATCHNOBODY';
  const all = [...LONDON, MOVED, GONE, NOBODY];

  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    for (const id of LONDON) t.slack.users.set(id, { id, tz: 'Europe/London', real_name: id });
    t.slack.users.set(MOVED, { id: MOVED, tz: 'America/New_York', real_name: MOVED });
    t.slack.users.set(GONE, { id: GONE, tz: 'Europe/London', deleted: true });
    // NOBODY is in no users.list page: users.info says user_not_found.
    // Organisers with no zone stored yet: every one must be asked of Slack.
    await seedNextStepsDue(t.bot.deps.db, TEAM, all, '2026-12-02');
  });
  afterAll(() => t.stop());

  it('reads users.list once instead of users.info each, stores the zones, and decides in each zone', async () => {
    const result = await run(t, NOW);
    expect(t.slack.callsOf('users.list')).toHaveLength(1);
    // Only the one no page named is asked on its own.
    expect(t.slack.callsOf('users.info').map((c) => c.args.user)).toEqual([NOBODY]);
    expect(result.counts).toMatchObject({ sent: LONDON.length, inactive: 2, failed: 0 });
    for (const user of LONDON) expect(dmsTo(t, user)).toHaveLength(1);
    // 05:00 in New York: not yet, in their zone (the default zone said 10:00).
    expect(dmsTo(t, MOVED)).toHaveLength(0);
    expect(dmsTo(t, GONE)).toHaveLength(0);
    expect(await zones(t, all)).toMatchObject({
      ...Object.fromEntries(LONDON.map((u) => [u, 'Europe/London'])),
      [MOVED]: 'America/New_York',
    });
    // The New York day was given back, not used: nothing holds it.
    const days = await t.bot.deps.db
      .selectFrom('nudge_days')
      .select(['user_id', 'status'])
      .where('team_id', '=', TEAM)
      .orderBy('user_id')
      .execute();
    expect(days.find((d) => d.user_id === MOVED)).toBeUndefined();
    expect(days.filter((d) => d.status === 'skipped').map((d) => d.user_id)).toEqual([GONE, NOBODY].sort());
  });

  it('asks Slack nothing while the stored zones are fresh, and sends the New Yorker at 09:00 there', async () => {
    const lists = t.slack.callsOf('users.list').length;
    const infos = t.slack.callsOf('users.info').length;
    const result = await run(t, '2026-12-02T14:05:00Z');
    expect(result.counts).toMatchObject({ sent: 1, failed: 0 });
    expect(dmsTo(t, MOVED)).toHaveLength(1);
    for (const user of LONDON) expect(dmsTo(t, user)).toHaveLength(1);
    expect(t.slack.callsOf('users.list')).toHaveLength(lists);
    expect(t.slack.callsOf('users.info')).toHaveLength(infos);
  });
});

describe('a few organisers with stale time zones', () => {
  let t: TestApp;
  const USERS = ['UFEW1', 'UFEW2'];

  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    for (const id of USERS) t.slack.users.set(id, { id, tz: 'Europe/London', real_name: id });
    await seedNextStepsDue(t.bot.deps.db, TEAM, USERS, '2026-12-02');
  });
  afterAll(() => t.stop());

  it('asks users.info for each (cheaper than a users.list page for so few)', async () => {
    const result = await run(t, NOW);
    expect(result.counts).toMatchObject({ sent: USERS.length, failed: 0 });
    expect(t.slack.callsOf('users.list')).toHaveLength(0);
    expect(
      t.slack
        .callsOf('users.info')
        .map((c) => c.args.user)
        .sort(),
    ).toEqual(USERS);
    expect(await zones(t, USERS)).toEqual({ UFEW1: 'Europe/London', UFEW2: 'Europe/London' });
  });
});
