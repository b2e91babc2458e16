import { lastCountedDay, themeKey } from './campaign.js';
import type { InstitutionType } from './relationship.js';
import { addDays, daysBetween, type IsoDate } from './time.js';

/**
 * A listening campaign's report (issue 11): what the team heard, as counts and consented words.
 * Pure: the repository gathers facts (src/repositories/queries/campaign-report.ts), this module
 * applies the rules, and the views draw the result. Nothing written in a one-to-one reaches it
 * except a quote whose author ticked consent; people arrive as opaque keys and leave as counts.
 *
 * The rules, decided here once:
 * - **The window.** A one-to-one (or house meeting) counts when it is dated from `starts_on` to
 *   `ends_on` inclusive and, for a closed campaign, not after the day it was closed (`closed_on`,
 *   its local date in the campaign's zone: src/domain/campaign.ts `lastCountedDay`). One logged
 *   before the start, or after the close, is not counted, whatever themes it carries.
 * - **Distinct people.** A theme's weight is how many different people raised it. In a one-to-one
 *   the person is the one met (a person record: met twice, or met and at a house meeting, still
 *   one); the database counts those (ThemeCount). A house meeting heard its themes together, so
 *   every attendee counts for each of its themes: the attendees named (people records, counted
 *   once with everyone else) plus the unnamed rest of its attendance (`attendance - named`), each
 *   counted as a distinct anonymous person (no two unnamed attendees can be told apart, so none
 *   are merged). A person erased by their organiser is no longer a record: their one-to-ones and
 *   themes go, and at a house meeting they are one of the unnamed in its head count.
 * - **Institutions** are the distinct institutions of the named people who raised a theme, and
 *   the distinct institution types among them (types never set are left out).
 * - **Rank** is by people, then institutions, then label; ties in people share a rank (1, 2, 2, 4).
 * - **The minimum count.** A theme raised by fewer distinct people than the campaign's `min_count`
 *   is never shown to the team: it is merged into "other themes (n)", n being how many themes were
 *   merged; its label, counts and quotes stay out of every report, post, export and digest.
 * - **The previous campaign** is the latest earlier campaign of the same channel. Its themes are
 *   ranked by the same rules (its own window and minimum count, shown themes only) and matched by
 *   label (case and spacing aside): "↑2", "↓1", "=", or "new" for a theme it did not show.
 * - **Quotes** appear under their theme only with consent, only when the theme is shown, and never
 *   with a name, an institution or a date; a withdrawn consent or a blanked text removes one.
 * - **Conversations** are the one-to-ones in the window held by the campaign's visitors (its
 *   members), whether or not they carry a theme; a visitor's own count is theirs alone. The team's
 *   target is visitors × the target per visitor. House meetings are those logged for the campaign
 *   in the window. Themes are counted from the same conversations (so a visitor taken off the
 *   campaign takes their conversations and what was heard in them out of it), and from its house
 *   meetings.
 */

/** The campaign, as the report needs it. */
export interface ReportCampaign {
  id: string;
  name: string;
  question: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
  /** The campaign's local date it was closed (in its time zone); null while open. */
  closedOn: IsoDate | null;
  minCount: number;
  targetPerVisitor: number;
  channelId: string | null;
}

/** The dates whose one-to-ones and house meetings count toward a campaign (inclusive). */
export interface ReportWindow {
  from: IsoDate;
  /** Before `from` when the campaign was closed before it started: nothing counts. */
  to: IsoDate;
}

export function reportWindow(c: Pick<ReportCampaign, 'startsOn' | 'endsOn' | 'closedOn'>): ReportWindow {
  return { from: c.startsOn, to: lastCountedDay(c) };
}

/**
 * The half-way date: the start plus half the campaign's days, rounded down (a 1–14 campaign's is
 * the 7th; a one-day campaign's is that day).
 */
export function midpointDate(c: Pick<ReportCampaign, 'startsOn' | 'endsOn'>): IsoDate {
  return addDays(c.startsOn, Math.floor(Math.max(0, daysBetween(c.startsOn, c.endsOn)) / 2));
}

/**
 * What the database counted for one theme in the window: the distinct people records who raised
 * it (the people met in the visitors' one-to-ones and the named attendees of the campaign's house
 * meetings, each person once however often heard), their distinct institutions, and the types
 * of those institutions (types never set left out).
 */
export interface ThemeCount {
  themeId: string;
  namedPeople: number;
  institutions: number;
  institutionTypes: readonly InstitutionType[];
}

/** One house meeting of the campaign in the window: its attendance, how many were named, its themes. */
export interface ReportHouseMeeting {
  id: string;
  attendance: number;
  named: number;
  themeIds: readonly string[];
}

export interface ReportThemeDef {
  id: string;
  label: string;
  position: number;
}

export interface ReportQuote {
  /** Only to keep an order that says nothing (random ids): never shown. */
  id: string;
  themeId: string | null;
  text: string;
  consented: boolean;
}

/** Everything the rules need about one campaign, already limited to its window by the query. */
export interface ReportFacts {
  campaign: ReportCampaign;
  themes: readonly ReportThemeDef[];
  /** Visitors (members) and how many one-to-ones each held in the window (0s included). */
  visitorCounts: ReadonlyMap<string, number>;
  themeCounts: readonly ThemeCount[];
  houseMeetings: readonly ReportHouseMeeting[];
  quotes: readonly ReportQuote[];
}

export type Movement =
  | { kind: 'none' }
  | { kind: 'new' }
  | { kind: 'same' }
  | { kind: 'up'; by: number }
  | { kind: 'down'; by: number };

export interface ReportTheme {
  themeId: string;
  label: string;
  rank: number;
  people: number;
  institutions: number;
  institutionTypes: InstitutionType[];
  movement: Movement;
  quotes: string[];
}

export interface CampaignReport {
  campaign: ReportCampaign;
  window: ReportWindow;
  visitors: number;
  /** visitors × target per visitor. */
  teamTarget: number;
  conversations: number;
  houseMeetings: number;
  /** Themes at or above the minimum count, ranked. */
  themes: ReportTheme[];
  /** How many themes were raised but fell below the minimum count ("other themes (n)"). */
  otherThemes: number;
  /** The previous campaign of the same channel, when there was one. */
  previous: { name: string } | null;
}

/** A theme's tally before the minimum count is applied. */
interface Tally {
  def: ReportThemeDef;
  people: number;
  institutions: number;
  types: InstitutionType[];
}

function tally(facts: ReportFacts): Tally[] {
  const counted = new Map(facts.themeCounts.map((c) => [c.themeId, c]));
  // The unnamed rest of each house meeting's attendance, for each theme it heard: people no one
  // can tell apart, so each meeting's are distinct from everyone else.
  const anonymous = new Map<string, number>();
  for (const h of facts.houseMeetings) {
    const unnamed = Math.max(0, Math.floor(h.attendance) - h.named);
    for (const themeId of new Set(h.themeIds))
      anonymous.set(themeId, (anonymous.get(themeId) ?? 0) + unnamed);
  }
  const out: Tally[] = [];
  for (const def of facts.themes) {
    const c = counted.get(def.id);
    const people = (c?.namedPeople ?? 0) + (anonymous.get(def.id) ?? 0);
    if (people === 0) continue;
    out.push({
      def,
      people,
      institutions: c?.institutions ?? 0,
      types: [...new Set(c?.institutionTypes ?? [])].sort(),
    });
  }
  return out;
}

function byWeight(a: Tally, b: Tally): number {
  return (
    b.people - a.people ||
    b.institutions - a.institutions ||
    a.def.label.localeCompare(b.def.label, 'en') ||
    a.def.position - b.def.position ||
    a.def.id.localeCompare(b.def.id)
  );
}

/** Standard competition ranks by people (ties share a rank): 1, 2, 2, 4. */
function ranks(sorted: readonly Tally[]): number[] {
  const out: number[] = [];
  sorted.forEach((t, i) => {
    const prev = sorted[i - 1];
    out.push(prev && prev.people === t.people ? out[i - 1]! : i + 1);
  });
  return out;
}

/** The shown themes of a campaign, ranked, with their tallies: the part both reports share. */
function shownRanking(facts: ReportFacts): { shown: { tally: Tally; rank: number }[]; hidden: number } {
  const all = tally(facts);
  const min = Math.max(1, facts.campaign.minCount);
  const shown = all.filter((t) => t.people >= min).sort(byWeight);
  const r = ranks(shown);
  return { shown: shown.map((t, i) => ({ tally: t, rank: r[i]! })), hidden: all.length - shown.length };
}

/** The previous campaign's ranks of the themes it showed, by themeKey. */
export function previousRanks(facts: ReportFacts): Map<string, number> {
  const out = new Map<string, number>();
  for (const { tally: t, rank } of shownRanking(facts).shown) {
    const key = themeKey(t.def.label);
    if (!out.has(key)) out.set(key, rank);
  }
  return out;
}

export function movement(rank: number, previous: number | undefined, hadPrevious: boolean): Movement {
  if (!hadPrevious) return { kind: 'none' };
  if (previous === undefined) return { kind: 'new' };
  if (previous === rank) return { kind: 'same' };
  return previous > rank ? { kind: 'up', by: previous - rank } : { kind: 'down', by: rank - previous };
}

/** "↑2", "↓1", "=", "new", or '' without a previous campaign. */
export function movementLabel(m: Movement): string {
  switch (m.kind) {
    case 'none':
      return '';
    case 'new':
      return 'new';
    case 'same':
      return '=';
    case 'up':
      return `↑${m.by}`;
    case 'down':
      return `↓${m.by}`;
  }
}

function conversations(facts: ReportFacts): number {
  let n = 0;
  for (const held of facts.visitorCounts.values()) n += held;
  return n;
}

/** Quotes with consent and words, grouped by theme, in an order that tells nothing (by id). */
function quotesByTheme(quotes: readonly ReportQuote[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const usable = quotes
    .filter((q) => q.consented && q.themeId && q.text.trim() !== '')
    .sort((a, b) => a.id.localeCompare(b.id));
  for (const q of usable) {
    const list = out.get(q.themeId!) ?? [];
    list.push(q.text.trim());
    out.set(q.themeId!, list);
  }
  return out;
}

/**
 * The report. `previous` is the previous campaign of the same channel (its facts), if any: only
 * its ranking is used.
 */
export function buildCampaignReport(facts: ReportFacts, previous?: ReportFacts): CampaignReport {
  const { campaign } = facts;
  const before = previous ? previousRanks(previous) : new Map<string, number>();
  const quotes = quotesByTheme(facts.quotes);
  const { shown, hidden } = shownRanking(facts);
  const visitors = facts.visitorCounts.size;
  return {
    campaign,
    window: reportWindow(campaign),
    visitors,
    teamTarget: visitors * campaign.targetPerVisitor,
    conversations: conversations(facts),
    houseMeetings: facts.houseMeetings.length,
    themes: shown.map(({ tally: t, rank }) => ({
      themeId: t.def.id,
      label: t.def.label,
      rank,
      people: t.people,
      institutions: t.institutions,
      institutionTypes: t.types,
      movement: movement(rank, before.get(themeKey(t.def.label)), previous !== undefined),
      quotes: quotes.get(t.def.id) ?? [],
    })),
    otherThemes: hidden,
    previous: previous ? { name: previous.campaign.name } : null,
  };
}

/** The top `n` shown themes (the digest's "top themes so far"). */
export function topThemes(report: CampaignReport, n: number): ReportTheme[] {
  return report.themes.slice(0, Math.max(0, n));
}

/** A campaign offered when `/onetoone campaign report` could mean several. */
export interface CampaignChoice {
  id: string;
  name: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
  closedOn: IsoDate | null;
}

/** `/onetoone campaign report [name]`, or its buttons. */
export type PreviewReportResult =
  /** `canPost`: the viewer administers it (creator or workspace admin). */
  | { kind: 'report'; report: CampaignReport; canPost: boolean }
  | { kind: 'choose'; campaigns: CampaignChoice[] }
  /** No campaign the viewer takes part in or administers (matching `name`, when one was typed). */
  | { kind: 'none'; name: string };

/** "Post to channel". */
export type PostReportResult =
  | { kind: 'posted'; channelId: string; chart: 'uploaded' | 'text_only' }
  | { kind: 'noChannel' }
  | { kind: 'botNotInChannel'; channelId: string };

/** `/onetoone campaign export`. */
export type ExportReportResult =
  | { kind: 'sent'; campaignName: string }
  /** Uploads were refused (no files:write, say): the CSV went as text in the DM instead. */
  | { kind: 'snippet'; campaignName: string }
  | { kind: 'failed'; code: string };

/** A chart picture of the ranked themes, ready to upload. */
export interface ReportChart {
  filename: string;
  content: Buffer;
  title: string;
  altText: string;
}

/** One running campaign on a visitor's Home tab (and in the mid-point DM). */
export interface CampaignProgressLine {
  campaignId: string;
  name: string;
  /** My one-to-ones in the window so far. */
  mine: number;
  target: number;
  /** The team's (every visitor's) so far. */
  team: number;
  teamTarget: number;
  houseMeetings: number;
  endsOn: IsoDate;
  /** Days left, today included (src/domain/campaign.ts daysLeft). */
  daysLeft: number;
}

/** The campaign section of a channel's weekly digest. */
export interface CampaignDigestSection {
  campaignId: string;
  name: string;
  week: { conversations: number; houseMeetings: number };
  total: { conversations: number; houseMeetings: number };
  teamTarget: number;
  /** The top shown themes so far (at or above the minimum count), ranked. */
  topThemes: { label: string; people: number }[];
  minCount: number;
}

/** How many themes the digest names. */
export const DIGEST_TOP_THEMES = 3;

/** The digest's campaign section from the report as of the reported week's end. */
export function digestSection(
  report: CampaignReport,
  week: { conversations: number; houseMeetings: number },
): CampaignDigestSection {
  return {
    campaignId: report.campaign.id,
    name: report.campaign.name,
    week,
    total: { conversations: report.conversations, houseMeetings: report.houseMeetings },
    teamTarget: report.teamTarget,
    topThemes: topThemes(report, DIGEST_TOP_THEMES).map((t) => ({ label: t.label, people: t.people })),
    minCount: report.campaign.minCount,
  };
}
