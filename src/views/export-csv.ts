import { type CsvCell, csvFileBytes } from '../domain/csv.js';
import type { MyData } from '../domain/data-control.js';

/**
 * `/onetoone export` as files: one CSV per kind (one-to-ones, reflections, people,
 * introductions, and, for an organiser who has any, house meetings, the people named at them,
 * and the campaign themes and quotes of one-to-ones), each with one header row, so each opens
 * as a clean table in a spreadsheet. Rows link by the id columns (one_to_one_id,
 * house_meeting_id, person ids). Pure: data in, bytes out.
 *
 * The campaign files come only when they have rows, so an organiser who never took part in a
 * campaign gets the four files as before. Their headers avoid every column `/onetoone import`
 * reads as a person's name (person, name, who …), so importing them never creates anyone.
 */

export interface ExportFile {
  kind:
    | 'one_to_ones'
    | 'reflections'
    | 'people'
    | 'introductions'
    | 'house_meetings'
    | 'house_meeting_people'
    | 'campaign_notes';
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

export const HOUSE_MEETING_HEADER = [
  'house_meeting_id',
  'held_on',
  'host_kind',
  'host',
  'host_person_id',
  'host_slack_user_id',
  'place',
  'attendance',
  'attendees',
  'would_like_one_to_one',
  'campaign',
  'themes',
  'quote',
  'quote_theme',
  'quote_consented_at',
  'created_at',
  'updated_at',
];

export const HOUSE_MEETING_PEOPLE_HEADER = [
  'house_meeting_id',
  'held_on',
  'person_id',
  'attendee',
  'institution',
  'would_like_one_to_one',
  'follow_up_due_on',
  'follow_up_done_at',
];

export const CAMPAIGN_NOTES_HEADER = [
  'one_to_one_id',
  'met_on',
  'campaign',
  'themes',
  'quote',
  'quote_theme',
  'quote_consented_at',
];

/** Several values in one cell (names, theme labels), in their order. */
export const LIST_SEPARATOR = '; ';

function list(values: readonly string[]): string {
  return values.join(LIST_SEPARATOR);
}

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

/** The campaign files, each only when it has rows. */
function campaignFiles(d: MyData): ExportFile[] {
  const files: ExportFile[] = [];
  if (d.houseMeetings.length > 0) {
    files.push(
      file(
        'house_meetings',
        d.date,
        'House meetings',
        HOUSE_MEETING_HEADER,
        d.houseMeetings.map((m) => [
          m.id,
          m.heldOn,
          m.hostKind,
          m.host,
          m.hostPersonId,
          m.hostSlackUserId,
          m.place,
          m.attendance,
          list(m.attendees),
          list(m.wouldLikeOneToOne),
          m.campaignName,
          list(m.themes),
          m.quote?.text,
          m.quote?.themeLabel,
          m.quote?.consentedAt,
          m.createdAt,
          m.updatedAt,
        ]),
      ),
    );
  }
  if (d.houseMeetingPeople.length > 0) {
    files.push(
      file(
        'house_meeting_people',
        d.date,
        'House meeting people',
        HOUSE_MEETING_PEOPLE_HEADER,
        d.houseMeetingPeople.map((p) => [
          p.houseMeetingId,
          p.heldOn,
          p.personId,
          p.name,
          p.institutionName,
          p.wouldLikeOneToOne ? 'yes' : 'no',
          p.followUpDueOn,
          p.followUpDoneAt,
        ]),
      ),
    );
  }
  if (d.campaignNotes.length > 0) {
    files.push(
      file(
        'campaign_notes',
        d.date,
        'Campaign themes and quotes',
        CAMPAIGN_NOTES_HEADER,
        d.campaignNotes.map((n) => [
          n.oneToOneId,
          n.metOn,
          n.campaignName,
          list(n.themes),
          n.quote?.text,
          n.quote?.themeLabel,
          n.quote?.consentedAt,
        ]),
      ),
    );
  }
  return files;
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
    ...campaignFiles(d),
  ];
}
