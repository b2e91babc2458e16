/**
 * What a nudge DM shows, as plain data: each kind's card (src/services/nudges/kinds) and the
 * settings an organiser has. The views (src/views/nudges.ts) render these; the nudge services
 * build them. Nothing here knows Slack or the database.
 */

export interface NudgeButton {
  /** [a-z0-9_]+: the action id is `nudge:<kind>:<verb>`. */
  verb: string;
  label: string;
  style?: 'primary' | 'danger';
}

/** What a nudge's part of the DM shows: mrkdwn text (escaped by the kind), a note, buttons. */
export interface NudgeCard {
  text: string;
  note?: string;
  /** None once the nudge is resolved: no stale buttons. */
  buttons: NudgeButton[];
}

/** One card in a DM, with the ledger id its buttons carry. */
export interface NudgeCardView {
  kind: string;
  /** The ledger id: the buttons' value. */
  ledgerId: string;
  /** Undefined when the record it was about is gone. */
  card: NudgeCard | undefined;
}

/** A nudge DM already sent, to re-render in place (chat.update) with what was done since. */
export interface NudgeMessageRef {
  teamId: string;
  channel: string;
  ts: string;
  cards: NudgeCardView[];
}

/** `/onetoone nudges`: which kinds are on. */
export interface NudgeSettingsView {
  allOn: boolean;
  kinds: { word: string; label: string; on: boolean }[];
}
/** What `/onetoone nudges …` did, with the settings as they now are. */
export type NudgeSettingsResult = { settings: NudgeSettingsView } & (
  | { kind: 'shown' }
  /** Neither `on` nor `off` last, or too many words. */
  | { kind: 'usage' }
  | { kind: 'all'; on: boolean }
  | { kind: 'one'; label: string; on: boolean }
  /** The word named no kind (as typed: the view renders it as user text). */
  | { kind: 'unknown_kind'; word: string }
);
