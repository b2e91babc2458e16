import type { OneToOne } from '../../db/schema.js';
import type { Deps } from '../../deps.js';
import type { DmExtras, DmSummaryView } from '../../domain/nudge-card.js';
import { isRecentMeeting, SUMMARY_MAX_DAYS } from '../../domain/nudge-rhythm.js';
import { reflectDueOn } from '../../domain/nudge-timing.js';
import { DEFAULT_WEEKLY_GOAL } from '../../domain/one-to-one.js';
import { addDays, type IsoDate, localDate, weekStart, zonedTimeToInstant } from '../../domain/time.js';
import { lastSentAt } from '../../repositories/nudge-days.js';
import { countOwnedByDate, findOwnedOneToOne } from '../../repositories/one-to-ones.js';
import { findOrganiser } from '../../repositories/organisers.js';
import { listLoggedBetween } from '../../repositories/queries/nudge-summary.js';
import { personLabel } from '../../views/messages.js';
import type { Actor } from '../organisers.js';
import { reflectKind } from './kinds/reflect.js';
import type { DueCandidate } from './types.js';

/**
 * The daily summary (issue 9), replacing a DM after every log: once a day, in the daily DM,
 * what I logged before today since my last DM, when it tells me something worth knowing
 * ("your second one-to-one with Amina", "4 of 5 this week"), with Reflect buttons for those
 * recent meetings not yet reflected on (their reflection reminders, brought forward into it).
 */

/** Names shown; the rest are counted. */
const NAMED = 5;
/** Rows read for one summary: more than a week of a full-time organiser's one-to-ones. */
const READ_AT_MOST = 500;

export interface DailySummary {
  extras: NonNullable<DmExtras['summary']>;
  /** Reflection reminders of recent meetings in it not yet reminded, to ride along as cards. */
  reflect: DueCandidate[];
}

/**
 * What I logged after my last DM (at most SUMMARY_MAX_DAYS back) and before today in my zone;
 * undefined when nothing was.
 */
export async function dailySummary(
  deps: Pick<Deps, 'db' | 'config'>,
  actor: Actor,
  local: { now: Date; today: IsoDate; timeZone: string },
): Promise<DailySummary | undefined> {
  const floor = new Date(local.now.getTime() - SUMMARY_MAX_DAYS * 86_400_000).toISOString();
  const last = await lastSentAt(deps.db, actor.teamId, actor.userId);
  const after = last && last > floor ? last : floor;
  const upTo = new Date(zonedTimeToInstant(local.today, '00:00', local.timeZone).getTime() - 1).toISOString();
  if (after >= upTo) return undefined;
  const rows = await listLoggedBetween(
    deps.db,
    actor.teamId,
    actor.userId,
    after,
    upTo,
    READ_AT_MOST,
    reflectKind.name,
  );
  if (rows.length === 0) return undefined;
  const recent = rows.filter((r) =>
    isRecentMeeting(r.met_on, localDate(new Date(r.created_at), local.timeZone)),
  );
  // The week the summary looks back on: yesterday's (last week's, on a Monday).
  const yesterday = addDays(local.today, -1);
  const from = weekStart(yesterday);
  const held = (await countOwnedByDate(deps.db, actor.teamId, actor.userId, from, yesterday)).reduce(
    (sum, r) => sum + r.held,
    0,
  );
  const goal = (await findOrganiser(deps.db, actor.teamId, actor.userId))?.weekly_goal ?? DEFAULT_WEEKLY_GOAL;
  const hours = deps.config.nudges.reflectAfterHours;
  return {
    extras: {
      logged: recent.slice(0, NAMED).map((r) => ({ id: r.id, nth: r.nth })),
      moreLogged: Math.max(0, recent.length - NAMED),
      earlier: rows.length - recent.length,
      week: { held, goal, current: from === weekStart(local.today) },
    },
    reflect: recent
      .filter((r) => r.reflected === 0 && r.reminded === 0 && r.reflection_dismissed_at === null)
      .map((r) => ({
        teamId: actor.teamId,
        userId: actor.userId,
        subjectId: r.id,
        dueOn: reflectDueOn(r.created_at, hours),
      })),
  };
}

/** Step two of the log ("what I learned") not written yet: every one of its fields empty. */
function stepTwoEmpty(row: OneToOne): boolean {
  return [
    row.setting,
    row.self_interest_needs,
    row.self_interest_meaning,
    row.stories,
    row.values_motivations,
    row.mutual_interests,
    row.listening_share,
    row.continue_relationship,
    row.depth,
  ].every((v) => v === null || v === '');
}

/**
 * The summary as shown: names read again from the records (a forgotten person drops out), and
 * whether step two is still empty, so its "What I learned" button goes once it is written.
 */
export async function summaryView(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  stored: NonNullable<DmExtras['summary']>,
): Promise<DmSummaryView> {
  const logged: DmSummaryView['logged'] = [];
  for (const l of stored.logged) {
    const row = await findOwnedOneToOne(deps.db, actor.teamId, actor.userId, l.id);
    if (row) {
      logged.push({
        who: personLabel(row.person_name, row.institution_name),
        nth: l.nth,
        ...(stepTwoEmpty(row) ? { learnId: row.id } : {}),
      });
    }
  }
  return { logged, moreLogged: stored.moreLogged, earlier: stored.earlier, week: stored.week };
}
