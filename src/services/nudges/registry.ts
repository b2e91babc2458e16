import { campaignMidpointKind } from './kinds/campaign-midpoint.js';
import { goingColdKind } from './kinds/going-cold.js';
import { introductionKind } from './kinds/introduction.js';
import { keepAskingKind } from './kinds/keep-asking.js';
import { nextStepKind } from './kinds/next-step.js';
import { reflectKind } from './kinds/reflect.js';
import { rhythmKind } from './kinds/rhythm.js';
import type { AnyNudgeKind } from './types.js';

/**
 * Every nudge kind, in the order their cards appear in the DM (and are kept when a day holds
 * more than fit in one message).
 *
 * Adding a kind (e.g. issue 5's "introduction follow-up") is one new module plus one line here:
 *   1. src/services/nudges/kinds/<kind>.ts exporting `defineKind({ name, setting, findDue, load, card, act })`
 *      (see src/services/nudges/types.ts; copy going-cold.ts). `name` is [a-z_]+ and never renamed: it is
 *      in the ledger and in the buttons' action ids (`nudge:<name>:<verb>`). All SQL lives in
 *      repositories, so `findDue` calls a due query added to src/repositories/queries/nudge-due.ts
 *      (its `notAlreadySent` check excludes what the ledger says was sent).
 *   2. Add it to NUDGE_KINDS below.
 * The job, the ledger, daily batching, working hours, `/onetoone nudges <word> on|off`, help and
 * the one button listener pick it up from here. If its due query needs an index, add a migration.
 * If `load` (or `confirm`) is a query, give the kind a `loadMany` (`confirmMany`) too: the tick
 * then reads a batch's records in one query per kind instead of one per card (batch.ts).
 */
export const NUDGE_KINDS: readonly AnyNudgeKind[] = [
  nextStepKind,
  reflectKind,
  goingColdKind,
  rhythmKind,
  introductionKind,
  campaignMidpointKind,
];

/** The back-off's "Keep these reminders?" question: a kind of its own, never chosen in settings. */
export const KEEP_ASKING_KIND: AnyNudgeKind = keepAskingKind(NUDGE_KINDS);

/** Every kind a ledger row or a button may name. */
const ALL_KINDS: readonly AnyNudgeKind[] = [...NUDGE_KINDS, KEEP_ASKING_KIND];

export function findKind(name: string): AnyNudgeKind | undefined {
  return ALL_KINDS.find((k) => k.name === name);
}

/** A kind's place in the DM (cards keep this order, whatever is clicked). */
export function kindOrder(name: string): number {
  const i = ALL_KINDS.findIndex((k) => k.name === name);
  return i < 0 ? ALL_KINDS.length : i;
}

/** The kind a settings word names (`steps`, `reflect`, `cold`, `rhythm` or an alias). */
export function findKindBySetting(word: string): AnyNudgeKind | undefined {
  const w = word.toLowerCase();
  return NUDGE_KINDS.find((k) => k.setting.word === w || k.setting.aliases?.includes(w));
}

/**
 * The one order of a DM's cards, the same when sent and after every click (issue 9: a snoozed
 * card used to move to the end): by kind, then due date, then subject.
 */
export function cardOrder(
  a: { kind: string; dueOn: string; subjectId: string },
  b: { kind: string; dueOn: string; subjectId: string },
): number {
  return (
    kindOrder(a.kind) - kindOrder(b.kind) ||
    a.dueOn.localeCompare(b.dueOn) ||
    a.subjectId.localeCompare(b.subjectId)
  );
}
