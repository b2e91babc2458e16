import type { InstallationStore } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Workspaces } from '../../ports/workspaces.js';
import type { FetchedInstallation, OurInstallationStore } from '../../services/installation-store.js';

/**
 * Per-instance memory of "Add to Slack" installations (issue 10), so a request or a job does not
 * read and decrypt its workspace's token every time. Each entry lives for a short TTL; an uninstall
 * handled by this instance evicts it at once, another instance's uninstall reaches this one when
 * the entry expires (and Slack refuses a revoked token meanwhile).
 */

/** How long a decrypted installation, a team's client and the served set are kept. */
export const INSTALLATION_TTL_MS = 30_000;

type Now = () => number;

/** Bolt's InstallationStore over ours, remembering fetched installations per team for a TTL. */
export interface CachedInstallationStore extends InstallationStore {
  /** The team's bot token (throws CodedError(not_installed) for a team not installed). */
  botToken(teamId: string): Promise<string>;
  /** Forgets the team's installation (an uninstall, a reinstall, a refreshed token). */
  evict(teamId: string): void;
}

export function cachingInstallationStore(
  store: OurInstallationStore,
  options: { ttlMs?: number; now?: Now; onStored?: (teamId: string) => void } = {},
): CachedInstallationStore {
  const ttl = options.ttlMs ?? INSTALLATION_TTL_MS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { at: number; installation: Promise<FetchedInstallation> }>();

  const fetchTeam = (teamId: string): Promise<FetchedInstallation> => {
    const hit = entries.get(teamId);
    if (hit && now() - hit.at < ttl) return hit.installation;
    const installation = store.fetchInstallation({ teamId, isEnterpriseInstall: false });
    const entry = { at: now(), installation };
    entries.set(teamId, entry);
    // A failure is not remembered: the next request asks the database again.
    installation.catch(() => {
      if (entries.get(teamId) === entry) entries.delete(teamId);
    });
    return installation;
  };

  return {
    async storeInstallation(installation, logger) {
      await store.storeInstallation(installation, logger);
      const teamId = installation.team?.id;
      if (teamId) {
        entries.delete(teamId);
        options.onStored?.(teamId);
      }
    },
    async fetchInstallation(query, logger) {
      // Org installs and queries without a team go straight to the store (which refuses them).
      if (query.isEnterpriseInstall || !query.teamId) return store.fetchInstallation(query, logger);
      return fetchTeam(query.teamId);
    },
    async deleteInstallation(query, logger) {
      await store.deleteInstallation(query, logger);
      if (query.teamId) entries.delete(query.teamId);
    },
    async botToken(teamId) {
      return (await fetchTeam(teamId)).bot.token;
    },
    evict(teamId) {
      entries.delete(teamId);
    },
  };
}

/** Largest number of per-team clients kept; the least recently used goes first. */
const MAX_CLIENTS = 5_000;

export interface TeamClients {
  clientFor(teamId: string): Promise<WebClient>;
  evict(teamId: string): void;
}

/**
 * One Web API client per team, made with the team's current token: the same client while the
 * token is the same, a new one after a reinstall or refresh.
 */
export function teamClients(
  tokens: { botToken(teamId: string): Promise<string> },
  make: (token: string) => WebClient,
): TeamClients {
  const clients = new Map<string, { token: string; client: WebClient }>();
  return {
    async clientFor(teamId) {
      const token = await tokens.botToken(teamId);
      const hit = clients.get(teamId);
      clients.delete(teamId);
      const entry = hit?.token === token ? hit : { token, client: make(token) };
      clients.set(teamId, entry);
      if (clients.size > MAX_CLIENTS) clients.delete(clients.keys().next().value as string);
      return entry.client;
    },
    evict(teamId) {
      clients.delete(teamId);
    },
  };
}

/** The served workspaces, remembered for a TTL; an install or uninstall here shows at once. */
export interface InstalledWorkspaces extends Workspaces {
  /** This instance saw the team uninstall: no longer served, from now. */
  forget(teamId: string): void;
  /** This instance stored the team's installation: served, from now. */
  add(teamId: string): void;
}

export function installedWorkspaces(
  list: () => Promise<string[]>,
  options: { ttlMs?: number; now?: Now } = {},
): InstalledWorkspaces {
  const ttl = options.ttlMs ?? INSTALLATION_TTL_MS;
  const now = options.now ?? Date.now;
  let cached: { at: number; teams: Set<string> } | undefined;
  let loading: Promise<Set<string>> | undefined;
  // Changes seen here while a load was under way: applied on top of what it read.
  let generation = 0;
  const changes = new Map<string, { generation: number; served: boolean }>();

  const load = (): Promise<Set<string>> => {
    if (loading) return loading;
    const startedAt = generation;
    const started = now();
    loading = list()
      .then((ids) => {
        const teams = new Set(ids);
        for (const [teamId, change] of changes) {
          if (change.generation > startedAt) {
            if (change.served) teams.add(teamId);
            else teams.delete(teamId);
          } else changes.delete(teamId);
        }
        cached = { at: started, teams };
        return teams;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };

  const served = async (): Promise<ReadonlySet<string>> =>
    cached && now() - cached.at < ttl ? cached.teams : load();

  const change = (teamId: string, isServed: boolean) => {
    generation += 1;
    changes.set(teamId, { generation, served: isServed });
    if (isServed) cached?.teams.add(teamId);
    else cached?.teams.delete(teamId);
  };

  return {
    served,
    isServed: async (teamId) => (await served()).has(teamId),
    forget: (teamId) => change(teamId, false),
    add: (teamId) => change(teamId, true),
  };
}
