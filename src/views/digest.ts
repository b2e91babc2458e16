import type { KnownBlock } from '@slack/types';
import {
  type AdminRefusal,
  type DigestScheduleInfo,
  type DigestStatus,
  type DigestSummary,
  lengthVerdict,
  type ScheduleProblem,
  type SubscribeDigestResult,
  scheduleProblemText,
  type UnsubscribeDigestResult,
} from '../domain/digest.js';
import { LIMITS, PRACTICE_MINUTES } from '../domain/one-to-one.js';
import { formatDate } from '../domain/time.js';
import { type BarStyle, bar } from './bars.js';
import { BLOCK_KIT, context, header, type Message, section, truncate, userText } from './block-kit.js';
import { notice } from './messages.js';

/**
 * The weekly team digest: counts, organisers' Slack mentions and institutions' names only. The
 * data it is given (DigestSummary) carries no text anyone wrote and no person's name, so this view
 * cannot leak them. Institution names are typed by organisers, so they go through userText (no
 * formatting, links, mentions or bidi tricks in a team channel). Kept inside Block Kit's limits
 * (BLOCK_KIT.messageBlocks, BLOCK_KIT.sectionText).
 */

const BAR_WIDTH = 12;
/** The digest's 8-week chart: a run of █ scaled to the busiest week, · for a quiet one. */
const DIGEST_BAR: BarStyle = { full: '█', none: '·', width: BAR_WIDTH };
/** Characters a section keeps for its lead-in sentence around a list. */
const LEAD_IN = 200;
/** Room left in a section for a list after its lead-in sentence. */
const LIST_BUDGET = BLOCK_KIT.sectionText - LEAD_IN;

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
    return `${label} ${String(w.held).padStart(width)} ${bar(w.held, max, DIGEST_BAR)}${last}`;
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
    const names = d.newInstitutions.map((n) => `*${userText(truncate(n, LIMITS.institution))}*`);
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
      `Weeks run Monday to Sunday (${userText(d.timeZone)}). Counts only: what is said in a one-to-one stays with the organiser. Log one with \`/onetoone\`.`,
    ),
  );

  const text =
    d.held === 0
      ? `A quiet week for one-to-ones (${week}): one conversation this week is a fine restart.`
      : `${plural(d.held, 'one-to-one')} held last week (${week}).`;
  return { text, blocks: blocks.slice(0, BLOCK_KIT.messageBlocks) };
}

// ---- replies to `/onetoone digest …` (only to the person who asked) ---------------------------

/** A channel link, only for well-formed ids (a crafted channel id cannot smuggle markup in). */
function channelLink(channelId: string): string {
  return /^[CG][A-Z0-9]+$/.test(channelId) ? `<#${channelId}>` : 'This channel';
}

/**
 * "every Monday at 09:00 (Europe/London); the next one on Mon 30 Nov". The time zone is shown
 * as stored: it was checked against the IANA names when set, so it holds no markup.
 */
function describeSchedule(s: DigestScheduleInfo): string {
  const day = s.day[0]!.toUpperCase() + s.day.slice(1);
  return `every ${day} at ${s.time} (${s.timeZone}); the next one on ${formatDate(s.nextOn)}`;
}

const INVITE =
  'I’m not in this channel yet, so I can’t see its members or post here. Invite me with `/invite @onetoone`, then try again.';

/** The bot cannot read or post in the channel. */
export function digestInviteNotice(): Message {
  return notice(INVITE);
}

export function digestSubscribeNotice(result: SubscribeDigestResult): Message {
  switch (result.kind) {
    case 'notAChannel':
      return notice('Run `/onetoone digest here` in the team’s channel: its members are the team.');
    case 'botNotInChannel':
      return digestInviteNotice();
    case 'subscribed':
      return notice(
        `:white_check_mark: ${channelLink(result.channelId)} will get the weekly digest of its members’ one-to-ones, ${describeSchedule(result.schedule)}. It shows counts only, never what anyone said. \`/onetoone digest preview\` shows it now, \`/onetoone digest off\` stops it.`,
      );
    case 'alreadySubscribed':
      return notice(
        `${channelLink(result.channelId)} already gets the weekly digest, ${describeSchedule(result.schedule)}.`,
      );
  }
}

export function digestUnsubscribeNotice(result: UnsubscribeDigestResult): Message {
  const channel = channelLink(result.channelId);
  return notice(
    result.kind === 'unsubscribed'
      ? `${channel} will no longer get the weekly digest. \`/onetoone digest here\` brings it back.`
      : `${channel} doesn’t get the weekly digest. \`/onetoone digest here\` subscribes it.`,
  );
}

export function digestScheduleNotice(schedule: DigestScheduleInfo): Message {
  return notice(
    `Digests are posted ${describeSchedule(schedule)}. Change it with \`/onetoone digest schedule monday 09:00 Europe/London\`.`,
  );
}

export function digestScheduleChangedNotice(schedule: DigestScheduleInfo): Message {
  return notice(`:white_check_mark: Digests in this workspace are now posted ${describeSchedule(schedule)}.`);
}

/** What was wrong with the schedule asked for, quoting what was typed as typed. */
export function digestScheduleProblemNotice(problem: ScheduleProblem): Message {
  return notice(scheduleProblemText(problem, userText));
}

export function digestScheduleRefusedNotice(refusal: AdminRefusal): Message {
  return notice(
    refusal.kind === 'notAdmin'
      ? 'Only workspace admins and owners can change the digest schedule: it applies to every team channel here.'
      : 'I could not check with Slack whether you are a workspace admin, so nothing changed. Try again in a moment.',
  );
}

const DIGEST_HELP =
  '• `/onetoone digest here`: post it in this channel (its members are the team)\n' +
  '• `/onetoone digest off`: stop it here\n' +
  '• `/onetoone digest preview`: see this week’s, only to you\n' +
  '• `/onetoone digest schedule monday 09:00 Europe/London`: day, time and time zone for the workspace';

export function digestStatusNotice(status: DigestStatus): Message {
  // The list of channels takes what the section has left after the sentences and the help.
  const budget = BLOCK_KIT.sectionText - LEAD_IN - DIGEST_HELP.length;
  const list = status.channelIds.length
    ? `Channels getting it: ${joinWithin(status.channelIds.map(channelLink), budget)}.`
    : 'No channel gets it yet.';
  return notice(
    `The weekly digest is posted ${describeSchedule(status.schedule)}. ${list} ${status.subscribedHere ? 'This channel gets it.' : ''}\n${DIGEST_HELP}`,
  );
}
