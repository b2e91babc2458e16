import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.js';
import { nudgesJob } from '../../src/jobs/nudges.js';
import { claimAndPrepareNudgeBatch, sentRecorder } from '../../src/services/nudges/batch.js';
import { loadNudgeContext } from '../../src/services/nudges/daily-dm.js';
import { findDueNudges } from '../../src/services/nudges/due.js';
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

/** Counts the statements run through it. */
class Counter implements KyselyPlugin {
  n = 0;
  transformQuery(args: PluginTransformQueryArgs) {
    this.n++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs) {
    return args.result;
  }
}

describe('a batch of DMs reads its records per batch, not per organiser', () => {
  let t: TestApp;
  const at = '2026-11-20T12:00:00.000Z';
  const users = (team: string, n: number) => Array.from({ length: n }, (_, i) => `U${team}${i}`);
  /** Organisers whose next steps went unanswered in their last three DMs. */
  const ignoring = (list: string[]) => list.filter((_, i) => i % 3 === 0);

  async function seedTeam(db: Db, team: string, list: string[]) {
    await seedNextStepsDue(db, team, list, '2026-12-02');
    for (const user of list) {
      t.slack.users.set(user, { id: user, tz: 'Europe/London', real_name: user });
      const person = `P-${team}-${user}`;
      // A house meeting's follow-up due today: the same kind, from the other table.
      await db
        .insertInto('house_meetings')
        .values({
          id: `H-${team}-${user}`,
          team_id: team,
          organiser_id: user,
          held_on: '2026-11-20',
          host_kind: 'me',
          host_user_id: user,
          host_person_id: null,
          place: null,
          attendance: 5,
          campaign_id: null,
          created_at: at,
          updated_at: at,
          view_id: null,
        })
        .execute();
      await db
        .insertInto('house_meeting_follow_ups')
        .values({
          id: `F-${team}-${user}`,
          team_id: team,
          organiser_id: user,
          house_meeting_id: `H-${team}-${user}`,
          person_id: person,
          due_on: '2026-12-02',
          done_at: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
    // Three earlier steps, each sent on its own day and never answered: the back-off asks.
    for (const user of ignoring(list)) {
      for (const [n, day] of ['2026-11-25', '2026-11-26', '2026-11-27'].entries()) {
        const id = `O-${team}-${user}-${n}`;
        await db
          .insertInto('one_to_ones')
          .values({
            id,
            team_id: team,
            organiser_id: user,
            person_id: `P-${team}-${user}`,
            met_on: '2026-11-18',
            duration_minutes: 30,
            next_step_kind: 'action',
            next_step_due_on: day,
            created_at: at,
            updated_at: at,
          })
          .execute();
        await db
          .insertInto('nudge_ledger')
          .values({
            id: `L-${id}`,
            team_id: team,
            user_id: user,
            kind: 'next_step',
            subject_id: id,
            due_on: day,
            status: 'sent',
            local_date: day,
            claim_token: null,
            claimed_at: null,
            channel: `D${user}`,
            ts: `${n}.0`,
            sent_at: `${day}T10:00:00.000Z`,
            outcome: null,
            outcome_at: null,
            created_at: `${day}T10:00:00.000Z`,
            updated_at: `${day}T10:00:00.000Z`,
          })
          .execute();
      }
    }
  }

  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    await seedTeam(t.bot.deps.db, 'TSMALL', users('TSMALL', 6));
    await seedTeam(t.bot.deps.db, 'TLARGE', users('TLARGE', 24));
  });
  afterAll(() => t.stop());

  async function prepare(team: string) {
    const now = new Date(NOW);
    const due = (await findDueNudges(t.bot.deps, now)).filter((o) => o.teamId === team);
    const ctx = await loadNudgeContext(
      t.bot.deps,
      team,
      due.map((o) => o.userId),
      now,
    );
    const counter = new Counter();
    const deps = { ...t.bot.deps, db: t.bot.deps.db.withPlugin(counter) };
    const outcomes = await claimAndPrepareNudgeBatch(deps, due, ctx, now, () => now);
    return { outcomes, statements: counter.n };
  }

  it('runs as many statements for 24 organisers as for 6, and each DM is what it was one by one', async () => {
    const small = await prepare('TSMALL');
    const large = await prepare('TLARGE');
    expect(small.outcomes).toHaveLength(6);
    expect(large.outcomes).toHaveLength(24);
    expect(large.statements).toBe(small.statements);
    for (const [team, { outcomes }] of [
      ['TSMALL', small],
      ['TLARGE', large],
    ] as const) {
      const asking = new Set(ignoring(users(team, outcomes.length)));
      for (const o of outcomes) {
        expect(o.status).toBe('claimed');
        if (o.status !== 'claimed') continue;
        const cards = o.claimed.items.map((i) => [i.kind.name, i.candidate.subjectId, i.item]);
        if (asking.has(o.org.userId)) {
          // Asked about instead of shown (one question for the kind).
          expect(cards).toEqual([['keep', 'next_step', expect.objectContaining({ kind: 'next_step' })]]);
        } else {
          expect(cards).toEqual([
            [
              'next_step',
              `F-${team}-${o.org.userId}`,
              expect.objectContaining({ source: 'house_meeting', dueOn: '2026-12-02', done: false }),
            ],
            [
              'next_step',
              `O-${team}-${o.org.userId}`,
              expect.objectContaining({ source: 'one_to_one', dueOn: '2026-12-02', done: false }),
            ],
          ]);
        }
      }
    }
  });
});

describe('DMs sent at the same moment are recorded together', () => {
  let t: TestApp;
  const USERS = ['UGROUP1', 'UGROUP2', 'UGROUP3'];

  beforeAll(async () => {
    t = await startTestApp({ now: NOW });
    for (const id of USERS) t.slack.users.set(id, { id, tz: 'Europe/London', real_name: id });
    await seedNextStepsDue(t.bot.deps.db, 'TGROUP', USERS, '2026-12-02');
  });
  afterAll(() => t.stop());

  it('writes the records of DMs answered in one turn in one transaction', async () => {
    const now = new Date(NOW);
    const due = (await findDueNudges(t.bot.deps, now)).filter((o) => o.teamId === 'TGROUP');
    const ctx = await loadNudgeContext(
      t.bot.deps,
      'TGROUP',
      due.map((o) => o.userId),
      now,
    );
    const outcomes = await claimAndPrepareNudgeBatch(t.bot.deps, due, ctx, now, () => now);
    const db = t.bot.deps.db;
    let transactions = 0;
    const counted = new Proxy(db, {
      get(target, p) {
        if (p === 'transaction') transactions++;
        const v = Reflect.get(target, p);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const record = sentRecorder({ db: counted }, () => now);
    await Promise.all(
      outcomes.map((o, n) =>
        o.status === 'claimed' ? record(o.claimed, `D${o.org.userId}`, `${n}.1`) : undefined,
      ),
    );
    expect(outcomes.filter((o) => o.status === 'claimed')).toHaveLength(USERS.length);
    expect(transactions).toBe(1);
    const days = await db
      .selectFrom('nudge_days')
      .select(['user_id', 'status'])
      .where('team_id', '=', 'TGROUP')
      .orderBy('user_id')
      .execute();
    expect(days).toEqual(USERS.map((u) => ({ user_id: u, status: 'sent' })));
    const ledger = await db
      .selectFrom('nudge_ledger')
      .select('status')
      .where('team_id', '=', 'TGROUP')
      .execute();
    expect(ledger.map((r) => r.status)).toEqual(USERS.map(() => 'sent'));
  });
});
