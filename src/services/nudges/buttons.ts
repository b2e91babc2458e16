import type { Deps } from '../../deps.js';
import type { NudgeMessageRef } from '../../domain/nudge-card.js';
import { toLocal } from '../../domain/time.js';
import { ErrorCode, type Refusal, RefusalError, refused } from '../../errors.js';
import { findLedgerEntry, findOpenSentEntries, setOutcome } from '../../repositories/nudge-ledger.js';
import { type Actor, organiserTimeZone } from '../organisers.js';
import { messageCards } from './cards.js';
import { reflectKind } from './kinds/reflect.js';
import { findKind } from './registry.js';
import type { NudgeEffect } from './types.js';

/** The nudge DM's buttons, and settling a reflect nudge however the reflection was written. */

/** A modal a button asks for: the listener opens it first (a trigger_id lives 3 seconds). */
export type NudgeModal =
  | { kind: 'log'; personId?: string; stepNote?: string }
  /** `source`: the nudge's own DM (from the ledger, not the payload), so saving updates it. */
  | { kind: 'reflection'; oneToOneId: string; source: { channel: string; ts: string } }
  | { kind: 'campaignSummary'; campaignId: string };

export interface NudgeButtonOutcome {
  open?: NudgeModal;
  /** The DM to update in place (no stale buttons), when something was done or already had been. */
  update?: NudgeMessageRef;
}

export type NudgeButtonResult = { ok: true; value: NudgeButtonOutcome } | Refusal<typeof ErrorCode.NotYours>;

export interface NudgePress {
  kind: string;
  verb: string;
  ledgerId: string;
}

function modalFor(effect: NudgeEffect, source: { channel: string; ts: string }): NudgeModal | undefined {
  if ('openLog' in effect) return { kind: 'log', ...effect.openLog };
  if ('openReflection' in effect) return { kind: 'reflection', ...effect.openReflection, source };
  if ('openCampaignSummary' in effect) return { kind: 'campaignSummary', ...effect.openCampaignSummary };
  return undefined;
}

/** Whether a kind's action was refused by the owner-checked service it called. */
function isNotYours(error: unknown): boolean {
  return error instanceof RefusalError && error.code === ErrorCode.NotYours;
}

/**
 * A nudge button. Only the nudge's recipient may use it (the ledger row names them), and each
 * kind acts through services that check the record's owner: anything else is refused
 * (`not_yours`), changing nothing. A nudge already acted on changes nothing more: the DM is
 * simply shown as it is.
 */
export async function useNudgeButton(
  deps: Deps,
  actor: Actor,
  press: NudgePress,
): Promise<NudgeButtonResult> {
  const entry = press.ledgerId ? await findLedgerEntry(deps.db, actor.teamId, press.ledgerId) : undefined;
  const kind = findKind(press.kind);
  if (
    !entry ||
    !kind ||
    entry.user_id !== actor.userId ||
    entry.kind !== press.kind ||
    entry.status !== 'sent' ||
    !entry.channel ||
    !entry.ts
  ) {
    return refused(ErrorCode.NotYours);
  }
  const ref = { ...entry, channel: entry.channel, ts: entry.ts };
  if (entry.outcome) return { ok: true, value: { update: await messageCards(deps, ref) } };
  const candidate = {
    teamId: entry.team_id,
    userId: entry.user_id,
    subjectId: entry.subject_id,
    dueOn: entry.due_on,
  };
  const now = deps.clock.now();
  const item = await kind.load(deps.db, candidate, deps.config.nudges);
  if (item === undefined) {
    await setOutcome(deps.db, actor.teamId, actor.userId, entry.id, 'gone', now.toISOString());
    return { ok: true, value: { update: await messageCards(deps, ref) } };
  }
  const local = toLocal(now, await organiserTimeZone(deps, actor));
  let effect: NudgeEffect | undefined;
  try {
    effect = await kind.act(deps, actor, press.verb, item, candidate, {
      now,
      today: local.date,
      weekday: local.weekday,
      settings: deps.config.nudges,
    });
  } catch (error) {
    if (isNotYours(error)) return refused(ErrorCode.NotYours);
    throw error;
  }
  if (!effect) return refused(ErrorCode.NotYours);
  const open = modalFor(effect, { channel: ref.channel, ts: ref.ts });
  if (!('outcome' in effect)) return { ok: true, value: { open } };
  await setOutcome(deps.db, actor.teamId, actor.userId, entry.id, effect.outcome, now.toISOString());
  return { ok: true, value: { open, update: await messageCards(deps, ref) } };
}

/**
 * After a reflection is saved (from the nudge's button or any other way): its reflect nudge,
 * if one was sent, shows as done. Returns the DMs to update in place.
 */
export async function settleReflectNudges(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  actor: Actor,
  oneToOneId: string,
): Promise<NudgeMessageRef[]> {
  const entries = await findOpenSentEntries(
    deps.db,
    actor.teamId,
    actor.userId,
    reflectKind.name,
    oneToOneId,
  );
  const refs: NudgeMessageRef[] = [];
  const now = deps.clock.now().toISOString();
  for (const e of entries) {
    if (!e.channel || !e.ts) continue;
    await setOutcome(deps.db, actor.teamId, actor.userId, e.id, 'reflected', now);
    refs.push(await messageCards(deps, { ...e, channel: e.channel, ts: e.ts }));
  }
  return refs;
}
