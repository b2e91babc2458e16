import type { KnownBlock } from '@slack/types';
import type { NextStepKind } from '../db/schema.js';
import { nextStepLabel } from '../domain/one-to-one.js';
import { formatDate } from '../domain/time.js';
import { ErrorCode, type RefusalCode } from '../errors.js';
import { ACTION } from '../interaction-ids.js';
import { BLOCK_KIT, context, escapeMrkdwn, type Message, plain, section, truncate } from './block-kit.js';

export function personLabel(name: string, institution: string | null): string {
  return institution ? `${name} (${institution})` : name;
}

/** A plain ephemeral answer. */
export function notice(text: string): Message {
  return { text, blocks: [section(text)] };
}

/** What anyone sees when a payload names something that is not theirs (or not there): nothing more. */
export function notFoundNotice(): Message {
  return notice('Sorry, I can’t find that one-to-one among yours. It may have been removed.');
}

/**
 * The polite notice for a refusal no listener said more about. It names no record and nobody:
 * someone else's id and a stale button get the same words.
 */
export function refusalNotice(code: RefusalCode): Message {
  switch (code) {
    case ErrorCode.BadPayload:
      return notice(
        'Sorry, I couldn’t read that request. Please try again from a fresh message or /onetoone.',
      );
    case ErrorCode.NotAllowed:
      return notice('Sorry, only a workspace admin or owner can change that.');
    case ErrorCode.ForeignTeam:
      return notice('Sorry, this app is not installed for your workspace.');
    default:
      return notFoundNotice();
  }
}

export interface LoggedData {
  oneToOneId: string;
  personName: string;
  institutionName: string | null;
  metOn: string;
  edited: boolean;
  nextStep: { kind: NextStepKind; dueOn: string | null };
  reflected: boolean;
}

/** The confirmation DM after logging, with the Reflect now button. */
export function loggedMessage(d: LoggedData): Message {
  const who = escapeMrkdwn(personLabel(d.personName, d.institutionName));
  const verb = d.edited ? 'Updated' : 'Logged';
  const step =
    d.nextStep.kind === 'none'
      ? 'No next step agreed.'
      : `Next step: ${nextStepLabel(d.nextStep.kind).toLowerCase()}${d.nextStep.dueOn ? `, due ${formatDate(d.nextStep.dueOn)}` : ''}.`;
  const text = `${verb} your one-to-one with ${who} on ${formatDate(d.metOn)}.`;
  const blocks: KnownBlock[] = [section(`:white_check_mark: ${text}\n${step}`)];
  if (d.reflected) {
    blocks.push(context(':memo: Reflected. Thank you.'));
  } else {
    blocks.push({
      type: 'actions',
      block_id: 'logged_actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION.reflectNow,
          style: 'primary',
          text: plain('Reflect now', BLOCK_KIT.buttonText),
          value: d.oneToOneId,
        },
      ],
    });
    blocks.push(
      context('Reflecting while it is fresh is where the learning happens. Or later: `/onetoone reflect`.'),
    );
  }
  return { text, blocks };
}

export interface ListItem {
  id: string;
  personName: string;
  institutionName: string | null;
  metOn: string;
  nextStepKind: NextStepKind;
  nextStepDueOn: string | null;
  nextStepDone: boolean;
  reflected: boolean;
}

export interface ListData {
  items: ListItem[];
  page: number;
  hasMore: boolean;
  query: string;
}

/**
 * A button value holds at most 2000 characters (Block Kit button `value`). The query is cut to
 * 900 (at most 1800 once JSON-escaped): far longer than any name or institution it could match.
 */
export function encodeListPage(query: string, page: number): string {
  return JSON.stringify({ q: query.slice(0, 900), p: page });
}

/** 100,000 one-to-ones at 10 a page: more than anyone logs. */
const MAX_LIST_PAGE = 10_000;

export function decodeListPage(value: string | undefined): { query: string; page: number } {
  try {
    const v = JSON.parse(value ?? '') as { q?: unknown; p?: unknown };
    // Bounded: a crafted 1e308 would make an OFFSET of Infinity, which SQLite refuses.
    const page =
      typeof v.p === 'number' && Number.isInteger(v.p) && v.p >= 0 && v.p <= MAX_LIST_PAGE ? v.p : 0;
    return { query: typeof v.q === 'string' ? v.q : '', page };
  } catch {
    return { query: '', page: 0 };
  }
}

/** `/onetoone list`: my recent one-to-ones, a page at a time (Slack allows 50 blocks per message). */
export function listMessage(d: ListData): Message {
  const scope = d.query ? ` with “${escapeMrkdwn(d.query)}”` : '';
  if (d.items.length === 0) {
    const text =
      d.page > 0 ? 'No more one-to-ones.' : `No one-to-ones${scope} yet. Log one with \`/onetoone\`.`;
    return notice(text);
  }
  const blocks: KnownBlock[] = [
    section(`*Your one-to-ones${scope}*${d.page > 0 ? ` (page ${d.page + 1})` : ''}`),
  ];
  for (const item of d.items) {
    const step =
      item.nextStepKind === 'none'
        ? 'no next step'
        : `${nextStepLabel(item.nextStepKind).toLowerCase()}${item.nextStepDone ? ' ✓ done' : item.nextStepDueOn ? ` by ${formatDate(item.nextStepDueOn)}` : ''}`;
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*${formatDate(item.metOn)}* · ${escapeMrkdwn(personLabel(item.personName, item.institutionName))}\n${step} · ${item.reflected ? ':memo: reflected' : '_not reflected yet_'}`,
          BLOCK_KIT.sectionText,
        ),
      },
      accessory: {
        type: 'button',
        action_id: ACTION.openOneToOne,
        text: plain('Open', BLOCK_KIT.buttonText),
        value: item.id,
      },
    });
  }
  const nav = [];
  if (d.page > 0) {
    nav.push({
      type: 'button' as const,
      action_id: `${ACTION.listPage}_prev`,
      text: plain('Newer'),
      value: encodeListPage(d.query, d.page - 1),
    });
  }
  if (d.hasMore) {
    nav.push({
      type: 'button' as const,
      action_id: `${ACTION.listPage}_next`,
      text: plain('Older'),
      value: encodeListPage(d.query, d.page + 1),
    });
  }
  if (nav.length) blocks.push({ type: 'actions', block_id: 'list_nav', elements: nav });
  blocks.push(context('Open one to add what you learned, or `/onetoone reflect` to reflect on your latest.'));
  return { text: `Your one-to-ones${scope}`, blocks };
}

export interface StatsData {
  goal: number;
  thisWeek: number;
  weeks: { start: string; held: number }[];
  reflectionRate: number | null;
}

/** A bar of ▇ characters, scaled so the largest week fills `width`. */
export function bar(value: number, max: number, width = 10): string {
  if (max <= 0 || value <= 0) return '';
  return '▇'.repeat(Math.max(1, Math.round((value / max) * width)));
}

/** `/onetoone stats`: this week against my goal, the last 8 weeks, my reflection rate. */
export function statsMessage(d: StatsData): Message {
  const max = Math.max(d.goal, ...d.weeks.map((w) => w.held));
  const chart = d.weeks
    .map((w, i) => {
      const label = i === d.weeks.length - 1 ? 'this week' : formatDate(w.start).replace(/^\w+ /, '');
      return `${label.padEnd(9)} ${bar(w.held, max).padEnd(10)} ${w.held}${w.held >= d.goal ? ' ✓' : ''}`;
    })
    .join('\n');
  const remaining = Math.max(0, d.goal - d.thisWeek);
  const headline =
    remaining === 0
      ? `*${d.thisWeek} of ${d.goal}* one-to-ones this week. Goal met: well done.`
      : `*${d.thisWeek} of ${d.goal}* one-to-ones this week: ${remaining} to go.`;
  const rate =
    d.reflectionRate === null
      ? 'No one-to-ones in the last 8 weeks yet.'
      : `You reflected on *${Math.round(d.reflectionRate * 100)}%* of your one-to-ones in the last 8 weeks.`;
  return {
    text: `${d.thisWeek} of ${d.goal} one-to-ones this week`,
    blocks: [
      section(headline),
      section(`\`\`\`${chart}\`\`\``),
      section(rate),
      context('Weeks run Monday to Sunday in your time zone. Change your goal with `/onetoone goal 5`.'),
    ],
  };
}

export interface HelpEntry {
  usage: string;
  summary: string;
  example: string;
}

/** Every subcommand with an example: for `/onetoone help` and any text the bot does not know. */
export function helpMessage(command: string, entries: HelpEntry[], unknown?: string): Message {
  const lines = entries.map(
    (e) => `• \`${command}${e.usage ? ` ${e.usage}` : ''}\`: ${e.summary} _e.g._ \`${e.example}\``,
  );
  const intro = unknown
    ? `I don’t know \`${escapeMrkdwn(truncate(unknown, 50))}\`. Here is what I can do:`
    : 'Log your one-to-ones, reflect on them, and follow up. Here is what I can do:';
  return {
    text: 'How to use /onetoone',
    blocks: [
      section(intro),
      section(lines.join('\n')),
      context('A one-to-one: 45–60 minutes, listen two thirds of the time, no notes during, reflect after.'),
    ],
  };
}
