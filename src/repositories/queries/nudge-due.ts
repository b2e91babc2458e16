import { type Expression, expressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type {
  Database,
  HouseMeetingFollowUpsTable,
  IntroductionsTable,
  OneToOnesTable,
} from '../../db/schema.js';
import { endsGoingColdRelationship } from './going-cold.js';

/**
 * The nudge kinds' due queries (src/services/nudges/kinds/*): each scans one index across every team for
 * what falls due in a date window, so its cost follows what is due, not the history. A new kind
 * adds its query here; its module in src/services/nudges/kinds maps the rows to candidates.
 */

/**
 * A column of the row a due query scans: `o` (one_to_ones), `i` (introductions) or `f`
 * (house_meeting_follow_ups).
 */
type SubjectRef =
  | `o.${keyof OneToOnesTable & string}`
  | `i.${keyof IntroductionsTable & string}`
  | `f.${keyof HouseMeetingFollowUpsTable & string}`;

interface SentMatch {
  kind: string;
  teamId: SubjectRef;
  userId: SubjectRef;
  subjectId: SubjectRef;
  /** How the ledger's due_on must relate to the row's; omitted: any sent nudge of the subject. */
  dueOn?: { op: '=' | '>'; ref: SubjectRef };
}

/**
 * "No nudge of this kind about this subject was sent (for this due date)": a correlated NOT
 * EXISTS on the ledger's unique key (team_id, user_id, kind, subject_id, due_on), so each row
 * costs one index probe. Claimed or failed entries do not count: those are retried.
 */
function notAlreadySent(match: SentMatch): Expression<SqlBool> {
  const eb = expressionBuilder<Database, never>();
  let sent = eb
    .selectFrom('nudge_ledger as l')
    .select(sql.lit(1).as('one'))
    .where('l.team_id', '=', sql.ref<string>(match.teamId))
    .where('l.user_id', '=', sql.ref<string>(match.userId))
    .where('l.kind', '=', match.kind)
    .where('l.subject_id', '=', sql.ref<string>(match.subjectId));
  if (match.dueOn) sent = sent.where('l.due_on', match.dueOn.op, sql.ref<string>(match.dueOn.ref));
  return eb.not(eb.exists(sent.where('l.status', '=', 'sent')));
}

export interface DueOneToOneRow {
  team_id: string;
  organiser_id: string;
  id: string;
}

/** Open next steps due from `from` to `to` (inclusive) not yet nudged for that due date. */
export async function findNextStepsDue(
  db: Kysely<Database>,
  kind: string,
  from: string,
  to: string,
): Promise<(DueOneToOneRow & { next_step_due_on: string | null })[]> {
  // Matches one_to_ones_open_step_due_idx (partial: open steps only), so the scan is the due
  // window of open steps; the literal 'none' must stay a literal for SQLite to use that index.
  return db
    .selectFrom('one_to_ones as o')
    .select(['o.team_id', 'o.organiser_id', 'o.id', 'o.next_step_due_on'])
    .where('o.next_step_done_at', 'is', null)
    .where('o.next_step_kind', '<>', sql.lit('none'))
    .where('o.next_step_due_on', '>=', from)
    .where('o.next_step_due_on', '<=', to)
    .where(
      notAlreadySent({
        kind,
        teamId: 'o.team_id',
        userId: 'o.organiser_id',
        subjectId: 'o.id',
        dueOn: { op: '=', ref: 'o.next_step_due_on' },
      }),
    )
    .execute();
}

/**
 * Open house-meeting follow-ups ("would like a one-to-one": a next step "another meeting", issue
 * 11) due from `from` to `to` (inclusive) not yet nudged for that due date: the next-step kind
 * nudges them beside the one-to-ones' next steps. Scans house_meeting_follow_ups_due_idx.
 */
export async function findFollowUpsDue(
  db: Kysely<Database>,
  kind: string,
  from: string,
  to: string,
): Promise<{ team_id: string; organiser_id: string; id: string; due_on: string }[]> {
  return db
    .selectFrom('house_meeting_follow_ups as f')
    .select(['f.team_id', 'f.organiser_id', 'f.id', 'f.due_on'])
    .where('f.due_on', '>=', from)
    .where('f.due_on', '<=', to)
    .where('f.done_at', 'is', null)
    .where(
      notAlreadySent({
        kind,
        teamId: 'f.team_id',
        userId: 'f.organiser_id',
        subjectId: 'f.id',
        dueOn: { op: '=', ref: 'f.due_on' },
      }),
    )
    .execute();
}

/**
 * One-to-ones logged after `after` and up to `upTo` (ISO instants) with no reflection and no
 * reminder sent yet.
 */
export async function findUnreflectedLogged(
  db: Kysely<Database>,
  kind: string,
  after: string,
  upTo: string,
): Promise<(DueOneToOneRow & { created_at: string; met_on: string })[]> {
  // Through one_to_ones_created_idx: only one-to-ones logged in the last few days are read; the
  // reflection check is a probe of its unique one_to_one_id.
  return (
    db
      .selectFrom('one_to_ones as o')
      .select(['o.team_id', 'o.organiser_id', 'o.id', 'o.created_at', 'o.met_on'])
      .where('o.created_at', '>', after)
      .where('o.created_at', '<=', upTo)
      // Set aside on the Home tab ("needs no reflection"): never a reminder, nor counted in one.
      .where('o.reflection_dismissed_at', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('reflections as r')
              .select(sql.lit(1).as('one'))
              .whereRef('r.one_to_one_id', '=', 'o.id')
              .whereRef('r.team_id', '=', 'o.team_id'),
          ),
        ),
      )
      .where(notAlreadySent({ kind, teamId: 'o.team_id', userId: 'o.organiser_id', subjectId: 'o.id' }))
      .execute()
  );
}

/**
 * Last meetings held from `metFrom` to `metTo` that end a relationship going cold (going-cold.ts:
 * nothing later with that person, met at least twice, "continue?" not answered no), with no
 * nudge of `kind` sent about the person since that meeting.
 */
export async function findLastMeetingsOn(
  db: Kysely<Database>,
  kind: string,
  metFrom: string,
  metTo: string,
): Promise<{ team_id: string; organiser_id: string; person_id: string; met_on: string }[]> {
  // Found from the other end: one-to-ones held on the few days in the window
  // (one_to_ones_met_on_idx) that end a relationship going cold (the one rule, going-cold.ts).
  return db
    .selectFrom('one_to_ones as o')
    .select(['o.team_id', 'o.organiser_id', 'o.person_id', 'o.met_on'])
    .where(endsGoingColdRelationship('o', { from: metFrom, to: metTo }))
    .where(
      notAlreadySent({
        kind,
        teamId: 'o.team_id',
        userId: 'o.organiser_id',
        subjectId: 'o.person_id',
        // Any suggestion due after this meeting belongs to this cold spell.
        dueOn: { op: '>', ref: 'o.met_on' },
      }),
    )
    .execute();
}

/** Open introduction follow-ups due from `from` to `to` not yet nudged for that due date. */
export async function findIntroductionFollowUpsDue(
  db: Kysely<Database>,
  kind: string,
  from: string,
  to: string,
): Promise<{ team_id: string; organiser_id: string; id: string; follow_up_due_on: string | null }[]> {
  // introductions_follow_up_due_idx: open follow-ups by due date, across teams.
  return db
    .selectFrom('introductions as i')
    .select(['i.team_id', 'i.organiser_id', 'i.id', 'i.follow_up_due_on'])
    .where('i.follow_up_due_on', '>=', from)
    .where('i.follow_up_due_on', '<=', to)
    .where('i.status', 'in', ['agreed', 'not_yet'])
    .where(
      notAlreadySent({
        kind,
        teamId: 'i.team_id',
        userId: 'i.organiser_id',
        subjectId: 'i.id',
        dueOn: { op: '=', ref: 'i.follow_up_due_on' },
      }),
    )
    .execute();
}
