import type { InstitutionType } from '../db/schema.js';
import type { Deps } from '../deps.js';
import { isGap, type MapInstitution, type PowerMap } from '../domain/relationship.js';
import { teamInstitutionAggregates } from '../repositories/queries/relationships.js';
import { type Actor, organiserToday } from './organisers.js';

/**
 * The team's power map (the team is the Slack workspace): institution-level counts only. Built
 * from aggregates, so no person's name, role or anything an organiser wrote can reach it.
 */

export type PowerMapDeps = Pick<Deps, 'db'> & Parameters<typeof organiserToday>[0];

/** `/onetoone map`. */
export async function showPowerMap(deps: PowerMapDeps, actor: Actor): Promise<PowerMap> {
  const today = await organiserToday(deps, actor);
  const rows = await teamInstitutionAggregates(deps.db, actor.teamId);
  const byType = new Map<InstitutionType | null, MapInstitution[]>();
  for (const r of rows) {
    const list = byType.get(r.type) ?? [];
    list.push({
      name: r.name,
      organisers: r.organisers,
      leaders: r.leaders,
      lastContact: r.last_contact,
      gap: isGap(r.last_contact, today),
    });
    byType.set(r.type, list);
  }
  const all = [...byType.values()].flat();
  return {
    today,
    groups: [...byType.entries()].map(([type, institutions]) => ({ type, institutions })),
    totals: {
      institutions: all.length,
      gaps: all.filter((i) => i.gap).length,
      leaders: all.reduce((s, i) => s + i.leaders, 0),
    },
  };
}
