import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Config } from '../config.js';
import { type Logger, toSlackLogger } from '../logger.js';

/**
 * The Web API client jobs send with. The default client retries a failed call for about 30
 * minutes; a job must not: a digest claim is taken over after its lease (15 minutes) and a
 * nudge claim after an hour, so a send still retrying past that could go out twice. Failed sends
 * are retried by the job's next run instead, from its ledger. Rate limits (429) are still waited
 * out as Slack's Retry-After says.
 */
export function createJobClient(config: Config, logger: Logger, overrides: WebClientOptions = {}): WebClient {
  return new WebClient(config.slack.botToken, {
    slackApiUrl: config.slack.apiUrl,
    logger: toSlackLogger(logger, config.logLevel),
    retryConfig: { retries: 2, maxRetryTime: 60_000 },
    ...overrides,
  });
}
