import type { Deps } from '../deps.js';
import type { ExportCounts, MyData } from '../domain/data-control.js';
import { errorCode } from '../errors.js';
import { type IntroductionDetail, listOwnedIntroductions } from '../repositories/introductions.js';
import type { PersonWithInstitution } from '../repositories/people.js';
import {
  type ExportOneToOne,
  type ExportReflection,
  listAllOwnedOneToOnes,
  listAllOwnedPeople,
  listAllOwnedReflections,
} from '../repositories/queries/export.js';
import { exportFiles } from '../views/export-csv.js';
import { type Actor, organiserToday } from './organisers.js';

export type { ExportCounts } from '../domain/data-control.js';

function oneToOne(o: ExportOneToOne): MyData['oneToOnes'][number] {
  return {
    id: o.id,
    metOn: o.met_on,
    personId: o.person_id,
    personName: o.person_name,
    institutionName: o.institution_name,
    durationMinutes: o.duration_minutes,
    setting: o.setting,
    selfInterestNeeds: o.self_interest_needs,
    selfInterestMeaning: o.self_interest_meaning,
    stories: o.stories,
    valuesMotivations: o.values_motivations,
    mutualInterests: o.mutual_interests,
    listeningShare: o.listening_share,
    continueRelationship: o.continue_relationship,
    nextStepKind: o.next_step_kind,
    nextStepDueOn: o.next_step_due_on,
    nextStepNote: o.next_step_note,
    nextStepDoneAt: o.next_step_done_at,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
    depth: o.depth,
  };
}

function reflection(r: ExportReflection): MyData['reflections'][number] {
  return {
    oneToOneId: r.one_to_one_id,
    metOn: r.met_on,
    personName: r.person_name,
    motivations: r.motivations,
    contribution: r.contribution,
    differently: r.differently,
    depth: r.depth,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function person(p: PersonWithInstitution): MyData['people'][number] {
  return {
    id: p.id,
    name: p.name,
    institutionName: p.institution_name,
    role: p.role,
    slackUserId: p.slack_user_id,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}

function introduction(i: IntroductionDetail): MyData['introductions'][number] {
  return {
    id: i.id,
    introducedOn: i.introduced_on,
    personAId: i.person_a_id,
    personAName: i.person_a_name,
    personAInstitution: i.person_a_institution,
    personBId: i.person_b_id,
    personBName: i.person_b_name,
    personBInstitution: i.person_b_institution,
    why: i.why,
    status: i.status,
    followUpDueOn: i.follow_up_due_on,
    outcomeAt: i.outcome_at,
    createdAt: i.created_at,
  };
}

export type ExportDeps = Pick<Deps, 'db'> & Parameters<typeof organiserToday>[0];

/** Everything the actor wrote. Only their own rows: every query is scoped to them. */
export async function buildMyExport(
  deps: ExportDeps,
  actor: Actor,
): Promise<{ data: MyData; counts: ExportCounts }> {
  const { teamId, userId } = actor;
  const [oneToOnes, reflections, people, introductions, date] = await Promise.all([
    listAllOwnedOneToOnes(deps.db, teamId, userId),
    listAllOwnedReflections(deps.db, teamId, userId),
    listAllOwnedPeople(deps.db, teamId, userId),
    listOwnedIntroductions(deps.db, teamId, userId),
    organiserToday(deps, actor),
  ]);
  return {
    data: {
      date,
      oneToOnes: oneToOnes.map(oneToOne),
      reflections: reflections.map(reflection),
      people: people.map(person),
      introductions: introductions.map(introduction),
    },
    counts: {
      oneToOnes: oneToOnes.length,
      reflections: reflections.length,
      people: people.length,
      introductions: introductions.length,
    },
  };
}

export type ExportResult = { kind: 'sent'; counts: ExportCounts } | { kind: 'failed'; code: string };

/**
 * `/onetoone export`: the actor's data as CSV files, uploaded to their DM with the bot (and
 * nowhere else) with one comment. A failed upload is answered, not thrown: `code` is Slack's (or
 * the client's) error code, for the log.
 */
export async function exportMyData(
  deps: ExportDeps & Pick<Deps, 'slack'>,
  actor: Actor,
  comment: (counts: ExportCounts) => string,
): Promise<ExportResult> {
  try {
    const { data, counts } = await buildMyExport(deps, actor);
    await deps.slack.uploadToDm(actor.teamId, actor.userId, {
      comment: comment(counts),
      files: exportFiles(data).map((f) => ({ bytes: f.bytes, filename: f.filename, title: f.title })),
    });
    return { kind: 'sent', counts };
  } catch (error) {
    return { kind: 'failed', code: errorCode(error) };
  }
}
