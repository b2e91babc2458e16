import type { Kysely } from 'kysely';
import type { Database, Person } from '../db/schema.js';
import type { Deps } from '../deps.js';
import type { CampaignFieldError, CampaignFieldsInput } from '../domain/campaign.js';
import { nameKey, newId } from '../domain/keys.js';
import { boundSearchText, PAGE_MAX } from '../domain/limits.js';
import {
  type LearnedField,
  type LearnedForm,
  type LearnedInput,
  LIMITS,
  type LogForm,
  type LoggedConfirmation,
  type LogInput,
  type OneToOneDetail,
  type OneToOnePage,
  type OneToOneSummary,
  type PersonChoice,
  type PersonQuery,
  parsePersonQuery,
  parseWho,
  type RawLearnedInput,
  type RawStepOneInput,
  type StepOneField,
  type StepOneInput,
  validateLearned,
  validateStepOne,
  type WhoOptions,
} from '../domain/one-to-one.js';
import { ErrorCode, type Refusal, RefusalError, refuse, refused } from '../errors.js';
import { refreshOneToOneThemeFacts } from '../repositories/campaign-themes.js';
import { recordOneToOneWrite } from '../repositories/digest-facts.js';
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
  linkedSlackUsers,
  type PersonWithInstitution,
  searchOwnedPeople,
  updatePerson,
} from '../repositories/people.js';
import { type DirectoryMember, findMember, searchMembers } from '../repositories/slack-members.js';
import {
  checkOneToOneCampaignFields,
  planTouches,
  reconcileOneToOneCampaigns,
  saveCampaignFields,
  withCampaignFields,
} from './campaign-themes.js';
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
    depth: row.depth,
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
function isWholeRecord(input: StepOneInput & Partial<LearnedInput>): input is LogInput {
  return 'needs' in input;
}

async function resolvePerson(
  trx: Kysely<Database>,
  actor: Actor,
  input: StepOneInput,
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

/** Step one's columns: when, how long, the next step. */
function stepOneColumns(input: StepOneInput) {
  return {
    met_on: input.metOn,
    duration_minutes: input.duration,
    next_step_kind: input.nextStepKind,
    next_step_due_on: input.nextStepKind === 'none' ? null : input.nextStepDue,
    next_step_note: input.nextStepKind === 'none' ? null : input.nextStepNote,
  };
}

/** Step two's columns: what I learned. */
function learnedColumns(input: LearnedInput) {
  return {
    setting: input.setting,
    self_interest_needs: input.needs,
    self_interest_meaning: input.meaning,
    stories: input.stories,
    values_motivations: input.values,
    mutual_interests: input.mutual,
    listening_share: input.listening,
    continue_relationship: input.continue,
    depth: input.depth,
  };
}

function contentColumns(input: LogInput) {
  return { ...stepOneColumns(input), ...learnedColumns(input) };
}

/** A new record from step one alone: what was learned is empty until step two. */
const NOTHING_LEARNED: LearnedInput = {
  setting: null,
  needs: null,
  meaning: null,
  stories: null,
  values: null,
  mutual: null,
  listening: null,
  continue: null,
  depth: null,
};

export interface SavedOneToOne {
  id: string;
  /** False when the same view was submitted before (a retry): nothing new was written. */
  created: boolean;
}

async function insertOnce(
  trx: Kysely<Database>,
  actor: Actor,
  input: StepOneInput & Partial<LearnedInput>,
  viewId: string,
  member: MemberName | undefined,
  now: string,
): Promise<SavedOneToOne> {
  await ensureOrganiser(trx, actor.teamId, actor.userId, now);
  const personId = await resolvePerson(trx, actor, input, member, now);
  const saved = await insertOneToOneOnce(trx, {
    id: newId(),
    team_id: actor.teamId,
    organiser_id: actor.userId,
    person_id: personId,
    ...contentColumns({ ...NOTHING_LEARNED, ...input }),
    source_view_id: viewId,
    created_at: now,
    updated_at: now,
  });
  // The digest's facts (first meetings, institution, the week's totals) kept with the write.
  if (saved.created) await recordOneToOneWrite(trx, actor.teamId, saved.id, now);
  return saved;
}

/** A done next step stays done unless it changed. `changed` is false when nothing new was said. */
async function applyEdit(
  trx: Kysely<Database>,
  actor: Actor,
  id: string,
  input: StepOneInput & Partial<LearnedInput>,
  member: MemberName | undefined,
  now: string,
): Promise<{ changed: boolean }> {
  const current = await findOwnedOneToOne(trx, actor.teamId, actor.userId, id);
  if (!current) refuse(refused(ErrorCode.NotYours, 'metOn'));
  const personBefore = await findOwnedPerson(trx, actor.teamId, actor.userId, current.person_id);
  const personId = await resolvePerson(trx, actor, input, member, now);
  const personAfter = await findOwnedPerson(trx, actor.teamId, actor.userId, personId);
  // Step one edits step one's columns only; what was learned is step two's to change.
  const columns = isWholeRecord(input) ? contentColumns(input) : stepOneColumns(input);
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
  // The digest's facts, for what it was and what it is now (person, date, institution).
  await recordOneToOneWrite(trx, actor.teamId, id, now, {
    personId: current.person_id,
    metOn: current.met_on,
  });
  // Its campaign tags carry its person, date and institution (the report counts by them): kept
  // with it, after recordOneToOneWrite has set the institution (an edit of the person's
  // institution alone changes it too).
  await refreshOneToOneThemeFacts(trx, actor.teamId, id);
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

/** Step one's submission, as decoded from the view. */
export interface LogSubmission {
  values: RawStepOneInput;
  /** The Slack view's id: a retried submission of the same view is saved once. */
  viewId: string;
  /** The record being edited (from the modal's private_metadata), if this is an edit. */
  editingId?: string;
  /**
   * What was learned, when the submission is the single form from before the two steps (a modal
   * left open across the upgrade): saved with step one, so nothing typed there is lost.
   */
  learned?: RawLearnedInput;
}

export type LogOutcome =
  /**
   * Saved (or, for a retried submission or an unchanged edit, already saved: `changed` false),
   * with step two to show in its place.
   */
  | { kind: 'saved'; changed: boolean; learned: LearnedForm }
  | { kind: 'invalid'; errors: Partial<Record<StepOneField | LearnedField, string>> }
  | { kind: 'refused'; refusal: Refusal & { field: StepOneField } };

type LogDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'slack' | 'logger' | 'timeZones'>;

/** Refusals name the field they belong to; the "who" fields all show on step one's one field. */
function refusedField(
  refusal: Refusal,
  fallback: StepOneField,
): { kind: 'refused'; refusal: Refusal & { field: StepOneField } } {
  const field = refusal.field;
  const onStepOne: StepOneField =
    field === 'existingPerson' || field === 'slackMember' || field === 'newName'
      ? 'who'
      : field === 'institution' || field === 'role' || field === 'metOn'
        ? field
        : fallback;
  return { kind: 'refused', refusal: { ...refusal, field: onStepOne } };
}

/**
 * Step one of the log, new or an edit: validated against the organiser's today, the chosen
 * member checked (a bot is refused) and named through users.info (bounded: without an answer
 * they are saved under their id), saved, and step two read back. Nothing is written for a
 * refused request: an edit of someone else's record is refused before the time zone lookup
 * (which caches the organiser's zone). The same view submitted again (a retry, a double click)
 * saves nothing new and answers with the same step two.
 */
export async function submitLogForm(deps: LogDeps, actor: Actor, form: LogSubmission): Promise<LogOutcome> {
  // Ownership first, read-only: a refused payload must not even look up (and cache) a zone.
  if (form.editingId !== undefined) {
    const current = await findOwnedOneToOne(deps.db, actor.teamId, actor.userId, form.editingId);
    if (!current) return refusedField(refused(ErrorCode.NotYours), 'metOn');
  }
  const who = parseWho(form.values.who);
  if (who?.kind === 'person' && !(await findOwnedPerson(deps.db, actor.teamId, actor.userId, who.personId))) {
    return refusedField(refused(ErrorCode.NotYours), 'who');
  }
  const result = validateStepOne(form.values, await organiserToday(deps, actor));
  const learned = form.learned ? validateLearned(form.learned) : undefined;
  if (!result.ok || (learned && !learned.ok)) {
    return {
      kind: 'invalid',
      errors: { ...(learned && !learned.ok ? learned.errors : {}), ...(result.ok ? {} : result.errors) },
    };
  }
  const input: StepOneInput & Partial<LearnedInput> = learned?.ok
    ? { ...result.value, ...learned.value }
    : result.value;

  let member: MemberName | undefined;
  if (input.slackMember) {
    if (input.slackMember === actor.userId) return refusedField(refused(ErrorCode.SelfMember), 'who');
    const info = await deps.slack.userInfo(actor.teamId, input.slackMember, {
      budgetMs: SLACK_LOOKUP_BUDGET_MS,
    });
    if (info?.isBot) return refusedField(refused(ErrorCode.BotMember), 'who');
    const listed = info?.name ? undefined : await findMember(deps.db, actor.teamId, input.slackMember);
    member = { userId: input.slackMember, name: info?.name || listed?.name || input.slackMember };
  }

  const now = deps.clock.now().toISOString();
  const editingId = form.editingId;
  try {
    return await deps.db.transaction().execute(async (trx): Promise<LogOutcome> => {
      let id: string;
      let changed: boolean;
      if (editingId !== undefined) {
        changed = (await applyEdit(trx, actor, editingId, input, member, now)).changed;
        id = editingId;
      } else {
        const saved = await insertOnce(trx, actor, input, form.viewId, member, now);
        changed = saved.created;
        id = saved.id;
      }
      const row = await findOwnedOneToOne(trx, actor.teamId, actor.userId, id);
      if (!row) refuse(refused(ErrorCode.NotYours, 'metOn'));
      // A new date may fall outside a campaign: it then loses that campaign's themes and quote.
      await reconcileOneToOneCampaigns(trx, actor, row.id, row.met_on, now);
      return {
        kind: 'saved',
        changed,
        learned: await withCampaignFields(
          trx,
          actor,
          toLearnedForm(row, { justSaved: true, edited: editingId !== undefined }),
        ),
      };
    });
  } catch (error) {
    if (error instanceof RefusalError) return refusedField(error.refusal, 'who');
    throw error;
  }
}

function toLearnedForm(row: OneToOneRow, how: { justSaved: boolean; edited: boolean }): LearnedForm {
  const detail = toDetail(row);
  return {
    oneToOneId: row.id,
    personName: row.person_name,
    institutionName: row.institution_name,
    metOn: row.met_on,
    nextStep: { kind: row.next_step_kind, dueOn: row.next_step_due_on },
    ...how,
    learned: {
      setting: detail.setting,
      needs: detail.needs,
      meaning: detail.meaning,
      stories: detail.stories,
      values: detail.values,
      mutual: detail.mutual,
      listening: detail.listening,
      continue: detail.continue,
      depth: detail.depth,
    },
  };
}

/** Step two's submission, as decoded from the view. */
export interface LearnedSubmission {
  oneToOneId: string;
  values: RawLearnedInput;
  /** The listening campaigns' fields (themes heard, a consented quote), when the form had them. */
  campaign?: CampaignFieldsInput;
}

export type LearnedOutcome =
  | { kind: 'saved'; changed: boolean }
  | {
      kind: 'invalid';
      errors: Partial<Record<LearnedField, string>>;
      /** The campaign fields' problems (src/views/campaign-fields.ts puts them on their blocks). */
      campaignErrors?: CampaignFieldError[];
    }
  | { kind: 'refused'; refusal: Refusal & { field: LearnedField } };

/**
 * Step two: what I learned, saved on its own (step one is on disk already). Only the author's
 * own one-to-one; anyone else's is refused and nothing is written.
 */
export async function submitLearned(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  form: LearnedSubmission,
): Promise<LearnedOutcome> {
  const result = validateLearned(form.values);
  const campaign = await checkOneToOneCampaignFields(deps, actor, form.oneToOneId, form.campaign);
  if (!result.ok || !campaign.ok) {
    return {
      kind: 'invalid',
      errors: result.ok ? {} : result.errors,
      campaignErrors: campaign.ok ? [] : campaign.errors,
    };
  }
  const columns = learnedColumns(result.value);
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx): Promise<LearnedOutcome> => {
    const current = await findOwnedOneToOne(trx, actor.teamId, actor.userId, form.oneToOneId);
    if (!current) return { kind: 'refused', refusal: { ...refused(ErrorCode.NotYours), field: 'needs' } };
    const changed = (Object.keys(columns) as (keyof typeof columns)[]).some((k) => columns[k] !== current[k]);
    if (changed) {
      await updateOwnedOneToOne(trx, actor.teamId, actor.userId, form.oneToOneId, {
        ...columns,
        updated_at: now,
      });
    }
    await saveCampaignFields(
      trx,
      actor,
      campaign.plan,
      { kind: 'one_to_one', id: current.id, saidOn: current.met_on },
      now,
    );
    return { kind: 'saved', changed: changed || planTouches(campaign.plan) };
  });
}

/** Step two for one of my one-to-ones, opened later (a button, or after editing step one). */
export async function openLearnedForm(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  id: string,
): Promise<{ ok: true; value: LearnedForm } | Refusal> {
  const row = await findOwnedOneToOne(deps.db, actor.teamId, actor.userId, id);
  if (!row) return refused(ErrorCode.NotYours);
  return {
    ok: true,
    value: await withCampaignFields(deps.db, actor, toLearnedForm(row, { justSaved: false, edited: false })),
  };
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

/** What the log form opens for: a person of mine by id, a member (the message shortcut), or what was typed. */
export interface LogFormOptions {
  personId?: string;
  /** A Slack member (a message's author): chosen as one of my people if already, else as a member. */
  memberId?: string;
  /** `/onetoone <name>`, `/onetoone log <name>` or `log @member`. */
  query?: PersonQuery;
  /** The next step's note being followed up (a nudge): shown only with `personId` of mine. */
  stepNote?: string;
}

export type LogFormOpening = { ok: true; value: LogForm } | Refusal;

/** How many of my people a typed name may name in the hint above the field. */
const MATCHES_SHOWN = 5;

/**
 * What the log modal opens with: my today, and whoever was named. One of my people's id (anyone
 * else's is ignored); a member (a bot is refused, as is the organiser themself, so the caller can
 * say why); a typed name that names exactly one of my people chooses them, several are listed
 * above the field, and none offers "New person: <name>", chosen.
 */
export async function openLogFormFor(
  deps: FormDeps,
  actor: Actor,
  options: LogFormOptions,
): Promise<LogFormOpening> {
  const query = options.query;
  const memberId = options.memberId ?? (query?.kind === 'member' ? query.userId : undefined);
  if (memberId !== undefined) {
    if (memberId === actor.userId) return refused(ErrorCode.SelfMember);
    const mine = await findPersonBySlackUser(deps.db, actor.teamId, actor.userId, memberId);
    if (mine) {
      const person = await getMyPerson(deps, actor, mine.id);
      if (person)
        return { ok: true, value: { today: await organiserToday(deps, actor), person: toChoice(person) } };
    }
    const info = await deps.slack.userInfo(actor.teamId, memberId, { budgetMs: SLACK_LOOKUP_BUDGET_MS });
    if (info?.isBot) return refused(ErrorCode.BotMember);
    const listed = info?.name ? undefined : await findMember(deps.db, actor.teamId, memberId);
    const name = info?.name || listed?.name || (query?.kind === 'member' ? query.label : null) || memberId;
    return {
      ok: true,
      value: { today: await organiserToday(deps, actor), who: { kind: 'member', userId: memberId, name } },
    };
  }
  const today = await organiserToday(deps, actor);
  if (options.personId) {
    const person = await getMyPerson(deps, actor, options.personId);
    if (!person) return { ok: true, value: { today } };
    // The note is shown only beside the organiser's own person it was written about.
    const note = options.stepNote?.trim();
    return {
      ok: true,
      value: { today, person: toChoice(person), ...(note ? { followingUp: { note } } : {}) },
    };
  }
  const text = query?.kind === 'text' ? boundSearchText(query.text).slice(0, LIMITS.name).trim() : '';
  if (!text) return { ok: true, value: { today } };
  const found = (await findMyPeople(deps, actor, text, MATCHES_SHOWN + 1)).map(toChoice);
  const exact = found.filter((p) => nameKey(p.name) === nameKey(text));
  const one = exact.length === 1 ? exact[0] : found.length === 1 ? found[0] : undefined;
  if (one) return { ok: true, value: { today, person: one } };
  if (found.length === 0) return { ok: true, value: { today, who: { kind: 'new', name: text } } };
  return { ok: true, value: { today, matches: { query: text, people: found.slice(0, MATCHES_SHOWN) } } };
}

/**
 * Step one drawn again after a choice in its who field (a new person brings institution and
 * role; anyone else takes them away), with what had been entered so far.
 */
export async function redrawLogForm(
  deps: FormDeps,
  actor: Actor,
  form: { values: RawStepOneInput; chosen?: { value: string; label: string }; editingId?: string },
): Promise<LogForm> {
  const today = await organiserToday(deps, actor);
  const v = form.values;
  const draft = {
    metOn: v.metOn ?? null,
    duration: v.duration ?? null,
    nextStepKind: v.nextStepKind ?? null,
    nextStepDue: v.nextStepDue ?? null,
    nextStepNote: v.nextStepNote ?? null,
    institution: v.institution ?? null,
    role: v.role ?? null,
  };
  const base: LogForm = { today, draft, ...(form.editingId ? { editingId: form.editingId } : {}) };
  const who = parseWho(form.chosen?.value);
  if (!who || !form.chosen) return base;
  switch (who.kind) {
    case 'new':
      return { ...base, who: { kind: 'new', name: who.name } };
    case 'member':
      return { ...base, who: { kind: 'member', userId: who.userId, name: form.chosen.label } };
    case 'person': {
      const person = await getMyPerson(deps, actor, who.personId);
      return person ? { ...base, person: toChoice(person) } : base;
    }
  }
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
      editingId: record.id,
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

/**
 * People a query names, among mine only: a free-text query (bounded) by name or institution; an
 * @mention, the one of my people linked to that member (none when I have not met them).
 */
export async function findMyPeople(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  query: string | PersonQuery,
  limit = SEARCH_LIMIT,
): Promise<PersonWithInstitution[]> {
  const q = typeof query === 'string' ? parsePersonQuery(query) : query;
  if (q.kind === 'member') {
    const linked = await findPersonBySlackUser(deps.db, actor.teamId, actor.userId, q.userId);
    const person = linked && (await findOwnedPerson(deps.db, actor.teamId, actor.userId, linked.id));
    return person ? [person] : [];
  }
  return searchOwnedPeople(deps.db, actor.teamId, actor.userId, nameKey(boundSearchText(q.text)), limit);
}

/**
 * Slack's external_select shows at most 100 options (BLOCK_KIT.externalSelectOptions in
 * src/views/block-kit.ts, which cites Slack's reference; personOptions cuts to it again).
 */
const PERSON_PICKER_MAX = 100;

/** The person picker of other forms (introductions): my people matching what was typed. */
export async function searchMyPeople(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  query: string,
): Promise<PersonChoice[]> {
  return (await findMyPeople(deps, actor, { kind: 'text', text: query }, PERSON_PICKER_MAX)).map(toChoice);
}

/** Members offered alongside my people in step one's who field (the rest of the 100 are mine). */
const MEMBERS_OFFERED = 20;

/**
 * Step one's who field: my people matching what was typed, members of this Slack by name (not
 * the organiser, not anyone already among my people: they are there as themselves), and, for a
 * typed name, "New person: <name>".
 */
export async function searchWho(deps: Pick<Deps, 'db'>, actor: Actor, query: string): Promise<WhoOptions> {
  const text = boundSearchText(query);
  const people = (await findMyPeople(deps, actor, { kind: 'text', text }, PERSON_PICKER_MAX)).map(toChoice);
  const key = nameKey(text);
  const members = key
    ? await membersNotMine(deps, actor, await searchMembers(deps.db, actor.teamId, key, MEMBERS_OFFERED * 2))
    : [];
  const newName = text.slice(0, LIMITS.name).trim();
  return {
    people,
    members: members.slice(0, MEMBERS_OFFERED),
    newName: newName && !people.some((p) => nameKey(p.name) === key && !p.institutionName) ? newName : null,
  };
}

async function membersNotMine(deps: Pick<Deps, 'db'>, actor: Actor, members: DirectoryMember[]) {
  if (members.length === 0) return [];
  const linked = new Set(
    await linkedSlackUsers(
      deps.db,
      actor.teamId,
      actor.userId,
      members.map((m) => m.userId),
    ),
  );
  return members.filter((m) => m.userId !== actor.userId && !linked.has(m.userId));
}

export const LIST_PAGE_SIZE = 10;

/** At most this many people a query can name for the list and reflect (far more than anyone has). */
const QUERY_PEOPLE_MAX = 200;

async function peopleNamed(deps: Pick<Deps, 'db'>, actor: Actor, query: PersonQuery) {
  if (query.kind === 'text' && !query.text) return undefined;
  return (await findMyPeople(deps, actor, query, QUERY_PEOPLE_MAX)).map((p) => p.id);
}

/** How a list names what it was asked for: the text typed, or the mentioned member's name. */
async function queryLabel(deps: Pick<Deps, 'db'>, actor: Actor, query: PersonQuery): Promise<string> {
  if (query.kind === 'text') return query.text;
  const [person] = await findMyPeople(deps, actor, query, 1);
  return person?.name ?? query.label ?? 'that member';
}

/**
 * `/onetoone list [person]`: my one-to-ones, newest first, a page at a time. The query is text
 * or an @mention (as typed: the list's page buttons carry it back).
 */
export async function listMyOneToOnes(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  query: string,
  page: number,
): Promise<OneToOnePage> {
  const q = boundSearchText(query);
  const parsed = parsePersonQuery(q);
  // Bounded again here: a page past PAGE_MAX (or not a whole number) is the first page.
  const p = Number.isInteger(page) && page >= 0 && page <= PAGE_MAX ? page : 0;
  const rows = await listOwnedOneToOnes(deps.db, actor.teamId, actor.userId, {
    personIds: await peopleNamed(deps, actor, parsed),
    limit: LIST_PAGE_SIZE + 1,
    offset: p * LIST_PAGE_SIZE,
  });
  return {
    items: rows.slice(0, LIST_PAGE_SIZE).map(toSummary),
    page: p,
    hasMore: rows.length > LIST_PAGE_SIZE,
    query: q,
    ...(parsed.kind === 'member' ? { queryLabel: await queryLabel(deps, actor, parsed) } : {}),
  };
}

/**
 * The one-to-one `/onetoone reflect [person]` means: my latest without a reflection. With a
 * person (text or an @mention), and every one-to-one with them reflected on, the latest with
 * them, so its reflection can be reopened and edited (the only way back to a reflection once its
 * button is gone).
 */
export async function nextToReflect(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  query: string | PersonQuery,
): Promise<OneToOneSummary | undefined> {
  const parsed = typeof query === 'string' ? parsePersonQuery(boundSearchText(query)) : query;
  const personIds = await peopleNamed(deps, actor, parsed);
  const unreflected = await latestUnreflected(deps.db, actor.teamId, actor.userId, personIds);
  if (unreflected || !personIds) return unreflected && toSummary(unreflected);
  const [latest] = await listOwnedOneToOnes(deps.db, actor.teamId, actor.userId, {
    personIds,
    limit: 1,
    offset: 0,
  });
  return latest && toSummary(latest);
}
