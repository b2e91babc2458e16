import type { KnownBlock } from '@slack/types';
import type { IntroductionStatus } from '../db/schema.js';
import { formatDate } from '../domain/time.js';
import { FORGET_ACTION } from '../interaction-ids.js';
import { BLOCK_KIT, context, escapeMrkdwn, type Message, plain, section } from './block-kit.js';
import { notice, personLabel } from './messages.js';

/**
 * Messages for the organiser's control of their data (export, forget, retention) and for
 * introductions. All of these go to the organiser alone (ephemeral or their DM): names appear
 * here, never in a channel.
 */

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

// ---- export -------------------------------------------------------------------------------

export interface ExportSummary {
  oneToOnes: number;
  reflections: number;
  people: number;
  introductions: number;
}

export function exportStartedNotice(): Message {
  return notice(':inbox_tray: Preparing your export: it will arrive in your DM with me in a moment.');
}

export function exportFailedNotice(): Message {
  return notice(
    'Sorry, I could not upload your export just now. Please try `/onetoone export` again in a minute.',
  );
}

/** The comment posted with the files in the organiser's DM. */
export function exportComment(c: ExportSummary): string {
  return [
    `Your one-to-one data: ${plural(c.oneToOnes, 'one-to-one')}, ${plural(c.reflections, 'reflection')}, ${plural(c.people, 'person', 'people')}, ${plural(c.introductions, 'introduction')}.`,
    'One CSV file per kind, UTF-8, one header row each; rows link by their id columns.',
    "Cells that begin with = + - or @ start with an added ' so spreadsheets show them as text rather than running them as formulas.",
    'These files hold private notes: keep them somewhere safe.',
  ].join('\n');
}

// ---- forget -------------------------------------------------------------------------------

export interface ForgetPreviewData {
  personId: string;
  name: string;
  institution: string | null;
  oneToOnes: number;
  reflections: number;
  nextSteps: number;
  introductions: number;
  nudges: number;
}

/** The confirmation, naming exactly what will go, with Confirm / Cancel. */
export function forgetConfirmMessage(d: ForgetPreviewData): Message {
  const who = escapeMrkdwn(personLabel(d.name, d.institution));
  const items = [
    `• the person *${who}*`,
    `• ${plural(d.oneToOnes, 'one-to-one')}`,
    `• ${plural(d.reflections, 'reflection')}`,
    `• ${plural(d.nextSteps, 'next step')}`,
    `• ${plural(d.introductions, 'introduction')} they are part of`,
    `• ${plural(d.nudges, 'pending nudge')}`,
  ];
  const text = `Forget ${personLabel(d.name, d.institution)}? This deletes everything you recorded about them.`;
  const blocks: KnownBlock[] = [
    section(`:warning: *Forget ${who}?* This permanently deletes:\n${items.join('\n')}`),
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
    `You have no one called “${escapeMrkdwn(query)}” among your people. \`/onetoone list\` shows who you have met.`,
  );
}

/** Several of my people match: list them (name and institution) and ask for more. */
export function forgetAmbiguousNotice(
  query: string,
  people: { name: string; institution: string | null }[],
): Message {
  const lines = people.map(
    (p) => `• \`/onetoone forget ${escapeMrkdwn(personLabel(p.name, p.institution))}\``,
  );
  const text = `More than one of your people matches “${query}”. Be more specific:`;
  return {
    text,
    blocks: [
      section(
        `More than one of your people matches “${escapeMrkdwn(query)}”. Be more specific, for example:`,
      ),
      section(lines.join('\n')),
    ],
  };
}

export interface ForgetDoneData {
  name: string;
  oneToOnes: number;
  reflections: number;
  nextSteps: number;
  introductions: number;
  nudges: number;
}

export function forgetDoneMessage(d: ForgetDoneData): Message {
  return notice(
    `:wastebasket: Forgotten: ${escapeMrkdwn(d.name)}, with ${plural(d.oneToOnes, 'one-to-one')}, ${plural(d.reflections, 'reflection')}, ${plural(d.nextSteps, 'next step')}, ${plural(d.introductions, 'introduction')} and ${plural(d.nudges, 'nudge')}.`,
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

export function retentionStatusNotice(months: number | null): Message {
  return notice(
    months === null
      ? 'Retention is *off*: one-to-one text is kept until its author deletes it. Workspace admins can set it with `/onetoone retention N` (months).'
      : `Retention is *${plural(months, 'month')}*: the text of one-to-ones, reflections and introductions older than that is blanked every night (the records and counts stay). Admins can change it with \`/onetoone retention N\` or \`/onetoone retention off\`.`,
  );
}

export function retentionChangedNotice(months: number | null, previous: number | null): Message {
  const was = previous === null ? 'off' : plural(previous, 'month');
  return notice(
    months === null
      ? `Retention is now *off* (was ${was}): text is kept. Text already blanked cannot come back.`
      : `Retention is now *${plural(months, 'month')}* (was ${was}). Tonight, the text of one-to-ones, reflections and introductions from before then is blanked for everyone in this workspace; dates and counts stay.`,
  );
}

export function retentionRefusedNotice(reason: 'not_admin' | 'unknown'): Message {
  return notice(
    reason === 'not_admin'
      ? 'Only workspace admins and owners can change retention, because it erases everyone’s old notes. `/onetoone retention` shows the current setting.'
      : 'Sorry, I could not check your Slack role just now, so nothing changed. Please try again in a minute.',
  );
}

// ---- introductions ------------------------------------------------------------------------

export interface IntroductionData {
  id: string;
  personA: string;
  institutionA: string | null;
  personB: string;
  institutionB: string | null;
  introducedOn: string;
  status: IntroductionStatus;
  followUpDueOn: string | null;
}

function pair(d: IntroductionData): string {
  return `*${escapeMrkdwn(personLabel(d.personA, d.institutionA))}* and *${escapeMrkdwn(personLabel(d.personB, d.institutionB))}*`;
}

function pairText(d: IntroductionData): string {
  return `${personLabel(d.personA, d.institutionA)} and ${personLabel(d.personB, d.institutionB)}`;
}

/** DM after the modal is saved. */
export function introductionSavedMessage(d: IntroductionData): Message {
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
