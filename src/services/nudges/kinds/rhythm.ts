import type { Db } from '../../../db/database.js';
import { behindRhythm, RHYTHM_WEEKDAY } from '../../../domain/nudge-timing.js';
import { DEFAULT_WEEKLY_GOAL } from '../../../domain/one-to-one.js';
import { weekStart } from '../../../domain/time.js';
import { listOptedIn } from '../../../repositories/nudge-preferences.js';
import { countOwnedByDate } from '../../../repositories/one-to-ones.js';
import { findOrganiser } from '../../../repositories/organisers.js';
import { type DueCandidate, defineKind } from '../types.js';

/**
 * Weekly rhythm (opt-in): on Wednesday, when fewer than half of my weekly goal is held so far
 * this week. Subject: 'week'; due: that Wednesday.
 */

interface Item {
  held: number;
  goal: number;
}

export const RHYTHM_SUBJECT = 'week';

async function load(db: Db, c: DueCandidate): Promise<Item | undefined> {
  if (!c.dueOn) return undefined;
  const rows = await countOwnedByDate(db, c.teamId, c.userId, weekStart(c.dueOn), c.dueOn);
  const organiser = await findOrganiser(db, c.teamId, c.userId);
  return {
    held: rows.reduce((sum, r) => sum + r.held, 0),
    goal: organiser?.weekly_goal ?? DEFAULT_WEEKLY_GOAL,
  };
}

export const rhythmKind = defineKind<Item>({
  name: 'rhythm',
  setting: { word: 'rhythm', aliases: ['weekly'], label: 'weekly rhythm (Wednesdays)', defaultOn: false },

  // Only organisers who opted in (nudge_preferences_kind_idx); the day is theirs, so confirm decides.
  async findDue(db) {
    const rows = await listOptedIn(db, 'rhythm');
    return rows.map((r) => ({ teamId: r.team_id, userId: r.user_id, subjectId: RHYTHM_SUBJECT, dueOn: '' }));
  },

  async confirm(db, c, local) {
    if (local.weekday !== RHYTHM_WEEKDAY) return undefined;
    const due = { ...c, dueOn: local.today };
    const item = await load(db, due);
    return item && behindRhythm(item.held, item.goal) ? due : undefined;
  },

  load,

  card(item, outcome) {
    if (outcome === 'logging') return { text: ':pencil: Logging a one-to-one.', buttons: [] };
    if (outcome) return { text: ':ok_hand: Noted. There is still time this week.', buttons: [] };
    return {
      text: `:seedling: Halfway through the week: *${item.held} of ${item.goal}* one-to-ones so far. Who could you meet before Sunday?`,
      buttons: [
        { verb: 'log', label: 'Log a one-to-one', style: 'primary' },
        { verb: 'not_now', label: 'Not now' },
      ],
    };
  },

  async act(_deps, _actor, verb) {
    if (verb === 'log') return { outcome: 'logging', openLog: {} };
    if (verb === 'not_now') return { outcome: 'not_now' };
    return undefined;
  },
});
