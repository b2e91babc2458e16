import type { ContinueChoice } from '../../src/db/schema.js';
import { GOING_COLD_RULE, goingColdDays } from '../../src/domain/relationship.js';
import { daysBetween } from '../../src/domain/time.js';

/**
 * The going-cold rule on one person, in plain TypeScript: the oracle the SQL (the app's one
 * definition, src/repositories/queries/going-cold.ts) is checked against, case by case.
 * `count` one-to-ones, the last on `lastMetOn`, where "continue?" was answered `lastContinue`
 * (null: not asked).
 */
export function isGoingCold(
  count: number,
  lastMetOn: string | null,
  today: string,
  weeks: number,
  lastContinue: ContinueChoice | null = null,
): boolean {
  return (
    count >= GOING_COLD_RULE.minMeetings &&
    lastMetOn !== null &&
    lastContinue !== GOING_COLD_RULE.notContinuing &&
    daysBetween(lastMetOn, today) >= goingColdDays(weeks)
  );
}
