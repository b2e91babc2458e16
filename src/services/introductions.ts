import type { IntroductionStatus } from '../db/schema.js';
import type { Deps } from '../deps.js';
import { type IntroductionInput, NOT_YET_DAYS } from '../domain/introduction.js';
import { newId } from '../domain/keys.js';
import { addDays } from '../domain/time.js';
import {
  countTeamIntroductions,
  findOwnedIntroduction,
  type IntroductionCounts,
  type IntroductionDetail,
  insertIntroductionOnce,
  updateOwnedIntroduction,
} from '../repositories/introductions.js';
import { ensureOrganiser } from '../repositories/organisers.js';
import { findOwnedPerson } from '../repositories/people.js';
import { NotYoursError } from './one-to-ones.js';
import type { Actor } from './organisers.js';

export type { IntroductionCounts, IntroductionDetail } from '../repositories/introductions.js';

/** A person in the introduction is not one of the actor's: which field, and nothing more. */
export class NotYourPersonError extends NotYoursError {
  constructor(readonly field: 'personA' | 'personB') {
    super();
    this.name = 'NotYourPersonError';
  }
}

/**
 * Records an introduction between two of my people, once per Slack view. Both people are checked
 * against the actor inside the transaction: a crafted id for someone else's person is refused.
 */
export async function recordIntroduction(
  deps: Deps,
  actor: Actor,
  input: IntroductionInput,
  viewId: string,
): Promise<{ id: string; created: boolean }> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const a = await findOwnedPerson(trx, actor.teamId, actor.userId, input.personA);
    if (!a) throw new NotYourPersonError('personA');
    const b = await findOwnedPerson(trx, actor.teamId, actor.userId, input.personB);
    if (!b) throw new NotYourPersonError('personB');
    await ensureOrganiser(trx, actor.teamId, actor.userId, now);
    const across =
      a.institution_id !== null && b.institution_id !== null && a.institution_id !== b.institution_id;
    return insertIntroductionOnce(trx, {
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
  });
}

export async function getIntroduction(deps: Deps, actor: Actor, id: string): Promise<IntroductionDetail> {
  const row = await findOwnedIntroduction(deps.db, actor.teamId, actor.userId, id);
  if (!row) throw new NotYoursError();
  return row;
}

/**
 * The organiser's answer to "did they meet?". They met / Won't happen are final (no more
 * questions); Not yet asks again NOT_YET_DAYS after `today` (the organiser's local date).
 * A repeated click changes nothing more.
 */
export async function setIntroductionOutcome(
  deps: Deps,
  actor: Actor,
  id: string,
  outcome: Exclude<IntroductionStatus, 'agreed'>,
  today: string,
): Promise<{ changed: boolean; introduction: IntroductionDetail }> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const row = await findOwnedIntroduction(trx, actor.teamId, actor.userId, id);
    if (!row) throw new NotYoursError();
    const followUp = outcome === 'not_yet' ? addDays(today, NOT_YET_DAYS) : null;
    if (row.status === outcome && (outcome !== 'not_yet' || row.follow_up_due_on === followUp)) {
      return { changed: false, introduction: row };
    }
    await updateOwnedIntroduction(trx, actor.teamId, actor.userId, id, {
      status: outcome,
      follow_up_due_on: followUp,
      outcome_at: outcome === 'not_yet' ? null : now,
      updated_at: now,
    });
    const updated = await findOwnedIntroduction(trx, actor.teamId, actor.userId, id);
    return { changed: true, introduction: updated! };
  });
}

/** Counts for the weekly digest: a team's brokered introductions in a week. Never names. */
export async function teamIntroductionCounts(
  deps: Deps,
  teamId: string,
  organiserIds: readonly string[],
  week: { fromDate: string; toDate: string; fromInstant: string; toInstant: string },
): Promise<IntroductionCounts> {
  if (organiserIds.length === 0) return { agreed: 0, acrossInstitutions: 0, happened: 0 };
  return countTeamIntroductions(deps.db, teamId, organiserIds, week);
}
