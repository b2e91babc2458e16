import type { ActionsBlockElement, KnownBlock, PlainTextOption } from '@slack/types';
import type { InstitutionType, RelationshipStage } from '../db/schema.js';
import { INSTITUTION_TYPES, institutionTypeLabel, STAGES, stageLabel } from '../domain/relationship.js';
import { formatDate } from '../domain/time.js';
import { PEOPLE_ACTION } from '../interaction-ids.js';
import {
  BLOCK_KIT,
  context,
  escapeMrkdwn,
  type Message,
  option,
  plain,
  section,
  truncate,
} from './block-kit.js';
import { notice } from './messages.js';

/**
 * `/onetoone people`: my people as relationships, a page at a time, each with controls to mark a
 * leader, correct the stage and set the institution's type. A message holds at most 50 blocks
 * (https://api.slack.com/reference/block-kit/blocks): two per person, ten people a page.
 */

/** One of my people as a relationship: services/people.ts returns exactly this. */
export interface PeopleViewItem {
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

export interface PeopleViewData {
  items: PeopleViewItem[];
  query: string;
  page: number;
  hasMore: boolean;
}

/** The stage select's "go back to what my log says" choice. */
export const STAGE_AUTO = 'auto';

/** Longest query kept in a block id (Slack allows 255 characters in a block_id). */
const QUERY_IN_ID = 100;

/** Where a control sits: the person, and the list (query, page) to redraw after a change. */
export interface PeopleBlockState {
  personId: string;
  query: string;
  page: number;
}

export function encodePeopleBlock(s: PeopleBlockState): string {
  return JSON.stringify({ p: s.personId, q: truncate(s.query, QUERY_IN_ID), n: s.page });
}

export function decodePeopleBlock(raw: string | undefined): PeopleBlockState | undefined {
  try {
    const v = JSON.parse(raw ?? '') as { p?: unknown; q?: unknown; n?: unknown };
    if (typeof v.p !== 'string' || !v.p) return undefined;
    const page = typeof v.n === 'number' && Number.isInteger(v.n) && v.n >= 0 ? v.n : 0;
    return { personId: v.p, query: typeof v.q === 'string' ? v.q : '', page };
  } catch {
    return undefined;
  }
}

export function encodePeoplePage(query: string, page: number): string {
  return JSON.stringify({ q: truncate(query, QUERY_IN_ID), n: page });
}

export function decodePeoplePage(raw: string | undefined): { query: string; page: number } {
  try {
    const v = JSON.parse(raw ?? '') as { q?: unknown; n?: unknown };
    const page = typeof v.n === 'number' && Number.isInteger(v.n) && v.n >= 0 ? v.n : 0;
    return { query: typeof v.q === 'string' ? v.q : '', page };
  } catch {
    return { query: '', page: 0 };
  }
}

const STAGE_OPTIONS: PlainTextOption[] = [
  option('Automatic (from my log)', STAGE_AUTO),
  ...STAGES.map((s) => option(s.label, s.value)),
];
const TYPE_OPTIONS: PlainTextOption[] = INSTITUTION_TYPES.map((t) => option(t.label, t.value));

function personText(p: PeopleViewItem): string {
  const lines = [`*${escapeMrkdwn(p.name)}*${p.isLeader ? ' :star: leader' : ''}`];
  const where = [
    p.institution
      ? `${escapeMrkdwn(p.institution.name)} (${institutionTypeLabel(p.institution.type).toLowerCase()})`
      : null,
    p.role ? escapeMrkdwn(p.role) : null,
  ].filter(Boolean);
  if (where.length) lines.push(where.join(' · '));
  const met =
    p.meetings === 0
      ? 'no one-to-ones logged'
      : `${p.meetings} one-to-one${p.meetings === 1 ? '' : 's'}, the last ${formatDate(p.lastMetOn ?? '')}`;
  lines.push(`${met} · stage: *${stageLabel(p.stage)}*${p.stageCorrected ? ' (set by you)' : ''}`);
  return lines.join('\n');
}

function controls(p: PeopleViewItem, d: PeopleViewData): KnownBlock {
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

export function peopleMessage(d: PeopleViewData): Message {
  const scope = d.query ? ` matching “${escapeMrkdwn(truncate(d.query, QUERY_IN_ID))}”` : '';
  if (d.items.length === 0) {
    return notice(
      d.page > 0
        ? 'No more people.'
        : d.query
          ? `None of your people match “${escapeMrkdwn(truncate(d.query, QUERY_IN_ID))}”.`
          : 'No people yet: they appear here once you log a one-to-one with `/onetoone`.',
    );
  }
  const blocks: KnownBlock[] = [
    section(`*Your people${scope}*${d.page > 0 ? ` (page ${d.page + 1})` : ''}, most recently met first`),
  ];
  for (const p of d.items) blocks.push(section(personText(p)), controls(p, d));
  const nav: ActionsBlockElement[] = [];
  if (d.page > 0) {
    nav.push({
      type: 'button',
      action_id: `${PEOPLE_ACTION.page}_prev`,
      text: plain('Previous'),
      value: encodePeoplePage(d.query, d.page - 1),
    });
  }
  if (d.hasMore) {
    nav.push({
      type: 'button',
      action_id: `${PEOPLE_ACTION.page}_next`,
      text: plain('Next'),
      value: encodePeoplePage(d.query, d.page + 1),
    });
  }
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

export function institutionMessage(
  r:
    | { found: true; name: string; type: InstitutionType | null; changed: boolean }
    | { found: false; name: string },
): Message {
  if (!r.found) {
    return notice(
      `No one in your team has logged a one-to-one with someone from “${escapeMrkdwn(truncate(r.name, 100))}” yet. Institutions appear once a one-to-one names them.`,
    );
  }
  const name = escapeMrkdwn(r.name);
  if (r.changed)
    return notice(`*${name}* is now on the power map as *${institutionTypeLabel(r.type).toLowerCase()}*.`);
  return notice(
    r.type
      ? `*${name}* is a *${institutionTypeLabel(r.type).toLowerCase()}* institution. Change it with \`/onetoone institution "${name}" TYPE\`.`
      : `*${name}* has no type yet. Set one with \`/onetoone institution "${name}" faith\` (or school, union, tenants, business, public body, community group, other).`,
  );
}
