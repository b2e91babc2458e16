import type { Deps } from '../../deps.js';
import type { DmExtras, NudgeCardView, NudgeDmView, NudgeMessageRef } from '../../domain/nudge-card.js';
import { parseDmExtras } from '../../domain/nudge-card.js';
import { findDay } from '../../repositories/nudge-days.js';
import { FOLDED, listMessageEntries } from '../../repositories/nudge-ledger.js';
import type { PreparedItem } from './daily-dm.js';
import { cardOrder, findKind } from './registry.js';
import { summaryView } from './summary.js';

/** The cards of a nudge DM: when it is first sent, and when it is re-rendered after a button. */

const keyOf = (i: PreparedItem) => ({
  kind: i.kind.name,
  dueOn: i.candidate.dueOn,
  subjectId: i.candidate.subjectId,
});

/** The cards of a DM about to be sent (ledger ids known), or of a dry run (placeholder ids). */
export function cardsFor(items: (PreparedItem & { ledgerId?: string })[]): NudgeCardView[] {
  return [...items]
    .sort((a, b) => cardOrder(keyOf(a), keyOf(b)))
    .map((i, n) => ({
      kind: i.kind.name,
      ledgerId: i.ledgerId ?? `dry-run-${n}`,
      card: i.kind.card(i.item, null),
    }));
}

/** The whole DM as about to be sent: its cards and what it says besides. */
export async function dmView(
  deps: Pick<Deps, 'db'>,
  actor: { teamId: string; userId: string },
  items: (PreparedItem & { ledgerId?: string })[],
  extras: DmExtras,
): Promise<NudgeDmView> {
  return {
    cards: cardsFor(items),
    ...(extras.summary ? { summary: await summaryView(deps, actor, extras.summary) } : {}),
    folded: extras.folded,
    more: extras.more,
    ...(extras.homeUrl ? { homeUrl: extras.homeUrl } : {}),
  };
}

/** Re-reads every nudge one DM carries, with what was done with each: for chat.update. */
export async function messageCards(
  deps: Pick<Deps, 'db' | 'config'>,
  entry: { team_id: string; user_id: string; local_date: string; channel: string; ts: string },
): Promise<NudgeMessageRef> {
  const actor = { teamId: entry.team_id, userId: entry.user_id };
  const entries = await listMessageEntries(
    deps.db,
    entry.team_id,
    entry.user_id,
    entry.local_date,
    entry.channel,
    entry.ts,
  );
  const cards: NudgeCardView[] = [];
  const shown = entries
    .filter((e) => e.outcome !== FOLDED)
    .sort((a, b) =>
      cardOrder(
        { kind: a.kind, dueOn: a.due_on, subjectId: a.subject_id },
        { kind: b.kind, dueOn: b.due_on, subjectId: b.subject_id },
      ),
    );
  for (const e of shown) {
    const kind = findKind(e.kind);
    const candidate = { teamId: e.team_id, userId: e.user_id, subjectId: e.subject_id, dueOn: e.due_on };
    const item = kind ? await kind.load(deps.db, candidate, deps.config.nudges) : undefined;
    cards.push({
      kind: e.kind,
      ledgerId: e.id,
      card: kind && item !== undefined ? kind.card(item, e.outcome) : undefined,
    });
  }
  const day = await findDay(deps.db, { ...actor, localDate: entry.local_date });
  // The day's extras belong to this message only if it is the day's DM.
  const extras =
    day?.channel === entry.channel && day.ts === entry.ts
      ? parseDmExtras(day.extras)
      : { folded: 0, more: 0 };
  return {
    teamId: entry.team_id,
    channel: entry.channel,
    ts: entry.ts,
    cards,
    ...(extras.summary ? { summary: await summaryView(deps, actor, extras.summary) } : {}),
    folded: extras.folded,
    more: extras.more,
    ...(extras.homeUrl ? { homeUrl: extras.homeUrl } : {}),
  };
}
