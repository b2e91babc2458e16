import type { Deps } from '../../deps.js';
import type { NudgeCardView, NudgeMessageRef } from '../../domain/nudge-card.js';
import { listMessageEntries } from '../../repositories/nudge-ledger.js';
import type { PreparedItem } from './daily-dm.js';
import { findKind } from './registry.js';

/** The cards of a nudge DM: when it is first sent, and when it is re-rendered after a button. */

/** The cards of a DM about to be sent (ledger ids known), or of a dry run (placeholder ids). */
export function cardsFor(items: (PreparedItem & { ledgerId?: string })[]): NudgeCardView[] {
  return items.map((i, n) => ({
    kind: i.kind.name,
    ledgerId: i.ledgerId ?? `dry-run-${n}`,
    card: i.kind.card(i.item, null),
  }));
}

/** Re-reads every nudge one DM carries, with what was done with each: for chat.update. */
export async function messageCards(
  deps: Pick<Deps, 'db' | 'config'>,
  entry: { team_id: string; user_id: string; local_date: string; channel: string; ts: string },
): Promise<NudgeMessageRef> {
  const entries = await listMessageEntries(
    deps.db,
    entry.team_id,
    entry.user_id,
    entry.local_date,
    entry.channel,
    entry.ts,
  );
  const cards: NudgeCardView[] = [];
  for (const e of entries) {
    const kind = findKind(e.kind);
    const candidate = { teamId: e.team_id, userId: e.user_id, subjectId: e.subject_id, dueOn: e.due_on };
    const item = kind ? await kind.load(deps.db, candidate, deps.config.nudges) : undefined;
    cards.push({
      kind: e.kind,
      ledgerId: e.id,
      card: kind && item !== undefined ? kind.card(item, e.outcome) : undefined,
    });
  }
  return { teamId: entry.team_id, channel: entry.channel, ts: entry.ts, cards };
}
