import type { IntroductionStatus } from '../db/schema.js';
import type { Deps } from '../deps.js';
import {
  type Introduction,
  type IntroductionField,
  NOT_YET_DAYS,
  type RawIntroductionInput,
  validateIntroduction,
} from '../domain/introduction.js';
import { newId } from '../domain/keys.js';
import { addDays } from '../domain/time.js';
import { ErrorCode, type Refusal, refuse, refused } from '../errors.js';
import {
  findOwnedIntroduction,
  type IntroductionDetail,
  insertIntroductionOnce,
  updateOwnedIntroduction,
} from '../repositories/introductions.js';
import { ensureOrganiser } from '../repositories/organisers.js';
import { findOwnedPerson } from '../repositories/people.js';
import { type Actor, organiserToday } from './organisers.js';

function toIntroduction(i: IntroductionDetail): Introduction {
  return {
    id: i.id,
    personA: i.person_a_name,
    institutionA: i.person_a_institution,
    personB: i.person_b_name,
    institutionB: i.person_b_institution,
    introducedOn: i.introduced_on,
    status: i.status,
    followUpDueOn: i.follow_up_due_on,
  };
}

/** The introduce modal's submission, answered. */
export type RecordIntroductionResult =
  /** Saved now: confirm it with this. */
  | { kind: 'saved'; introduction: Introduction }
  /** The same Slack view again (a retry): saved once already, confirmed once already. */
  | { kind: 'duplicate' }
  /** Field errors for the form. */
  | { kind: 'invalid'; errors: Partial<Record<IntroductionField, string>> }
  /** A person who is not one of mine (or is gone), on that field. */
  | { kind: 'refused'; refusal: Refusal & { field: 'personA' | 'personB' } };

export type IntroductionDeps = Pick<Deps, 'db' | 'clock'> & Parameters<typeof organiserToday>[0];

/** What the introduce form needs to open: the organiser's today (the date's default and limit). */
export async function openIntroductionForm(deps: IntroductionDeps, actor: Actor): Promise<{ today: string }> {
  return { today: await organiserToday(deps, actor) };
}

/**
 * Records an introduction between two of my people, once per Slack view: validated against the
 * organiser's today, both people checked as the actor's own inside the transaction (a crafted id
 * for someone else's person is refused on its field), and read back for the confirmation.
 */
export async function recordIntroduction(
  deps: IntroductionDeps,
  actor: Actor,
  raw: RawIntroductionInput,
  viewId: string,
): Promise<RecordIntroductionResult> {
  const valid = validateIntroduction(raw, await organiserToday(deps, actor));
  if (!valid.ok) return { kind: 'invalid', errors: valid.errors };
  const input = valid.value;
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx): Promise<RecordIntroductionResult> => {
    const a = await findOwnedPerson(trx, actor.teamId, actor.userId, input.personA);
    if (!a) return { kind: 'refused', refusal: { ...refused(ErrorCode.NotYours), field: 'personA' } };
    const b = await findOwnedPerson(trx, actor.teamId, actor.userId, input.personB);
    if (!b) return { kind: 'refused', refusal: { ...refused(ErrorCode.NotYours), field: 'personB' } };
    await ensureOrganiser(trx, actor.teamId, actor.userId, now);
    const across =
      a.institution_id !== null && b.institution_id !== null && a.institution_id !== b.institution_id;
    const saved = await insertIntroductionOnce(trx, {
      id: newId(),
      team_id: actor.teamId,
      organiser_id: actor.userId,
      person_a_id: a.id,
      person_b_id: b.id,
      why: input.why,
      status: 'agreed',
      across_institutions: across ? 1 : 0,
      introduced_on: input.introducedOn,
      follow_up_due_on: input.followUpDueOn,
      outcome_at: null,
      source_view_id: viewId,
      created_at: now,
      updated_at: now,
    });
    if (!saved.created) return { kind: 'duplicate' };
    const row = await findOwnedIntroduction(trx, actor.teamId, actor.userId, saved.id);
    return { kind: 'saved', introduction: toIntroduction(row!) };
  });
}

/**
 * The organiser's answer to "did they meet?". They met / Won't happen are final (no more
 * questions); Not yet asks again NOT_YET_DAYS after `today` (the organiser's local date).
 * A repeated click changes nothing more. Someone else's introduction is refused (the caller has
 * checked the owner already; this is the second lock).
 */
export async function setIntroductionOutcome(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  id: string,
  outcome: Exclude<IntroductionStatus, 'agreed'>,
  today: string,
): Promise<{ changed: boolean; introduction: Introduction }> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const row = await findOwnedIntroduction(trx, actor.teamId, actor.userId, id);
    if (!row) refuse(ErrorCode.NotYours);
    const followUp = outcome === 'not_yet' ? addDays(today, NOT_YET_DAYS) : null;
    if (row.status === outcome && (outcome !== 'not_yet' || row.follow_up_due_on === followUp)) {
      return { changed: false, introduction: toIntroduction(row) };
    }
    await updateOwnedIntroduction(trx, actor.teamId, actor.userId, id, {
      status: outcome,
      follow_up_due_on: followUp,
      outcome_at: outcome === 'not_yet' ? null : now,
      updated_at: now,
    });
    const updated = await findOwnedIntroduction(trx, actor.teamId, actor.userId, id);
    return { changed: true, introduction: toIntroduction(updated!) };
  });
}
