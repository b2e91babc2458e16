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

/**
 * The daily summary part of the DM (issue 9): what I logged since my last DM, worth knowing.
 * `who` is a person's label as the organiser typed it (user text: the view escapes it); the
 * organiser's own people, in the organiser's own DM.
 */
export interface DmSummaryView {
  /**
   * Recent meetings logged: "your second one-to-one with …"; `nth` 1 is a first meeting.
   * `learnId` is set while step two ("what I learned") is empty: the DM offers its button.
   */
  logged: { who: string; nth: number; learnId?: string }[];
  /** Recent meetings beyond those named. */
  moreLogged: number;
  /** Meetings held well before they were logged (a backfill), only counted. */
  earlier: number;
  /** One-to-ones held in the week up to yesterday, and the weekly goal; `current`: this week (else last). */
  week: { held: number; goal: number; current: boolean };
}

/** Everything a nudge DM shows. */
export interface NudgeDmView {
  cards: NudgeCardView[];
  summary?: DmSummaryView;
  /** Reflection reminders folded into one line (meetings held long before they were logged). */
  folded: number;
  /** Cards that did not fit in the DM (MAX_CARDS_PER_DM): one line to the Home tab. */
  more: number;
  /** A deep link to the app's Home tab, when Slack told us the app's id. */
  homeUrl?: string;
}

/** A nudge DM already sent, to re-render in place (chat.update) with what was done since. */
export interface NudgeMessageRef extends NudgeDmView {
  teamId: string;
  channel: string;
  ts: string;
}

/**
 * What a sent DM showed besides its cards, stored with the day (nudge_days.extras) so a button
 * can re-render the message whole: ids and counts only, never text an organiser wrote (names are
 * read again from the records, so a forgotten person drops out).
 */
export interface DmExtras {
  summary?: {
    logged: { id: string; nth: number }[];
    moreLogged: number;
    earlier: number;
    week: { held: number; goal: number; current: boolean };
  };
  folded: number;
  more: number;
  homeUrl?: string;
}

const count = (v: unknown): number => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);

type Loose = Record<string, unknown>;
const asRecord = (v: unknown): Loose | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : undefined;

/** Reads stored extras back; anything unreadable is left out rather than failing a button. */
export function parseDmExtras(json: string | null | undefined): DmExtras {
  if (!json) return { folded: 0, more: 0 };
  let raw: Loose | undefined;
  try {
    raw = asRecord(JSON.parse(json));
  } catch {
    raw = undefined;
  }
  if (!raw) return { folded: 0, more: 0 };
  const extras: DmExtras = { folded: count(raw.folded), more: count(raw.more) };
  if (typeof raw.homeUrl === 'string' && raw.homeUrl.startsWith('slack://app?')) extras.homeUrl = raw.homeUrl;
  const s = asRecord(raw.summary);
  if (s && Array.isArray(s.logged)) {
    const week = asRecord(s.week);
    extras.summary = {
      logged: s.logged.flatMap((l) => {
        const r = asRecord(l);
        return typeof r?.id === 'string' ? [{ id: r.id, nth: count(r.nth) }] : [];
      }),
      moreLogged: count(s.moreLogged),
      earlier: count(s.earlier),
      week: { held: count(week?.held), goal: count(week?.goal), current: week?.current === true },
    };
  }
  return extras;
}

/** `/onetoone nudges`: which kinds are on. */
export interface NudgeSettingsView {
  allOn: boolean;
  kinds: { word: string; label: string; on: boolean }[];
  /** The daily summary in the daily DM. */
  dailySummary: boolean;
  /** e.g. "Monday to Friday". */
  workingDays: string;
  /** Set while paused: the local date nudges resume. */
  pausedUntil?: string;
}

/** `/onetoone settings`: the modal's data. */
export interface NudgeSettingsForm {
  allOn: boolean;
  kinds: { name: string; label: string; on: boolean }[];
  workingDays: number[];
  dailySummary: boolean;
  /** The local date nudges resume, while paused. */
  pausedUntil?: string;
  /** The organiser's local date (the date picker's earliest sensible choice is tomorrow). */
  today: string;
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
  /** `nudges summary on|off`: the daily summary. */
  | { kind: 'summary'; on: boolean }
);

/** What `/onetoone pause …` did. */
export type PauseResult =
  | { kind: 'paused'; untilOn: string; extended: boolean }
  | { kind: 'resumed'; wasPaused: boolean }
  | { kind: 'status'; untilOn?: string }
  | { kind: 'invalid'; reason: 'unreadable' | 'not_future' | 'too_far'; today: string };
