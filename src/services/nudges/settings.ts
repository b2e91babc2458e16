import type { Deps } from '../../deps.js';
import type { NudgeSettingsResult, NudgeSettingsView } from '../../domain/nudge-card.js';
import { listPreferences, setPreference } from '../../repositories/nudge-preferences.js';
import type { Actor } from '../organisers.js';
import { findKindBySetting, NUDGE_KINDS } from './registry.js';

/** Which nudges an organiser gets: `/onetoone nudges [kind] [on|off]`, and the job's check. */

/** Whether each kind is on for this organiser ('*' off: none). */
export async function enabledKinds(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
): Promise<{ allOn: boolean; on: Set<string> }> {
  const prefs = new Map(
    (await listPreferences(deps.db, actor.teamId, actor.userId)).map((p) => [p.kind, p.enabled === 1]),
  );
  const on = new Set(NUDGE_KINDS.filter((k) => prefs.get(k.name) ?? k.setting.defaultOn).map((k) => k.name));
  return { allOn: prefs.get('*') ?? true, on };
}

export async function nudgeSettings(deps: Pick<Deps, 'db'>, actor: Actor): Promise<NudgeSettingsView> {
  const { allOn, on } = await enabledKinds(deps, actor);
  return {
    allOn,
    kinds: NUDGE_KINDS.map((k) => ({ word: k.setting.word, label: k.setting.label, on: on.has(k.name) })),
  };
}

/**
 * `/onetoone nudges [kind] [on|off]`: no words shows the settings; `on`/`off` alone switches all
 * nudges; a kind's word (or alias) and `on`/`off` switches that kind.
 */
export async function changeNudgeSettings(
  deps: Pick<Deps, 'db' | 'clock'>,
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
  const kind = findKindBySetting(words[0]!);
  if (!kind) return { kind: 'unknown_kind', word: words[0]!, settings: await settings() };
  await setPreference(deps.db, actor.teamId, actor.userId, kind.name, on, now);
  return { kind: 'one', label: kind.setting.label, on, settings: await settings() };
}
