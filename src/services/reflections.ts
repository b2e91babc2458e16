import type { Deps } from '../deps.js';
import { newId } from '../domain/keys.js';
import type { ReflectionInput } from '../domain/one-to-one.js';
import { findOwnedOneToOne } from '../repositories/one-to-ones.js';
import { findOwnedReflection, upsertReflection } from '../repositories/reflections.js';
import { NotYoursError } from './one-to-ones.js';
import type { Actor } from './organisers.js';

export async function getReflection(deps: Deps, actor: Actor, oneToOneId: string) {
  return findOwnedReflection(deps.db, actor.teamId, actor.userId, oneToOneId);
}

/** Saves (or edits) my reflection on one of my one-to-ones. */
export async function saveReflection(
  deps: Deps,
  actor: Actor,
  oneToOneId: string,
  input: ReflectionInput,
): Promise<void> {
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (trx) => {
    const oneToOne = await findOwnedOneToOne(trx, actor.teamId, actor.userId, oneToOneId);
    if (!oneToOne) throw new NotYoursError();
    await upsertReflection(trx, {
      id: newId(),
      team_id: actor.teamId,
      organiser_id: actor.userId,
      one_to_one_id: oneToOneId,
      motivations: input.motivations,
      contribution: input.contribution,
      differently: input.differently,
      depth: input.depth,
      created_at: now,
      updated_at: now,
    });
  });
}
