import type { KnownBlock } from '@slack/types';
import {
  type LoggedConfirmation,
  nextStepLabel,
  type OneToOnePage,
  type OneToOneSummary,
} from '../domain/one-to-one.js';
import { formatDate } from '../domain/time.js';
import { ErrorCode, type RefusalCode } from '../errors.js';
import { ACTION } from '../interaction-ids.js';
import { BLOCK_KIT, context, type Message, mrkdwn, plain, section, truncate, userText } from './block-kit.js';
import { encodePage } from './paging.js';

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

export type LoggedData = LoggedConfirmation;

/** The confirmation DM after logging, with the Reflect now button. */
export function loggedMessage(d: LoggedData): Message {
  const who = userText(personLabel(d.personName, d.institutionName));
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

export type ListItem = OneToOneSummary;
export type ListData = OneToOnePage;

/** `/onetoone list`: my recent one-to-ones, a page at a time (Slack allows 50 blocks per message). */
export function listMessage(d: ListData): Message {
  const scope = d.query ? ` with “${userText(d.queryLabel ?? d.query)}”` : '';
  if (d.items.length === 0) {
    const text =
      d.page > 0 ? 'No more one-to-ones.' : `No one-to-ones${scope} yet. Log one with \`/onetoone\`.`;
    return notice(text);
  }
  const blocks: KnownBlock[] = [
    section(`*Your one-to-ones${scope}*${d.page > 0 ? ` (page ${d.page + 1})` : ''}`),
  ];
  for (const item of d.items) {
    const next = item.nextStep;
    const step =
      next.kind === 'none'
        ? 'no next step'
        : `${nextStepLabel(next.kind).toLowerCase()}${next.done ? ' ✓ done' : next.dueOn ? ` by ${formatDate(next.dueOn)}` : ''}`;
    blocks.push({
      type: 'section',
      text: mrkdwn(
        `*${formatDate(item.metOn)}* · ${userText(personLabel(item.personName, item.institutionName))}\n${step} · ${item.reflected ? ':memo: reflected' : '_not reflected yet_'}`,
      ),
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
      text: plain('Newer', BLOCK_KIT.buttonText),
      value: encodePage({ query: d.query, page: d.page - 1 }),
    });
  }
  if (d.hasMore) {
    nav.push({
      type: 'button' as const,
      action_id: `${ACTION.listPage}_next`,
      text: plain('Older', BLOCK_KIT.buttonText),
      value: encodePage({ query: d.query, page: d.page + 1 }),
    });
  }
  if (nav.length) blocks.push({ type: 'actions', block_id: 'list_nav', elements: nav });
  blocks.push(context('Open one to add what you learned, or `/onetoone reflect` to reflect on your latest.'));
  return { text: `Your one-to-ones${scope}`, blocks };
}

/** `/onetoone stats` lives in its own view (stats.ts); re-exported for existing importers. */
export { type StatsData, statsMessage } from './stats.js';

export interface HelpEntry {
  usage: string;
  summary: string;
  example: string;
}

/** How much of text the bot did not understand it repeats back: enough to recognise it. */
const UNKNOWN_ECHO_MAX = 50;

/** Every subcommand with an example: for `/onetoone help` and any text the bot does not know. */
/** Joins lines into texts of at most a section's 3,000 characters, never splitting a line. */
function linesInSections(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const last = out.at(-1);
    if (last !== undefined && last.length + 1 + line.length <= BLOCK_KIT.sectionText)
      out[out.length - 1] = `${last}\n${line}`;
    else out.push(line);
  }
  return out;
}

export function helpMessage(command: string, entries: HelpEntry[], unknown?: string): Message {
  const lines = entries.map(
    (e) => `• \`${command}${e.usage ? ` ${e.usage}` : ''}\`: ${e.summary} _e.g._ \`${e.example}\``,
  );
  const intro = unknown
    ? `I don’t know \`${userText(truncate(unknown, UNKNOWN_ECHO_MAX))}\`. Here is what I can do:`
    : 'Log your one-to-ones, reflect on them, and follow up. Here is what I can do:';
  return {
    text: 'How to use /onetoone',
    blocks: [
      section(intro),
      // A section holds 3,000 characters: the list is cut into as many sections as it needs.
      ...linesInSections(lines).map(section),
      context('A one-to-one: 45–60 minutes, listen two thirds of the time, no notes during, reflect after.'),
    ],
  };
}

/** `/onetoone reflect [person]` when there is nothing to open. */
export function nothingToReflectNotice(query: string): Message {
  return notice(
    query
      ? `You have no one-to-one with “${userText(query)}” yet. \`/onetoone list\` shows them all.`
      : 'Nothing waiting for a reflection: you are up to date. :tada:',
  );
}

/** `/onetoone goal [N]`: the goal as it is, as it now is, or why N is not a goal. */
export function goalMessage(
  outcome: { kind: 'current' | 'changed'; goal: number } | { kind: 'invalid'; message: string },
): Message {
  switch (outcome.kind) {
    case 'current':
      return notice(
        `Your weekly goal is *${outcome.goal}* one-to-ones. Change it with \`/onetoone goal N\`.`,
      );
    case 'changed':
      return notice(
        `Your weekly goal is now *${outcome.goal}* one-to-ones, from this week on: the weeks before keep the goal they had, and your streak with them. \`/onetoone stats\` shows how you are doing.`,
      );
    case 'invalid':
      return notice(outcome.message);
  }
}
