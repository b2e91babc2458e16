import type { Deps } from '../../deps.js';
import { globalDueWindow } from '../../domain/nudge-timing.js';
import { NUDGE_KINDS } from './registry.js';
import type { AnyNudgeKind, DueCandidate } from './types.js';

/** Finding what is due: each kind's own index-driven query, grouped by organiser. */

export interface DueItem {
  kind: AnyNudgeKind;
  candidate: DueCandidate;
}

export interface DueOrganiser {
  teamId: string;
  userId: string;
  due: DueItem[];
}

/** Everything due anywhere now, by organiser: one index-driven query per kind. */
export async function findDueNudges(deps: Pick<Deps, 'db' | 'config'>, now: Date): Promise<DueOrganiser[]> {
  const scan = { now, window: globalDueWindow(now), settings: deps.config.nudges };
  const byOrganiser = new Map<string, DueOrganiser>();
  for (const kind of NUDGE_KINDS) {
    for (const candidate of await kind.findDue(deps.db, scan)) {
      const key = `${candidate.teamId}\u0000${candidate.userId}`;
      let org = byOrganiser.get(key);
      if (!org) {
        org = { teamId: candidate.teamId, userId: candidate.userId, due: [] };
        byOrganiser.set(key, org);
      }
      org.due.push({ kind, candidate });
    }
  }
  return [...byOrganiser.values()];
}
