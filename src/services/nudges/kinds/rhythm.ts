import type { Db } from '../../../db/database.js';
import { behindRhythm, RHYTHM_WEEKDAY } from '../../../domain/nudge-timing.js';
import { DEFAULT_WEEKLY_GOAL } from '../../../domain/one-to-one.js';
import { weekStart } from '../../../domain/time.js';
import { listOptedIn } from '../../../repositories/nudge-preferences.js';
import { countOwnedByDate } from '../../../repositories/one-to-ones.js';
import { findOrganiser } from '../../../repositories/organisers.js';
import { countHeldBy, listWeeklyGoals } from '../../../repositories/queries/nudge-context.js';
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

/** load for many: the counts of each week's organisers in one query, their goals in one. */
async function loadMany(db: Db, cs: readonly DueCandidate[]): Promise<(Item | undefined)[]> {
  const weeks = new Map<string, DueCandidate[]>();
  for (const c of cs) {
    if (!c.dueOn) continue;
    const key = `${c.teamId}\u0000${c.dueOn}`;
    weeks.set(key, [...(weeks.get(key) ?? []), c]);
  }
  const held = new Map<string, number>();
  const goals = new Map<string, number>();
  for (const list of weeks.values()) {
    const { teamId, dueOn } = list[0]!;
    const users = list.map((c) => c.userId);
    const counts = await countHeldBy(db, teamId, users, weekStart(dueOn), dueOn);
    for (const u of users) held.set(`${teamId}\u0000${u}\u0000${dueOn}`, counts.get(u) ?? 0);
  }
  const teams = new Map<string, string[]>();
  for (const c of cs) if (c.dueOn) teams.set(c.teamId, [...(teams.get(c.teamId) ?? []), c.userId]);
  for (const [teamId, users] of teams) {
    for (const [u, goal] of await listWeeklyGoals(db, teamId, users)) goals.set(`${teamId}\u0000${u}`, goal);
  }
  return cs.map((c) =>
    c.dueOn
      ? {
          held: held.get(`${c.teamId}\u0000${c.userId}\u0000${c.dueOn}`) ?? 0,
          goal: goals.get(`${c.teamId}\u0000${c.userId}`) ?? DEFAULT_WEEKLY_GOAL,
        }
      : undefined,
  );
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

  async confirmMany(db, entries) {
    const due = entries.map((e) =>
      e.local.weekday === RHYTHM_WEEKDAY ? { ...e.candidate, dueOn: e.local.today } : undefined,
    );
    const items = await loadMany(
      db,
      due.filter((d): d is DueCandidate => d !== undefined),
    );
    let n = 0;
    return due.map((d) => {
      if (!d) return undefined;
      const item = items[n++];
      return item && behindRhythm(item.held, item.goal) ? d : undefined;
    });
  },

  load,
  loadMany,

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
