import type { Db } from '../../../db/database.js';
import { isRecentMeeting } from '../../../domain/nudge-rhythm.js';
import { reflectDueOn } from '../../../domain/nudge-timing.js';
import { formatDate, localDate } from '../../../domain/time.js';
import { findOwnedOneToOne, type OneToOneDetailRow } from '../../../repositories/one-to-ones.js';
import { listOneToOnesByIds, listReflectionsOn } from '../../../repositories/queries/nudge-context.js';
import { findUnreflectedLogged } from '../../../repositories/queries/nudge-due.js';
import { findOwnedReflection } from '../../../repositories/reflections.js';
import { userText } from '../../../views/block-kit.js';
import { personLabel } from '../../../views/messages.js';
import { type DueCandidate, defineKind, owned, rowsBySubject } from '../types.js';

/**
 * Reflect: a one-to-one logged `reflectAfterHours` ago without a reflection gets one reminder,
 * as a card only when the meeting was recent when logged (otherwise one folded line for all).
 * Subject: the one-to-one. Reflecting before it is sent clears it; reflecting after marks it done.
 */

/** Days after falling due that a reminder may still be sent: a late "reflect now" is no use. */
const LOOKBACK_DAYS = 3;

const NAME = 'reflect';

interface Item {
  oneToOneId: string;
  who: string;
  metOn: string;
  /** When it was logged (an instant). */
  loggedAt: string;
  reflected: boolean;
}

function fromRow(row: OneToOneDetailRow, reflected: boolean): Item {
  return {
    oneToOneId: row.id,
    who: personLabel(row.person_name, row.institution_name),
    metOn: row.met_on,
    loggedAt: row.created_at,
    reflected,
  };
}

const ownKey = (c: DueCandidate) => `${c.teamId}\u0000${c.userId}\u0000${c.subjectId}`;

/** Which candidates' one-to-ones their organiser has reflected on (as findOwnedReflection). */
async function reflectedOn(db: Db, cs: readonly DueCandidate[]): Promise<Set<string>> {
  const ids = new Map<string, string[]>();
  for (const c of cs) ids.set(c.teamId, [...(ids.get(c.teamId) ?? []), c.subjectId]);
  const out = new Set<string>();
  for (const [teamId, list] of ids) {
    for (const r of await listReflectionsOn(db, teamId, list)) {
      out.add(`${teamId}\u0000${r.organiser_id}\u0000${r.one_to_one_id}`);
    }
  }
  return out;
}

export const reflectKind = defineKind<Item>({
  name: NAME,
  setting: {
    word: 'reflect',
    aliases: ['reflection', 'reflections'],
    label: 'reflection reminders',
    defaultOn: true,
  },

  async findDue(db, { now, settings }) {
    // Only one-to-ones logged in the few days before the cutoff are read.
    const cutoff = new Date(now.getTime() - settings.reflectAfterHours * 3_600_000);
    const from = new Date(cutoff.getTime() - LOOKBACK_DAYS * 86_400_000);
    const rows = await findUnreflectedLogged(db, NAME, from.toISOString(), cutoff.toISOString());
    return rows.map((r) => ({
      teamId: r.team_id,
      userId: r.organiser_id,
      subjectId: r.id,
      dueOn: reflectDueOn(r.created_at, settings.reflectAfterHours),
    }));
  },

  // Already due by construction (its time passed); only a reflection written since clears it.
  async confirm(db, c) {
    const reflection = await findOwnedReflection(db, c.teamId, c.userId, c.subjectId);
    return reflection ? undefined : c;
  },

  async confirmMany(db, entries) {
    const reflected = await reflectedOn(
      db,
      entries.map((e) => e.candidate),
    );
    return entries.map((e) => (reflected.has(ownKey(e.candidate)) ? undefined : e.candidate));
  },

  async load(db, c) {
    const row = await findOwnedOneToOne(db, c.teamId, c.userId, c.subjectId);
    if (!row) return undefined;
    const reflection = await findOwnedReflection(db, c.teamId, c.userId, c.subjectId);
    return fromRow(row, Boolean(reflection));
  },

  async loadMany(db, cs) {
    const rows = await rowsBySubject(cs, (team, ids) => listOneToOnesByIds(db, team, ids));
    const reflected = await reflectedOn(db, cs);
    return cs.map((c) => {
      const row = owned(rows, c);
      return row ? fromRow(row, reflected.has(ownKey(c))) : undefined;
    });
  },

  // Rare and recent: a card only for a meeting held in the few days before it was logged (in
  // the organiser's zone); a backfill of older meetings folds into one line.
  fold(item, local) {
    const loggedOn = local.timeZone ? localDate(new Date(item.loggedAt), local.timeZone) : local.today;
    return !isRecentMeeting(item.metOn, loggedOn);
  },

  settled(item) {
    return item.reflected;
  },

  card(item, outcome) {
    const what = `your one-to-one with *${userText(item.who)}* on ${formatDate(item.metOn)}`;
    if (outcome === 'reflected' || (outcome === null && item.reflected)) {
      return { text: `:memo: Reflected on ${what}. Thank you.`, buttons: [] };
    }
    return {
      text: `:thought_balloon: A few minutes to reflect on ${what}? What you learned fades fast.`,
      buttons: [{ verb: 'reflect', label: 'Reflect now', style: 'primary' }],
    };
  },

  async act(_deps, _actor, verb, item) {
    if (verb === 'reflect') return { openReflection: { oneToOneId: item.oneToOneId } };
    return undefined;
  },
});
