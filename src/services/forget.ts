import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Deps } from '../deps.js';
import type { Erasure, ForgetCandidate, ForgetMatch, ForgetPreview } from '../domain/data-control.js';
import { nameKey, newId } from '../domain/keys.js';
import { boundSearchText, ID_MAX } from '../domain/limits.js';
import type { PersonQuery } from '../domain/one-to-one.js';
import { ErrorCode, type Refusal, refused } from '../errors.js';
import { deletePersonQuotes } from '../repositories/campaign-quotes.js';
import { refreshOrganiserFacts } from '../repositories/digest-facts.js';
import {
  countPendingNudges,
  countPersonData,
  deleteNudgesAbout,
  deletePersonData,
  insertErasure,
  personSubjectIds,
} from '../repositories/erasures.js';
import {
  findOwnedPerson,
  findPersonBySlackUser,
  type PersonWithInstitution,
  searchOwnedPeople,
} from '../repositories/people.js';
import type { Actor } from './organisers.js';

/** Candidates looked at per search, and named when several match. */
const SEARCH_LIMIT = 50;
const MANY_SHOWN = 20;

function candidate(p: PersonWithInstitution): ForgetCandidate {
  return { personId: p.id, name: p.name, institution: p.institution_name };
}

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
  return { ...candidate(person), ...counts, nudges };
}

/**
 * `/onetoone forget <text>`: which of my people it means, and what forgetting them would remove
 * (nothing is deleted by asking). "Name (Institution)" as the lists show it, or an exact name,
 * or else a unique partial match; several: the caller asks me to be more specific. Only ever my
 * own people. The text is cut to SEARCH_TEXT_MAX, so no search pattern is unbounded.
 */
export async function previewForget(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  text: string | PersonQuery,
): Promise<ForgetMatch> {
  // An @mention: the one of my people linked to that member, if any.
  if (typeof text === 'object' && text.kind === 'member') {
    const linked = await findPersonBySlackUser(deps.db, actor.teamId, actor.userId, text.userId);
    const person = linked && (await findOwnedPerson(deps.db, actor.teamId, actor.userId, linked.id));
    return person
      ? { kind: 'one', preview: await preview(deps.db, actor, person) }
      : { kind: 'none', query: text.label ?? 'that member' };
  }
  const typed = boundSearchText(typeof text === 'string' ? text : text.text);
  if (!typed) return { kind: 'usage' };
  const query = nameKey(typed);
  if (!query) return { kind: 'none', query: typed };
  const search = (q: string) => searchOwnedPeople(deps.db, actor.teamId, actor.userId, q, SEARCH_LIMIT);
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
  if (matches.length === 0) return { kind: 'none', query: typed };
  if (matches.length > 1) {
    return { kind: 'many', query: typed, people: matches.slice(0, MANY_SHOWN).map(candidate) };
  }
  return { kind: 'one', preview: await preview(deps.db, actor, matches[0]!) };
}

export type ForgetResult = { ok: true; value: Erasure } | Refusal;

/**
 * Deletes one of my people with all their one-to-ones, reflections, next steps, introductions
 * and pending nudges, in one transaction, and records an audit row with counts only (who, when,
 * how many of each). Anyone else's person, or one already gone, is refused.
 */
export async function forgetPerson(
  deps: Pick<Deps, 'db' | 'clock' | 'logger'>,
  actor: Actor,
  personId: string,
): Promise<ForgetResult> {
  if (typeof personId !== 'string' || !personId || personId.length > ID_MAX) {
    return refused(ErrorCode.BadPayload);
  }
  const now = deps.clock.now().toISOString();
  return deps.db.transaction().execute(async (trx): Promise<ForgetResult> => {
    const person = await findOwnedPerson(trx, actor.teamId, actor.userId, personId);
    if (!person) return refused(ErrorCode.NotYours);
    const counts = await countPersonData(trx, actor.teamId, actor.userId, person.id);
    // Subjects first: the ledger's ids point at rows about to go.
    const nudges = await deleteNudgesAbout(
      trx,
      actor.teamId,
      actor.userId,
      await subjects(trx, actor, person.id),
    );
    // Quotes point at one-to-ones by id (no foreign key): they go first, with the person.
    await deletePersonQuotes(trx, actor.teamId, actor.userId, person.id);
    const deleted = await deletePersonData(trx, actor.teamId, actor.userId, person.id);
    // The digest's facts (weeks' totals, institutions' first meetings) without those one-to-ones.
    await refreshOrganiserFacts(trx, actor.teamId, actor.userId, now);
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
    return { ok: true, value: { name: person.name, ...result } };
  });
}
