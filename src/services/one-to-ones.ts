import type { Kysely } from 'kysely';
import type { Database, Person } from '../db/schema.js';
import type { Deps } from '../deps.js';
import { nameKey, newId } from '../domain/keys.js';
import { boundSearchText, PAGE_MAX } from '../domain/limits.js';
import {
  type LogField,
  type LogForm,
  type LoggedConfirmation,
  type LogInput,
  type OneToOneDetail,
  type OneToOnePage,
  type OneToOneSummary,
  type PersonChoice,
  type RawLogInput,
  validateLog,
} from '../domain/one-to-one.js';
import { ErrorCode, type Refusal, RefusalError, refuse, refused } from '../errors.js';
import { findOrCreateInstitution } from '../repositories/institutions.js';
import {
  findOwnedOneToOne,
  insertOneToOneOnce,
  latestUnreflected,
  listOwnedOneToOnes,
  type OneToOneDetailRow as OneToOneRow,
  type OneToOneSummaryRow,
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
import { findOwnedReflection } from '../repositories/reflections.js';
import { type Actor, organiserToday, SLACK_LOOKUP_BUDGET_MS } from './organisers.js';

/** For a chosen Slack member: their name as Slack shows it, looked up before the transaction. */
export interface MemberName {
  userId: string;
  name: string;
}

// Row → app type mapping: the one place the one-to-one's columns are named for the rest of the app.

export function toSummary(row: OneToOneSummaryRow): OneToOneSummary {
  return {
    id: row.id,
    personId: row.person_id,
    personName: row.person_name,
    institutionName: row.institution_name,
    metOn: row.met_on,
    durationMinutes: row.duration_minutes,
    nextStep: { kind: row.next_step_kind, dueOn: row.next_step_due_on, done: Boolean(row.next_step_done_at) },
    reflected: Boolean(row.reflected),
  };
}

function toDetail(row: OneToOneRow): OneToOneDetail {
  return {
    id: row.id,
    personId: row.person_id,
    personName: row.person_name,
    institutionName: row.institution_name,
    metOn: row.met_on,
    durationMinutes: row.duration_minutes,
    setting: row.setting,
    needs: row.self_interest_needs,
    meaning: row.self_interest_meaning,
    stories: row.stories,
    values: row.values_motivations,
    mutual: row.mutual_interests,
    listening: row.listening_share,
    continue: row.continue_relationship,
    nextStep: {
      kind: row.next_step_kind,
      dueOn: row.next_step_due_on,
      note: row.next_step_note,
      done: Boolean(row.next_step_done_at),
    },
  };
}

function toChoice(person: PersonWithInstitution): PersonChoice {
  return { id: person.id, name: person.name, institutionName: person.institution_name };
}

/**
 * Finds or creates the person a log refers to, owned by the actor. Re-logging the same name at
 * the same institution, or the same Slack member, finds the existing person: no duplicates.
 * Runs inside the save's transaction and refuses by throwing, so a refusal rolls back the
 * institution it may have created.
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
      if (!bothMembers) refuse(refused(ErrorCode.DuplicatePerson, 'institution'));
      key = `${key}@${person.slack_user_id}`;
    }
    return { institution_id: institution.id, institution_key: key };
  };
  const rolePatch = input.role ? { role: input.role } : {};

  if (input.existingPerson) {
    const person = await findOwnedPerson(trx, actor.teamId, actor.userId, input.existingPerson);
    if (!person) refuse(refused(ErrorCode.NotYours, 'existingPerson'));
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

async function insertOnce(
  trx: Kysely<Database>,
  actor: Actor,
  input: LogInput,
  viewId: string,
  member: MemberName | undefined,
  now: string,
): Promise<SavedOneToOne> {
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
}

/** A done next step stays done unless it changed. `changed` is false when nothing new was said. */
async function applyEdit(
  trx: Kysely<Database>,
  actor: Actor,
  id: string,
  input: LogInput,
  member: MemberName | undefined,
  now: string,
): Promise<{ changed: boolean }> {
  const current = await findOwnedOneToOne(trx, actor.teamId, actor.userId, id);
  if (!current) refuse(refused(ErrorCode.NotYours, 'metOn'));
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
}

/**
 * Saves a new one-to-one from validated input, once per Slack view: the person, the institution
 * and the record in one transaction, so nothing partial is ever saved. Throws a RefusalError
 * (duplicate person, not your person); `submitLogForm` is the use case that answers with them.
 */
export async function logOneToOne(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  input: LogInput,
  viewId: string,
  member?: MemberName,
): Promise<SavedOneToOne> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute((trx) => insertOnce(trx, actor, input, viewId, member, now));
}

/** Edits one of my one-to-ones from validated input. Throws a RefusalError as logOneToOne does. */
export async function editOneToOne(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  id: string,
  input: LogInput,
  member?: MemberName,
): Promise<{ changed: boolean }> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute((trx) => applyEdit(trx, actor, id, input, member, now));
}

/** A log modal's submission, as decoded from the view. */
export interface LogSubmission {
  values: RawLogInput;
  /** The Slack view's id: a retried submission of the same view is saved once. */
  viewId: string;
  /** The record being edited (from the modal's private_metadata), if this is an edit. */
  editingId?: string;
}

export type LogOutcome =
  | { kind: 'saved'; confirmation: LoggedConfirmation }
  /** The same submission again, or an edit that changed nothing: no second confirmation. */
  | { kind: 'unchanged' }
  | { kind: 'invalid'; errors: Partial<Record<LogField, string>> }
  | { kind: 'refused'; refusal: Refusal & { field: LogField } };

type LogDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'slack' | 'logger' | 'timeZones'>;

function refusedField(refusal: Refusal, fallback: LogField): LogOutcome {
  return { kind: 'refused', refusal: { ...refusal, field: (refusal.field as LogField) ?? fallback } };
}

/**
 * The log modal's submission, new or an edit: validated against the organiser's today, the
 * chosen member checked (a bot is refused) and named through users.info (bounded: without an
 * answer they are saved under their id), saved, and the confirmation read back. Nothing is
 * written for a refused request: an edit of someone else's record is refused before the time
 * zone lookup (which caches the organiser's zone).
 */
export async function submitLogForm(deps: LogDeps, actor: Actor, form: LogSubmission): Promise<LogOutcome> {
  // Ownership first, read-only: a refused payload must not even look up (and cache) a zone.
  if (form.editingId !== undefined) {
    const current = await findOwnedOneToOne(deps.db, actor.teamId, actor.userId, form.editingId);
    if (!current) return refusedField(refused(ErrorCode.NotYours), 'metOn');
  }
  // (Only when it is the one "who" given: two "who"s are a field error of their own.)
  const { existingPerson: chosen, slackMember, newName } = form.values;
  const alone = chosen && !slackMember && !newName;
  if (alone && !(await findOwnedPerson(deps.db, actor.teamId, actor.userId, chosen))) {
    return refusedField(refused(ErrorCode.NotYours), 'existingPerson');
  }
  const result = validateLog(form.values, await organiserToday(deps, actor));
  if (!result.ok) return { kind: 'invalid', errors: result.errors };
  const input = result.value;

  let member: MemberName | undefined;
  if (input.slackMember) {
    const info = await deps.slack.userInfo(actor.teamId, input.slackMember, {
      budgetMs: SLACK_LOOKUP_BUDGET_MS,
    });
    if (info?.isBot) return refusedField(refused(ErrorCode.BotMember), 'slackMember');
    member = { userId: input.slackMember, name: info?.name || input.slackMember };
  }

  const now = deps.clock.now().toISOString();
  const editingId = form.editingId;
  try {
    return await deps.db.transaction().execute(async (trx): Promise<LogOutcome> => {
      let id: string;
      if (editingId !== undefined) {
        const edited = await applyEdit(trx, actor, editingId, input, member, now);
        if (!edited.changed) return { kind: 'unchanged' };
        id = editingId;
      } else {
        const saved = await insertOnce(trx, actor, input, form.viewId, member, now);
        if (!saved.created) return { kind: 'unchanged' };
        id = saved.id;
      }
      const row = await findOwnedOneToOne(trx, actor.teamId, actor.userId, id);
      if (!row) refuse(refused(ErrorCode.NotYours, 'metOn'));
      const reflected = Boolean(await findOwnedReflection(trx, actor.teamId, actor.userId, id));
      return { kind: 'saved', confirmation: toConfirmation(row, editingId !== undefined, reflected) };
    });
  } catch (error) {
    if (error instanceof RefusalError) return refusedField(error.refusal, 'existingPerson');
    throw error;
  }
}

export function toConfirmation(row: OneToOneRow, edited: boolean, reflected: boolean): LoggedConfirmation {
  return {
    oneToOneId: row.id,
    personName: row.person_name,
    institutionName: row.institution_name,
    metOn: row.met_on,
    edited,
    nextStep: { kind: row.next_step_kind, dueOn: row.next_step_due_on },
    reflected,
  };
}

type FormDeps = LogDeps;

/** What the log modal opens with: my today, and one of my people filled in (anyone else's is ignored). */
export async function openLogForm(
  deps: FormDeps,
  actor: Actor,
  options: { personId?: string } = {},
): Promise<LogForm> {
  const today = await organiserToday(deps, actor);
  const person = options.personId ? await getMyPerson(deps, actor, options.personId) : undefined;
  return person ? { today, person: toChoice(person) } : { today };
}

/**
 * One of my one-to-ones, to edit in the log modal. Checked before the time zone lookup, so
 * asking for someone else's record writes nothing.
 */
export async function openEditForm(
  deps: FormDeps,
  actor: Actor,
  id: string,
): Promise<{ ok: true; value: LogForm } | Refusal> {
  const row = await findOwnedOneToOne(deps.db, actor.teamId, actor.userId, id);
  if (!row) return refused(ErrorCode.NotYours);
  const record = toDetail(row);
  const today = await organiserToday(deps, actor);
  return {
    ok: true,
    value: {
      today,
      record,
      person: { id: record.personId, name: record.personName, institutionName: record.institutionName },
    },
  };
}

/** One of my people, or undefined (also for anyone else's). */
export async function getMyPerson(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  personId: string,
): Promise<PersonWithInstitution | undefined> {
  return findOwnedPerson(deps.db, actor.teamId, actor.userId, personId);
}

/** How many people a search answers when the caller does not say. */
const SEARCH_LIMIT = 50;

/** People a free-text query names: by name or institution, among mine only. The query is bounded. */
export async function findMyPeople(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  query: string,
  limit = SEARCH_LIMIT,
): Promise<PersonWithInstitution[]> {
  return searchOwnedPeople(deps.db, actor.teamId, actor.userId, nameKey(boundSearchText(query)), limit);
}

/**
 * Slack's external_select shows at most 100 options (BLOCK_KIT.externalSelectOptions in
 * src/views/block-kit.ts, which cites Slack's reference; personOptions cuts to it again).
 */
const PERSON_PICKER_MAX = 100;

/** The person picker ("someone you have met before"): my people matching what was typed. */
export async function searchMyPeople(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  query: string,
): Promise<PersonChoice[]> {
  return (await findMyPeople(deps, actor, query, PERSON_PICKER_MAX)).map(toChoice);
}

export const LIST_PAGE_SIZE = 10;

/** At most this many people a query can name for the list and reflect (far more than anyone has). */
const QUERY_PEOPLE_MAX = 200;

async function peopleNamed(deps: Pick<Deps, 'db'>, actor: Actor, query: string) {
  return query ? (await findMyPeople(deps, actor, query, QUERY_PEOPLE_MAX)).map((p) => p.id) : undefined;
}

/** `/onetoone list [person]`: my one-to-ones, newest first, a page at a time. */
export async function listMyOneToOnes(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  query: string,
  page: number,
): Promise<OneToOnePage> {
  const q = boundSearchText(query);
  // Bounded again here: a page past PAGE_MAX (or not a whole number) is the first page.
  const p = Number.isInteger(page) && page >= 0 && page <= PAGE_MAX ? page : 0;
  const rows = await listOwnedOneToOnes(deps.db, actor.teamId, actor.userId, {
    personIds: await peopleNamed(deps, actor, q),
    limit: LIST_PAGE_SIZE + 1,
    offset: p * LIST_PAGE_SIZE,
  });
  return {
    items: rows.slice(0, LIST_PAGE_SIZE).map(toSummary),
    page: p,
    hasMore: rows.length > LIST_PAGE_SIZE,
    query: q,
  };
}

/**
 * The one-to-one `/onetoone reflect [person]` means: my latest without a reflection. With a
 * person, and every one-to-one with them reflected on, the latest with them, so its reflection
 * can be reopened and edited (the only way back to a reflection once its button is gone).
 */
export async function nextToReflect(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  query: string,
): Promise<OneToOneSummary | undefined> {
  const personIds = await peopleNamed(deps, actor, boundSearchText(query));
  const unreflected = await latestUnreflected(deps.db, actor.teamId, actor.userId, personIds);
  if (unreflected || !personIds) return unreflected && toSummary(unreflected);
  const [latest] = await listOwnedOneToOnes(deps.db, actor.teamId, actor.userId, {
    personIds,
    limit: 1,
    offset: 0,
  });
  return latest && toSummary(latest);
}
