import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { createJobSlack } from '../../src/jobs/client.js';
import { digestJob } from '../../src/jobs/digest.js';
import { nudgesJob } from '../../src/jobs/nudges.js';
import type { Workspaces } from '../../src/ports/workspaces.js';
import type { RateLimitTable } from '../../src/slack/port/rate-limits.js';
import { seedDigestChannels, seedNextStepsDue } from '../support/job-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Jobs across many workspaces: each workspace's calls go with its own token through its own
 * rate-limit windows, workspaces are worked through at once, and a large or rate-limited
 * workspace holds up only itself. Slack's windows are a minute; here they are scaled to a second
 * so the test runs in seconds (the same code, a smaller table).
 */

const SECOND: RateLimitTable = {
  methods: {
    'users.info': { calls: 5, perMs: 1000 },
    'conversations.members': { calls: 5, perMs: 1000 },
    'chat.postMessage': { calls: 5, perMs: 1000 },
  },
  otherMethods: { calls: 5, perMs: 1000 },
  perChannel: { 'chat.postMessage': { calls: 1, perMs: 1000 } },
};
/** The fake counts a call when it arrives, the limiter when it starts: allow for loopback jitter. */
const JITTER_MS = 50;

function jobDeps(t: TestApp, workspaces?: Workspaces): Deps {
  const slack = createJobSlack(t.bot.deps.config, t.bot.deps.logger, {
    // Every workspace its own token, so the fake Slack can tell them apart.
    tokenFor: async (teamId) => `xoxb-${teamId}`,
    rateLimits: SECOND,
    clientOptions: { retryConfig: { retries: 0 } },
  });
  return { ...t.bot.deps, slack, ...(workspaces ? { workspaces } : {}) };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** When the last call of `method` by `team` arrived. */
function lastCallAt(t: TestApp, team: string, method: string): number {
  return Math.max(
    ...t.slack
      .callsOf(method)
      .filter((c) => c.team === team && !c.rateLimited)
      .map((c) => c.at),
  );
}

describe('digests in many workspaces at once', () => {
  let t: TestApp;
  const teams = Array.from({ length: 40 }, (_, i) => `TW${pad(i + 1)}`);
  const channelsOf = (team: string, n = 3) => Array.from({ length: n }, (_, i) => `C${team}${i + 1}`);
  const BIG = 'TBIG';
  const SLOW = 'TSLOW';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-11-30T09:00:00Z' });
    for (const team of teams) await seedDigestChannels(t.bot.deps.db, t.slack, team, channelsOf(team));
    // Large: 15 channels, more than the limiter lets through in a second.
    await seedDigestChannels(t.bot.deps.db, t.slack, BIG, channelsOf(BIG, 15));
    // Rate-limited by Slack itself: one post a second, 429 with Retry-After past it.
    await seedDigestChannels(t.bot.deps.db, t.slack, SLOW, channelsOf(SLOW, 4));
    t.slack.rateLimit(SLOW, 'chat.postMessage', { calls: 1, perMs: 1000, retryAfter: 1 });
    // Slack's limit for every other workspace, a little above the limiter's: a 429 here is a limiter that let too much through.
    for (const team of [...teams, BIG]) {
      t.slack.rateLimit(team, 'conversations.members', { calls: 6, perMs: 1000 });
      t.slack.rateLimit(team, 'chat.postMessage', { calls: 6, perMs: 1000 });
    }
  });
  afterAll(() => t.stop());

  it('posts every digest once; the rate-limited and the large workspace delay no other', async () => {
    const started = Date.now();
    const result = await digestJob.run({
      deps: jobDeps(t),
      now: new Date('2026-11-30T09:00:00Z'),
      dryRun: false,
    });
    const took = Date.now() - started;
    const all = [...teams, BIG, SLOW];
    const channels = all.flatMap((team) => channelsOf(team, team === BIG ? 15 : team === SLOW ? 4 : 3));
    expect(result.counts).toMatchObject({
      subscriptions: channels.length,
      posted: channels.length,
      failed: 0,
    });
    for (const channel of channels)
      expect(t.slack.messages.filter((m) => m.channel === channel)).toHaveLength(1);

    // Slack answered 429 to SLOW only, and each Retry-After was waited out: the post Slack refused
    // is sent again only once its Retry-After has passed. (Measured per refused call, from the
    // moment Slack answered it: its retry cannot have been in flight before that, however slow
    // the machine, so the check holds on a loaded CI machine as on a quiet one.)
    const limited = t.slack.rateLimitedCalls;
    expect(limited.length).toBeGreaterThan(0);
    expect(new Set(limited.map((c) => c.team))).toEqual(new Set([SLOW]));
    const slowPosts = t.slack.callsOf('chat.postMessage').filter((c) => c.team === SLOW);
    for (const c of limited) {
      const next = slowPosts.find((p) => p.args.channel === c.args.channel && p.at > c.at);
      expect(next).toBeDefined();
      expect(next!.at).toBeGreaterThanOrEqual(c.at + c.rateLimited!.retryAfter * 1000 - JITTER_MS);
    }

    // Within each workspace, never more calls in a window than the limiter allows.
    for (const team of [...teams, BIG]) {
      for (const method of ['conversations.members', 'chat.postMessage']) {
        expect(t.slack.maxCallsPerWindow(team, method, 1000 - JITTER_MS)).toBeLessThanOrEqual(5);
      }
    }

    // Every small workspace was done before the large and the rate-limited ones were.
    const smallDone = Math.max(...teams.map((team) => lastCallAt(t, team, 'chat.postMessage')));
    const bigDone = lastCallAt(t, BIG, 'chat.postMessage');
    const slowDone = lastCallAt(t, SLOW, 'chat.postMessage');
    expect(bigDone - started).toBeGreaterThanOrEqual(2000); // 15 channels at 5 a second
    expect(slowDone - started).toBeGreaterThanOrEqual(3000); // 4 posts, 1 a second
    expect(smallDone).toBeLessThan(bigDone);
    expect(smallDone).toBeLessThan(slowDone);
    console.log(
      JSON.stringify({
        digestWorkspaces: all.length,
        channels: channels.length,
        msTotal: took,
        msSmallDone: smallDone - started,
        msBigDone: bigDone - started,
        msSlowDone: slowDone - started,
        http429: limited.length,
        maxMembersCallsPerSecondBig: t.slack.maxCallsPerWindow(
          BIG,
          'conversations.members',
          1000 - JITTER_MS,
        ),
      }),
    );
  });

  it('a second run posts nothing more', async () => {
    const before = t.slack.messages.length;
    const again = await digestJob.run({
      deps: jobDeps(t),
      now: new Date('2026-11-30T09:05:00Z'),
      dryRun: false,
    });
    expect(again.counts.posted).toBe(0);
    expect(t.slack.messages.length).toBe(before);
  });
});

describe('nudges in many workspaces at once, served ones only', () => {
  let t: TestApp;
  const teams = Array.from({ length: 20 }, (_, i) => `TN${pad(i + 1)}`);
  const SLOW = 'TNSLOW';
  const OFF = 'TNOFF'; // never installed here (not served)
  const GONE = 'TNGONE'; // uninstalled after the job began: served() still lists it
  const usersOf = (team: string, n = 3) => Array.from({ length: n }, (_, i) => `U${team}${i + 1}`);

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-12-02T10:00:00Z' });
    for (const team of [...teams, SLOW, OFF, GONE]) {
      const users = usersOf(team, team === SLOW ? 4 : 3);
      for (const id of users) t.slack.users.set(id, { id, tz: 'Europe/London', real_name: id });
      await seedNextStepsDue(t.bot.deps.db, team, users, '2026-12-02');
    }
    // Slack limits SLOW's users.info to one a second.
    t.slack.rateLimit(SLOW, 'users.info', { calls: 1, perMs: 1000, retryAfter: 1 });
  });
  afterAll(() => t.stop());

  it('sends each served organiser one DM; skips unserved and uninstalled workspaces with no call', async () => {
    const served = new Set([...teams, SLOW, GONE]);
    const workspaces: Workspaces = {
      served: async () => served,
      isServed: async (teamId) => served.has(teamId) && teamId !== GONE,
    };
    const started = Date.now();
    const result = await nudgesJob.run({
      deps: jobDeps(t, workspaces),
      now: new Date('2026-12-02T10:00:00Z'),
      dryRun: false,
    });
    const took = Date.now() - started;
    const sentTo = (user: string) => t.slack.messages.filter((m) => m.channel === `D${user}`).length;
    for (const team of [...teams, SLOW]) {
      for (const user of usersOf(team, team === SLOW ? 4 : 3)) expect(sentTo(user)).toBe(1);
    }
    for (const user of [...usersOf(OFF), ...usersOf(GONE)]) expect(sentTo(user)).toBe(0);
    expect(t.slack.calls.filter((c) => c.team === OFF || c.team === GONE)).toEqual([]);
    expect(result.counts).toMatchObject({ sent: teams.length * 3 + 4, unserved: 6, failed: 0 });

    const limited = t.slack.rateLimitedCalls;
    expect(new Set(limited.map((c) => c.team))).toEqual(new Set([SLOW]));
    const othersDone = Math.max(...teams.map((team) => lastCallAt(t, team, 'chat.postMessage')));
    const slowDone = lastCallAt(t, SLOW, 'chat.postMessage');
    expect(slowDone - started).toBeGreaterThanOrEqual(2500);
    expect(othersDone).toBeLessThan(slowDone);
    console.log(
      JSON.stringify({
        nudgeWorkspaces: teams.length + 1,
        dms: result.counts.sent,
        msTotal: took,
        msOthersDone: othersDone - started,
        msSlowDone: slowDone - started,
        http429: limited.length,
      }),
    );
  });
});
