import { readdirSync } from 'node:fs';
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import * as ids from '../../src/interaction-ids.js';
import {
  listenerRoutes,
  type Route,
  registerListeners,
  unionPattern,
} from '../../src/slack/listeners/index.js';

/**
 * The listener table in src/slack/listeners/index.ts (one Bolt listener per kind, modules
 * imported on first use) against each listener module's own `register`: a listener a module
 * registers that the table lacks would never be called, so the two must say the same.
 */

type Registration = { kind: string; id: string };

/** A stand-in for Bolt's App that notes what is registered, and how. */
function recorder() {
  const seen: Registration[] = [];
  const note = (kind: string) => (id: string | RegExp) => {
    seen.push({ kind, id: String(id) });
  };
  const app = {
    action: note('action'),
    view: note('view'),
    options: note('options'),
    shortcut: note('shortcut'),
    event: note('event'),
    command: note('command'),
  };
  return { app: app as unknown as App, seen };
}

const deps = {} as Deps;
const lifecycle = { uninstalled: async () => {} };
const dir = new URL('../../src/slack/listeners/', import.meta.url);
const folders = ['actions', 'events', 'options', 'shortcuts', 'views'];

async function moduleRegistrations(): Promise<Registration[]> {
  const { app, seen } = recorder();
  for (const folder of folders) {
    for (const file of readdirSync(new URL(`${folder}/`, dir)).filter((f) => f.endsWith('.ts'))) {
      const mod = (await import(new URL(`${folder}/${file}`, dir).href)) as {
        register?: (app: App, deps: Deps, lifecycle?: unknown) => void;
      };
      mod.register?.(app, deps, lifecycle);
    }
  }
  return seen;
}

const key = (r: Registration) => `${r.kind} ${r.id}`;
const routeKeys = (routes: Route[]) => routes.map((r) => key({ kind: r.kind, id: String(r.id) })).sort();

describe('listener routes', () => {
  it('are exactly what the listener modules register (distributed mode included)', async () => {
    const fromModules = (await moduleRegistrations()).map(key).sort();
    expect(routeKeys(listenerRoutes(deps, lifecycle))).toEqual(fromModules);
    expect(fromModules.length).toBeGreaterThan(20);
  });

  it('leave out the uninstall events in single-workspace mode', () => {
    const single = routeKeys(listenerRoutes(deps));
    expect(single.some((k) => k.includes('app_uninstalled') || k.includes('tokens_revoked'))).toBe(false);
    expect(single.length).toBe(listenerRoutes(deps, lifecycle).length - 2);
  });

  it('are registered as one Bolt listener per kind, plus the slash command', () => {
    const { app, seen } = recorder();
    registerListeners(app, deps);
    expect(seen.map((s) => s.kind).sort()).toEqual([
      'action',
      'command',
      'event',
      'options',
      'shortcut',
      'view',
    ]);
    expect(seen.find((s) => s.kind === 'command')?.id).toBe(ids.COMMAND);
  });

  it('each load the module that answers them', async () => {
    for (const route of listenerRoutes(deps, lifecycle)) {
      expect(typeof (await route.load())).toBe('function');
    }
  });

  it('never let two routes of a kind answer the same id', () => {
    // Every id the app sends, from interaction-ids.ts: at most one route of each kind matches it.
    const values = new Set<string>();
    const collect = (v: unknown) => {
      if (typeof v === 'string') values.add(v);
      else if (v && typeof v === 'object' && !(v instanceof RegExp)) Object.values(v).forEach(collect);
    };
    collect(ids);
    for (const v of [
      'nudge:reflect:snooze',
      'list_page_older',
      'home_people',
      'lead_accept',
      'oto_log_learned',
    ])
      values.add(v);
    const routes = listenerRoutes(deps, lifecycle);
    for (const kind of ['action', 'view', 'options', 'shortcut', 'event']) {
      for (const v of values) {
        const matching = routes.filter(
          (r) => r.kind === kind && (typeof r.id === 'string' ? r.id === v : r.id.test(v)),
        );
        expect(matching.length, `${kind} ${v}`).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('unionPattern', () => {
  const pattern = unionPattern(['oto_settings', 'a.b', /^nudge:([a-z_]+):([a-z0-9_]+)$/, /^list_page_/]);

  it('matches what any part matches', () => {
    for (const v of ['oto_settings', 'a.b', 'nudge:reflect:snooze', 'list_page_older']) {
      expect(pattern.test(v), v).toBe(true);
    }
  });

  it('refuses a pattern with flags, which the union would lose', () => {
    expect(() => unionPattern(['a', /^b$/i])).toThrow(/flags/);
  });

  it('matches a string id whole and literally, and nothing a part would not', () => {
    for (const v of ['oto_settings_x', 'xoto_settings', 'axb', 'nudge:Reflect:x', 'page_list_page_']) {
      expect(pattern.test(v), v).toBe(false);
    }
  });
});
