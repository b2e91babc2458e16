import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { slackErrorCode } from '../../errors.js';

/**
 * Slack's rate limits, kept by the client jobs send with, so that each workspace's calls stay
 * within what Slack allows that workspace and one workspace's wait never holds up another's.
 *
 * Slack limits calls per method, per workspace, per app, in tiers
 * (https://api.slack.com/docs/rate-limits): Tier 1 1+ a minute, Tier 2 20+, Tier 3 50+, Tier 4
 * 100+; chat.postMessage is special, "1 message per second to a specific channel", with "several
 * hundred messages per minute" across the workspace. Past a limit Slack answers 429 with
 * Retry-After (seconds): the client then holds that method for that workspace that long.
 *
 * The limits are kept as sliding windows (at most `calls` in any `perMs`), so the count holds
 * in every minute, not just on average (a fixed-window queue such as p-queue's `intervalCap`
 * allows twice the limit across a window's edge), and whatever the network's delay (see
 * SlidingWindowLimiter).
 *
 * Each instance keeps its own windows: with N instances a workspace may see up to N times the
 * rate, and Slack's 429s (honoured here) catch the rest.
 */

export interface Rate {
  calls: number;
  perMs: number;
}

export interface RateLimitTable {
  /** Per method, per workspace. */
  methods: Readonly<Record<string, Rate>>;
  /** A method not named in `methods`. */
  otherMethods: Rate;
  /** Also per channel, for the methods named (chat.postMessage). */
  perChannel: Readonly<Record<string, Rate>>;
}

const MINUTE = 60_000;
const perMinute = (calls: number): Rate => ({ calls, perMs: MINUTE });

/** Slack's tiers, at their documented floor (https://api.slack.com/docs/rate-limits#tiers). */
export const SLACK_TIERS = {
  tier1: perMinute(1),
  tier2: perMinute(20),
  tier3: perMinute(50),
  tier4: perMinute(100),
} as const;

/**
 * The methods the bot calls, by the tier each method's page names (api.slack.com/methods/<name>).
 * chat.postMessage: one a second per channel, and a workspace-wide 300 a minute for "several
 * hundred" (https://api.slack.com/methods/chat.postMessage#rate_limiting).
 */
export const SLACK_RATE_LIMITS: RateLimitTable = {
  methods: {
    'users.info': SLACK_TIERS.tier4,
    'users.list': SLACK_TIERS.tier2,
    'conversations.members': SLACK_TIERS.tier4,
    'conversations.info': SLACK_TIERS.tier3,
    'conversations.open': SLACK_TIERS.tier3,
    'chat.update': SLACK_TIERS.tier3,
    'chat.postEphemeral': SLACK_TIERS.tier4,
    'chat.postMessage': perMinute(300),
    'views.publish': SLACK_TIERS.tier4,
    'files.getUploadURLExternal': SLACK_TIERS.tier4,
    'files.completeUploadExternal': SLACK_TIERS.tier4,
    'auth.test': SLACK_TIERS.tier4,
  },
  otherMethods: SLACK_TIERS.tier3,
  perChannel: { 'chat.postMessage': { calls: 1, perMs: 1000 } },
};

export interface RateWindow {
  key: string;
  rate: Rate;
}

/** The windows one call must fit in: its method's, and its channel's where the method has one. */
export function windowsFor(table: RateLimitTable, method: string, args: unknown): RateWindow[] {
  const windows: RateWindow[] = [{ key: method, rate: table.methods[method] ?? table.otherMethods }];
  const channelRate = table.perChannel[method];
  const channel = (args as { channel?: unknown } | undefined)?.channel;
  if (channelRate && typeof channel === 'string' && channel) {
    windows.push({ key: `${method}\u0000${channel}`, rate: channelRate });
  }
  return windows;
}

/** Thrown instead of waiting past a deadline: Slack's own code for "too many calls". */
export class RateLimitWaitError extends Error {
  readonly code = 'ratelimited';
  constructor(readonly waitMs: number) {
    super(`rate limited: a call would wait ${Math.ceil(waitMs / 1000)}s, past its deadline`);
    this.name = 'RateLimitWaitError';
  }
}

/** One call's place in its windows: in flight until `end` is set (when its answer came). */
interface Slot {
  end: number;
}

/** Ends a call's slot: it stays in its windows for their length from now. */
export type Release = () => void;

/**
 * Sliding windows by key (one limiter per workspace): `acquire` waits until a call fits every
 * window it names, and `pause` holds a key (a 429's Retry-After).
 *
 * A call counts in a window from when it starts until the window's length after its answer
 * came: Slack counts it when it arrives, somewhere in between, so however long the network or a
 * busy event loop delays it, Slack never sees more than `calls` in any `perMs` (counting from
 * the start alone lets a delayed call land in the next call's window).
 */
export class SlidingWindowLimiter {
  private readonly slots = new Map<string, { slots: Slot[]; perMs: number }>();
  private readonly pausedUntil = new Map<string, number>();
  private waiting: (() => void)[] = [];
  private acquisitions = 0;

  constructor(
    private readonly now: () => number = Date.now,
    /** Waits `ms`, or until `signal` aborts (then it may reject). */
    private readonly sleep: (ms: number, signal: AbortSignal) => Promise<unknown> = (ms, signal) =>
      delay(ms, undefined, { signal }),
  ) {}

  /**
   * How long a call under these windows must wait from `at`: 0 when it may go now, Infinity
   * when a window is full of calls still in flight (it waits for one to be released).
   */
  waitMs(windows: readonly RateWindow[], at: number = this.now()): number {
    let wait = 0;
    for (const { key, rate } of windows) {
      const paused = this.pausedUntil.get(key);
      if (paused !== undefined) {
        if (paused <= at) this.pausedUntil.delete(key);
        else wait = Math.max(wait, paused - at);
      }
      const slots = this.prune(key, at, rate.perMs);
      if (slots.length >= rate.calls) {
        // Room once enough of the oldest answers have left the window.
        const ends = slots.map((slot) => slot.end).sort((a, b) => a - b);
        wait = Math.max(wait, ends[slots.length - rate.calls]! + rate.perMs - at);
      }
    }
    return Math.max(0, wait);
  }

  /**
   * Waits for room in every window, then counts the call in each; call the Release it returns
   * when the call's answer comes (or it fails). Throws RateLimitWaitError rather than wait past
   * `deadline` (epoch ms).
   */
  async acquire(windows: readonly RateWindow[], deadline = Number.POSITIVE_INFINITY): Promise<Release> {
    for (;;) {
      const at = this.now();
      const wait = this.waitMs(windows, at);
      if (wait === 0) return this.take(windows, at);
      if (wait !== Number.POSITIVE_INFINITY && at + wait > deadline) throw new RateLimitWaitError(wait);
      // Woken by the wait's end, or by any release (a full window of calls in flight); the
      // timer is cleared either way, so none is left to keep a finished process alive.
      let wake!: () => void;
      const released = new Promise<void>((resolve) => {
        wake = resolve;
        this.waiting.push(resolve);
      });
      if (wait === Number.POSITIVE_INFINITY) await released;
      else {
        const timer = new AbortController();
        await Promise.race([released, this.sleep(wait, timer.signal).catch(() => {})]);
        timer.abort();
        const i = this.waiting.indexOf(wake);
        if (i >= 0) this.waiting.splice(i, 1);
      }
      if (this.now() > deadline) throw new RateLimitWaitError(wait);
    }
  }

  /** Holds a key until `until` (epoch ms): nothing under it starts before. */
  pause(key: string, until: number): void {
    this.pausedUntil.set(key, Math.max(until, this.pausedUntil.get(key) ?? 0));
  }

  private take(windows: readonly RateWindow[], at: number): Release {
    const slot: Slot = { end: Number.POSITIVE_INFINITY };
    for (const { key, rate } of windows) {
      const entry = this.slots.get(key);
      if (entry) {
        entry.slots.push(slot);
        entry.perMs = rate.perMs;
      } else this.slots.set(key, { slots: [slot], perMs: rate.perMs });
    }
    if (++this.acquisitions % 1000 === 0) this.sweep(at);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      slot.end = this.now();
      const waiting = this.waiting;
      this.waiting = [];
      for (const wake of waiting) wake();
    };
  }

  private prune(key: string, at: number, perMs: number): Slot[] {
    const entry = this.slots.get(key);
    if (!entry) return [];
    const kept = entry.slots.filter((slot) => slot.end > at - perMs);
    entry.slots = kept;
    return kept;
  }

  /** Forgets keys with no call left in their window (a DM channel used once a day). */
  private sweep(at: number): void {
    for (const [key, entry] of this.slots) {
      if (entry.slots.every((slot) => slot.end <= at - entry.perMs)) this.slots.delete(key);
    }
  }
}

/**
 * The deadline (epoch ms) of the send being made: a job claims a digest or a DM for a lease, and
 * no call made for it may start waiting past the lease's end, or another instance could take the
 * claim over and post while this one is still waiting. Set with `withSendDeadline`; the
 * rate-limited client reads it.
 */
const sendDeadline = new AsyncLocalStorage<number>();

export function withSendDeadline<T>(deadline: number, run: () => Promise<T>): Promise<T> {
  const outer = sendDeadline.getStore();
  return sendDeadline.run(outer === undefined ? deadline : Math.min(outer, deadline), run);
}

export function currentSendDeadline(): number | undefined {
  return sendDeadline.getStore();
}

export interface RateLimitOptions {
  table?: RateLimitTable;
  /** Never wait longer than this for one call, deadline or not (queueing and Retry-After together). */
  maxWaitMs?: number;
  limiter?: SlidingWindowLimiter;
  /** Told of each 429 (for a count in a log line): method and Retry-After in seconds. */
  onRateLimited?: (method: string, retryAfterSeconds: number) => void;
}

/** The WebClient's code for a 429 it was told to hand back (rejectRateLimitedCalls). */
const RATE_LIMITED_CODE = 'slack_webapi_rate_limited_error';

/**
 * A WebClient whose every Web API call (pagination and files.uploadV2's steps included: they all
 * go through `apiCall`) first takes its place in the workspace's windows. A 429 comes back to us
 * (rejectRateLimitedCalls) rather than being waited out inside the client, whose wait is
 * unbounded (it sleeps the whole Retry-After, whatever maxRetryTime says): here the method is
 * held for the workspace for Retry-After, and the call is made again if that ends before its
 * deadline, else it fails with `ratelimited` and the job's ledger retries it on a later run.
 */
export class RateLimitedWebClient extends WebClient {
  readonly limiter: SlidingWindowLimiter;
  private readonly table: RateLimitTable;
  private readonly maxWaitMs: number;
  private readonly onRateLimited: RateLimitOptions['onRateLimited'];

  constructor(token: string | undefined, options: WebClientOptions = {}, limits: RateLimitOptions = {}) {
    super(token, { ...options, rejectRateLimitedCalls: true });
    this.limiter = limits.limiter ?? new SlidingWindowLimiter();
    this.table = limits.table ?? SLACK_RATE_LIMITS;
    this.maxWaitMs = limits.maxWaitMs ?? 5 * MINUTE;
    this.onRateLimited = limits.onRateLimited;
  }

  override async apiCall(
    method: string,
    options?: Parameters<WebClient['apiCall']>[1],
  ): ReturnType<WebClient['apiCall']> {
    const windows = windowsFor(this.table, method, options);
    const deadline = Math.min(Date.now() + this.maxWaitMs, currentSendDeadline() ?? Number.POSITIVE_INFINITY);
    for (;;) {
      const release = await this.limiter.acquire(windows, deadline);
      try {
        return await super.apiCall(method, options);
      } catch (error) {
        if (slackErrorCode(error) !== RATE_LIMITED_CODE) throw error;
        const retryAfter = Number((error as { retryAfter?: unknown }).retryAfter);
        const seconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1;
        this.onRateLimited?.(method, seconds);
        // Slack limits the method for the whole workspace: hold it, not just this call.
        this.limiter.pause(method, Date.now() + seconds * 1000);
        if (Date.now() + seconds * 1000 > deadline) throw new RateLimitWaitError(seconds * 1000);
      } finally {
        release();
      }
    }
  }
}
