import type { Kysely } from 'kysely';
import type { Database, InstitutionType, RelationshipStage } from '../db/schema.js';
import type { Deps } from '../deps.js';
import { nameKey } from '../domain/keys.js';
import { boundSearchText, ID_MAX, PAGE_MAX } from '../domain/limits.js';
import {
  closestNames,
  effectiveStage,
  type InstitutionClassification,
  isInstitutionType,
  isStage,
  type PeoplePage,
  type PersonRelationship,
  parseInstitutionCommand,
  suggestInstitutionType,
} from '../domain/relationship.js';
import { ErrorCode, type Refusal, refused } from '../errors.js';
import { listInstitutionNames } from '../repositories/institutions.js';
import {
  findInstitutionByKey,
  findPersonActivity,
  listPeopleWithActivity,
  type PersonActivityRow,
  updateInstitutionType,
  updateOwnedPersonFlags,
} from '../repositories/queries/relationships.js';
import type { Actor } from './organisers.js';

/**
 * My people as relationships (counts, stage, leaders) and the team's institution types. Each
 * people control is one use case that checks the whole request, writes, and returns the page to
 * redraw (or a refusal, having written nothing).
 */

/** A message holds BLOCK_KIT.messageBlocks (50) blocks; each person takes two, and ten fit with room. */
export const PEOPLE_PAGE_SIZE = 10;

/** Which page of my people: the search text and the page number (as src/views/paging.ts decodes). */
export interface PeopleListRef {
  query: string;
  page: number;
}

export type PeopleControlResult = { ok: true; value: PeoplePage } | Refusal;

function toPersonRelationship(r: PersonActivityRow): PersonRelationship {
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

/** The list asked for, inside the bounds every decoder applies (undefined: out of bounds). */
function boundedList(list: PeopleListRef): PeopleListRef | undefined {
  if (typeof list.query !== 'string') return undefined;
  if (!Number.isInteger(list.page) || list.page < 0 || list.page > PAGE_MAX) return undefined;
  return { query: boundSearchText(list.query), page: list.page };
}

function isPersonId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= ID_MAX;
}

async function readPage(db: Kysely<Database>, actor: Actor, list: PeopleListRef): Promise<PeoplePage> {
  const rows = await listPeopleWithActivity(db, actor.teamId, actor.userId, {
    queryKey: nameKey(list.query),
    limit: PEOPLE_PAGE_SIZE + 1,
    offset: list.page * PEOPLE_PAGE_SIZE,
  });
  return {
    items: rows.slice(0, PEOPLE_PAGE_SIZE).map(toPersonRelationship),
    query: list.query,
    page: list.page,
    hasMore: rows.length > PEOPLE_PAGE_SIZE,
  };
}

/** `/onetoone people [text]` and its page buttons. A page out of bounds is the first page. */
export async function listMyPeople(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  list: PeopleListRef,
): Promise<PeoplePage> {
  const bounded = boundedList(list) ?? { query: boundSearchText(String(list.query ?? '')), page: 0 };
  return readPage(deps.db, actor, bounded);
}

/**
 * One control: the request is checked whole first (person id, list to redraw), then `write`
 * changes one of my people inside a transaction that also reads the page back.
 */
async function control(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  personId: unknown,
  list: PeopleListRef,
  write: (trx: Kysely<Database>) => Promise<boolean>,
): Promise<PeopleControlResult> {
  const bounded = boundedList(list);
  if (!isPersonId(personId) || !bounded) return refused(ErrorCode.BadPayload);
  return deps.db.transaction().execute(async (trx) => {
    if (!(await write(trx))) return refused(ErrorCode.NotYours);
    return { ok: true as const, value: await readPage(trx, actor, bounded) };
  });
}

/** Marks (or unmarks) one of my people as a leader. */
export async function setLeader(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  input: { personId: string; leader: boolean; list: PeopleListRef },
): Promise<PeopleControlResult> {
  if (typeof input.leader !== 'boolean') return refused(ErrorCode.BadPayload);
  const now = deps.clock.now().toISOString();
  return control(deps, actor, input.personId, input.list, (trx) =>
    updateOwnedPersonFlags(trx, actor.teamId, actor.userId, input.personId, {
      is_leader: input.leader ? 1 : 0,
      updated_at: now,
    }),
  );
}

/** Corrects the stage of one of my people; null goes back to the stage computed from my log. */
export async function setStage(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  input: { personId: string; stage: RelationshipStage | null; list: PeopleListRef },
): Promise<PeopleControlResult> {
  if (input.stage !== null && !isStage(String(input.stage))) return refused(ErrorCode.BadPayload);
  const now = deps.clock.now().toISOString();
  return control(deps, actor, input.personId, input.list, (trx) =>
    updateOwnedPersonFlags(trx, actor.teamId, actor.userId, input.personId, {
      stage_override: input.stage,
      updated_at: now,
    }),
  );
}

/**
 * Sets the type of one of my people's institution (from the people list). Institutions are
 * shared by the team, so the type is too; going through my person keeps a crafted id inert.
 */
export async function setInstitutionType(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  input: { personId: string; type: InstitutionType; list: PeopleListRef },
): Promise<PeopleControlResult> {
  if (!isInstitutionType(String(input.type))) return refused(ErrorCode.BadPayload);
  return control(deps, actor, input.personId, input.list, async (trx) => {
    const person = await findPersonActivity(trx, actor.teamId, actor.userId, input.personId);
    if (!person?.institution_id) return false;
    await updateInstitutionType(trx, actor.teamId, person.institution_id, input.type);
    return true;
  });
}

/** How many of the team's institution names a miss is compared with. */
const SUGGESTION_POOL = 2000;

function shown(name: string, type: InstitutionType | null): InstitutionClassification {
  const suggested = type === null ? suggestInstitutionType(name) : undefined;
  return suggested ? { kind: 'shown', name, type, suggested } : { kind: 'shown', name, type };
}

/**
 * `/onetoone institution NAME [type]`: reads the command, finds the team's institution by name,
 * and sets its type when one is given (else says what it is).
 */
export async function classifyInstitution(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  args: string,
): Promise<InstitutionClassification> {
  const parsed = parseInstitutionCommand(args);
  if (!parsed.ok) return { kind: 'unreadable', problem: parsed.problem };
  const { name, type } = parsed;
  // Unquoted text whose last word read as a type: the whole text may be the name itself.
  const text = args.trim().replace(/\s+/g, ' ');
  const whole = type !== undefined && !text.startsWith('"') && !text.startsWith('“') ? text : undefined;
  return deps.db.transaction().execute(async (trx): Promise<InstitutionClassification> => {
    // "St Mary's Church" names an institution before "St Mary's" of type "church" does.
    const named =
      whole === undefined ? undefined : await findInstitutionByKey(trx, actor.teamId, nameKey(whole));
    if (named) return shown(named.name, named.type);
    const institution = await findInstitutionByKey(trx, actor.teamId, nameKey(name));
    if (!institution) {
      const names = (await listInstitutionNames(trx, actor.teamId, SUGGESTION_POOL)).map((i) => i.name);
      return { kind: 'unknown', name: whole ?? name, closest: closestNames(whole ?? name, names) };
    }
    if (!type) return shown(institution.name, institution.type);
    await updateInstitutionType(trx, actor.teamId, institution.id, type);
    return { kind: 'changed', name: institution.name, type };
  });
}
