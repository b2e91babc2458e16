import type { NudgeLedgerEntry } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import { ASK_ANSWER_DAYS, IGNORED_IN_A_ROW } from '../../domain/nudge-rhythm.js';
import type { IsoDate } from '../../domain/time.js';
import { listRecentOfKind, listSentOfKind, setOutcome } from '../../repositories/nudge-ledger.js';
import { setPreference } from '../../repositories/nudge-preferences.js';
import type { Actor } from '../organisers.js';
import { KEEP_ASKING } from './kinds/keep-asking.js';
import type { AnyNudgeKind, DueCandidate } from './types.js';

/**
 * Back-off (issue 9): nudges nobody uses are noise. After IGNORED_IN_A_ROW DMs in a row that
 * carried a kind and saw none of its nudges acted on or snoozed, the organiser is asked once
 * whether to keep that kind (the question is a nudge of its own, src/services/nudges/kinds/keep-asking.ts,
 * claimed in the ledger like any other). While the question is open that kind waits; "No", or
 * no answer within ASK_ANSWER_DAYS, switches it off in the organiser's settings.
 */

export interface AskState {
  /** Kinds asked about (the question was sent), answered or not. */
  asked: Set<string>;
  /** Kinds whose question is sent and still open: they wait for the answer. */
  open: Set<string>;
  /** Kinds switched off just now, their question unanswered for a week. */
  stopped: Set<string>;
}

/**
 * Where the organiser's questions stand; first closing any left unanswered for a week (that
 * kind is switched off, once: the outcome is written only while none is recorded).
 */
export async function askState(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  now: Date,
  /** `rows`: the organiser's KEEP_ASKING ledger rows, when the caller read them in a batch. */
  options: { dryRun?: boolean; rows?: readonly NudgeLedgerEntry[] } = {},
): Promise<AskState> {
  const rows = options.rows ?? (await listSentOfKind(deps.db, actor.teamId, actor.userId, KEEP_ASKING));
  const deadline = new Date(now.getTime() - ASK_ANSWER_DAYS * 86_400_000).toISOString();
  const state: AskState = { asked: new Set(), open: new Set(), stopped: new Set() };
  for (const row of rows) {
    if (row.status !== 'sent') continue;
    state.asked.add(row.subject_id);
    if (row.outcome !== null) continue;
    if (row.sent_at && row.sent_at <= deadline) {
      const at = now.toISOString();
      state.stopped.add(row.subject_id);
      if (options.dryRun) continue;
      if (await setOutcome(deps.db, actor.teamId, actor.userId, row.id, 'expired', at)) {
        await setPreference(deps.db, actor.teamId, actor.userId, row.subject_id, false, at);
      }
      continue;
    }
    state.open.add(row.subject_id);
  }
  return state;
}

/**
 * Whether the last IGNORED_IN_A_ROW DMs before today that carried `kind` saw none of its
 * nudges acted on: no outcome recorded, and none dealt with some other way since.
 * `recent`: the organiser's rows of listRecentOfKind for this kind and day, when the caller
 * read them for a batch (listRecentOfKinds).
 */
export async function ignoredInARow(
  deps: Pick<Deps, 'db' | 'config'>,
  actor: Actor,
  kind: AnyNudgeKind,
  today: IsoDate,
  recent?: readonly NudgeLedgerEntry[],
  /** The records of those rows, when the caller read them for a batch (undefined: not read). */
  loaded?: (c: DueCandidate) => { item: unknown } | undefined,
): Promise<boolean> {
  const rows =
    recent ??
    (await listRecentOfKind(deps.db, actor.teamId, actor.userId, kind.name, today, IGNORED_IN_A_ROW));
  if (!unanswered(rows)) return false;
  if (!kind.settled) return true;
  const candidates = settleCandidates(rows);
  if (loaded && candidates.every((c) => loaded(c))) {
    return candidates.every((c) => {
      const { item } = loaded(c)!;
      return item !== undefined && !kind.settled!(item, c);
    });
  }
  if (kind.loadMany) {
    const items = await kind.loadMany(deps.db, candidates, deps.config.nudges);
    return candidates.every((c, i) => items[i] !== undefined && !kind.settled!(items[i], c));
  }
  for (const candidate of candidates) {
    const item = await kind.load(deps.db, candidate, deps.config.nudges);
    if (item === undefined || kind.settled(item, candidate)) return false;
  }
  return true;
}

/**
 * Whether listRecentOfKind's rows are IGNORED_IN_A_ROW DMs with no outcome recorded (the
 * first half of ignoredInARow; the kind's `settled` decides the rest).
 */
export function unanswered(rows: readonly NudgeLedgerEntry[]): boolean {
  if (new Set(rows.map((r) => r.local_date)).size < IGNORED_IN_A_ROW) return false;
  // Folded reminders were never a card to act on.
  return !rows.some((r) => r.outcome !== null);
}

/** The nudges of those rows, whose records `settled` looks at. */
export function settleCandidates(rows: readonly NudgeLedgerEntry[]): DueCandidate[] {
  return rows.map((r) => ({
    teamId: r.team_id,
    userId: r.user_id,
    subjectId: r.subject_id,
    dueOn: r.due_on,
  }));
}
