import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Clock } from '../../clock.js';
import type { OAuthConfig } from '../../config.js';
import type { TokenCipher } from '../../crypto/token-cipher.js';
import type { Db } from '../../db/database.js';
import { CodedError, ErrorCode, errorCode } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { SlackPort } from '../../ports/slack.js';
import { createInstallationStore, listInstalledTeamIds } from '../../services/installation-store.js';
import type { InstallationLifecycle } from '../listeners/events/app-uninstalled.js';
import { webApiPort } from '../port/web-api-port.js';
import {
  type CachedInstallationStore,
  cachingInstallationStore,
  type InstalledWorkspaces,
  installedWorkspaces,
  teamClients,
} from './caches.js';

/**
 * Everything "Add to Slack" distribution needs at run time (issue 10), built once by the
 * composition root: our installation store for Bolt (cached per team), the Slack ports that
 * send with each workspace's own token, the set of served workspaces, and what happens when a
 * workspace uninstalls.
 */
export interface Distribution {
  /** Bolt's installationStore: authorises every request, stores every install. */
  store: CachedInstallationStore;
  /** Installed, not uninstalled workspaces (deps.workspaces). */
  workspaces: InstalledWorkspaces;
  /** For listeners: each team's calls with its own token (client options as the app's). */
  slack: SlackPort;
  /** A port whose per-team clients are made by `make` from the team's token. */
  portWith(make: (token: string) => WebClient): SlackPort;
  /**
   * A port over someone else's per-team clients (the jobs' rate-limited ones) that first asks
   * whether the team is still served: an uninstall seen here stops its calls at once, whatever
   * those clients cache.
   */
  servedOnly(clientFor: (teamId: string) => Promise<WebClient>): SlackPort;
  lifecycle: InstallationLifecycle;
}

export interface DistributionDeps {
  db: Db;
  clock: Clock;
  logger: Logger;
  oauth: OAuthConfig;
  cipher: TokenCipher;
  /** The app's Web API client options (SLACK_API_URL, logger, test overrides). */
  clientOptions: WebClientOptions;
  /** Runs the erasure job now: UNINSTALL_GRACE_DAYS=0 erases as soon as the workspace goes. */
  eraseNow?: () => Promise<unknown>;
  /** Cache lifetime (tests shorten it). */
  ttlMs?: number;
}

export function createDistribution(deps: DistributionDeps): Distribution {
  const { db, clock, logger, oauth } = deps;
  const workspaces = installedWorkspaces(() => listInstalledTeamIds(db), { ttlMs: deps.ttlMs });
  const inner = createInstallationStore({
    db,
    clock,
    cipher: deps.cipher,
    graceDays: oauth.uninstallGraceDays,
  });
  const store = cachingInstallationStore(inner, {
    ttlMs: deps.ttlMs,
    onStored: (teamId) => workspaces.add(teamId),
  });
  const ports: { evict(teamId: string): void }[] = [];
  const portWith = (make: (token: string) => WebClient): SlackPort => {
    const clients = teamClients(store, make);
    ports.push(clients);
    return webApiPort((teamId) => clients.clientFor(teamId), logger);
  };
  const slack = portWith((token) => new WebClient(token, deps.clientOptions));

  const forget = (teamId: string) => {
    workspaces.forget(teamId);
    store.evict(teamId);
    for (const p of ports) p.evict(teamId);
  };

  const lifecycle: InstallationLifecycle = {
    async uninstalled(teamId, event) {
      // Stop calls at once, mark the row, and evict again: a request that read the row before
      // the mark cannot leave its token behind in the cache.
      forget(teamId);
      const result = await inner.markUninstalled(teamId, clock.now(), oauth.uninstallGraceDays, event);
      forget(teamId);
      logger.info('workspace uninstalled', {
        teamId,
        event,
        changed: result.changed,
        eraseAfter: result.eraseAfter,
      });
      if (oauth.uninstallGraceDays === 0 && deps.eraseNow) {
        await deps.eraseNow().catch((error: unknown) => {
          logger.error('erasure after uninstall failed', { teamId, code: errorCode(error) });
        });
      }
    },
  };

  const servedOnly = (clientFor: (teamId: string) => Promise<WebClient>): SlackPort =>
    webApiPort(async (teamId) => {
      if (!(await workspaces.isServed(teamId))) throw new CodedError(ErrorCode.NotInstalled);
      return clientFor(teamId);
    }, logger);

  return { store, workspaces, slack, portWith, servedOnly, lifecycle };
}
