import { type AliasableExpression, type Expression, expressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database, OneToOnesTable } from '../../db/schema.js';
import { GOING_COLD_RULE } from '../../domain/relationship.js';

/**
 * The going-cold rule in SQL, written once for the Home tab (queries/home.ts) and the going-cold
 * nudge (queries/nudge-due.ts). This is the rule (GOING_COLD_RULE's parameters, the cutoff from
 * goingColdCutoff): a one-to-one `o` ends a relationship that is going cold when
 *   - it was held on or before the cutoff (`to`; `from` only narrows the scan),
 *   - nothing later was held with that person (it is the last meeting),
 *   - that person was met at least GOING_COLD_RULE.minMeetings times (a relationship), and
 *   - "do we continue?" was not answered GOING_COLD_RULE.notContinuing at it (they chose to stop).
 * test/unit/going-cold-rule.test.ts checks both queries against one table of cases.
 *
 * Each check on another row is a probe of one_to_ones_organiser_person_idx (team, organiser,
 * person, met_on): a person belongs to one organiser, so matching all three selects the same
 * rows as person alone, through the exact index.
 */

type Column = keyof OneToOnesTable & string;

/** How many one-to-ones the organiser has held with the person of `o` (its alias). */
export function meetingsWithPerson(o: string): AliasableExpression<number> {
  const eb = expressionBuilder<Database, never>();
  const ref = (c: Column) => sql.ref<string>(`${o}.${c}`);
  return eb
    .selectFrom('one_to_ones as m')
    .select((m) => m.fn.countAll<number>().as('n'))
    .where('m.team_id', '=', ref('team_id'))
    .where('m.organiser_id', '=', ref('organiser_id'))
    .where('m.person_id', '=', ref('person_id'))
    .$asScalar();
}

/** Whether the one-to-one `o` (its alias) ends a relationship going cold by `to`. */
export function endsGoingColdRelationship(
  o: string,
  met: { from?: string; to: string },
): Expression<SqlBool> {
  const eb = expressionBuilder<Database, never>();
  const ref = (c: Column) => sql.ref<string>(`${o}.${c}`);
  const continued = sql.ref<string | null>(`${o}.continue_relationship`);
  const checks: Expression<SqlBool>[] = [];
  if (met.from !== undefined) checks.push(eb(ref('met_on'), '>=', met.from));
  checks.push(
    eb(ref('met_on'), '<=', met.to),
    eb.or([eb(continued, 'is', null), eb(continued, '<>', GOING_COLD_RULE.notContinuing)]),
    eb.not(
      eb.exists(
        eb
          .selectFrom('one_to_ones as later')
          .select(sql.lit(1).as('one'))
          .where('later.team_id', '=', ref('team_id'))
          .where('later.organiser_id', '=', ref('organiser_id'))
          .where('later.person_id', '=', ref('person_id'))
          .where('later.met_on', '>', ref('met_on')),
      ),
    ),
    eb(meetingsWithPerson(o), '>=', GOING_COLD_RULE.minMeetings),
  );
  return eb.and(checks);
}
