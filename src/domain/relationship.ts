import type { ContinueChoice } from './one-to-one.js';
import { addDays, daysBetween } from './time.js';

/**
 * Rules of a relationship over time: its stage, whether it is going cold, the streak of weeks
 * at goal, and the institution types of the power map. Pure: dates in, answers out.
 */

/** Relationship stages, in order (issue 5): computed from what the organiser logs, correctable by them. */
export type RelationshipStage = 'met_once' | 'met_again' | 'introduced' | 'action' | 'holds_one_to_ones';

/** The kinds of institution on the power map. */
export type InstitutionType =
  | 'faith'
  | 'school'
  | 'union'
  | 'tenants'
  | 'business'
  | 'public_body'
  | 'community_group'
  | 'other';

export const STAGES: readonly { value: RelationshipStage; label: string }[] = [
  { value: 'met_once', label: 'Met once' },
  { value: 'met_again', label: 'Met again' },
  { value: 'introduced', label: 'Introduced to others' },
  { value: 'action', label: 'Took part in an action' },
  { value: 'holds_one_to_ones', label: 'Holds one-to-ones' },
];

export function stageLabel(stage: RelationshipStage): string {
  return STAGES.find((s) => s.value === stage)?.label ?? stage;
}

export function isStage(value: string): value is RelationshipStage {
  return STAGES.some((s) => s.value === value);
}

/** What the organiser's log says about one person. */
export interface StageEvidence {
  /** One-to-ones logged with them. */
  count: number;
  /** A next step of kind 'introduction' marked done. */
  introductionDone: boolean;
  /** A next step of kind 'action' marked done. */
  actionDone: boolean;
}

/**
 * The stage the log supports: the furthest step reached. "Holds one-to-ones themselves" is never
 * inferred (we would have to look at someone else's records to know); the organiser sets it.
 */
export function computeStage(e: StageEvidence): RelationshipStage {
  if (e.actionDone) return 'action';
  if (e.introductionDone) return 'introduced';
  return e.count >= 2 ? 'met_again' : 'met_once';
}

/** The organiser's correction wins, so a wrong inference can be put right in either direction. */
export function effectiveStage(
  e: StageEvidence,
  override: RelationshipStage | null,
): { stage: RelationshipStage; corrected: boolean } {
  return override ? { stage: override, corrected: true } : { stage: computeStage(e), corrected: false };
}

/**
 * The going-cold rule's parameters. The rule itself is SQL, written once for the Home tab and
 * the going-cold nudge in src/repositories/queries/going-cold.ts: a relationship, i.e. someone met at least `minMeetings`
 * times, whose last one-to-one is `weeks` weeks or more before the organiser's local today
 * (`weeks` is config.nudges.goingColdWeeks: see goingColdDays and goingColdCutoff), unless "do we
 * continue?" was answered `notContinuing` at that last meeting (they chose to stop: no reminder).
 */
export const GOING_COLD_RULE: { readonly minMeetings: number; readonly notContinuing: ContinueChoice } = {
  minMeetings: 2,
  notContinuing: 'no',
};

/** Days without a one-to-one before a relationship is going cold. */
export function goingColdDays(weeks: number): number {
  return weeks * 7;
}

/** The latest met_on date that counts as going cold today (for the SQL filter). */
export function goingColdCutoff(today: string, weeks: number): string {
  return addDays(today, -goingColdDays(weeks));
}

/**
 * Weeks in a row at or above the goal, counting back from last week; the current week adds one
 * once it reaches the goal (an unfinished week does not break a streak). `held` is oldest first,
 * the current week last. The current goal applies to every week.
 */
export function streakAtGoal(held: readonly number[], goal: number): number {
  if (held.length === 0 || goal <= 0) return 0;
  let streak = 0;
  for (let i = held.length - 2; i >= 0 && held[i]! >= goal; i--) streak++;
  if (held.at(-1)! >= goal) streak++;
  return streak;
}

/** An institution is a gap on the map when no one in the team has met anyone there for this long. */
export const MAP_GAP_WEEKS = 8;

export function isGap(lastContact: string | null, today: string): boolean {
  return lastContact === null || daysBetween(lastContact, today) >= MAP_GAP_WEEKS * 7;
}

export const INSTITUTION_TYPES: readonly { value: InstitutionType; label: string; aliases: string[] }[] = [
  { value: 'faith', label: 'Faith', aliases: ['church', 'mosque', 'synagogue', 'temple', 'gurdwara'] },
  { value: 'school', label: 'School', aliases: ['college', 'university', 'education'] },
  { value: 'union', label: 'Union', aliases: ['trade union'] },
  { value: 'tenants', label: 'Tenants', aliases: ['tenant', 'tenants association', 'housing'] },
  { value: 'business', label: 'Business', aliases: ['shop', 'company'] },
  { value: 'public_body', label: 'Public body', aliases: ['public', 'council', 'public-body'] },
  {
    value: 'community_group',
    label: 'Community group',
    aliases: ['community', 'community-group', 'charity'],
  },
  { value: 'other', label: 'Other', aliases: [] },
];

export function institutionTypeLabel(type: InstitutionType | null): string {
  return type ? (INSTITUTION_TYPES.find((t) => t.value === type)?.label ?? type) : 'Type not set';
}

export function isInstitutionType(value: string): value is InstitutionType {
  return INSTITUTION_TYPES.some((t) => t.value === value);
}

/** A type from what someone typed: its code, its label, or an alias, in any case. */
export function parseInstitutionType(text: string): InstitutionType | undefined {
  const key = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!key) return undefined;
  return INSTITUTION_TYPES.find(
    (t) =>
      t.value === key ||
      t.value === key.replace(/ /g, '_') ||
      t.label.toLowerCase() === key ||
      t.aliases.includes(key),
  )?.value;
}

/**
 * Words in an institution's own name that say what kind of place it is ("… Mosque", "… Primary
 * School", "… Tenants' Association"). Checked last word first: "St Mary's School" is a school.
 */
const TYPE_WORDS: readonly [InstitutionType, readonly string[]][] = [
  [
    'faith',
    [
      'church',
      'chapel',
      'parish',
      'cathedral',
      'mosque',
      'masjid',
      'synagogue',
      'shul',
      'temple',
      'gurdwara',
      'mandir',
      'abbey',
      'diocese',
      'congregation',
      'ministries',
      'baptist',
      'methodist',
      'quaker',
      'quakers',
    ],
  ],
  [
    'school',
    ['school', 'academy', 'college', 'university', 'nursery', 'primary', 'secondary', 'sixth form', 'pta'],
  ],
  ['union', ['union', 'unison', 'unite', 'gmb', 'branch', 'trades council']],
  [
    'tenants',
    [
      'tenants',
      "tenants'",
      'tenant',
      'residents',
      "residents'",
      'estate',
      'housing co-op',
      'co-operative housing',
    ],
  ],
  [
    'public_body',
    [
      'council',
      'borough',
      'nhs',
      'hospital',
      'library',
      'police',
      'authority',
      'department',
      'ministry',
      'surgery',
      'clinic',
    ],
  ],
  [
    'business',
    [
      'ltd',
      'limited',
      'plc',
      'llc',
      'inc',
      'shop',
      'cafe',
      'café',
      'restaurant',
      'store',
      'market',
      'bakery',
    ],
  ],
  [
    'community_group',
    [
      'trust',
      'charity',
      'foundation',
      'centre',
      'center',
      'club',
      'network',
      'association',
      'society',
      'food bank',
      'project',
      'collective',
    ],
  ],
];

/** A type an institution's name suggests, or undefined. Pure; whole words only. */
export function suggestInstitutionType(name: string): InstitutionType | undefined {
  const words = name
    .toLocaleLowerCase('en')
    .replace(/[’]/g, "'")
    .split(/[^\p{L}\p{N}'&-]+/u)
    .filter(Boolean);
  // Last word first, then two-word phrases, then any word: the last word is usually the kind.
  for (let i = words.length - 1; i >= 0; i--) {
    const one = words[i]!;
    const two = i > 0 ? `${words[i - 1]} ${one}` : '';
    for (const [type, list] of TYPE_WORDS) if (list.includes(two) || list.includes(one)) return type;
  }
  return undefined;
}

/** Letters and digits only, lower case: "St Mary's  Church" and "st marys church" compare equal. */
function squash(text: string): string {
  return text
    .normalize('NFKD')
    .toLocaleLowerCase('en')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (let i = 0; i < text.length - 1; i++) {
    const g = text.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

/** Sørensen–Dice over letter pairs: 1 for the same letters, 0 for nothing in common. */
export function nameSimilarity(a: string, b: string): number {
  const x = squash(a);
  const y = squash(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  // A typed part of a longer name ("St Mary's" of "St Mary's Church") is close.
  if (x.length >= 4 && y.length >= 4 && (y.includes(x) || x.includes(y))) return 0.9;
  const gx = bigrams(x);
  const gy = bigrams(y);
  let common = 0;
  for (const [g, n] of gx) common += Math.min(n, gy.get(g) ?? 0);
  const total = Math.max(1, x.length - 1 + (y.length - 1));
  return (2 * common) / total;
}

/** How alike a name must be to be offered as "did you mean". */
export const CLOSE_NAME_MIN = 0.5;

/** The up to `max` names closest to `typed` (most alike first), each at least CLOSE_NAME_MIN. */
export function closestNames(typed: string, names: readonly string[], max = 3): string[] {
  return names
    .map((name) => ({ name, score: nameSimilarity(typed, name) }))
    .filter((c) => c.score >= CLOSE_NAME_MIN)
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((c) => c.name);
}

/** Why `/onetoone institution …` could not be read; `typed` is what was typed as the type. */
export type InstitutionCommandProblem =
  | { reason: 'usage' }
  | { reason: 'unclosed_quote' }
  | { reason: 'unknown_type'; typed: string };

export type InstitutionCommand =
  | { ok: true; name: string; type: InstitutionType | undefined }
  | { ok: false; message: string; problem: InstitutionCommandProblem };

/** How to use `/onetoone institution` (a view renders it; it quotes nothing anyone typed). */
export const INSTITUTION_USAGE =
  'Say which institution and its type, e.g. `/onetoone institution "St Mary\'s" faith`. Types: ' +
  INSTITUTION_TYPES.map((t) => t.value.replace(/_/g, ' ')).join(', ') +
  '.';

function problem(p: InstitutionCommandProblem): InstitutionCommand {
  const message =
    p.reason === 'unclosed_quote'
      ? `Close the quotes around the name. ${INSTITUTION_USAGE}`
      : p.reason === 'unknown_type'
        ? `I don’t know the type “${p.typed}”. ${INSTITUTION_USAGE}`
        : INSTITUTION_USAGE;
  return { ok: false, message, problem: p };
}

/**
 * Parses `/onetoone institution "St Mary's" faith` (quotes optional when the type is the last
 * word or two: `St Mary's public body`). No type: the caller shows the current one. A failure's
 * `message` is plain text; views render `problem` (it holds what was typed, for userText).
 */
export function parseInstitutionCommand(args: string): InstitutionCommand {
  const text = args.trim().replace(/[“”]/g, '"');
  if (!text) return problem({ reason: 'usage' });
  if (text.startsWith('"')) {
    const end = text.indexOf('"', 1);
    if (end < 0) return problem({ reason: 'unclosed_quote' });
    const name = text.slice(1, end).trim();
    const rest = text.slice(end + 1).trim();
    if (!name) return problem({ reason: 'usage' });
    if (!rest) return { ok: true, name, type: undefined };
    const type = parseInstitutionType(rest);
    if (!type) return problem({ reason: 'unknown_type', typed: rest });
    return { ok: true, name, type };
  }
  const words = text.split(/\s+/);
  // Two-word types first ("public body"), then one word; a name needs at least one word left.
  for (const n of [2, 1]) {
    if (words.length <= n) continue;
    const type = parseInstitutionType(words.slice(-n).join(' '));
    if (type) return { ok: true, name: words.slice(0, -n).join(' '), type };
  }
  return { ok: true, name: text, type: undefined };
}

// ---- app types of the relationship use cases (services/people.ts, power-map.ts) ----------

/** One of my people as a relationship: what `/onetoone people` shows for them. */
export interface PersonRelationship {
  id: string;
  name: string;
  role: string | null;
  isLeader: boolean;
  institution: { name: string; type: InstitutionType | null } | null;
  meetings: number;
  lastMetOn: string | null;
  stage: RelationshipStage;
  /** True when the stage is my correction rather than computed from the log. */
  stageCorrected: boolean;
}

/** A page of my people; `query` and `page` are what a control redraws after a change. */
export interface PeoplePage {
  items: PersonRelationship[];
  query: string;
  page: number;
  hasMore: boolean;
}

/** The answer to `/onetoone institution …`. */
export type InstitutionClassification =
  | { kind: 'unreadable'; problem: InstitutionCommandProblem }
  /** No institution by that name: the team's closest names, if any are close. */
  | { kind: 'unknown'; name: string; closest: string[] }
  /** `suggested`: a type the name itself suggests, when none is set yet. */
  | { kind: 'shown'; name: string; type: InstitutionType | null; suggested?: InstitutionType }
  | { kind: 'changed'; name: string; type: InstitutionType };

/** One institution on the power map: counts only, never a person. */
export interface MapInstitution {
  name: string;
  organisers: number;
  leaders: number;
  lastContact: string | null;
  gap: boolean;
}

export interface PowerMap {
  today: string;
  groups: { type: InstitutionType | null; institutions: MapInstitution[] }[];
  totals: { institutions: number; gaps: number; leaders: number };
}
