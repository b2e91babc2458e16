import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { Logger } from './logger.js';
import type { SlackPort } from './ports/slack.js';
import type { Workspaces } from './ports/workspaces.js';
import type { TimeZoneCache } from './time-zone-memo.js';

/**
 * Everything a listener, service or job may need, built once by the composition root
 * (src/main.ts). A service takes only the part it uses (`Pick<Deps, 'db' | 'clock'>` …).
 */
export interface Deps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
  /** Slack, through the narrow port (src/ports/slack.ts): lookups and sends, naming the team. */
  slack: SlackPort;
  /** In-memory memo of organisers' time zones (one per process). */
  timeZones: TimeZoneCache;
  /** Which workspaces are served now (jobs skip the rest). Optional: every workspace when unset. */
  workspaces?: Workspaces;
}
