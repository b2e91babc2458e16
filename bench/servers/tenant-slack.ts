import { SLACK_RATE_LIMITS } from '../../src/slack/port/rate-limits.js';
import { BOT_USER_ID, startFakeSlack } from '../../test/support/fake-slack.js';
import { serveRpc } from './ipc.js';

/**
 * The tests' fake Slack (test/support/fake-slack.ts) for many workspaces, in its own process so
 * its work is not counted as the jobs': each workspace is told apart by its token
 * (`xoxb-<team id>`) and held to Slack's per-workspace limits, as Slack would: every method at
 * its tier, chat.postMessage at one message a second per channel. Past a limit it answers 429
 * with Retry-After. It reports what the jobs' clients did to it.
 */
const slack = await startFakeSlack();

interface Team {
  id: string;
  channel: string;
  members: string[];
}

serveRpc({
  start: (teams: Team[]) => {
    for (const team of teams) {
      slack.channels.set(team.channel, { id: team.channel, members: [...team.members, BOT_USER_ID] });
      for (const id of team.members) slack.users.set(id, { id, tz: 'Europe/London', team: team.id });
      for (const [method, rate] of Object.entries(SLACK_RATE_LIMITS.methods)) {
        const perChannel = SLACK_RATE_LIMITS.perChannel[method];
        slack.rateLimit(team.id, method, perChannel ? { ...perChannel, perChannel: true } : rate);
      }
    }
    return slack.apiUrl;
  },
  reset: () => slack.reset(),
  /** chat.postMessage calls answered (not 429): digests to channels, DMs to users. */
  posted: () => slack.messages.length,
  stats: () => {
    // One pass: calls by team, then the busiest sliding minute of each.
    const byTeam = new Map<string, number[]>();
    let rateLimited = 0;
    for (const call of slack.calls) {
      if (call.rateLimited) {
        rateLimited++;
        continue;
      }
      const team = call.team ?? '';
      let times = byTeam.get(team);
      if (!times) {
        times = [];
        byTeam.set(team, times);
      }
      times.push(call.at);
    }
    let maxPerMinute = 0;
    for (const times of byTeam.values()) {
      times.sort((a, b) => a - b);
      let start = 0;
      for (let end = 0; end < times.length; end++) {
        while (times[end]! - times[start]! >= 60_000) start++;
        maxPerMinute = Math.max(maxPerMinute, end - start + 1);
      }
    }
    // Each channel (digest) or user (DM) should get exactly one message.
    const perTarget = new Map<string, number>();
    for (const m of slack.messages) perTarget.set(m.channel, (perTarget.get(m.channel) ?? 0) + 1);
    const duplicates = [...perTarget.values()].filter((n) => n > 1).length;
    const methods: Record<string, number> = {};
    for (const call of slack.calls) methods[call.method] = (methods[call.method] ?? 0) + 1;
    return {
      methods,
      calls: slack.calls.length,
      rateLimited,
      maxPerMinute,
      messages: slack.messages.length,
      targets: perTarget.size,
      duplicates,
      lastPostAt: slack.calls.reduce(
        (last, c) => (c.method === 'chat.postMessage' && !c.rateLimited ? Math.max(last, c.at) : last),
        0,
      ),
    };
  },
  stop: async () => {
    await slack.stop();
    setImmediate(() => process.exit(0));
  },
});
