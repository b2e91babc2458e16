import type { KnownBlock } from '@slack/types';
import type {
  Erasure,
  ExportCounts,
  ForgetCandidate,
  ForgetMatch,
  ForgetPreview,
} from '../domain/data-control.js';
import type { Introduction } from '../domain/introduction.js';
import {
  type PendingRetention,
  RETENTION_GRACE_DAYS,
  type RetentionImpact,
  type RetentionNotice,
  type RetentionStatus,
} from '../domain/retention.js';
import { formatDate, type IsoDate } from '../domain/time.js';
import { FORGET_ACTION, RETENTION_ACTION } from '../interaction-ids.js';
import { BLOCK_KIT, context, type Message, plain, section, truncate, userText } from './block-kit.js';
import { notice, personLabel } from './messages.js';

/**
 * Messages for the organiser's control of their data (export, forget, retention) and for
 * introductions. All of these go to the organiser alone (ephemeral or their DM): names appear
 * here, never in a channel. Everything the organiser typed (names, institutions, the search
 * text) goes through userText, in the fallback text too.
 */

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Search text echoed back: as typed, but no longer than a name needs. */
const ECHO_MAX = 100;

function who(name: string, institution: string | null): string {
  return userText(personLabel(name, institution));
}

// ---- export -------------------------------------------------------------------------------

export function exportStartedNotice(): Message {
  return notice(':inbox_tray: Preparing your export: it will arrive in your DM with me in a moment.');
}

export function exportFailedNotice(): Message {
  return notice(
    'Sorry, I could not upload your export just now. Please try `/onetoone export` again in a minute.',
  );
}

/** The comment posted with the files in the organiser's DM. */
export function exportComment(c: ExportCounts): string {
  const parts = [
    plural(c.oneToOnes, 'one-to-one'),
    plural(c.reflections, 'reflection'),
    plural(c.people, 'person', 'people'),
    plural(c.introductions, 'introduction'),
  ];
  // Campaign work is named only when there is some (its files come only then too).
  if (c.houseMeetings > 0) parts.push(plural(c.houseMeetings, 'house meeting'));
  if (c.campaignNotes > 0) {
    parts.push(`campaign themes or quotes from ${plural(c.campaignNotes, 'one-to-one')}`);
  }
  return [
    `Your one-to-one data: ${parts.join(', ')}.`,
    'One CSV file per kind, UTF-8, one header row each; rows link by their id columns.',
    "Cells that begin with = + - or @ start with an added ' so spreadsheets show them as text rather than running them as formulas.",
    'These files hold private notes: keep them somewhere safe.',
  ].join('\n');
}

// ---- forget -------------------------------------------------------------------------------

/** The confirmation, naming exactly what will go, with Confirm / Cancel. */
export function forgetConfirmMessage(d: ForgetPreview): Message {
  const name = who(d.name, d.institution);
  const items = [
    `• the person *${name}*`,
    `• ${plural(d.oneToOnes, 'one-to-one')}`,
    `• ${plural(d.reflections, 'reflection')}`,
    `• ${plural(d.nextSteps, 'next step')}`,
    `• ${plural(d.introductions, 'introduction')} they are part of`,
    `• ${plural(d.nudges, 'pending nudge')}`,
  ];
  const text = `Forget ${name}? This deletes everything you recorded about them.`;
  const blocks: KnownBlock[] = [
    section(`:warning: *Forget ${name}?* This permanently deletes:\n${items.join('\n')}`),
    context(
      'This cannot be undone. A record that an erasure happened (when, and how many rows) is kept, without any of the content.',
    ),
    {
      type: 'actions',
      block_id: 'forget_actions',
      elements: [
        {
          type: 'button',
          action_id: FORGET_ACTION.confirm,
          style: 'danger',
          text: plain('Delete permanently', BLOCK_KIT.buttonText),
          value: d.personId,
        },
        {
          type: 'button',
          action_id: FORGET_ACTION.cancel,
          text: plain('Cancel', BLOCK_KIT.buttonText),
          value: d.personId,
        },
      ],
    },
  ];
  return { text, blocks };
}

export function forgetUsageNotice(): Message {
  return notice('Say who: `/onetoone forget Amina Okafor`, or `/onetoone forget Amina Okafor (St Mary’s)`.');
}

export function forgetNoneNotice(query: string): Message {
  return notice(
    `You have no one called “${userText(truncate(query, ECHO_MAX))}” among your people. \`/onetoone list\` shows who you have met.`,
  );
}

/** Several of my people match: list them (name and institution) and ask for more. */
export function forgetAmbiguousNotice(query: string, people: ForgetCandidate[]): Message {
  const lines = people.map((p) => `• \`/onetoone forget ${who(p.name, p.institution)}\``);
  const asked = userText(truncate(query, ECHO_MAX));
  return {
    text: `More than one of your people matches “${asked}”. Be more specific:`,
    blocks: [
      section(`More than one of your people matches “${asked}”. Be more specific, for example:`),
      section(lines.join('\n')),
    ],
  };
}

/** The answer to `/onetoone forget <text>`: the confirmation, or why there is none. */
export function forgetMatchMessage(match: ForgetMatch): Message {
  switch (match.kind) {
    case 'usage':
      return forgetUsageNotice();
    case 'none':
      return forgetNoneNotice(match.query);
    case 'many':
      return forgetAmbiguousNotice(match.query, match.people);
    case 'one':
      return forgetConfirmMessage(match.preview);
  }
}

export function forgetDoneMessage(d: Erasure): Message {
  return notice(
    `:wastebasket: Forgotten: ${userText(d.name)}, with ${plural(d.oneToOnes, 'one-to-one')}, ${plural(d.reflections, 'reflection')}, ${plural(d.nextSteps, 'next step')}, ${plural(d.introductions, 'introduction')} and ${plural(d.nudges, 'nudge')}.`,
  );
}

export function forgetCancelledMessage(): Message {
  return notice('Cancelled: nothing was deleted.');
}

/** A crafted or stale button: says nothing about whose or what. */
export function forgetNotFoundMessage(): Message {
  return notice('Sorry, I can’t find that person among yours. They may already have been forgotten.');
}

// ---- retention ----------------------------------------------------------------------------

function pendingLine(p: PendingRetention): string {
  return `From *${formatDate(p.effectiveOn)}* it will be *${plural(p.months, 'month')}* (confirmed by an admin; everyone whose notes it blanks was told by DM).`;
}

export function retentionStatusNotice(status: RetentionStatus): Message {
  const { months, pending } = status;
  const now =
    months === null
      ? 'Retention is *off*: one-to-one text is kept until its author deletes it. Workspace admins can set it with `/onetoone retention N` (months).'
      : `Retention is *${plural(months, 'month')}*: the text of one-to-ones, reflections and introductions older than that is blanked every night (the records and counts stay). Admins can change it with \`/onetoone retention N\` or \`/onetoone retention off\`.`;
  return notice(pending ? `${now}\n${pendingLine(pending)}` : now);
}

export function retentionChangedNotice(
  months: number | null,
  previous: number | null,
  droppedPending: PendingRetention | null = null,
): Message {
  const was = previous === null ? 'off' : plural(previous, 'month');
  const dropped = droppedPending
    ? ` The shorter period of ${plural(droppedPending.months, 'month')} due on ${formatDate(droppedPending.effectiveOn)} is cancelled.`
    : '';
  return notice(
    months === null
      ? `Retention is now *off* (was ${was}): text is kept. Text already blanked cannot come back.${dropped}`
      : `Retention is now *${plural(months, 'month')}* (was ${was}). Nothing is blanked that the previous setting kept: text older than that goes only as it ages, night by night; dates and counts stay.${dropped}`,
  );
}

function impactItems(i: { oneToOnes: number; reflections: number; introductions: number }): string {
  return [
    `• the text of ${plural(i.oneToOnes, 'one-to-one')}`,
    `• ${plural(i.reflections, 'reflection')}`,
    `• the “why” of ${plural(i.introductions, 'introduction')}`,
  ].join('\n');
}

/**
 * Step one of shortening retention: what it would blank, for how many organisers, and from
 * when, with the admin's confirm and cancel. Counts only: whose notes, never what they say.
 */
export function retentionConfirmMessage(c: {
  months: number;
  previous: number | null;
  cutoff: IsoDate;
  effectiveOn: IsoDate;
  impact: RetentionImpact;
}): Message {
  const was = c.previous === null ? 'off' : plural(c.previous, 'month');
  const text = `Shorten retention to ${plural(c.months, 'month')}? It would blank notes of ${plural(c.impact.organisers, 'organiser')}.`;
  const blocks: KnownBlock[] = [
    section(
      `:warning: *Shorten retention to ${plural(c.months, 'month')}?* (now ${was})\nOn *${formatDate(c.effectiveOn)}*, after ${RETENTION_GRACE_DAYS} days’ grace, it blanks what was written about meetings before ${formatDate(c.cutoff)}, for *${plural(c.impact.organisers, 'organiser')}*:\n${impactItems(c.impact)}`,
    ),
    context(
      'People, dates, durations and counts stay, so streaks and digests do not change. Each organiser whose notes are affected gets a DM now with a button to export them. Text, once blanked, cannot come back.',
    ),
    {
      type: 'actions',
      block_id: 'retention_actions',
      elements: [
        {
          type: 'button',
          action_id: RETENTION_ACTION.confirm,
          style: 'danger',
          text: plain(`Yes, from ${formatDate(c.effectiveOn)}`, BLOCK_KIT.buttonText),
          value: String(c.months),
        },
        {
          type: 'button',
          action_id: RETENTION_ACTION.cancel,
          text: plain('Cancel', BLOCK_KIT.buttonText),
          value: 'cancel',
        },
      ],
    },
  ];
  return { text, blocks };
}

export function retentionScheduledMessage(c: {
  months: number;
  effectiveOn: IsoDate;
  impact: RetentionImpact;
  notified: number;
}): Message {
  return notice(
    `:calendar: Retention will be *${plural(c.months, 'month')}* from *${formatDate(c.effectiveOn)}*. ${plural(c.impact.organisers, 'organiser')} will have old notes blanked then; ${c.notified === 0 ? 'they had already been told' : `${plural(c.notified, 'DM')} sent now, each with an export button`}. \`/onetoone retention off\` or a longer period before then cancels it.`,
  );
}

export function retentionCancelledMessage(): Message {
  return notice('Cancelled: retention is unchanged.');
}

/**
 * The DM to an organiser whose notes a confirmed shorter period will blank: their own counts,
 * the date, and an export button (the export is always the clicker's own data).
 */
export function retentionNoticeMessage(n: RetentionNotice): Message {
  const text = `On ${formatDate(n.effectiveOn)}, the text of your notes about meetings before ${formatDate(n.cutoff)} will be blanked. Export them first if you want to keep them.`;
  const blocks: KnownBlock[] = [
    section(
      `:hourglass_flowing_sand: Your workspace’s admins set one-to-one text to be kept for *${plural(n.months, 'month')}*.\nOn *${formatDate(n.effectiveOn)}*, what you wrote about meetings before ${formatDate(n.cutoff)} will be blanked:\n${impactItems(n)}`,
    ),
    context(
      'Your people, the dates and the counts stay. If you want a copy of what you wrote, export it now: the CSV comes to this DM and only you see it.',
    ),
    {
      type: 'actions',
      block_id: 'retention_notice_actions',
      elements: [
        {
          type: 'button',
          action_id: RETENTION_ACTION.export,
          style: 'primary',
          text: plain('Export my notes', BLOCK_KIT.buttonText),
          value: 'export',
        },
      ],
    },
  ];
  return { text, blocks };
}

export function retentionRefusedNotice(reason: 'not_admin' | 'unknown'): Message {
  return notice(
    reason === 'not_admin'
      ? 'Only workspace admins and owners can change retention, because it erases everyone’s old notes. `/onetoone retention` shows the current setting.'
      : 'Sorry, I could not check your Slack role just now, so nothing changed. Please try again in a minute.',
  );
}

// ---- introductions ------------------------------------------------------------------------

function pair(d: Introduction): string {
  return `*${who(d.personA, d.institutionA)}* and *${who(d.personB, d.institutionB)}*`;
}

function pairText(d: Introduction): string {
  return `${who(d.personA, d.institutionA)} and ${who(d.personB, d.institutionB)}`;
}

/** DM after the modal is saved. */
export function introductionSavedMessage(d: Introduction): Message {
  const across =
    d.institutionA && d.institutionB && d.institutionA !== d.institutionB
      ? ' A bridge between two institutions. :bridge_at_night:'
      : '';
  const when = d.followUpDueOn
    ? ` I will ask you around ${formatDate(d.followUpDueOn)} whether they met.`
    : '';
  return {
    text: `Recorded your introduction of ${pairText(d)}.`,
    blocks: [
      section(
        `:handshake: Recorded your introduction of ${pair(d)} (${formatDate(d.introducedOn)}).${across}${when}`,
      ),
    ],
  };
}
