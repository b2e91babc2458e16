import { setPreference } from '../../../repositories/nudge-preferences.js';
import { type AnyNudgeKind, defineKind } from '../types.js';

/**
 * Back-off (issue 9): after three DMs in a row carrying a kind of nudge that I neither acted on
 * nor snoozed, the next DM asks once "Keep these reminders?" instead of showing that kind.
 * Subject: the asked kind's name; due: KEEP_ASK_DUE, one constant, so the ledger's unique key
 * lets each kind be asked at most once, whatever the instances or restarts. No stops that kind;
 * no answer within ASK_ANSWER_DAYS stops it too (src/services/nudges/back-off.ts). Never found
 * by a scan: the daily DM decides when to ask.
 */

export const KEEP_ASKING = 'keep';
export const KEEP_ASK_DUE = 'once';

interface Item {
  kind: string;
  label: string;
}

/** The question's kind, over the kinds that may be asked about. */
export function keepAskingKind(kinds: readonly AnyNudgeKind[]): AnyNudgeKind {
  const asked = (name: string) => kinds.find((k) => k.name === name);
  return defineKind<Item>({
    name: KEEP_ASKING,
    setting: { word: KEEP_ASKING, label: 'questions about reminders you don’t use', defaultOn: true },

    async findDue() {
      return [];
    },

    async load(_db, c) {
      const kind = asked(c.subjectId);
      return kind ? { kind: kind.name, label: kind.setting.label } : undefined;
    },

    card(item, outcome) {
      if (outcome === 'kept') return { text: `:ok_hand: I’ll keep sending ${item.label}.`, buttons: [] };
      if (outcome === 'stopped' || outcome === 'expired') {
        return {
          text: `:zipper_mouth_face: No more ${item.label}. \`/onetoone settings\` brings them back.`,
          buttons: [],
        };
      }
      if (outcome) return { text: `:ballot_box_with_check: ${item.label}.`, buttons: [] };
      return {
        text: `:thinking_face: The last few ${item.label} went unused, and that’s fine. *Keep these reminders?* If I hear nothing in a week, I’ll stop them.`,
        buttons: [
          { verb: 'keep', label: 'Yes, keep them', style: 'primary' },
          { verb: 'stop', label: 'No, stop them' },
        ],
      };
    },

    async act(deps, actor, verb, item) {
      if (verb === 'keep') return { outcome: 'kept' };
      if (verb === 'stop') {
        await setPreference(
          deps.db,
          actor.teamId,
          actor.userId,
          item.kind,
          false,
          deps.clock.now().toISOString(),
        );
        return { outcome: 'stopped' };
      }
      return undefined;
    },
  });
}
