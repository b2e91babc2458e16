import type { Deps } from '../deps.js';

/**
 * How jobs spread their work: every workspace at once (up to WORKSPACE_CONCURRENCY), and within
 * a workspace a few items at a time, each call paced by that workspace's rate-limit windows
 * (src/slack/port/rate-limits.ts). A workspace that is slow, large or rate-limited so holds up
 * only its own items.
 */
export const WORKSPACE_CONCURRENCY = 32;
export const PER_WORKSPACE_CONCURRENCY = 4;

/** Runs `work` over `items`, at most `concurrency` at a time, in order of start. */
export async function pool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Items grouped by workspace, in first-seen order, without the workspaces not served. */
export async function groupByServedWorkspace<T>(
  deps: Pick<Deps, 'workspaces'>,
  items: readonly T[],
  teamOf: (item: T) => string,
): Promise<{ groups: Map<string, T[]>; unserved: number }> {
  const served = deps.workspaces ? await deps.workspaces.served() : 'all';
  const groups = new Map<string, T[]>();
  let unserved = 0;
  for (const item of items) {
    const team = teamOf(item);
    if (served !== 'all' && !served.has(team)) {
      unserved++;
      continue;
    }
    const group = groups.get(team);
    if (group) group.push(item);
    else groups.set(team, [item]);
  }
  return { groups, unserved };
}

/**
 * Runs `work` for every item of every workspace: workspaces concurrently, each one's items
 * `perWorkspace` at a time. Before each item the workspace is asked again whether it is still
 * served: one uninstalled while the job runs gets no further call, and its items left are
 * handed to `skip`.
 */
export async function forEachWorkspace<T>(
  deps: Pick<Deps, 'workspaces'>,
  groups: Map<string, T[]>,
  work: (teamId: string, item: T) => Promise<void>,
  skip: (teamId: string, item: T) => void,
  options: { workspaces?: number; perWorkspace?: number } = {},
): Promise<void> {
  await pool([...groups], options.workspaces ?? WORKSPACE_CONCURRENCY, async ([teamId, items]) => {
    let gone = false;
    await pool(items, options.perWorkspace ?? PER_WORKSPACE_CONCURRENCY, async (item) => {
      if (!gone && deps.workspaces && !(await deps.workspaces.isServed(teamId))) gone = true;
      if (gone) skip(teamId, item);
      else await work(teamId, item);
    });
  });
}

/**
 * The job's time as it runs: `now` (the tick, or `--now`) plus the time elapsed since the job
 * began. Claims are stamped with it, so a lease runs from when an item was claimed, not from when
 * a long job started (else a later tick elsewhere could take over a claim this run just made).
 */
export function jobClock(now: Date): () => Date {
  const started = performance.now();
  return () => new Date(now.getTime() + Math.round(performance.now() - started));
}
