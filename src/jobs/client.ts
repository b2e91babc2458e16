import type { WebClient, WebClientOptions } from '@slack/web-api';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { createTokenCipher } from '../crypto/token-cipher.js';
import type { Db } from '../db/database.js';
import { type Logger, toSlackLogger } from '../logger.js';
import type { SlackPort } from '../ports/slack.js';
import type { Workspaces } from '../ports/workspaces.js';
import { findActiveInstallation } from '../repositories/installations.js';
import { createInstallationStore, listInstalledTeamIds } from '../services/installation-store.js';
import {
  RateLimitedWebClient,
  type RateLimitOptions,
  type RateLimitTable,
  SlidingWindowLimiter,
} from '../slack/port/rate-limits.js';
import { webApiPort } from '../slack/port/web-api-port.js';

/**
 * The Web API client jobs send with. The default client retries a failed call for about 30
 * minutes; a job must not: a digest claim is taken over after its lease (15 minutes) and a
 * nudge claim after an hour, so a send still retrying past that could go out twice. So:
 * - each attempt times out after JOB_REQUEST_TIMEOUT_MS, and the client retries twice within a
 *   minute (a call takes at most JOB_CALL_MAX_MS however it fails);
 * - rate limits (429) are waited out as Slack's Retry-After says, by the rate-limited client
 *   (src/slack/port/rate-limits.ts), which holds the method for the whole workspace and never
 *   waits past the claim's lease (the job sets the deadline: withSendDeadline) nor
 *   RATE_LIMIT_MAX_WAIT_MS; past that the send fails and the ledger retries it on a later run.
 */
export const JOB_REQUEST_TIMEOUT_MS = 30_000;
const JOB_RETRY = { retries: 2, maxRetryTime: 60_000 };
/** The longest one call can take once started: the retry window plus a last attempt's timeout. */
export const JOB_CALL_MAX_MS = JOB_RETRY.maxRetryTime + JOB_REQUEST_TIMEOUT_MS;
/** The longest one call waits for its turn (the workspace's windows and any Retry-After). */
export const RATE_LIMIT_MAX_WAIT_MS = 5 * 60 * 1000;

function clientOptions(config: Config, logger: Logger, overrides: WebClientOptions): WebClientOptions {
  return {
    slackApiUrl: config.slack.apiUrl,
    logger: toSlackLogger(logger, config.logLevel),
    retryConfig: JOB_RETRY,
    timeout: JOB_REQUEST_TIMEOUT_MS,
    ...overrides,
  };
}

/**
 * One client on the single-workspace token, rate-limited as one workspace. Kept for callers that
 * want a WebClient; jobs use createJobSlack, which keeps each workspace's limits apart.
 */
export function createJobClient(config: Config, logger: Logger, overrides: WebClientOptions = {}): WebClient {
  return new RateLimitedWebClient(config.slack.botToken, clientOptions(config, logger, overrides), {
    maxWaitMs: RATE_LIMIT_MAX_WAIT_MS,
  });
}

export interface JobSlackOptions {
  /** Options for every client (tests: the fake Slack's retry policy). */
  clientOptions?: WebClientOptions;
  /**
   * The bot token for a team. Default: the single-workspace token, or in distributed mode the
   * team's installation (needs `db`); throws for a team that is not installed.
   */
  tokenFor?: (teamId: string) => Promise<string>;
  db?: Db;
  clock?: Clock;
  /** Slack's limits (default SLACK_RATE_LIMITS); tests pass smaller windows. */
  rateLimits?: RateLimitTable;
  maxWaitMs?: number;
  /** Told of each 429: team, method, Retry-After in seconds. */
  onRateLimited?: (teamId: string, method: string, retryAfterSeconds: number) => void;
}

export interface JobSlack extends SlackPort {
  /** The rate-limited client a team's calls go through (one per team and token). */
  clientFor(teamId: string): Promise<WebClient>;
}

/** A team's token is looked up again after this long (a reinstall changes it). */
const TOKEN_TTL_MS = 10_000;

/**
 * The Slack port jobs send through: one client per workspace, each with its own rate-limit
 * windows, so one workspace's wait (or 429) holds up none of the others, and every call made
 * with that workspace's own token.
 */
export function createJobSlack(config: Config, logger: Logger, options: JobSlackOptions = {}): JobSlack {
  const tokenFor = options.tokenFor ?? defaultTokens(config, options);
  const limiters = new Map<string, SlidingWindowLimiter>();
  const clients = new Map<string, { token: string; client: WebClient; checkedAt: number }>();
  const base = clientOptions(config, logger, options.clientOptions ?? {});

  const clientFor = async (teamId: string): Promise<WebClient> => {
    const cached = clients.get(teamId);
    if (cached && Date.now() - cached.checkedAt < TOKEN_TTL_MS) return cached.client;
    const token = await tokenFor(teamId);
    if (cached?.token === token) {
      cached.checkedAt = Date.now();
      return cached.client;
    }
    let limiter = limiters.get(teamId);
    if (!limiter) {
      limiter = new SlidingWindowLimiter();
      limiters.set(teamId, limiter);
    }
    const limits: RateLimitOptions = {
      limiter,
      maxWaitMs: options.maxWaitMs ?? RATE_LIMIT_MAX_WAIT_MS,
      ...(options.rateLimits ? { table: options.rateLimits } : {}),
      onRateLimited: (method, seconds) => {
        logger.info('slack rate limit; waiting it out', { team: teamId, method, retryAfter: seconds });
        options.onRateLimited?.(teamId, method, seconds);
      },
    };
    const client = new RateLimitedWebClient(token, base, limits);
    clients.set(teamId, { token, client, checkedAt: Date.now() });
    return client;
  };
  return { ...webApiPort(clientFor, logger), clientFor };
}

function defaultTokens(config: Config, options: JobSlackOptions): (teamId: string) => Promise<string> {
  const distribution = config.distribution;
  if (!distribution) return async () => config.slack.botToken;
  if (!options.db || !options.clock) {
    throw new Error('createJobSlack: distributed mode needs db and clock to read installations');
  }
  const store = createInstallationStore({
    db: options.db,
    clock: options.clock,
    cipher: createTokenCipher({ current: distribution.tokenKey, previous: distribution.previousTokenKeys }),
    graceDays: distribution.uninstallGraceDays,
  });
  return async (teamId) =>
    (await store.fetchInstallation({ teamId, isEnterpriseInstall: false, enterpriseId: undefined })).bot
      .token;
}

/**
 * The workspaces jobs act for: undefined in single-workspace mode (every team in the data); in
 * distributed mode the installed ones, read again on every ask, so an uninstall counts at once.
 */
export function jobWorkspaces(config: Config, db: Db): Workspaces | undefined {
  if (!config.distribution) return undefined;
  return {
    served: async () => new Set(await listInstalledTeamIds(db)),
    isServed: async (teamId) => (await findActiveInstallation(db, teamId)) !== undefined,
  };
}
