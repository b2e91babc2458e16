import type { ActionsBlockElement, KnownBlock, PlainTextOption } from '@slack/types';
import { ID_MAX } from '../domain/limits.js';
import {
  INSTITUTION_TYPES,
  INSTITUTION_USAGE,
  type InstitutionClassification,
  type InstitutionCommandProblem,
  institutionTypeLabel,
  type PeoplePage,
  type PersonRelationship,
  STAGES,
  stageLabel,
} from '../domain/relationship.js';
import { formatDate } from '../domain/time.js';
import { PEOPLE_ACTION } from '../interaction-ids.js';
import { BLOCK_KIT, context, type Message, option, plain, section, truncate, userText } from './block-kit.js';
import { notice } from './messages.js';
import { decodePage, encodePage } from './paging.js';

/**
 * `/onetoone people`: my people as relationships, a page at a time, each with controls to mark a
 * leader, correct the stage and set the institution's type. A message holds at most 50 blocks
 * (BLOCK_KIT.messageBlocks): two per person, ten people a page.
 */

/** The stage select's "go back to what my log says" choice. */
export const STAGE_AUTO = 'auto';

/** Longest query echoed in a reply or kept in a block id. */
const QUERY_SHOWN = 100;

/** Where a control sits: the person, and the list (query, page) to redraw after a change. */
export interface PeopleBlockState {
  personId: string;
  query: string;
  page: number;
}

/**
 * `{"p":person,"q":query,"n":page}`, the format messages already in Slack carry; the query is
 * cut until the whole id fits Slack's 255 characters (JSON escaping can double its length).
 */
export function encodePeopleBlock(s: PeopleBlockState): string {
  let query = truncate(s.query, QUERY_SHOWN);
  for (;;) {
    const id = JSON.stringify({ p: s.personId, q: query, n: s.page });
    if (id.length <= BLOCK_KIT.blockId || query === '') return id;
    query = query.slice(0, Math.floor(query.length / 2));
  }
}

/**
 * A control's block id back to its person and list, bounded like every page value: a crafted
 * page (1e300, -4, "x") is the first page, never an OFFSET the database refuses. Undefined when
 * no person id can be read: the listener refuses, having written nothing.
 */
export function decodePeopleBlock(raw: unknown): PeopleBlockState | undefined {
  if (typeof raw !== 'string') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const p = (json as { p?: unknown } | null)?.p;
  if (typeof p !== 'string' || !p || p.length > ID_MAX) return undefined;
  // The shared codec reads `q` and the page (`n` here: `p` is the person, not a page number).
  const { query, page } = decodePage(raw);
  return { personId: p, query, page };
}

const STAGE_OPTIONS: PlainTextOption[] = [
  option('Automatic (from my log)', STAGE_AUTO),
  ...STAGES.map((s) => option(s.label, s.value)),
].slice(0, BLOCK_KIT.staticSelectOptions);
const TYPE_OPTIONS: PlainTextOption[] = INSTITUTION_TYPES.map((t) => option(t.label, t.value)).slice(
  0,
  BLOCK_KIT.staticSelectOptions,
);

function personText(p: PersonRelationship): string {
  const lines = [`*${userText(p.name)}*${p.isLeader ? ' :star: leader' : ''}`];
  const where = [
    p.institution
      ? `${userText(p.institution.name)} (${institutionTypeLabel(p.institution.type).toLowerCase()})`
      : null,
    p.role ? userText(p.role) : null,
  ].filter(Boolean);
  if (where.length) lines.push(where.join(' · '));
  const met =
    p.meetings === 0
      ? 'no one-to-ones logged'
      : `${p.meetings} one-to-one${p.meetings === 1 ? '' : 's'}, the last ${formatDate(p.lastMetOn ?? '')}`;
  lines.push(`${met} · stage: *${stageLabel(p.stage)}*${p.stageCorrected ? ' (set by you)' : ''}`);
  return lines.join('\n');
}

function controls(p: PersonRelationship, d: PeoplePage): KnownBlock {
  const elements: ActionsBlockElement[] = [
    {
      type: 'button',
      action_id: PEOPLE_ACTION.leader,
      text: plain(p.isLeader ? 'Unmark leader' : 'Mark as leader', BLOCK_KIT.buttonText),
      value: p.isLeader ? '0' : '1',
    },
    {
      type: 'static_select',
      action_id: PEOPLE_ACTION.stage,
      placeholder: plain('Correct the stage', BLOCK_KIT.placeholder),
      options: STAGE_OPTIONS,
      initial_option: STAGE_OPTIONS.find((o) => o.value === (p.stageCorrected ? p.stage : STAGE_AUTO)),
    },
  ];
  if (p.institution) {
    const current = TYPE_OPTIONS.find((o) => o.value === p.institution?.type);
    elements.push({
      type: 'static_select',
      action_id: PEOPLE_ACTION.institutionType,
      placeholder: plain('Institution type', BLOCK_KIT.placeholder),
      options: TYPE_OPTIONS,
      ...(current ? { initial_option: current } : {}),
    });
  }
  return {
    type: 'actions',
    block_id: encodePeopleBlock({ personId: p.id, query: d.query, page: d.page }),
    elements,
  };
}

function pageButton(d: PeoplePage, direction: 'prev' | 'next'): ActionsBlockElement {
  return {
    type: 'button',
    action_id: `${PEOPLE_ACTION.page}_${direction}`,
    text: plain(direction === 'prev' ? 'Previous' : 'Next', BLOCK_KIT.buttonText),
    value: encodePage({ query: d.query, page: d.page + (direction === 'prev' ? -1 : 1) }),
  };
}

export function peopleMessage(d: PeoplePage): Message {
  const asked = userText(truncate(d.query, QUERY_SHOWN));
  const scope = d.query ? ` matching “${asked}”` : '';
  if (d.items.length === 0) {
    return notice(
      d.page > 0
        ? 'No more people.'
        : d.query
          ? `None of your people match “${asked}”.`
          : 'No people yet: they appear here once you log a one-to-one with `/onetoone`.',
    );
  }
  const blocks: KnownBlock[] = [
    section(`*Your people${scope}*${d.page > 0 ? ` (page ${d.page + 1})` : ''}, most recently met first`),
  ];
  for (const p of d.items) blocks.push(section(personText(p)), controls(p, d));
  const nav: ActionsBlockElement[] = [];
  if (d.page > 0) nav.push(pageButton(d, 'prev'));
  if (d.hasMore) nav.push(pageButton(d, 'next'));
  if (nav.length) blocks.push({ type: 'actions', block_id: 'people_nav', elements: nav });
  blocks.push(
    context(
      'Stages: met once → met again → introduced to others → took part in an action → holds one-to-ones. Set from what you log; correct it here. Only you see your people.',
    ),
  );
  return { text: `Your people${scope}`, blocks: blocks.slice(0, BLOCK_KIT.messageBlocks) };
}

/** A control named someone who is not among my people (or no longer exists): nothing more. */
export function personNotFoundNotice(): Message {
  return notice('Sorry, I can’t find that person among yours. They may have been removed.');
}

function unreadable(problem: InstitutionCommandProblem): string {
  switch (problem.reason) {
    case 'unclosed_quote':
      return `Close the quotes around the name. ${INSTITUTION_USAGE}`;
    case 'unknown_type':
      return `I don’t know the type “${userText(truncate(problem.typed, QUERY_SHOWN))}”. ${INSTITUTION_USAGE}`;
    default:
      return INSTITUTION_USAGE;
  }
}

/** The answer to `/onetoone institution …`. */
/** The valid types, as typed: "faith, school, union, …". */
const TYPE_LIST = INSTITUTION_TYPES.map((t) => t.value.replace(/_/g, ' ')).join(', ');

export function institutionMessage(r: InstitutionClassification): Message {
  if (r.kind === 'unreadable') return notice(unreadable(r.problem));
  if (r.kind === 'unknown') {
    const typed = userText(truncate(r.name, QUERY_SHOWN));
    const close = r.closest.map((n) => `“${userText(n)}”`);
    const didYouMean =
      close.length === 0
        ? ' Institutions appear once a one-to-one names them.'
        : ` Did you mean ${close.length === 1 ? close[0] : `${close.slice(0, -1).join(', ')} or ${close.at(-1)}`}?`;
    return notice(
      `No one in your team has logged a one-to-one with someone from “${typed}” yet.${didYouMean}\nTo set a type: \`/onetoone institution "NAME" TYPE\`, where TYPE is one of ${TYPE_LIST}.`,
    );
  }
  const name = userText(r.name);
  if (r.kind === 'changed')
    return notice(`*${name}* is now on the power map as *${institutionTypeLabel(r.type).toLowerCase()}*.`);
  if (r.type)
    return notice(
      `*${name}* is a *${institutionTypeLabel(r.type).toLowerCase()}* institution. Change it with \`/onetoone institution "${name}" TYPE\` (${TYPE_LIST}).`,
    );
  const suggested = r.suggested ? r.suggested.replace(/_/g, ' ') : undefined;
  return notice(
    suggested
      ? `*${name}* has no type yet. It sounds like *${institutionTypeLabel(r.suggested ?? null).toLowerCase()}*: \`/onetoone institution "${name}" ${suggested}\` sets it (or any of ${TYPE_LIST}).`
      : `*${name}* has no type yet. Set one with \`/onetoone institution "${name}" TYPE\`, where TYPE is one of ${TYPE_LIST}.`,
  );
}
