import type { Deps } from '../../deps.js';
import { SUMMARY_MAX_DAYS } from '../../domain/nudge-rhythm.js';
import { globalDueWindow } from '../../domain/nudge-timing.js';
import { findOrganisersToSummarise } from '../../repositories/queries/nudge-summary.js';
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
  /** Something was logged since their last DM: a daily summary may be due. */
  summary?: boolean;
}

/**
 * Everything due anywhere now, by organiser: one index-driven query per kind, and one for who
 * logged something no DM has summed up yet (the daily summary).
 */
export async function findDueNudges(deps: Pick<Deps, 'db' | 'config'>, now: Date): Promise<DueOrganiser[]> {
  const scan = { now, window: globalDueWindow(now), settings: deps.config.nudges };
  const byOrganiser = new Map<string, DueOrganiser>();
  const organiser = (teamId: string, userId: string): DueOrganiser => {
    const key = `${teamId}\u0000${userId}`;
    let org = byOrganiser.get(key);
    if (!org) {
      org = { teamId, userId, due: [] };
      byOrganiser.set(key, org);
    }
    return org;
  };
  for (const kind of NUDGE_KINDS) {
    for (const candidate of await kind.findDue(deps.db, scan)) {
      organiser(candidate.teamId, candidate.userId).due.push({ kind, candidate });
    }
  }
  // A day more than the summary looks back: whatever the organiser's zone, its window is inside.
  const after = new Date(now.getTime() - (SUMMARY_MAX_DAYS + 1) * 86_400_000).toISOString();
  for (const r of await findOrganisersToSummarise(deps.db, after, now.toISOString())) {
    organiser(r.team_id, r.organiser_id).summary = true;
  }
  return [...byOrganiser.values()];
}
