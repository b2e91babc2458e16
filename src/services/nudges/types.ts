import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { Deps } from '../../deps.js';
import type { NudgeCard } from '../../domain/nudge-card.js';
import type { IsoDate } from '../../domain/time.js';
import type { Actor } from '../organisers.js';

export type { NudgeButton, NudgeCard } from '../../domain/nudge-card.js';

/**
 * A nudge kind: a self-contained plug-in for the nudge job. Each kind says how to find what is
 * due (one index-driven query across every team, costing in proportion to what is due), what
 * its card in the DM says, and what its buttons do. The job, the ledger, the daily batching,
 * working hours, settings and the button listener are shared and know nothing of any kind.
 *
 * A kind's due query is SQL, so it lives with the others in src/repositories/queries/nudge-due.ts (with
 * the shared "not already sent" ledger check); the kind module calls it and maps its rows to
 * candidates. Cards are plain data (src/domain/nudge-card.ts); src/views/nudges.ts turns them into Block Kit.
 */

/** Something due for one organiser; with the kind's name, the ledger key. */
export interface DueCandidate {
  teamId: string;
  userId: string;
  /** The record the nudge is about (a one-to-one id, a person id, 'week' …). */
  subjectId: string;
  /** The date it falls due: part of the ledger key, so a snoozed step (new date) is nudged again. */
  dueOn: IsoDate;
}

export interface DueScan {
  now: Date;
  /** Local dates somewhere on Earth now, widened by the look-back (see globalDueWindow). */
  window: { from: IsoDate; to: IsoDate };
  settings: Config['nudges'];
}

/** The organiser's own clock at send or click time. */
export interface LocalContext {
  now: Date;
  today: IsoDate;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** The organiser's zone (absent on a button click, where only today matters). */
  timeZone?: string;
  settings: Config['nudges'];
}

/** What a button does. An `outcome` is recorded on the ledger and the DM re-rendered. */
export type NudgeEffect =
  | { outcome: string }
  /** `stepNote`: the next step being followed up, for the log form to show (issue 9). */
  | { outcome: string; openLog: { personId?: string; stepNote?: string } }
  | { openReflection: { oneToOneId: string } }
  /** A listening campaign's report as it stands, in a modal (the mid-point nudge: issue 11). */
  | { openCampaignSummary: { campaignId: string } };

export interface NudgeKind<Item> {
  /** Stored in the ledger and in action ids: [a-z_]+, never renamed. */
  name: string;
  /** For `/onetoone nudges <word> on|off`. */
  setting: { word: string; aliases?: readonly string[]; label: string; defaultOn: boolean };
  /** Everything due across all teams, excluding what the ledger says was sent. */
  findDue(db: Db, scan: DueScan): Promise<DueCandidate[]>;
  /**
   * Whether a candidate is due for its organiser today (their local date); may fill in `dueOn`.
   * Defaults to "due on or before today, within the look-back".
   */
  confirm?(db: Db, candidate: DueCandidate, local: LocalContext): Promise<DueCandidate | undefined>;
  /** What the card needs, only for the record's owner; undefined when the record is gone. */
  load(db: Db, candidate: DueCandidate, settings: Config['nudges']): Promise<Item | undefined>;
  /**
   * Optional: `load` for many candidates (a batch of DMs) in a few queries rather than one per
   * candidate; the same answers, in the candidates' order.
   */
  loadMany?(
    db: Db,
    candidates: readonly DueCandidate[],
    settings: Config['nudges'],
  ): Promise<(Item | undefined)[]>;
  /** Optional: `confirm` for many candidates in a few queries; the same answers, in order. */
  confirmMany?(
    db: Db,
    entries: readonly { candidate: DueCandidate; local: LocalContext }[],
  ): Promise<(DueCandidate | undefined)[]>;
  /**
   * Pure: whether a due item folds into one summary line instead of a card (a reflection
   * reminder for a meeting held long before it was logged). Folded items are recorded as sent.
   */
  fold?(item: Item, local: LocalContext): boolean;
  /**
   * Pure: whether a sent nudge was dealt with some other way since (a step marked done from the
   * Home tab): the back-off does not count it as ignored. Its ledger outcome counts anyway.
   */
  settled?(item: Item, candidate: DueCandidate): boolean;
  /** Pure: the card for an open nudge (outcome null) or for one already acted on. */
  card(item: Item, outcome: string | null): NudgeCard;
  /** A button: owner-checked through the services it calls; undefined for an unknown verb. */
  act(
    deps: Deps,
    actor: Actor,
    verb: string,
    item: Item,
    candidate: DueCandidate,
    local: LocalContext,
  ): Promise<NudgeEffect | undefined>;
}

/** Erases the item type so kinds with different items sit in one registry. */
export type AnyNudgeKind = NudgeKind<unknown>;

export function defineKind<Item>(kind: NudgeKind<Item>): AnyNudgeKind {
  return kind as unknown as AnyNudgeKind;
}

/**
 * For a kind's loadMany: the rows with these candidates' subject ids, read one query per
 * workspace, by `${teamId}\u0000${id}`; `owned` then keeps a row only for its own organiser.
 */
export async function rowsBySubject<Row extends { id: string }>(
  candidates: readonly DueCandidate[],
  read: (teamId: string, ids: string[]) => Promise<Row[]>,
): Promise<Map<string, Row>> {
  const ids = new Map<string, string[]>();
  for (const c of candidates) ids.set(c.teamId, [...(ids.get(c.teamId) ?? []), c.subjectId]);
  const out = new Map<string, Row>();
  for (const [teamId, list] of ids) {
    for (const row of await read(teamId, list)) out.set(`${teamId}\u0000${row.id}`, row);
  }
  return out;
}

/** The candidate's row from rowsBySubject, only if the candidate's organiser owns it. */
export function owned<Row extends { organiser_id: string }>(
  rows: Map<string, Row>,
  c: DueCandidate,
): Row | undefined {
  const row = rows.get(`${c.teamId}\u0000${c.subjectId}`);
  return row && row.organiser_id === c.userId ? row : undefined;
}
