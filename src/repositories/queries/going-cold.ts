import { type AliasableExpression, type Expression, expressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database, OneToOnesTable } from '../../db/schema.js';
import { GOING_COLD_RULE } from '../../domain/relationship.js';

/**
 * The going-cold rule in SQL, for the Home tab (queries/home.ts) and the going-cold nudge
 * (queries/nudge-due.ts). This is the rule (GOING_COLD_RULE's parameters, the cutoff from
 * goingColdCutoff): a one-to-one `o` ends a relationship that is going cold when
 *   - it was held on or before the cutoff (`to`; `from` only narrows the scan),
 *   - nothing later was held with that person (it is the last meeting),
 *   - that person was met at least GOING_COLD_RULE.minMeetings times (a relationship), and
 *   - "do we continue?" was not answered GOING_COLD_RULE.notContinuing at it (they chose to stop).
 * The nudge asks it of the few one-to-ones in a date window (endsGoingColdRelationship, a probe
 * per candidate); the Home tab asks it of all of one organiser's people at once, so it groups
 * by person instead (goingColdGroups: a count and the last date per person from one index
 * scan, then `stillContinuing` at that last meeting), which at 10,000 one-to-ones is a third of
 * the cost of probing each. test/unit/going-cold-rule.test.ts checks both queries against one
 * table of cases, so the two forms cannot drift.
 *
 * Each check on another row is a probe of one_to_ones_organiser_person_idx (team, organiser,
 * person, met_on): a person belongs to one organiser, so matching all three selects the same
 * rows as person alone, through the exact index.
 */

type Column = keyof OneToOnesTable & string;

/** How many one-to-ones the organiser has held with the person of `o` (its alias). */
function meetingsWithPerson(o: string): AliasableExpression<number> {
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

/** "Do we continue?" was not answered GOING_COLD_RULE.notContinuing at the one-to-one `o`. */
export function stillContinuing(o: string): Expression<SqlBool> {
  const eb = expressionBuilder<Database, never>();
  const continued = sql.ref<string | null>(`${o}.continue_relationship`);
  return eb.or([eb(continued, 'is', null), eb(continued, '<>', GOING_COLD_RULE.notContinuing)]);
}

/** Whether the one-to-one `o` (its alias) ends a relationship going cold by `to`. */
export function endsGoingColdRelationship(
  o: string,
  met: { from?: string; to: string },
): Expression<SqlBool> {
  const eb = expressionBuilder<Database, never>();
  const ref = (c: Column) => sql.ref<string>(`${o}.${c}`);
  const checks: Expression<SqlBool>[] = [];
  if (met.from !== undefined) checks.push(eb(ref('met_on'), '>=', met.from));
  checks.push(
    eb(ref('met_on'), '<=', met.to),
    stillContinuing(o),
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
