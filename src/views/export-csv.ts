import { type CsvCell, csvFileBytes } from '../domain/csv.js';
import type { IntroductionDetail } from '../repositories/introductions.js';
import type { PersonWithInstitution } from '../repositories/people.js';
import type { ExportOneToOne, ExportReflection } from '../repositories/queries/export.js';

/**
 * `/onetoone export` as files: one CSV per kind (one-to-ones, reflections, people,
 * introductions), each with one header row, so each opens as a clean table in a spreadsheet.
 * Rows link by the id columns (one_to_one_id, person ids). Pure: data in, bytes out.
 */

export interface ExportData {
  date: string;
  oneToOnes: ExportOneToOne[];
  reflections: ExportReflection[];
  people: PersonWithInstitution[];
  introductions: IntroductionDetail[];
}

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

export function exportFiles(d: ExportData): ExportFile[] {
  return [
    file(
      'one_to_ones',
      d.date,
      'One-to-ones',
      ONE_TO_ONE_HEADER,
      d.oneToOnes.map((o) => [
        o.id,
        o.met_on,
        o.person_id,
        o.person_name,
        o.institution_name,
        o.duration_minutes,
        o.setting,
        o.self_interest_needs,
        o.self_interest_meaning,
        o.stories,
        o.values_motivations,
        o.mutual_interests,
        o.listening_share,
        o.continue_relationship,
        o.next_step_kind,
        o.next_step_due_on,
        o.next_step_note,
        o.next_step_done_at,
        o.created_at,
        o.updated_at,
      ]),
    ),
    file(
      'reflections',
      d.date,
      'Reflections',
      REFLECTION_HEADER,
      d.reflections.map((r) => [
        r.one_to_one_id,
        r.met_on,
        r.person_name,
        r.motivations,
        r.contribution,
        r.differently,
        r.depth,
        r.created_at,
        r.updated_at,
      ]),
    ),
    file(
      'people',
      d.date,
      'People',
      PEOPLE_HEADER,
      d.people.map((p) => [
        p.id,
        p.name,
        p.institution_name,
        p.role,
        p.slack_user_id,
        p.created_at,
        p.updated_at,
      ]),
    ),
    file(
      'introductions',
      d.date,
      'Introductions',
      INTRODUCTION_HEADER,
      d.introductions.map((i) => [
        i.id,
        i.introduced_on,
        i.person_a_id,
        i.person_a_name,
        i.person_a_institution,
        i.person_b_id,
        i.person_b_name,
        i.person_b_institution,
        i.why,
        i.status,
        i.follow_up_due_on,
        i.outcome_at,
        i.created_at,
      ]),
    ),
  ];
}
