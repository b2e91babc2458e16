import { describe, expect, it } from 'vitest';
import {
  RateLimitWaitError,
  SLACK_RATE_LIMITS,
  SlidingWindowLimiter,
  windowsFor,
} from '../../src/slack/port/rate-limits.js';

/** A limiter on a virtual clock: sleeping moves the clock on. */
function virtual() {
  let t = 1_000_000;
  const limiter = new SlidingWindowLimiter(
    () => t,
    async (ms) => {
      t += ms;
    },
  );
  return { limiter, now: () => t, advance: (ms: number) => (t += ms) };
}

/** The most starts in any window of `perMs`. */
function busiest(starts: number[], perMs: number): number {
  let most = 0;
  let from = 0;
  for (let i = 0; i < starts.length; i++) {
    while (starts[i]! - starts[from]! >= perMs) from++;
    most = Math.max(most, i - from + 1);
  }
  return most;
}

describe('Slack rate limits', () => {
  it('keeps users.info (Tier 4) to 100 in any minute, letting a burst of 100 go at once', async () => {
    const { limiter, now } = virtual();
    const windows = windowsFor(SLACK_RATE_LIMITS, 'users.info', { user: 'U1' });
    const starts: number[] = [];
    for (let i = 0; i < 350; i++) {
      const release = await limiter.acquire(windows);
      starts.push(now());
      release();
    }
    expect(busiest(starts, 60_000)).toBe(100);
    expect(starts[99]! - starts[0]!).toBe(0);
    // 350 calls: three more minutes after the first burst.
    expect(starts.at(-1)! - starts[0]!).toBe(3 * 60_000);
  });

  it('keeps chat.postMessage to one a second per channel, and 300 a minute across the workspace', async () => {
    const { limiter, now } = virtual();
    const sameChannel: number[] = [];
    for (let i = 0; i < 5; i++) {
      (await limiter.acquire(windowsFor(SLACK_RATE_LIMITS, 'chat.postMessage', { channel: 'C1' })))();
      sameChannel.push(now());
    }
    expect(sameChannel.map((s) => s - sameChannel[0]!)).toEqual([0, 1000, 2000, 3000, 4000]);

    const many = virtual();
    const starts: number[] = [];
    for (let i = 0; i < 700; i++) {
      (await many.limiter.acquire(windowsFor(SLACK_RATE_LIMITS, 'chat.postMessage', { channel: `D${i}` })))();
      starts.push(many.now());
    }
    expect(busiest(starts, 60_000)).toBe(300);
  });

  it('counts a call until a window after its answer: a slow call holds its place', async () => {
    const { limiter, advance } = virtual();
    const windows = [{ key: 'm', rate: { calls: 1, perMs: 1000 } }];
    const release = await limiter.acquire(windows);
    advance(5000); // still in flight
    expect(limiter.waitMs(windows)).toBe(Number.POSITIVE_INFINITY);
    release();
    expect(limiter.waitMs(windows)).toBe(1000);
    advance(1000);
    expect(limiter.waitMs(windows)).toBe(0);
  });

  it('holds a method for Retry-After, and will not wait past a deadline', async () => {
    const { limiter, now } = virtual();
    const windows = windowsFor(SLACK_RATE_LIMITS, 'users.info', {});
    limiter.pause('users.info', now() + 30_000);
    expect(limiter.waitMs(windows)).toBe(30_000);
    await expect(limiter.acquire(windows, now() + 10_000)).rejects.toBeInstanceOf(RateLimitWaitError);
    const start = now();
    (await limiter.acquire(windows, now() + 60_000))();
    expect(now() - start).toBe(30_000);
    // Another method of the workspace is not held.
    expect(limiter.waitMs(windowsFor(SLACK_RATE_LIMITS, 'conversations.members', {}))).toBe(0);
  });
});
