import type { Deps } from '../deps.js';
import { addDays } from '../domain/time.js';
import { ErrorCode, refuse } from '../errors.js';
import { refreshPersonFacts } from '../repositories/digest-facts.js';
import { findOwnedOneToOne, updateOwnedOneToOne } from '../repositories/one-to-ones.js';
import type { Actor } from './organisers.js';

/**
 * A one-to-one's agreed next step: done, or snoozed (its due date moves). Shared by the nudge
 * buttons and the Home tab. Both are idempotent: a second click changes nothing more. Someone
 * else's one-to-one throws the NotYours refusal (a RefusalError), for the refusal middleware.
 */

export async function markNextStepDone(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  oneToOneId: string,
): Promise<{ changed: boolean }> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const row = await findOwnedOneToOne(trx, actor.teamId, actor.userId, oneToOneId);
    if (!row) refuse(ErrorCode.NotYours);
    if (row.next_step_done_at || row.next_step_kind === 'none') return { changed: false };
    await updateOwnedOneToOne(trx, actor.teamId, actor.userId, oneToOneId, {
      next_step_done_at: now,
      updated_at: now,
    });
    // An introduction or action done moves the person up a stage: the digest's facts.
    await refreshPersonFacts(trx, actor.teamId, [row.person_id]);
    return { changed: true };
  });
}

/** Moves the due date to `days` after `today` (the organiser's local date). */
export async function snoozeNextStep(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  oneToOneId: string,
  today: string,
  days: number,
): Promise<{ changed: boolean; dueOn: string }> {
  const now = deps.clock.now().toISOString();
  const dueOn = addDays(today, days);
  return deps.db.transaction().execute(async (trx) => {
    const row = await findOwnedOneToOne(trx, actor.teamId, actor.userId, oneToOneId);
    if (!row) refuse(ErrorCode.NotYours);
    if (row.next_step_done_at || row.next_step_kind === 'none')
      return { changed: false, dueOn: row.next_step_due_on ?? dueOn };
    // A repeated click lands on the same date: harmless.
    if (row.next_step_due_on === dueOn) return { changed: false, dueOn };
    await updateOwnedOneToOne(trx, actor.teamId, actor.userId, oneToOneId, {
      next_step_due_on: dueOn,
      updated_at: now,
    });
    return { changed: true, dueOn };
  });
}
