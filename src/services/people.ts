import type { InstitutionType, RelationshipStage } from '../db/schema.js';
import type { Deps } from '../deps.js';
import { nameKey } from '../domain/keys.js';
import { effectiveStage } from '../domain/relationship.js';
import {
  findInstitutionByKey,
  findPersonActivity,
  listPeopleWithActivity,
  type PersonActivityRow,
  setInstitutionType,
  updateOwnedPersonFlags,
} from '../repositories/queries/relationships.js';
import type { PeopleViewData, PeopleViewItem } from '../views/people.js';
import { NotYoursError } from './one-to-ones.js';
import type { Actor } from './organisers.js';

/**
 * My people as relationships: counts, stage and leaders; and the team's institution types. A
 * person and a page have the view's own shapes (PeopleViewItem, PeopleViewData): one definition,
 * so service and view cannot drift.
 */

/** Slack allows 50 blocks in a message; each person takes two. */
export const PEOPLE_PAGE_SIZE = 10;

export function toPersonSummary(r: PersonActivityRow): PeopleViewItem {
  const { stage, corrected } = effectiveStage(
    { count: r.meetings, introductionDone: r.introduction_done > 0, actionDone: r.action_done > 0 },
    r.stage_override,
  );
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    isLeader: r.is_leader === 1,
    institution: r.institution_name ? { name: r.institution_name, type: r.institution_type } : null,
    meetings: r.meetings,
    lastMetOn: r.last_met_on,
    stage,
    stageCorrected: corrected,
  };
}

export async function listMyPeople(
  deps: Deps,
  actor: Actor,
  query: string,
  page: number,
): Promise<PeopleViewData> {
  const safePage = Number.isInteger(page) && page >= 0 ? page : 0;
  const rows = await listPeopleWithActivity(deps.db, actor.teamId, actor.userId, {
    queryKey: nameKey(query),
    limit: PEOPLE_PAGE_SIZE + 1,
    offset: safePage * PEOPLE_PAGE_SIZE,
  });
  return {
    items: rows.slice(0, PEOPLE_PAGE_SIZE).map(toPersonSummary),
    query,
    page: safePage,
    hasMore: rows.length > PEOPLE_PAGE_SIZE,
  };
}

/** Marks (or unmarks) one of my people as a leader. Throws NotYoursError for anyone else's. */
export async function setLeader(deps: Deps, actor: Actor, personId: string, leader: boolean): Promise<void> {
  const now = deps.clock.now().toISOString();
  const changed = await updateOwnedPersonFlags(deps.db, actor.teamId, actor.userId, personId, {
    is_leader: leader ? 1 : 0,
    updated_at: now,
  });
  if (!changed) throw new NotYoursError();
}

/** Corrects the stage of one of my people; null goes back to the stage computed from my log. */
export async function setStage(
  deps: Deps,
  actor: Actor,
  personId: string,
  stage: RelationshipStage | null,
): Promise<void> {
  const now = deps.clock.now().toISOString();
  const changed = await updateOwnedPersonFlags(deps.db, actor.teamId, actor.userId, personId, {
    stage_override: stage,
    updated_at: now,
  });
  if (!changed) throw new NotYoursError();
}

/**
 * Sets the type of one of my people's institution (from the people list). Institutions are
 * shared by the team, so the type is too; going through my person keeps a crafted id inert.
 */
export async function setInstitutionTypeViaPerson(
  deps: Deps,
  actor: Actor,
  personId: string,
  type: InstitutionType,
): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const person = await findPersonActivity(trx, actor.teamId, actor.userId, personId);
    if (!person?.institution_id) throw new NotYoursError();
    await setInstitutionType(trx, actor.teamId, person.institution_id, type);
  });
}

export type InstitutionTypeResult =
  | { found: true; name: string; type: InstitutionType | null }
  | { found: false };

/** `/onetoone institution NAME [type]`: the team's institution by name; sets its type when given. */
export async function institutionTypeByName(
  deps: Deps,
  actor: Actor,
  name: string,
  type: InstitutionType | undefined,
): Promise<InstitutionTypeResult> {
  return deps.db.transaction().execute(async (trx) => {
    const institution = await findInstitutionByKey(trx, actor.teamId, nameKey(name));
    if (!institution) return { found: false };
    if (type) await setInstitutionType(trx, actor.teamId, institution.id, type);
    return { found: true, name: institution.name, type: type ?? institution.type };
  });
}
