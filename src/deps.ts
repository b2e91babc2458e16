import type { WebClient } from '@slack/web-api';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { Logger } from './logger.js';
import type { TimeZoneCache } from './services/time-zone-cache.js';

/** Everything a listener, service or job needs, built once by the composition root (src/main.ts). */
export interface Deps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
  /** The bot's Web API client. Listeners may use the per-request `client` Bolt hands them instead. */
  slack: WebClient;
  /** In-memory memo of organisers' time zones (one per process). */
  timeZones: TimeZoneCache;
}
