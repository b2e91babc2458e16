import { describe, expect, it } from 'vitest';
import { CodedError, ErrorCode } from '../../src/errors.js';
import type { OurInstallationStore } from '../../src/services/installation-store.js';
import {
  cachingInstallationStore,
  installedWorkspaces,
  teamClients,
} from '../../src/slack/distribution/caches.js';

/** The per-instance caches of distributed mode (src/slack/distribution/caches.ts). */

describe('installedWorkspaces', () => {
  it('remembers the served set for its TTL, and an uninstall or install here shows at once', async () => {
    let now = 0;
    let reads = 0;
    let rows = ['T1', 'T2'];
    const ws = installedWorkspaces(
      async () => {
        reads++;
        return rows;
      },
      { ttlMs: 1000, now: () => now },
    );
    expect([...(await ws.served())]).toEqual(['T1', 'T2']);
    ws.forget('T1');
    ws.add('T3');
    expect(await ws.isServed('T1')).toBe(false);
    expect(await ws.isServed('T3')).toBe(true);
    expect(reads).toBe(1);
    rows = ['T2', 'T3'];
    now = 1001;
    expect([...(await ws.served())].sort()).toEqual(['T2', 'T3']);
    expect(reads).toBe(2);
  });

  it('an uninstall seen while the set is being read is not undone by that read', async () => {
    let release!: (ids: string[]) => void;
    const ws = installedWorkspaces(() => new Promise<string[]>((r) => (release = r)), { ttlMs: 1000 });
    const pending = ws.served();
    ws.forget('T1');
    release(['T1', 'T2']);
    expect([...(await pending)]).toEqual(['T2']);
    expect(await ws.isServed('T1')).toBe(false);
  });
});

describe('cachingInstallationStore', () => {
  function fakeStore(installed: Set<string>) {
    let fetches = 0;
    const store = {
      fetchInstallation: async ({ teamId }: { teamId?: string }) => {
        fetches++;
        if (!teamId || !installed.has(teamId)) throw new CodedError(ErrorCode.NotInstalled);
        return { team: { id: teamId }, bot: { token: `xoxb-${teamId}-${fetches}` } };
      },
      storeInstallation: async () => {},
      deleteInstallation: async () => {},
    } as unknown as OurInstallationStore;
    return { store, fetches: () => fetches };
  }

  it('decrypts once per TTL, forgets on evict, and never remembers a failure', async () => {
    let now = 0;
    const installed = new Set(['T1']);
    const { store, fetches } = fakeStore(installed);
    const cache = cachingInstallationStore(store, { ttlMs: 1000, now: () => now });
    expect(await cache.botToken('T1')).toBe('xoxb-T1-1');
    expect(await cache.botToken('T1')).toBe('xoxb-T1-1');
    expect(fetches()).toBe(1);
    installed.delete('T1');
    cache.evict('T1');
    await expect(cache.botToken('T1')).rejects.toMatchObject({ code: 'not_installed' });
    installed.add('T1');
    expect(await cache.botToken('T1')).toBe('xoxb-T1-3');
    now = 2000;
    expect(await cache.botToken('T1')).toBe('xoxb-T1-4');
  });

  it('teamClients reuses a team’s client while its token is the same', async () => {
    const tokens = new Map([['T1', 'a']]);
    const made: string[] = [];
    const clients = teamClients({ botToken: async (t) => tokens.get(t)! }, (token) => {
      made.push(token);
      return { token } as never;
    });
    const first = await clients.clientFor('T1');
    expect(await clients.clientFor('T1')).toBe(first);
    tokens.set('T1', 'b');
    expect(await clients.clientFor('T1')).not.toBe(first);
    expect(made).toEqual(['a', 'b']);
  });
});
