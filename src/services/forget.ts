import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Deps } from '../deps.js';
import { nameKey, newId } from '../domain/keys.js';
import {
  countPendingNudges,
  countPersonData,
  deleteNudgesAbout,
  deletePersonData,
  insertErasure,
  type PersonDataCounts,
  personSubjectIds,
} from '../repositories/erasures.js';
import { findOwnedPerson, type PersonWithInstitution, searchOwnedPeople } from '../repositories/people.js';
import { NotYoursError } from './one-to-ones.js';
import type { Actor } from './organisers.js';

/** What `/onetoone forget` will remove, shown before anything is deleted. */
export interface ForgetPreview extends PersonDataCounts {
  person: PersonWithInstitution;
  /** Pending (unanswered) nudges about the person, their one-to-ones or introductions. */
  nudges: number;
}

export type ForgetMatch =
  | { kind: 'none' }
  | { kind: 'one'; preview: ForgetPreview }
  | { kind: 'many'; people: PersonWithInstitution[] };

async function subjects(db: Kysely<Database>, actor: Actor, personId: string): Promise<string[]> {
  const ids = await personSubjectIds(db, actor.teamId, actor.userId, personId);
  return [personId, ...ids.oneToOneIds, ...ids.introductionIds];
}

async function preview(
  db: Kysely<Database>,
  actor: Actor,
  person: PersonWithInstitution,
): Promise<ForgetPreview> {
  const counts = await countPersonData(db, actor.teamId, actor.userId, person.id);
  const nudges = await countPendingNudges(
    db,
    actor.teamId,
    actor.userId,
    await subjects(db, actor, person.id),
  );
  return { person, ...counts, nudges };
}

/**
 * Which of my people `/onetoone forget <text>` means. "Name (Institution)" as the lists show it,
 * or an exact name, or else a unique partial match. Several: the caller asks me to be more
 * specific. Only ever my own people.
 */
export async function findPersonToForget(deps: Deps, actor: Actor, text: string): Promise<ForgetMatch> {
  const query = nameKey(text);
  if (!query) return { kind: 'none' };
  const search = (q: string) => searchOwnedPeople(deps.db, actor.teamId, actor.userId, q, 50);
  let matches: PersonWithInstitution[] = [];
  const labelled = /^(.*)\(([^()]*)\)$/.exec(query);
  if (labelled) {
    const name = nameKey(labelled[1]!);
    const institution = nameKey(labelled[2]!);
    matches = (await search(name)).filter(
      (p) => p.name_key === name && nameKey(p.institution_name ?? '') === institution,
    );
  }
  // Not "Name (Institution)" after all (a name with brackets in it, say): the whole text.
  if (matches.length === 0) {
    const candidates = await search(query);
    const exact = candidates.filter((p) => p.name_key === query);
    matches = exact.length > 0 ? exact : candidates;
  }
  if (matches.length === 0) return { kind: 'none' };
  if (matches.length > 1) return { kind: 'many', people: matches.slice(0, 20) };
  return { kind: 'one', preview: await preview(deps.db, actor, matches[0]!) };
}

export interface ErasureResult {
  personName: string;
  people: number;
  oneToOnes: number;
  reflections: number;
  nextSteps: number;
  introductions: number;
  /** Nudge ledger rows about the person's records (pending and answered). */
  nudges: number;
}

/**
 * Deletes one of my people with all their one-to-ones, reflections, next steps, introductions
 * and pending nudges, in one transaction, and records an audit row with counts only (who, when,
 * how many of each). Throws NotYoursError for anyone else's person or one already gone.
 */
export async function forgetPerson(deps: Deps, actor: Actor, personId: string): Promise<ErasureResult> {
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    const person = await findOwnedPerson(trx, actor.teamId, actor.userId, personId);
    if (!person) throw new NotYoursError();
    const counts = await countPersonData(trx, actor.teamId, actor.userId, person.id);
    // Subjects first: the ledger's ids point at rows about to go.
    const nudges = await deleteNudgesAbout(
      trx,
      actor.teamId,
      actor.userId,
      await subjects(trx, actor, person.id),
    );
    const deleted = await deletePersonData(trx, actor.teamId, actor.userId, person.id);
    const result = {
      people: deleted.people,
      oneToOnes: deleted.oneToOnes,
      reflections: deleted.reflections,
      nextSteps: counts.nextSteps,
      introductions: deleted.introductions,
      nudges,
    };
    await insertErasure(trx, {
      id: newId(),
      team_id: actor.teamId,
      organiser_id: actor.userId,
      erased_at: now,
      people: result.people,
      one_to_ones: result.oneToOnes,
      reflections: result.reflections,
      next_steps: result.nextSteps,
      introductions: result.introductions,
      nudges: result.nudges,
    });
    // Counts only: the audit trail in the logs never names the person.
    deps.logger.info('person forgotten', { team: actor.teamId, organiser: actor.userId, ...result });
    return { personName: person.name, ...result };
  });
}
