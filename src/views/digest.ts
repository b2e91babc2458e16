import type { KnownBlock } from '@slack/types';
import {
  type AdminRefusal,
  DIGEST_CHART_WEEKS,
  type DigestPictureWords,
  type DigestScheduleInfo,
  type DigestStatus,
  type DigestSummary,
  type ScheduleProblem,
  type SubscribeDigestResult,
  scheduleProblemText,
  type UnsubscribeDigestResult,
} from '../domain/digest.js';
import { LIMITS, PRACTICE_MINUTES } from '../domain/one-to-one.js';
import { formatDate } from '../domain/time.js';
import { type BarStyle, trendLines } from './bars.js';
import { BLOCK_KIT, context, header, type Message, section, truncate, userText } from './block-kit.js';
import { digestCampaignPart } from './campaign-report-digest.js';
import { digestHouseMeetingPart } from './house-meeting-messages.js';
import { notice } from './messages.js';

/**
 * The weekly team digest: counts, organisers' Slack mentions and institutions' names only. The
 * data it is given (DigestSummary) carries no text anyone wrote and no person's name, so this view
 * cannot leak them. Institution names are typed by organisers, so they go through userText (no
 * formatting, links, mentions or bidi tricks in a team channel). Kept inside Block Kit's limits
 * (BLOCK_KIT.messageBlocks, BLOCK_KIT.sectionText).
 */

/** The digest's text chart: runs of █ on one scale, the busiest week longest, · for a quiet week. */
const DIGEST_BAR: BarStyle = { full: '█', none: '·', width: 12 };
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

/** A Slack user mention, only for well-formed ids (nothing else can be smuggled into the message). */
function mention(userId: string): string | undefined {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : undefined;
}

function weekRange(d: DigestSummary): string {
  return `${formatDate(d.weekStart)} – ${formatDate(d.weekEnd)}`;
}

function comparedWith(held: number, previous: number): string {
  if (held === previous) return 'the same as the week before';
  return held > previous ? `up from ${previous} the week before` : `after ${previous} the week before`;
}

/** "16 Nov": a week's name in the chart and under the picture's bars. */
export function weekLabel(start: string): string {
  return formatDate(start).replace(/^\w+ /, '');
}

export interface DigestViewOptions {
  /** Shown to one person before it is posted. */
  preview?: boolean;
}

/**
 * One part of the digest: blocks from the summary, or none. The message is these parts in order
 * (DIGEST_SECTIONS), so a feature adds its part as one more function.
 */
export type DigestSection = (d: DigestSummary, options: DigestViewOptions) => KnownBlock[];

function headline(d: DigestSummary, options: DigestViewOptions): KnownBlock[] {
  const blocks: KnownBlock[] = [header(`Relational meetings: week of ${formatDate(d.weekStart)}`)];
  if (options.preview) {
    blocks.push(context(':eyes: Preview: only you can see this. It is posted on schedule.'));
  }
  return blocks;
}

/** Growth first: relationships begun and deepened, people moving up the stages, places reached. */
function growth(d: DigestSummary): KnownBlock[] {
  if (!d.hasTeam) {
    return [section('Nobody in this channel has logged a one-to-one yet: `/onetoone` opens the form.')];
  }
  if (d.held === 0) {
    return [
      section(
        `:seedling: *A quiet week* (${weekRange(d)}): no one-to-ones logged by this team, ${d.previousWeek === 0 ? 'as the week before' : `after ${d.previousWeek} the week before`}. ` +
          'Every relational culture has quiet weeks; one conversation this week is a fine restart. ' +
          'Ask someone for 45 minutes about what they care about, then log it with `/onetoone` ' +
          '(or the “Log a one-to-one” shortcut).',
      ),
    ];
  }
  const lines = [
    `:seedling: *Relationships growing:* *${d.newRelationships} new* and *${d.deepening} deepening*, ` +
      `from *${plural(d.held, 'one-to-one')}* last week (${weekRange(d)}), ${comparedWith(d.held, d.previousWeek)}.`,
  ];
  const m = d.stageMoves;
  const moved = m.metAgain + m.introduced + m.action;
  if (moved > 0) {
    const parts = [
      m.metAgain ? `${m.metAgain} met again` : '',
      m.introduced ? `${m.introduced} introduced to others` : '',
      m.action ? `${m.action} took part in an action` : '',
    ].filter(Boolean);
    lines.push(
      `:chart_with_upwards_trend: *${plural(moved, 'person', 'people')}* moved up a stage: ${parts.join(', ')}.`,
    );
  }
  const names = d.newInstitutions.map((n) => `*${userText(truncate(n, LIMITS.institution))}*`);
  const newOnes = names.length ? `; new this week: ${joinWithin(names, LIST_BUDGET)}` : '';
  lines.push(`:classical_building: *${plural(d.institutionsReached, 'institution')}* reached${newOnes}.`);
  return [section(lines.join('\n'))];
}

/** The one introductions line: introductions between leaders made last week, and those that met. */
function introductions(d: DigestSummary): KnownBlock[] {
  const i = d.introductions;
  if (!d.hasTeam || (i.agreed === 0 && i.happened === 0)) return [];
  const across = i.acrossInstitutions > 0 ? ` (${i.acrossInstitutions} across institutions)` : '';
  return [
    section(`:handshake: Introductions between leaders: *${i.agreed} made*${across}, *${i.happened} met*.`),
  ];
}

/** The practice around the meetings: reflections, next steps, length. */
function practice(d: DigestSummary): KnownBlock[] {
  if (!d.hasTeam) return [];
  const lines: string[] = [];
  if (d.reflections > 0) {
    lines.push(`:memo: *${plural(d.reflections, 'reflection')}* written after meetings.`);
  }
  const s = d.nextSteps;
  if (d.held > 0 || s.completed > 0 || s.stillOpen > 0) {
    const agreed = d.held > 0 ? `*${s.agreed} agreed*, ` : '';
    lines.push(`:footprints: Next steps: ${agreed}*${s.completed} completed*, *${s.stillOpen} still open*.`);
  }
  if (d.averageMinutes !== null && d.lengthVerdict !== null) {
    const note =
      d.lengthVerdict === 'practice'
        ? 'right in the practice'
        : d.lengthVerdict === 'short'
          ? 'a little short of the practice'
          : 'longer than the practice';
    lines.push(
      `:hourglass_flowing_sand: Average length *${Math.round(d.averageMinutes)} min*: ${note} of ${PRACTICE_MINUTES.min}–${PRACTICE_MINUTES.max} minutes.`,
    );
  }
  return lines.length ? [section(lines.join('\n'))] : [];
}

/**
 * Members, only as counts that point at nobody (the summary leaves them out below
 * MIN_MEMBERS_SHOWN), and those who met their own goal, by mention (none in a small team).
 */
function team(d: DigestSummary): KnownBlock[] {
  const lines: string[] = [];
  const m = d.members;
  if (m) {
    lines.push(
      m.everyone
        ? `:busts_in_silhouette: All *${m.active} members* held at least one one-to-one.`
        : `:busts_in_silhouette: *${m.active}${m.of !== undefined ? ` of ${m.of}` : ''} members* held at least one one-to-one.`,
    );
  }
  const mentions = d.goalMet.map(mention).filter((x): x is string => x !== undefined);
  if (mentions.length)
    lines.push(`:tada: Met their own weekly goal: ${joinWithin(mentions, LIST_BUDGET)}. Well done!`);
  return lines.length ? [section(lines.join('\n'))] : [];
}

/** The text chart's lines: one a week from the team's first week of use, on one scale. */
export function digestChartLines(d: DigestSummary): string[] {
  return trendLines(
    d.weeks.map((w) => ({ label: weekLabel(w.start), count: w.held })),
    { style: DIGEST_BAR },
  );
}

function chart(d: DigestSummary): KnownBlock[] {
  if (!d.hasTeam || d.weeks.length < 2) return [];
  const title =
    d.weeks.length >= DIGEST_CHART_WEEKS
      ? `The last ${d.weeks.length} weeks`
      : `Since the team began (${d.weeks.length} weeks)`;
  return [section(`*${title}*\n\`\`\`${digestChartLines(d).join('\n')}\`\`\``)];
}

function footer(d: DigestSummary): KnownBlock[] {
  return [
    context(
      `Weeks run Monday to Sunday (${userText(d.timeZone)}). Counts only: what is said in a one-to-one stays with the organiser. Log one with \`/onetoone\`.`,
    ),
  ];
}

/** The digest's parts, in order. */
export const DIGEST_SECTIONS: readonly DigestSection[] = [
  headline,
  growth,
  introductions,
  digestHouseMeetingPart,
  practice,
  team,
  chart,
  digestCampaignPart,
  footer,
];

export function digestMessage(d: DigestSummary, options: DigestViewOptions = {}): Message {
  const blocks = DIGEST_SECTIONS.flatMap((part) => part(d, options));
  const text =
    d.held === 0
      ? `A quiet week for one-to-ones (${weekRange(d)}): one conversation this week is a fine restart.`
      : `${plural(d.held, 'one-to-one')} last week (${weekRange(d)}): ${plural(d.newRelationships, 'new relationship')}, ${d.deepening} deepening.`;
  return { text, blocks: blocks.slice(0, BLOCK_KIT.messageBlocks) };
}

/** Undefined when there is no trend to draw (no team, or fewer than two weeks of use). */
export function digestPictureWords(d: DigestSummary): DigestPictureWords | undefined {
  if (!d.hasTeam || d.weeks.length < 2) return undefined;
  return {
    title: `One-to-ones a week, ${weekLabel(d.weeks[0]!.start)} – ${weekLabel(d.weekStart)}`,
    filename: `one-to-ones-${d.weekStart}.png`,
    comment: `The team’s one-to-ones a week, as a picture (the digest above has the same figures as text).`,
    labels: d.weeks.map((w) => weekLabel(w.start)),
  };
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
  const where = schedule.channelId ? `Digests in ${channelLink(schedule.channelId)} are` : 'Digests are';
  return notice(
    `${where} posted ${describeSchedule(schedule)}. Change it with \`/onetoone digest schedule monday 09:00 Europe/London\`.`,
  );
}

export function digestScheduleChangedNotice(schedule: DigestScheduleInfo): Message {
  return notice(
    schedule.channelId
      ? `:white_check_mark: Digests in ${channelLink(schedule.channelId)} are now posted ${describeSchedule(schedule)}. Other channels keep their own schedule.`
      : `:white_check_mark: Digests in this workspace are now posted ${describeSchedule(schedule)}, in every channel without a schedule of its own.`,
  );
}

/** What was wrong with the schedule asked for, quoting what was typed as typed. */
export function digestScheduleProblemNotice(problem: ScheduleProblem): Message {
  return notice(scheduleProblemText(problem, userText));
}

/** A Slack user mention, only for well-formed ids (a stored id cannot smuggle markup in). */
function personLink(userId: string): string {
  return /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : 'the person who subscribed it';
}

export function digestScheduleRefusedNotice(
  refusal: AdminRefusal | { kind: 'notSubscriber'; channelId: string; subscribedBy: string },
): Message {
  switch (refusal.kind) {
    case 'notSubscriber':
      return notice(
        `${channelLink(refusal.channelId)}’s digest schedule is looked after by ${personLink(refusal.subscribedBy)}, who subscribed it, and by workspace admins, so I have left it as it is. They can change it with \`/onetoone digest schedule\` here.`,
      );
    case 'notAdmin':
      return notice(
        'Only workspace admins and owners can change the workspace’s digest schedule. Whoever subscribed a channel can set that channel’s own: run `/onetoone digest schedule` there.',
      );
    case 'slackUnavailable':
      return notice(
        'I could not check with Slack whether you are a workspace admin, so nothing changed. Try again in a moment.',
      );
  }
}

const DIGEST_HELP =
  '• `/onetoone digest here`: post it in this channel (its members are the team)\n' +
  '• `/onetoone digest off`: stop it here\n' +
  '• `/onetoone digest preview`: see this week’s, only to you\n' +
  '• `/onetoone digest schedule monday 09:00 Europe/London`: day, time and time zone here (if you subscribed this channel), or for the workspace (admins)';

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
