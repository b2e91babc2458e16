import type { Deps } from '../deps.js';
import { streakAtGoals } from '../domain/goals.js';
import { DUE_AHEAD_DAYS, type DueStep, type HomeData, suggestNext } from '../domain/home.js';
import type { IntroductionStatus } from '../domain/introduction.js';
import { goingColdCutoff } from '../domain/relationship.js';
import { addDays, lastWeeks, localDate } from '../domain/time.js';
import { ErrorCode, type Refusal, refused } from '../errors.js';
import { hasLoggedHouseMeeting } from '../repositories/house-meetings.js';
import { findOwnedOneToOne, updateOwnedOneToOne } from '../repositories/one-to-ones.js';
import { activePause } from '../repositories/pauses.js';
import {
  countHeldByDate,
  dueFollowUps,
  dueNextSteps,
  goingColdPeople,
  unreflectedOneToOnes,
  waitingIntroductions,
} from '../repositories/queries/home.js';
import { myCampaignProgress } from './campaign-report.js';
import { myHouseMeetingRhythm } from './house-meetings.js';
import { setIntroductionOutcome } from './introductions.js';
import { leadHomeFigures } from './lead.js';
import { type Actor, organiserTimeZone, organiserToday, type weeklyGoal, weeklyGoals } from './organisers.js';

/**
 * What the Home tab shows, gathered in a handful of bounded queries (lists are capped), as the
 * app's HomeData (src/domain/home.ts), which the view draws; and what its own buttons do.
 */

/** Items per Home list; the view says "and N more" for the rest (a Home view holds BLOCK_KIT.homeBlocks, 100). */
export const HOME_LIST_CAP = 8;
/**
 * Per list: the two lists drawn two blocks an item (text, then its buttons) show fewer, so the
 * whole tab stays near 60 blocks at most and leaves room under Slack's 100 for other sections.
 */
export const HOME_CAPS = {
  dueSteps: HOME_LIST_CAP,
  introductions: 4,
  unreflected: 5,
  goingCold: 5,
} as const;
export type HomeCaps = { [K in keyof typeof HOME_CAPS]: number };
/** How far back a streak is counted; the view shows "52+" beyond. */
export const STREAK_WEEKS = 52;

/** What showHome uses: the database, the going-cold setting, and the organiser's zone and goal. */
export type HomeDeps = Pick<Deps, 'db' | 'clock' | 'config'> &
  Parameters<typeof organiserTimeZone>[0] &
  Parameters<typeof weeklyGoal>[0];

/** The organiser opened (or changed something on) their Home tab. */
export async function showHome(
  deps: HomeDeps,
  actor: Actor,
  caps: HomeCaps | number = HOME_CAPS,
): Promise<HomeData> {
  const cap: HomeCaps =
    typeof caps === 'number'
      ? { dueSteps: caps, introductions: caps, unreflected: caps, goingCold: caps }
      : caps;
  const { db } = deps;
  const { teamId, userId } = actor;
  const tz = await organiserTimeZone(deps, actor);
  const today = localDate(deps.clock.now(), tz);
  // The current week plus STREAK_WEEKS before it: one grouped query, summed per week here.
  const weeks = lastWeeks(today, STREAK_WEEKS + 1);
  const perDate = await countHeldByDate(db, teamId, userId, weeks[0]!.start, weeks.at(-1)!.end);
  const held = weeks.map((w) =>
    perDate.filter((r) => r.met_on >= w.start && r.met_on <= w.end).reduce((s, r) => s + r.held, 0),
  );
  // Each week against the goal in force then: changing the goal does not rewrite past weeks.
  const starts = weeks.map((w) => w.start);
  const goals = await weeklyGoals(deps, actor, starts);
  // This week's goal is the one in force this week (a raise from a later week does not apply).
  const goal = goals.at(-1)!;
  const streak = streakAtGoals(held, goals);
  const goingColdWeeks = deps.config.nudges.goingColdWeeks;

  const dueThrough = addDays(today, DUE_AHEAD_DAYS);
  const [due, followUps, introductions, unreflected, cold, pause] = [
    await dueNextSteps(db, teamId, userId, dueThrough, cap.dueSteps),
    await dueFollowUps(db, teamId, userId, dueThrough, cap.dueSteps),
    await waitingIntroductions(db, teamId, userId, cap.introductions),
    await unreflectedOneToOnes(db, teamId, userId, cap.unreflected),
    await goingColdPeople(db, teamId, userId, goingColdCutoff(today, goingColdWeeks), cap.goingCold),
    await activePause(db, teamId, userId, today),
  ];
  // One list, due soonest first: a one-to-one's next steps and a house meeting's follow-ups are
  // the same kind of promise to the organiser (each capped, so the merge stays bounded).
  const dueSteps: DueStep[] = [
    ...due.items.map((r) => ({
      oneToOneId: r.id,
      personName: r.person_name,
      institutionName: r.institution_name,
      kind: r.next_step_kind,
      dueOn: r.next_step_due_on,
      note: r.next_step_note,
    })),
    ...followUps.items.map((r) => ({
      oneToOneId: r.id,
      source: 'houseMeeting' as const,
      personName: r.person_name,
      institutionName: r.institution_name,
      kind: r.next_step_kind,
      dueOn: r.due_on,
      note: null,
    })),
  ]
    .sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0))
    .slice(0, cap.dueSteps);
  const waiting = unreflected.items.map((r) => ({
    oneToOneId: r.id,
    personName: r.person_name,
    institutionName: r.institution_name,
    metOn: r.met_on,
  }));
  const goingCold = cold.items.map((r) => ({
    personId: r.person_id,
    personName: r.person_name,
    institutionName: r.institution_name,
    meetings: r.meetings,
    lastMetOn: r.last_met_on,
  }));
  // A first open: nothing logged yet. An organiser who has so far logged only house meetings
  // (whose "would like a one-to-one" follow-ups are due here) is past the welcome.
  const firstOpen = unreflected.held === 0 && !(await hasLoggedHouseMeeting(db, teamId, userId));
  const thisWeek = held.at(-1)!;
  return {
    today,
    goal,
    thisWeek,
    streak: Math.min(streak, STREAK_WEEKS),
    streakCapped: streak >= STREAK_WEEKS,
    goingColdWeeks,
    firstOpen,
    suggestion: suggestNext({
      today,
      firstOpen,
      goal,
      thisWeek,
      dueSteps,
      unreflected: waiting,
      goingCold,
    }),
    pause: pause ? { untilOn: pause.untilOn } : null,
    dueSteps: { total: due.total + followUps.total, items: dueSteps },
    introductions: {
      total: introductions.total,
      items: introductions.items.map((r) => ({
        introductionId: r.id,
        personA: r.person_a_name,
        institutionA: r.person_a_institution,
        personB: r.person_b_name,
        institutionB: r.person_b_institution,
        introducedOn: r.introduced_on,
        status: r.status,
        followUpDueOn: r.follow_up_due_on,
      })),
    },
    unreflected: { total: unreflected.total, items: waiting },
    goingCold: { total: cold.total, items: goingCold },
    campaigns: await myCampaignProgress(deps, actor, today),
    houseMeetings: await myHouseMeetingRhythm(deps, actor, today),
    ...(await leadHomeFigures(deps, actor)),
  };
}

/**
 * "No reflection needed" on one of my one-to-ones: it leaves the Home tab's waiting list and its
 * suggestions. A second click changes nothing more; a reflection can still be written later
 * (`/onetoone reflect`). Someone else's one-to-one (or a crafted id) is refused, naming nothing.
 */
export async function dismissReflection(
  deps: Pick<Deps, 'db' | 'clock'>,
  actor: Actor,
  oneToOneId: string,
): Promise<{ ok: true } | Refusal> {
  const now = deps.clock.now().toISOString();
  const mine = await deps.db.transaction().execute(async (trx) => {
    const row = await findOwnedOneToOne(trx, actor.teamId, actor.userId, oneToOneId);
    if (!row) return false;
    if (row.reflection_dismissed_at === null) {
      await updateOwnedOneToOne(trx, actor.teamId, actor.userId, oneToOneId, {
        reflection_dismissed_at: now,
      });
    }
    return true;
  });
  return mine ? { ok: true } : refused(ErrorCode.NotYours);
}

/**
 * The answer to "did they meet?" from the Home tab, as from the follow-up nudge: they met and
 * won't happen close it; not yet asks again a week after the organiser's today. Someone else's
 * introduction throws the NotYours refusal (setIntroductionOutcome).
 */
export async function answerIntroduction(
  deps: HomeDeps,
  actor: Actor,
  introductionId: string,
  outcome: Exclude<IntroductionStatus, 'agreed'>,
): Promise<{ changed: boolean }> {
  const today = await organiserToday(deps, actor);
  const { changed } = await setIntroductionOutcome(deps, actor, introductionId, outcome, today);
  return { changed };
}
