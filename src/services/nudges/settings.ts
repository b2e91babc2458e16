import type { Deps } from '../../deps.js';
import type {
  NudgeSettingsForm,
  NudgeSettingsResult,
  NudgeSettingsView,
  PauseResult,
} from '../../domain/nudge-card.js';
import type { NudgePause } from '../../domain/nudge-pause.js';
import { checkPauseUntil, describeWorkingDays, type Weekday } from '../../domain/nudge-rhythm.js';
import type { IsoDate } from '../../domain/time.js';
import { listPreferences, setPreference } from '../../repositories/nudge-preferences.js';
import { findRhythm, saveRhythm } from '../../repositories/nudge-settings.js';
import { activePause, endPauses, extendPause, insertPause } from '../../repositories/pauses.js';
import { type Actor, organiserToday } from '../organisers.js';
import { askState } from './back-off.js';
import { findKind, findKindBySetting, NUDGE_KINDS } from './registry.js';

/**
 * What an organiser gets and when: `/onetoone nudges [kind] [on|off]`, `/onetoone settings`
 * (the modal: working days, the daily summary, which kinds, a pause), `/onetoone pause`, and
 * the job's checks.
 */

type SettingsDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'slack' | 'logger' | 'timeZones'>;

/** Whether each kind is on for this organiser ('*' off: none). */
export async function enabledKinds(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
): Promise<{ allOn: boolean; on: Set<string> }> {
  return kindsEnabledBy(await listPreferences(deps.db, actor.teamId, actor.userId));
}

/** As enabledKinds, from the organiser's preference rows (the nudge tick reads them in a batch). */
export function kindsEnabledBy(rows: readonly { kind: string; enabled: number }[]): {
  allOn: boolean;
  on: Set<string>;
} {
  const prefs = new Map(rows.map((p) => [p.kind, p.enabled === 1]));
  const on = new Set(NUDGE_KINDS.filter((k) => prefs.get(k.name) ?? k.setting.defaultOn).map((k) => k.name));
  return { allOn: prefs.get('*') ?? true, on };
}

export async function nudgeSettings(deps: SettingsDeps, actor: Actor): Promise<NudgeSettingsView> {
  const today = await organiserToday(deps, actor);
  // A question left unanswered for a week has switched its kind off: show it so.
  await askState(deps, actor, deps.clock.now());
  const [{ allOn, on }, rhythm, pause] = await Promise.all([
    enabledKinds(deps, actor),
    findRhythm(deps.db, actor.teamId, actor.userId),
    activePause(deps.db, actor.teamId, actor.userId, today),
  ]);
  return {
    allOn,
    kinds: NUDGE_KINDS.map((k) => ({ word: k.setting.word, label: k.setting.label, on: on.has(k.name) })),
    dailySummary: rhythm.dailySummary,
    workingDays: describeWorkingDays(rhythm.workingDays),
    ...(pause ? { pausedUntil: pause.untilOn } : {}),
  };
}

/**
 * `/onetoone nudges [kind] [on|off]`: no words shows the settings; `on`/`off` alone switches all
 * nudges; a kind's word (or alias) and `on`/`off` switches that kind; `summary on|off` the
 * daily summary.
 */
export async function changeNudgeSettings(
  deps: SettingsDeps,
  actor: Actor,
  args: string,
): Promise<NudgeSettingsResult> {
  const words = args.toLowerCase().split(/\s+/).filter(Boolean);
  const state = words.at(-1);
  const on = state === 'on' ? true : state === 'off' ? false : undefined;
  const settings = () => nudgeSettings(deps, actor);
  if (words.length === 0) return { kind: 'shown', settings: await settings() };
  if (on === undefined || words.length > 2) return { kind: 'usage', settings: await settings() };
  const now = deps.clock.now().toISOString();
  if (words.length === 1) {
    await setPreference(deps.db, actor.teamId, actor.userId, '*', on, now);
    return { kind: 'all', on, settings: await settings() };
  }
  if (words[0] === 'summary' || words[0] === 'daily') {
    const rhythm = await findRhythm(deps.db, actor.teamId, actor.userId);
    await saveRhythm(deps.db, actor.teamId, actor.userId, { ...rhythm, dailySummary: on }, now);
    return { kind: 'summary', on, settings: await settings() };
  }
  const kind = findKindBySetting(words[0]!);
  if (!kind) return { kind: 'unknown_kind', word: words[0]!, settings: await settings() };
  await setPreference(deps.db, actor.teamId, actor.userId, kind.name, on, now);
  return { kind: 'one', label: kind.setting.label, on, settings: await settings() };
}

/** `/onetoone settings`: the modal's data, in the organiser's zone. */
export async function openSettingsForm(deps: SettingsDeps, actor: Actor): Promise<NudgeSettingsForm> {
  const today = await organiserToday(deps, actor);
  await askState(deps, actor, deps.clock.now());
  const [{ allOn, on }, rhythm, pause] = await Promise.all([
    enabledKinds(deps, actor),
    findRhythm(deps.db, actor.teamId, actor.userId),
    activePause(deps.db, actor.teamId, actor.userId, today),
  ]);
  return {
    allOn,
    kinds: NUDGE_KINDS.map((k) => ({ name: k.name, label: k.setting.label, on: on.has(k.name) })),
    workingDays: rhythm.workingDays,
    dailySummary: rhythm.dailySummary,
    ...(pause ? { pausedUntil: pause.untilOn } : {}),
    today,
  };
}

/** The settings modal as submitted (decoded by the listener). */
export interface SettingsInput {
  allOn: boolean;
  /** The kinds ticked (names); unknown names are ignored. */
  kinds: string[];
  workingDays: number[];
  dailySummary: boolean;
  /** The date picker: a pause until then, or null for none. */
  pauseUntil: string | null;
}

export type SettingsField = 'workingDays' | 'pauseUntil';

export type SettingsOutcome =
  | { kind: 'saved' }
  | { kind: 'invalid'; errors: Partial<Record<SettingsField, string>> };

const PAUSE_PROBLEMS: Record<'unreadable' | 'not_future' | 'too_far', string> = {
  unreadable: 'Pick a date.',
  not_future: 'Pick a date after today: nudges resume that morning.',
  too_far: 'Pick a date within a year.',
};

/** Saves the settings modal, or says what to fix (on the field). All or nothing. */
export async function saveSettings(
  deps: SettingsDeps,
  actor: Actor,
  input: SettingsInput,
): Promise<SettingsOutcome> {
  const errors: Partial<Record<SettingsField, string>> = {};
  const days = [...new Set(input.workingDays)].filter(
    (d): d is Weekday => Number.isInteger(d) && d >= 1 && d <= 7,
  );
  if (days.length === 0) errors.workingDays = 'Choose at least one day, or pause your nudges below.';
  const today = await organiserToday(deps, actor);
  const current = await activePause(deps.db, actor.teamId, actor.userId, today);
  let pauseUntil: IsoDate | null = null;
  if (input.pauseUntil && input.pauseUntil !== current?.untilOn) {
    const check = checkPauseUntil(input.pauseUntil, today);
    if (check.ok) pauseUntil = check.untilOn;
    else errors.pauseUntil = PAUSE_PROBLEMS[check.reason];
  }
  if (errors.workingDays || errors.pauseUntil) return { kind: 'invalid', errors };

  const now = deps.clock.now().toISOString();
  const ticked = new Set(input.kinds.filter((k) => findKind(k)));
  await deps.db.transaction().execute(async (trx) => {
    await saveRhythm(
      trx,
      actor.teamId,
      actor.userId,
      { workingDays: days, dailySummary: input.dailySummary },
      now,
    );
    await setPreference(trx, actor.teamId, actor.userId, '*', input.allOn, now);
    for (const kind of NUDGE_KINDS) {
      await setPreference(trx, actor.teamId, actor.userId, kind.name, ticked.has(kind.name), now);
    }
    if (pauseUntil) await startOrExtendPause(trx, actor, current, today, pauseUntil, now);
    else if (!input.pauseUntil && current) await endPauses(trx, actor.teamId, actor.userId, today, now);
  });
  return { kind: 'saved' };
}

async function startOrExtendPause(
  db: Deps['db'],
  actor: Actor,
  current: NudgePause | undefined,
  today: IsoDate,
  untilOn: IsoDate,
  now: string,
): Promise<void> {
  if (current) await extendPause(db, actor.teamId, current.id, untilOn);
  else await insertPause(db, actor.teamId, actor.userId, today, untilOn, now);
}

/**
 * Pauses every nudge until `untilOn` (a date in the organiser's zone, exclusive: they resume
 * that morning). While already paused, the pause is moved to the new date.
 */
export async function pauseNudges(deps: SettingsDeps, actor: Actor, untilText: string): Promise<PauseResult> {
  const today = await organiserToday(deps, actor);
  const check = checkPauseUntil(untilText, today);
  if (!check.ok) return { kind: 'invalid', reason: check.reason, today };
  const now = deps.clock.now().toISOString();
  const extended = await deps.db.transaction().execute(async (trx) => {
    const current = await activePause(trx, actor.teamId, actor.userId, today);
    await startOrExtendPause(trx, actor, current, today, check.untilOn, now);
    return Boolean(current);
  });
  return { kind: 'paused', untilOn: check.untilOn, extended };
}

/** Ends a pause today (the Home tab's Resume, `/onetoone pause off`); the past stays paused. */
export async function resumeNudges(deps: SettingsDeps, actor: Actor): Promise<PauseResult> {
  const today = await organiserToday(deps, actor);
  const ended = await endPauses(deps.db, actor.teamId, actor.userId, today, deps.clock.now().toISOString());
  return { kind: 'resumed', wasPaused: ended > 0 };
}

/** `/onetoone pause [until] DATE | off`, or no words: where the pause stands. */
export async function changePause(deps: SettingsDeps, actor: Actor, args: string): Promise<PauseResult> {
  const words = args.trim().toLowerCase();
  if (['off', 'resume', 'end', 'stop'].includes(words)) return resumeNudges(deps, actor);
  if (words === '') {
    const pause = await activePause(deps.db, actor.teamId, actor.userId, await organiserToday(deps, actor));
    return pause ? { kind: 'status', untilOn: pause.untilOn } : { kind: 'status' };
  }
  return pauseNudges(deps, actor, args);
}
