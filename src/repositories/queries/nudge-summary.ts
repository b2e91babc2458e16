import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';

/**
 * The daily summary's reads (src/services/nudges/summary.ts): who logged something since their
 * last DM, and what, with each one-to-one's place among the meetings with that person.
 */

/**
 * Organisers with the summary on and a one-to-one logged after `after` (up to `upTo`) that no
 * DM has gone out since: one_to_ones_created_idx for the window, then probes by key.
 */
export async function findOrganisersToSummarise(
  db: Kysely<Database>,
  after: string,
  upTo: string,
): Promise<{ team_id: string; organiser_id: string }[]> {
  return (
    db
      .selectFrom('one_to_ones as o')
      .select(['o.team_id', 'o.organiser_id'])
      .distinct()
      .where('o.created_at', '>', after)
      .where('o.created_at', '<=', upTo)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('nudge_days as d')
              .select(sql.lit(1).as('one'))
              .whereRef('d.team_id', '=', 'o.team_id')
              .whereRef('d.user_id', '=', 'o.organiser_id')
              .whereRef('d.sent_at', '>=', 'o.created_at'),
          ),
        ),
      )
      // Nor those who turned the summary off (a probe of nudge_settings' primary key).
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('nudge_settings as s')
              .select(sql.lit(1).as('one'))
              .whereRef('s.team_id', '=', 'o.team_id')
              .whereRef('s.user_id', '=', 'o.organiser_id')
              .where('s.daily_summary', '=', 0),
          ),
        ),
      )
      .execute()
  );
}

export interface LoggedRow {
  id: string;
  person_id: string;
  met_on: string;
  created_at: string;
  /** 1 for the first one-to-one with this person (by date held), 2 for the second … */
  nth: number;
  reflected: number;
  reminded: number;
  /** Set aside on the Home tab as needing no reflection: no reminder rides the summary. */
  reflection_dismissed_at: string | null;
}

/** The organiser's one-to-ones logged after `after` up to `upTo`, oldest logged first. */
export async function listLoggedBetween(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  after: string,
  upTo: string,
  limit: number,
  reflectKind: string,
): Promise<LoggedRow[]> {
  const rows = await db
    .selectFrom('one_to_ones as o')
    .select((eb) => [
      'o.id',
      'o.person_id',
      'o.met_on',
      'o.created_at',
      'o.reflection_dismissed_at',
      // Through one_to_ones_person_idx (person_id, met_on): the meetings with this person up
      // to this one; same-day meetings by when they were logged.
      eb
        .selectFrom('one_to_ones as p')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('p.person_id', '=', 'o.person_id')
        .whereRef('p.team_id', '=', 'o.team_id')
        .whereRef('p.organiser_id', '=', 'o.organiser_id')
        .where((w) =>
          w.or([
            w('p.met_on', '<', w.ref('o.met_on')),
            w.and([w('p.met_on', '=', w.ref('o.met_on')), w('p.created_at', '<=', w.ref('o.created_at'))]),
          ]),
        )
        .as('nth'),
      eb
        .selectFrom('reflections as r')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('r.one_to_one_id', '=', 'o.id')
        .whereRef('r.team_id', '=', 'o.team_id')
        .as('reflected'),
      // Whether its reflection reminder already went out (the ledger's key, less the due date).
      eb
        .selectFrom('nudge_ledger as l')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('l.team_id', '=', 'o.team_id')
        .whereRef('l.user_id', '=', 'o.organiser_id')
        .where('l.kind', '=', reflectKind)
        .whereRef('l.subject_id', '=', 'o.id')
        .where('l.status', '=', 'sent')
        .as('reminded'),
    ])
    .where('o.team_id', '=', teamId)
    .where('o.organiser_id', '=', organiserId)
    .where('o.created_at', '>', after)
    .where('o.created_at', '<=', upTo)
    .orderBy('o.created_at')
    .orderBy('o.id')
    .limit(limit)
    .execute();
  // PostgreSQL returns counts as strings (bigint); SQLite as numbers.
  return rows.map((r) => ({
    ...r,
    nth: Number(r.nth),
    reflected: Number(r.reflected),
    reminded: Number(r.reminded),
  }));
}
