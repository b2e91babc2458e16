import type { Kysely } from 'kysely';
import type { Database, Person } from '../db/schema.js';
import type { Deps } from '../deps.js';
import { nameKey, newId } from '../domain/keys.js';
import type { LogInput } from '../domain/one-to-one.js';
import { findOrCreateInstitution } from '../repositories/institutions.js';
import {
  findOwnedOneToOne,
  insertOneToOneOnce,
  latestUnreflected,
  listOwnedOneToOnes,
  type OneToOneDetail,
  type OneToOneSummary,
  updateOwnedOneToOne,
} from '../repositories/one-to-ones.js';
import { ensureOrganiser } from '../repositories/organisers.js';
import {
  findOwnedPerson,
  findPersonByKeys,
  findPersonBySlackUser,
  insertPerson,
  type PersonWithInstitution,
  searchOwnedPeople,
  updatePerson,
} from '../repositories/people.js';
import type { Actor } from './organisers.js';

export type { OneToOneDetail, OneToOneSummary } from '../repositories/one-to-ones.js';

/** Thrown when a payload names a record that does not exist for the acting user. Says nothing more. */
export class NotYoursError extends Error {
  constructor() {
    super('not found for this user');
    this.name = 'NotYoursError';
  }
}

/**
 * Thrown when a chosen person would be moved to an institution where the organiser already has
 * someone of the same name: the organiser has to say which of the two they met.
 */
export class DuplicatePersonError extends Error {
  constructor() {
    super('a namesake is already known at that institution');
    this.name = 'DuplicatePersonError';
  }
}

/** For a chosen Slack member: their name as Slack shows it, looked up before the transaction. */
export interface MemberName {
  userId: string;
  name: string;
}

/**
 * Finds or creates the person a log refers to, owned by the actor. Re-logging the same name at
 * the same institution, or the same Slack member, finds the existing person: no duplicates.
 */
async function resolvePerson(
  trx: Kysely<Database>,
  actor: Actor,
  input: LogInput,
  member: MemberName | undefined,
  now: string,
): Promise<string> {
  const institution = input.institution
    ? await findOrCreateInstitution(trx, actor.teamId, input.institution, now)
    : undefined;
  /**
   * Moving a known person to the typed institution must not hit the unique (name, institution)
   * key held by a namesake of theirs: two Slack members who share a name stay apart by their
   * Slack id; any other namesake is someone the organiser has to choose between.
   */
  const institutionPatchFor = async (person: Person) => {
    if (!institution) return {};
    let key = institution.name_key;
    const namesake = await findPersonByKeys(trx, actor.teamId, actor.userId, person.name_key, key);
    if (namesake && namesake.id !== person.id) {
      const bothMembers =
        person.slack_user_id && namesake.slack_user_id && namesake.slack_user_id !== person.slack_user_id;
      if (!bothMembers) throw new DuplicatePersonError();
      key = `${key}@${person.slack_user_id}`;
    }
    return { institution_id: institution.id, institution_key: key };
  };
  const rolePatch = input.role ? { role: input.role } : {};

  if (input.existingPerson) {
    const person = await findOwnedPerson(trx, actor.teamId, actor.userId, input.existingPerson);
    if (!person) throw new NotYoursError();
    await updatePerson(trx, actor.teamId, person.id, {
      ...(await institutionPatchFor(person)),
      ...rolePatch,
      updated_at: now,
    });
    return person.id;
  }

  if (member) {
    const linked = await findPersonBySlackUser(trx, actor.teamId, actor.userId, member.userId);
    if (linked) {
      await updatePerson(trx, actor.teamId, linked.id, {
        ...(await institutionPatchFor(linked)),
        ...rolePatch,
        updated_at: now,
      });
      return linked.id;
    }
    const key = nameKey(member.name);
    const institutionKey = institution?.name_key ?? '';
    const sameName = await findPersonByKeys(trx, actor.teamId, actor.userId, key, institutionKey);
    if (sameName && !sameName.slack_user_id) {
      // Logged by name before; now we know who they are in Slack.
      await updatePerson(trx, actor.teamId, sameName.id, {
        slack_user_id: member.userId,
        ...rolePatch,
        updated_at: now,
      });
      return sameName.id;
    }
    const id = newId();
    await insertPerson(trx, {
      id,
      team_id: actor.teamId,
      organiser_id: actor.userId,
      name: member.name,
      name_key: key,
      // Two different Slack members with one name and no institution stay two people.
      institution_key: sameName ? `${institutionKey}@${member.userId}` : institutionKey,
      institution_id: institution?.id ?? null,
      role: input.role,
      slack_user_id: member.userId,
      created_at: now,
      updated_at: now,
    });
    return id;
  }

  const name = input.newName!;
  const key = nameKey(name);
  const existing = await findPersonByKeys(trx, actor.teamId, actor.userId, key, institution?.name_key ?? '');
  if (existing) {
    await updatePerson(trx, actor.teamId, existing.id, { ...rolePatch, updated_at: now });
    return existing.id;
  }
  const id = newId();
  await insertPerson(trx, {
    id,
    team_id: actor.teamId,
    organiser_id: actor.userId,
    name,
    name_key: key,
    institution_id: institution?.id ?? null,
    institution_key: institution?.name_key ?? '',
    role: input.role,
    slack_user_id: null,
    created_at: now,
    updated_at: now,
  });
  return id;
}

function contentColumns(input: LogInput) {
  return {
    met_on: input.metOn,
    duration_minutes: input.duration,
    setting: input.setting,
    self_interest_needs: input.needs,
    self_interest_meaning: input.meaning,
    stories: input.stories,
    values_motivations: input.values,
    mutual_interests: input.mutual,
    listening_share: input.listening,
    continue_relationship: input.continue,
    next_step_kind: input.nextStepKind,
    next_step_due_on: input.nextStepKind === 'none' ? null : input.nextStepDue,
    next_step_note: input.nextStepKind === 'none' ? null : input.nextStepNote,
  };
}

export interface SavedOneToOne {
  id: string;
  /** False when the same view was submitted before (a retry): nothing new was written. */
  created: boolean;
}

/**
 * Saves a new one-to-one from a log modal, once per Slack view: the person, the institution and
 * the record in one transaction, so nothing partial is ever saved.
 */
export async function logOneToOne(
  deps: Deps,
  actor: Actor,
  input: LogInput,
  viewId: string,
  member?: MemberName,
): Promise<SavedOneToOne> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    await ensureOrganiser(trx, actor.teamId, actor.userId, now);
    const personId = await resolvePerson(trx, actor, input, member, now);
    return insertOneToOneOnce(trx, {
      id: newId(),
      team_id: actor.teamId,
      organiser_id: actor.userId,
      person_id: personId,
      ...contentColumns(input),
      source_view_id: viewId,
      created_at: now,
      updated_at: now,
    });
  });
}

/**
 * Edits one of my one-to-ones (reopened from the list). A done next step stays done unless it
 * changed. `changed` is false when the record and its person already said all this: the same
 * edit delivered twice is confirmed once.
 */
export async function editOneToOne(
  deps: Deps,
  actor: Actor,
  id: string,
  input: LogInput,
  member?: MemberName,
): Promise<{ changed: boolean }> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const current = await findOwnedOneToOne(trx, actor.teamId, actor.userId, id);
    if (!current) throw new NotYoursError();
    const personBefore = await findOwnedPerson(trx, actor.teamId, actor.userId, current.person_id);
    const personId = await resolvePerson(trx, actor, input, member, now);
    const personAfter = await findOwnedPerson(trx, actor.teamId, actor.userId, personId);
    const columns = contentColumns(input);
    const stepChanged =
      columns.next_step_kind !== current.next_step_kind ||
      columns.next_step_due_on !== current.next_step_due_on;
    const changed =
      personId !== current.person_id ||
      personBefore?.institution_id !== personAfter?.institution_id ||
      personBefore?.role !== personAfter?.role ||
      (Object.keys(columns) as (keyof typeof columns)[]).some((k) => columns[k] !== current[k]);
    await updateOwnedOneToOne(trx, actor.teamId, actor.userId, id, {
      ...columns,
      person_id: personId,
      next_step_done_at: stepChanged ? null : current.next_step_done_at,
      updated_at: now,
    });
    return { changed };
  });
}

export async function getOneToOne(deps: Deps, actor: Actor, id: string): Promise<OneToOneDetail> {
  const row = await findOwnedOneToOne(deps.db, actor.teamId, actor.userId, id);
  if (!row) throw new NotYoursError();
  return row;
}

/** One of my people, or undefined (also for anyone else's). */
export async function getMyPerson(
  deps: Deps,
  actor: Actor,
  personId: string,
): Promise<PersonWithInstitution | undefined> {
  return findOwnedPerson(deps.db, actor.teamId, actor.userId, personId);
}

/** People a free-text query names: by name or institution, among mine only. */
export async function findMyPeople(
  deps: Deps,
  actor: Actor,
  query: string,
  limit = 50,
): Promise<PersonWithInstitution[]> {
  return searchOwnedPeople(deps.db, actor.teamId, actor.userId, nameKey(query), limit);
}

export const LIST_PAGE_SIZE = 10;

export interface OneToOnePage {
  items: OneToOneSummary[];
  page: number;
  hasMore: boolean;
  query: string;
}

export async function listMyOneToOnes(
  deps: Deps,
  actor: Actor,
  query: string,
  page: number,
): Promise<OneToOnePage> {
  const personIds = query ? (await findMyPeople(deps, actor, query, 200)).map((p) => p.id) : undefined;
  const rows = await listOwnedOneToOnes(deps.db, actor.teamId, actor.userId, {
    personIds,
    limit: LIST_PAGE_SIZE + 1,
    offset: page * LIST_PAGE_SIZE,
  });
  return { items: rows.slice(0, LIST_PAGE_SIZE), page, hasMore: rows.length > LIST_PAGE_SIZE, query };
}

/**
 * The one-to-one `/onetoone reflect [person]` means: my latest without a reflection. With a
 * person, and every one-to-one with them reflected on, the latest with them, so its reflection
 * can be reopened and edited (the only way back to a reflection once its button is gone).
 */
export async function nextToReflect(
  deps: Deps,
  actor: Actor,
  query: string,
): Promise<OneToOneSummary | undefined> {
  const personIds = query ? (await findMyPeople(deps, actor, query, 200)).map((p) => p.id) : undefined;
  const unreflected = await latestUnreflected(deps.db, actor.teamId, actor.userId, personIds);
  if (unreflected || !personIds) return unreflected;
  const [latest] = await listOwnedOneToOnes(deps.db, actor.teamId, actor.userId, {
    personIds,
    limit: 1,
    offset: 0,
  });
  return latest;
}
