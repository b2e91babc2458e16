import type { KnownBlock } from '@slack/types';
import { type DigestSummary, lengthVerdict } from '../domain/digest.js';
import { PRACTICE_MINUTES } from '../domain/one-to-one.js';
import { formatDate } from '../domain/time.js';
import { BLOCK_KIT, context, escapeMrkdwn, header, type Message, section, truncate } from './block-kit.js';

/**
 * The weekly team digest: counts, organisers' Slack mentions and institutions' names only. The
 * data it is given (DigestSummary) carries no text anyone wrote and no person's name, so this view
 * cannot leak them. Kept well inside Block Kit's limits: at most 50 blocks per message and 3000
 * characters per section text (https://api.slack.com/reference/block-kit/blocks).
 */

const BAR_WIDTH = 12;
/** Room left in a section for a list after its lead-in sentence. */
const LIST_BUDGET = BLOCK_KIT.sectionText - 200;
const MAX_INSTITUTION_NAME = 100;

/** Joins as many items as fit in `budget` characters, then "and N more". */
export function joinWithin(items: readonly string[], budget: number): string {
  const shown: string[] = [];
  let used = 0;
  for (const [i, item] of items.entries()) {
    const rest = items.length - i - 1;
    const tail = rest > 0 ? ` and ${rest} more`.length : 0;
    const cost = item.length + (shown.length ? 2 : 0);
    if (used + cost + tail > budget) {
      return `${shown.join(', ')} and ${items.length - shown.length} more`;
    }
    shown.push(item);
    used += cost;
  }
  return shown.join(', ');
}

function bar(value: number, max: number): string {
  if (max <= 0 || value <= 0) return '·';
  return '█'.repeat(Math.max(1, Math.round((value / max) * BAR_WIDTH)));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** A Slack user mention, only for well-formed ids (nothing else can be smuggled into the message). */
function mention(userId: string): string | undefined {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : undefined;
}

function trend(held: number, previous: number): string {
  if (held === previous) return `the same as the week before`;
  return held > previous ? `up from ${previous} the week before` : `after ${previous} the week before`;
}

function chart(d: DigestSummary): string {
  const max = Math.max(d.goalSum, ...d.weeks.map((w) => w.held), 1);
  const width = String(Math.max(...d.weeks.map((w) => w.held), 0)).length;
  const lines = d.weeks.map((w, i) => {
    const label = formatDate(w.start).replace(/^\w+ /, '').padEnd(7);
    const last = i === d.weeks.length - 1 ? '  ← last week' : '';
    return `${label} ${String(w.held).padStart(width)} ${bar(w.held, max)}${last}`;
  });
  return `\`\`\`${lines.join('\n')}\`\`\``;
}

export interface DigestViewOptions {
  /** Shown to one person before it is posted. */
  preview?: boolean;
}

export function digestMessage(d: DigestSummary, options: DigestViewOptions = {}): Message {
  const week = `${formatDate(d.weekStart)} – ${formatDate(d.weekEnd)}`;
  const blocks: KnownBlock[] = [header(`Relational meetings: week of ${formatDate(d.weekStart)}`)];
  if (options.preview) {
    blocks.push(context(':eyes: Preview: only you can see this. It is posted on schedule.'));
  }

  const goal =
    d.goalSum > 0 ? `, against the team's weekly goals of ${d.goalSum} (${percent(d.held / d.goalSum)})` : '';
  if (d.held === 0) {
    blocks.push(
      section(
        `:seedling: *A quiet week* (${week}): no one-to-ones logged by this team, ${d.previousWeek === 0 ? 'as the week before' : `after ${d.previousWeek} the week before`}. ` +
          'Every relational culture has quiet weeks; one conversation this week is a fine restart. ' +
          'Ask someone for 45 minutes about what they care about, then log it with `/onetoone` ' +
          '(or the “Log a one-to-one” shortcut).',
      ),
    );
  } else {
    blocks.push(
      section(
        `*${plural(d.held, 'one-to-one')}* held last week (${week}), ${trend(d.held, d.previousWeek)}${goal}.`,
      ),
    );
  }
  blocks.push(section(`*The last ${d.weeks.length} weeks*\n${chart(d)}`));

  const members =
    d.members === 0
      ? 'Nobody in this channel has logged a one-to-one yet: `/onetoone` opens the form.'
      : `:busts_in_silhouette: *${d.activeMembers} of ${plural(d.members, 'member')}* held at least one.`;
  const mentions = d.goalMet.map(mention).filter((m): m is string => m !== undefined);
  const celebrate = mentions.length
    ? `\n:tada: Met their own weekly goal: ${joinWithin(mentions, LIST_BUDGET)}. Well done!`
    : '';
  blocks.push(section(`${members}${celebrate}`));

  if (d.held > 0) {
    const names = d.newInstitutions.map((n) => `*${escapeMrkdwn(truncate(n, MAX_INSTITUTION_NAME))}*`);
    const newOnes = names.length ? `; new this week: ${joinWithin(names, LIST_BUDGET)}` : '';
    blocks.push(
      section(
        `:seedling: *${d.newRelationships} new* ${d.newRelationships === 1 ? 'relationship' : 'relationships'} and *${d.deepening} deepening*.\n` +
          `:classical_building: *${plural(d.institutionsReached, 'institution')}* reached${newOnes}.`,
      ),
    );
    const s = d.nextSteps;
    blocks.push(
      section(
        `:footprints: Next steps: *${s.agreed} agreed*, *${s.completed} completed*, *${s.overdue} overdue*. ` +
          `*${plural(s.introductions, 'introduction')}* to someone's network agreed.`,
      ),
    );
    const practice: string[] = [];
    if (d.reflectionRate !== null) {
      practice.push(`:memo: *${percent(d.reflectionRate)}* reflected on within 48 hours of logging.`);
    }
    if (d.averageMinutes !== null) {
      const avg = Math.round(d.averageMinutes);
      const verdict = lengthVerdict(d.averageMinutes);
      const note =
        verdict === 'practice'
          ? 'right in the practice'
          : verdict === 'short'
            ? 'a little short of the practice'
            : 'longer than the practice';
      practice.push(
        `:hourglass_flowing_sand: Average length *${avg} min*: ${note} of ${PRACTICE_MINUTES.min}–${PRACTICE_MINUTES.max} minutes.`,
      );
    }
    blocks.push(section(practice.join('\n')));
  } else if (d.nextSteps.completed > 0 || d.nextSteps.overdue > 0) {
    blocks.push(
      section(
        `:footprints: Next steps: *${d.nextSteps.completed} completed*, *${d.nextSteps.overdue} overdue*.`,
      ),
    );
  }

  const intro = d.brokeredIntroductions;
  if (intro && (intro.agreed > 0 || intro.happened > 0)) {
    blocks.push(
      section(
        `:handshake: Introductions between leaders: *${intro.agreed} agreed* (${intro.acrossInstitutions} across institutions), *${intro.happened} met*.`,
      ),
    );
  }

  blocks.push(
    context(
      `Weeks run Monday to Sunday (${escapeMrkdwn(d.timeZone)}). Counts only: what is said in a one-to-one stays with the organiser. Log one with \`/onetoone\`.`,
    ),
  );

  const text =
    d.held === 0
      ? `A quiet week for one-to-ones (${week}): one conversation this week is a fine restart.`
      : `${plural(d.held, 'one-to-one')} held last week (${week}).`;
  return { text, blocks: blocks.slice(0, BLOCK_KIT.messageBlocks) };
}
