import type { Deps } from '../deps.js';
import { newId } from '../domain/keys.js';
import {
  type LoggedConfirmation,
  type RawReflectionInput,
  type ReflectionField,
  type ReflectionForm,
  type ReflectionInput,
  validateReflection,
} from '../domain/one-to-one.js';
import { ErrorCode, type Refusal, refused } from '../errors.js';
import { findOwnedOneToOne } from '../repositories/one-to-ones.js';
import { findOwnedReflection, upsertReflection } from '../repositories/reflections.js';
import { toConfirmation } from './one-to-ones.js';
import type { Actor } from './organisers.js';

/** What the reflection modal opens with: one of my one-to-ones and its reflection so far. */
export async function openReflectionForm(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  oneToOneId: string,
): Promise<{ ok: true; value: ReflectionForm } | Refusal> {
  const row = await findOwnedOneToOne(deps.db, actor.teamId, actor.userId, oneToOneId);
  if (!row) return refused(ErrorCode.NotYours);
  const existing = await findOwnedReflection(deps.db, actor.teamId, actor.userId, oneToOneId);
  return {
    ok: true,
    value: {
      oneToOneId: row.id,
      personName: row.person_name,
      institutionName: row.institution_name,
      metOn: row.met_on,
      learned: { values: Boolean(row.values_motivations), depth: Boolean(row.depth) },
      ...(existing
        ? {
            existing: {
              motivations: existing.motivations,
              contribution: existing.contribution,
              differently: existing.differently,
              depth: existing.depth,
            },
          }
        : {}),
    },
  };
}

/** Saves (or edits) my reflection on one of my one-to-ones; the confirmation, now reflected. */
export async function saveReflection(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  oneToOneId: string,
  input: ReflectionInput,
): Promise<{ ok: true; value: LoggedConfirmation } | Refusal> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const oneToOne = await findOwnedOneToOne(trx, actor.teamId, actor.userId, oneToOneId);
    if (!oneToOne) return refused(ErrorCode.NotYours);
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
    return { ok: true as const, value: toConfirmation(oneToOne, false, true) };
  });
}

export type ReflectionOutcome =
  | { kind: 'saved'; confirmation: LoggedConfirmation }
  | { kind: 'invalid'; errors: Partial<Record<ReflectionField, string>> }
  | { kind: 'refused'; refusal: Refusal & { field: ReflectionField } };

/**
 * The reflection modal's submission: validated, then saved on the one-to-one its metadata names
 * if it is mine (`oneToOneId` undefined when the metadata could not be read: refused).
 */
export async function submitReflection(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  form: { values: RawReflectionInput; oneToOneId: string | undefined },
): Promise<ReflectionOutcome> {
  const result = validateReflection(form.values);
  if (!result.ok) return { kind: 'invalid', errors: result.errors };
  const saved =
    form.oneToOneId === undefined
      ? refused(ErrorCode.NotYours)
      : await saveReflection(deps, actor, form.oneToOneId, result.value);
  if (!saved.ok) return { kind: 'refused', refusal: { ...saved, field: 'differently' } };
  return { kind: 'saved', confirmation: saved.value };
}
