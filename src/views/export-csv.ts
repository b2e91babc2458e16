import { type CsvCell, csvFileBytes } from '../domain/csv.js';
import type { MyData } from '../domain/data-control.js';

/**
 * `/onetoone export` as files: one CSV per kind (one-to-ones, reflections, people,
 * introductions), each with one header row, so each opens as a clean table in a spreadsheet.
 * Rows link by the id columns (one_to_one_id, person ids). Pure: data in, bytes out.
 */

export interface ExportFile {
  kind: 'one_to_ones' | 'reflections' | 'people' | 'introductions';
  filename: string;
  title: string;
  header: string[];
  rows: CsvCell[][];
  bytes: Buffer;
}

export const ONE_TO_ONE_HEADER = [
  'one_to_one_id',
  'met_on',
  'person_id',
  'person',
  'institution',
  'duration_minutes',
  'setting',
  'self_interest_needs',
  'self_interest_meaning',
  'stories',
  'values_motivations',
  'mutual_interests',
  'listening_share',
  'continue_relationship',
  'next_step_kind',
  'next_step_due_on',
  'next_step_note',
  'next_step_done_at',
  'created_at',
  'updated_at',
  // Last, so files exported before the two-step log keep their column order.
  'depth',
];

export const REFLECTION_HEADER = [
  'one_to_one_id',
  'met_on',
  'person',
  'motivations',
  'contribution',
  'differently',
  'depth',
  'created_at',
  'updated_at',
];

export const PEOPLE_HEADER = [
  'person_id',
  'name',
  'institution',
  'role',
  'slack_user_id',
  'created_at',
  'updated_at',
];

export const INTRODUCTION_HEADER = [
  'introduction_id',
  'introduced_on',
  'person_a_id',
  'person_a',
  'institution_a',
  'person_b_id',
  'person_b',
  'institution_b',
  'why',
  'status',
  'follow_up_due_on',
  'outcome_at',
  'created_at',
];

function file(
  kind: ExportFile['kind'],
  date: string,
  title: string,
  header: string[],
  rows: CsvCell[][],
): ExportFile {
  const name = kind.replace(/_/g, '-');
  return {
    kind,
    filename: `onetoone-${name}-${date}.csv`,
    title,
    header,
    rows,
    bytes: csvFileBytes(header, rows),
  };
}

export function exportFiles(d: MyData): ExportFile[] {
  return [
    file(
      'one_to_ones',
      d.date,
      'One-to-ones',
      ONE_TO_ONE_HEADER,
      d.oneToOnes.map((o) => [
        o.id,
        o.metOn,
        o.personId,
        o.personName,
        o.institutionName,
        o.durationMinutes,
        o.setting,
        o.selfInterestNeeds,
        o.selfInterestMeaning,
        o.stories,
        o.valuesMotivations,
        o.mutualInterests,
        o.listeningShare,
        o.continueRelationship,
        o.nextStepKind,
        o.nextStepDueOn,
        o.nextStepNote,
        o.nextStepDoneAt,
        o.createdAt,
        o.updatedAt,
        o.depth,
      ]),
    ),
    file(
      'reflections',
      d.date,
      'Reflections',
      REFLECTION_HEADER,
      d.reflections.map((r) => [
        r.oneToOneId,
        r.metOn,
        r.personName,
        r.motivations,
        r.contribution,
        r.differently,
        r.depth,
        r.createdAt,
        r.updatedAt,
      ]),
    ),
    file(
      'people',
      d.date,
      'People',
      PEOPLE_HEADER,
      d.people.map((p) => [p.id, p.name, p.institutionName, p.role, p.slackUserId, p.createdAt, p.updatedAt]),
    ),
    file(
      'introductions',
      d.date,
      'Introductions',
      INTRODUCTION_HEADER,
      d.introductions.map((i) => [
        i.id,
        i.introducedOn,
        i.personAId,
        i.personAName,
        i.personAInstitution,
        i.personBId,
        i.personBName,
        i.personBInstitution,
        i.why,
        i.status,
        i.followUpDueOn,
        i.outcomeAt,
        i.createdAt,
      ]),
    ),
  ];
}
