import type { Button, KnownBlock, ModalView } from '@slack/types';
import {
  ACCESS_KIND_LABEL,
  AGENDA_POINTS_MAX,
  type Agenda,
  type EvaluationSchedule,
  type LeadTeamView,
  type OrganiserFigures,
  type ReflectionSharing,
  SHARE_USAGE,
  type SharedOverview,
  type SharedReflection,
  weekdayName,
} from '../domain/lead.js';
import { STAGES } from '../domain/relationship.js';
import { formatDate, toLocal } from '../domain/time.js';
import { ErrorCode, type RefusalCode } from '../errors.js';
import { ACTION, LEAD_ACTION, LEAD_BLOCK, LEAD_CALLBACK } from '../interaction-ids.js';
import { bar } from './bars.js';
import {
  BLOCK_KIT,
  context,
  header,
  type Message,
  mrkdwn,
  plain,
  section,
  truncate,
  userPlainText,
  userText,
} from './block-kit.js';

/**
 * A lead organiser's view and the messages of sharing (issue 12). Everything a lead is shown is
 * drawn from OrganiserFigures, which holds counts, dates and ids only (and themes heard from a
 * campaign's minimum of people); the only words anyone wrote that a lead ever sees are a
 * reflection the organiser shared and the organiser's own agenda points, both through userText.
 */

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: plain(text, BLOCK_KIT.buttonText),
    value: truncate(value, BLOCK_KIT.buttonValue),
    ...(style ? { style } : {}),
  };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function notice(text: string): Message {
  return { text, blocks: [section(text)] };
}

export function scheduleLabel(s: EvaluationSchedule): string {
  return `${weekdayName(s.weekday)}s at ${s.time} (${s.timeZone})`;
}

// ---------------------------------------------------------------------------------------------
// The organiser's commands.

export function shareUsageMessage(problem: 'mention' | 'schedule' | 'unknown' | 'none'): Message {
  const lead =
    problem === 'mention'
      ? 'Choose your lead from Slack’s @-suggestions so I know exactly who they are. '
      : problem === 'schedule'
        ? 'Give a day and a time, e.g. `friday 10:00`. '
        : '';
  return notice(`${lead}${SHARE_USAGE}`);
}

export type InviteReply =
  | { kind: 'invited'; leadId: string; dmSent: boolean }
  | { kind: 'alreadyInvited' | 'alreadyAccepted' | 'inactive' | 'slackUnavailable'; leadId: string }
  | { kind: 'refused'; code: RefusalCode };

export function inviteReplyMessage(r: InviteReply): Message {
  switch (r.kind) {
    case 'invited':
      return notice(
        r.dmSent
          ? `:envelope: I’ve asked <@${r.leadId}> to be your lead organiser. *Nothing is shared until they accept*; then they see your counts only (never a name, never what you wrote). \`/onetoone shared\` shows every time they look; \`/onetoone share stop <@${r.leadId}>\` stops at once.`
          : `I saved your invitation to <@${r.leadId}>, but couldn’t reach them by DM just now. Nothing is shared until they accept; try \`/onetoone share with\` again later.`,
      );
    case 'alreadyInvited':
      return notice(`<@${r.leadId}> has your invitation already; nothing is shared until they accept.`);
    case 'alreadyAccepted':
      return notice(
        `You already share your counts with <@${r.leadId}>. \`/onetoone shared\` shows when they looked.`,
      );
    case 'inactive':
      return notice('That member has left this Slack or was deactivated: choose someone else.');
    case 'slackUnavailable':
      return notice(
        'Slack didn’t answer just now, so I couldn’t check that member. Please try again in a minute.',
      );
    case 'refused':
      return notice(
        r.code === ErrorCode.SelfMember
          ? 'You can’t be your own lead organiser: choose the person who evaluates your work.'
          : r.code === ErrorCode.BotMember
            ? 'That is a bot: choose a person.'
            : 'Sorry, I couldn’t do that.',
      );
  }
}

export function stopReplyMessage(r: { kind: 'stopped' | 'notSharing'; leadId: string }): Message {
  return r.kind === 'stopped'
    ? notice(
        `:white_check_mark: Stopped. <@${r.leadId}> no longer sees your figures or anything you shared, from now on. I’ve let them know kindly.`,
      )
    : notice(`You don’t share your figures with <@${r.leadId}>.`);
}

export type ScheduleReply =
  | { kind: 'set'; schedule: EvaluationSchedule; next: { evalOn: string; at: string }; leadIds: string[] }
  | { kind: 'cleared'; leadIds: string[] }
  | { kind: 'noLead' };

export function scheduleReplyMessage(r: ScheduleReply): Message {
  if (r.kind === 'noLead') {
    return notice(
      'You have no lead organiser yet (or they haven’t accepted): `/onetoone share with @lead` first.',
    );
  }
  const leads = r.leadIds.map((id) => `<@${id}>`).join(', ');
  if (r.kind === 'cleared') return notice(`Your weekly evaluation with ${leads} is off.`);
  return notice(
    `:calendar: Weekly evaluation with ${leads}: ${scheduleLabel(r.schedule)}. Next: ${formatDate(r.next.evalOn)}. An hour before, you both get an agenda built from your counts, and you can add your own points.`,
  );
}

function whenLocal(at: string, timeZone: string): string {
  const l = toLocal(new Date(at), timeZone);
  return `${formatDate(l.date)} ${String(l.hour).padStart(2, '0')}:${String(l.minute).padStart(2, '0')}`;
}

/** `/onetoone shared`: whom I share with, since when, what I shared, and every time they looked. */
export function sharedMessage(o: SharedOverview): Message {
  const blocks: KnownBlock[] = [header('Sharing with a lead organiser')];
  if (o.leads.length === 0) {
    blocks.push(
      section(
        'You share your figures with no one. `/onetoone share with @lead` invites your lead organiser.',
      ),
    );
  }
  for (const l of o.leads) {
    const since = whenLocal(l.since, o.timeZone);
    blocks.push(
      section(
        l.status === 'accepted'
          ? `*<@${l.leadId}>* sees your counts since ${since}.${l.schedule ? ` Evaluation: ${scheduleLabel(l.schedule)}.` : ' No evaluation scheduled (`/onetoone share schedule friday 10:00`).'}\nStop at once: \`/onetoone share stop <@${l.leadId}>\``
          : `*<@${l.leadId}>* has your invitation since ${since} and hasn’t answered: nothing is shared.`,
      ),
    );
  }
  if (o.reflections.length) {
    blocks.push({ type: 'divider' }, section('*Reflections you shared* (read-only for them)'));
    for (const r of o.reflections.slice(0, 10)) {
      blocks.push({
        type: 'section',
        text: mrkdwn(
          `Your reflection on the one-to-one of ${formatDate(r.metOn)}, with <@${r.leadId}> since ${whenLocal(r.sharedAt, o.timeZone)}`,
        ),
        accessory: button('Stop sharing', LEAD_ACTION.unshareReflection, r.reflectionId, 'danger'),
      });
    }
  }
  blocks.push({ type: 'divider' }, section('*When they looked*'));
  if (o.access.length === 0) blocks.push(context('Nobody has looked at your figures yet.'));
  else {
    blocks.push(
      section(
        o.access
          .map((a) => `• ${whenLocal(a.at, o.timeZone)}: <@${a.leadId}> saw ${ACCESS_KIND_LABEL[a.what]}`)
          .join('\n'),
      ),
    );
  }
  blocks.push(
    context(
      `Times in your zone (${o.timeZone}). Your lead sees counts only: never a name, never what you wrote.`,
    ),
  );
  return { text: 'Sharing with a lead organiser', blocks: blocks.slice(0, BLOCK_KIT.messageBlocks) };
}

// ---------------------------------------------------------------------------------------------
// The invitation and what each of the pair is told.

export function leadInviteMessage(d: { organiserId: string; shareId: string }): Message {
  const text = `<@${d.organiserId}> asks you to be their lead organiser.`;
  return {
    text,
    blocks: [
      section(
        `:wave: ${text}\nIf you accept, you see their *counts only*: one-to-ones against their goal, next steps, reflections waiting, people moving up the ladder, introductions, house meetings and campaign themes. Never a person’s name, never anything they wrote, unless they share a reflection with you themselves. They see every time you look, and can stop at any time.`,
      ),
      {
        type: 'actions',
        block_id: 'lead_invite',
        elements: [
          button('Accept', LEAD_ACTION.accept, d.shareId, 'primary'),
          button('Decline', LEAD_ACTION.decline, d.shareId),
        ],
      },
    ],
  };
}

/** The invitation DM, redrawn after the lead answered (no stale buttons). */
export function invitationAnsweredMessage(r: {
  kind: 'accepted' | 'declined' | 'unchanged';
  organiserId: string;
}): Message {
  switch (r.kind) {
    case 'accepted':
      return notice(
        `:handshake: You are <@${r.organiserId}>’s lead organiser. \`/onetoone team\` (and your Home tab) shows their figures; they see each time you look.`,
      );
    case 'declined':
      return notice(`You declined. <@${r.organiserId}> shares nothing with you; I’ve let them know.`);
    case 'unchanged':
      return notice('This invitation has been answered, or withdrawn, already.');
  }
}

export function organiserToldAnswerMessage(d: { leadId: string; accepted: boolean }): Message {
  return d.accepted
    ? notice(
        `:handshake: <@${d.leadId}> accepted: from now on they see your counts (never names, never what you wrote). \`/onetoone shared\` shows each time they look; \`/onetoone share schedule friday 10:00\` sets your weekly evaluation.`,
      )
    : notice(
        `<@${d.leadId}> declined your invitation, so nothing is shared. You can ask someone else with \`/onetoone share with @lead\`.`,
      );
}

export function leadToldStoppedMessage(d: { organiserId: string; wasAccepted: boolean }): Message {
  return d.wasAccepted
    ? notice(
        `<@${d.organiserId}> has stopped sharing their figures with you. Thank you for walking with them; they can invite you again whenever they like.`,
      )
    : notice(`<@${d.organiserId}> withdrew their invitation to be their lead. Nothing was shared.`);
}

export function leadToldScheduleMessage(d: {
  organiserId: string;
  schedule: EvaluationSchedule | null;
}): Message {
  return d.schedule
    ? notice(
        `:calendar: <@${d.organiserId}> set your weekly evaluation: ${scheduleLabel(d.schedule)}. You both get an agenda an hour before.`,
      )
    : notice(`<@${d.organiserId}> turned your weekly evaluation off.`);
}

// ---------------------------------------------------------------------------------------------
// Sharing one reflection.

export function shareOfferMessage(d: { oneToOneId: string; leadIds: string[] }): Message {
  const leads = d.leadIds.map((id) => `<@${id}>`).join(', ');
  const text = 'Your reflection is saved. Only you can read it.';
  return {
    text,
    blocks: [
      section(
        `:memo: ${text} If you’d like to talk it through, you can share *this one* with ${leads} (read-only; you can stop sharing it at any time in \`/onetoone shared\`). The person’s name and your notes stay yours.`,
      ),
      {
        type: 'actions',
        block_id: 'lead_share_offer',
        elements: [button('Share with my lead', LEAD_ACTION.shareReflection, d.oneToOneId)],
      },
    ],
  };
}

/**
 * In the reflection modal, reopened on a saved reflection: who can read it, with Share or Stop
 * sharing beside it. The buttons redraw the modal (the typed text stays: same input blocks).
 */
export function reflectionSharingBlocks(s: ReflectionSharing): KnownBlock[] {
  const names = (ids: string[]) => ids.map((id) => `<@${id}>`).join(', ');
  if (s.sharedWith.length > 0) {
    return [
      { type: 'divider' },
      {
        type: 'section',
        block_id: LEAD_BLOCK.reflectionSharing,
        text: mrkdwn(
          `:eyes: *Shared with ${names(s.sharedWith)}*: they can read this reflection as you save it (read-only), nothing else of yours.`,
        ),
        accessory: button('Stop sharing', LEAD_ACTION.unshareInModal, s.oneToOneId, 'danger'),
      },
    ];
  }
  return [
    { type: 'divider' },
    {
      type: 'section',
      block_id: LEAD_BLOCK.reflectionSharing,
      text: mrkdwn(
        `:lock: Only you can read this reflection. You can share *this one* with ${names(s.leadIds)} (read-only; stop at any time). The person’s name and your notes stay yours.`,
      ),
      accessory: button('Share with my lead', LEAD_ACTION.shareInModal, s.oneToOneId),
    },
  ];
}

export function reflectionShareReply(r: { kind: 'shared'; leadIds: string[] } | { kind: 'noLead' }): Message {
  if (r.kind === 'noLead') {
    return notice('You don’t share with a lead organiser now, so nothing was shared.');
  }
  return notice(
    `:white_check_mark: Shared this reflection with ${r.leadIds.map((id) => `<@${id}>`).join(', ')}: they can read it, nothing else. \`/onetoone shared\` to stop sharing it.`,
  );
}

export function unshareReply(r: { kind: 'unshared' | 'notShared' }): Message {
  return notice(
    r.kind === 'unshared' ? 'Stopped sharing that reflection, from now on.' : 'That reflection isn’t shared.',
  );
}

export function sharedReflectionsModal(d: {
  organiserId: string;
  reflections: SharedReflection[];
}): ModalView {
  const blocks: KnownBlock[] = [
    context(`Shared with you by <@${d.organiserId}>, read-only. They can stop sharing at any time.`),
  ];
  const parts: [string, keyof SharedReflection][] = [
    ['What I learned about their motivations', 'motivations'],
    ['How they might contribute', 'contribution'],
    ['What I would do differently', 'differently'],
  ];
  for (const r of d.reflections) {
    blocks.push({ type: 'divider' }, section(`*Reflection on a one-to-one of ${formatDate(r.metOn)}*`));
    for (const [label, key] of parts) {
      const value = r[key];
      if (value) blocks.push(section(`_${label}_\n${userText(value)}`));
    }
    if (r.depth) blocks.push(context(`How deep: ${userText(r.depth.replace(/_/g, ' '))}`));
  }
  return {
    type: 'modal',
    callback_id: LEAD_CALLBACK.shared,
    title: plain('Shared reflection', BLOCK_KIT.modalTitle),
    close: plain('Close', BLOCK_KIT.modalButton),
    blocks: blocks.slice(0, BLOCK_KIT.modalBlocks),
  };
}

// ---------------------------------------------------------------------------------------------
// The lead's view.

function ladderLine(f: OrganiserFigures): string {
  const stages = STAGES.map((s) => `${s.label.toLowerCase()} ${f.ladder[s.value]}`).join(' · ');
  const moved = f.movedUp.metAgain + f.movedUp.introduced + f.movedUp.action;
  return `Ladder: ${stages}${moved ? ` · *${moved} moved up this week*` : ''}`;
}

function chart(f: OrganiserFigures): string {
  return f.weeks.map((w) => `${w.held}`).join(' · ');
}

/** Everything the lead sees of one organiser: counts only. */
export function figuresText(f: OrganiserFigures): string {
  const lines = [
    `*<@${f.organiserId}>*: *${f.thisWeek} of ${f.goal}* this week \`${bar(f.thisWeek, f.goal)}\``,
    `Last ${f.weeks.length} weeks: ${chart(f)}`,
    `Next steps: ${f.nextSteps.dueThisWeek} due this week · *${f.nextSteps.stillOpen} still open past due* · ${f.nextSteps.doneThisWeek} done this week`,
    `Reflections waiting: ${f.reflectionsPending} · House meetings: ${f.houseMeetings.thisWeek} this week (${f.houseMeetings.inWeeks} in ${f.weeks.length} weeks)`,
    ladderLine(f),
    `Introductions (${f.weeks.length} weeks): ${f.introductions.made} made, ${f.introductions.met} met`,
  ];
  if (f.themes.length) {
    lines.push(
      `Themes heard: ${f.themes
        .slice(0, 5)
        .map((t) => `${userText(truncate(t.label, 60))} (${plural(t.people, 'person', 'people')})`)
        .join(' · ')}`,
    );
  }
  return lines.join('\n');
}

/** `/onetoone team`: one section per organiser who shares with me, with their shared reflections. */
export function teamMessage(v: LeadTeamView): Message {
  if (v.rows.length === 0) {
    return notice(
      'No organiser shares their figures with you. An organiser invites their lead with `/onetoone share with @you`, and you accept in a DM.',
    );
  }
  const blocks: KnownBlock[] = [header('Your organisers this week')];
  for (const f of v.rows) {
    blocks.push({
      type: 'section',
      text: mrkdwn(figuresText(f)),
      ...(f.sharedReflections
        ? {
            accessory: button(
              f.sharedReflections === 1 ? 'Shared reflection' : `${f.sharedReflections} shared reflections`,
              LEAD_ACTION.readShared,
              f.organiserId,
            ),
          }
        : {}),
    });
  }
  if (v.more) blocks.push(context(`and ${v.more} more organisers.`));
  blocks.push(
    context(
      'Counts only, in each organiser’s own week. Each organiser sees that you looked, and can stop sharing at any time.',
    ),
  );
  return { text: 'Your organisers this week', blocks: blocks.slice(0, BLOCK_KIT.messageBlocks) };
}

// ---------------------------------------------------------------------------------------------
// The weekly evaluation.

export function agendaMessage(a: Agenda, recipient: 'organiser' | 'lead'): Message {
  const f = a.figures;
  const when = `${formatDate(a.evalOn)} at ${a.schedule.time} (${a.schedule.timeZone})`;
  const title =
    recipient === 'organiser'
      ? `Your evaluation with <@${a.leadId}>: ${when}`
      : `Evaluation with <@${a.organiserId}>: ${when}`;
  const moved = f.movedUp.metAgain + f.movedUp.introduced + f.movedUp.action;
  const agenda = [
    `1. *The week against the goal*: ${f.thisWeek} of ${f.goal} \`${bar(f.thisWeek, f.goal)}\` (last weeks: ${chart(f)})`,
    `2. *Next steps still open past due*: ${f.nextSteps.stillOpen} (${f.nextSteps.dueThisWeek} due this week, ${f.nextSteps.doneThisWeek} done)`,
    `3. *One-to-ones not yet reflected on*: ${f.reflectionsPending}`,
    `4. *Moving up the ladder this week*: ${moved ? `${f.movedUp.metAgain} met again, ${f.movedUp.introduced} introduced to others, ${f.movedUp.action} in an action` : 'no moves yet'}`,
    `5. *Top themes*: ${
      f.themes.length
        ? f.themes
            .slice(0, 3)
            .map((t) => `${userText(truncate(t.label, 60))} (${t.people})`)
            .join(', ')
        : 'none above the campaign’s minimum'
    }`,
  ].join('\n');
  const blocks: KnownBlock[] = [section(`:calendar: ${title}`), section(agenda)];
  if (a.points) {
    blocks.push(
      section(
        `*${recipient === 'organiser' ? 'Your points for' : `<@${a.organiserId}>’s points for`} this evaluation*\n${userText(truncate(a.points, AGENDA_POINTS_MAX))}`,
      ),
    );
  }
  if (recipient === 'organiser') {
    blocks.push(
      {
        type: 'actions',
        block_id: 'lead_agenda',
        elements: [
          button(
            a.points ? 'Edit my points' : 'Add my points',
            LEAD_ACTION.addPoints,
            `${a.shareId}|${a.evalOn}`,
          ),
        ],
      },
      context(
        `What you add is shown to <@${a.leadId}>: it is written for them. Everything else here is counts.`,
      ),
    );
  } else {
    blocks.push(context('Counts only. The organiser may add their own points before you meet.'));
  }
  return { text: recipient === 'organiser' ? 'Your evaluation agenda' : 'Evaluation agenda', blocks };
}

export function agendaPointsModal(d: {
  shareId: string;
  evalOn: string;
  leadId: string;
  points: string | null;
}): ModalView {
  return {
    type: 'modal',
    callback_id: LEAD_CALLBACK.points,
    title: plain('My points', BLOCK_KIT.modalTitle),
    submit: plain('Save', BLOCK_KIT.modalButton),
    close: plain('Cancel', BLOCK_KIT.modalButton),
    private_metadata: JSON.stringify({ shareId: d.shareId, evalOn: d.evalOn }),
    blocks: [
      section(`For your evaluation of ${formatDate(d.evalOn)} with <@${d.leadId}>.`),
      {
        type: 'input',
        block_id: LEAD_BLOCK.points,
        optional: true,
        label: plain('What I want to talk about'),
        hint: plain('Shown to your lead: write only what you want them to read. Leave empty to remove.'),
        element: {
          type: 'plain_text_input',
          action_id: ACTION.input,
          multiline: true,
          max_length: AGENDA_POINTS_MAX,
          ...(d.points ? { initial_value: userPlainText(d.points) } : {}),
        },
      },
    ],
  };
}

/** Reads the points modal's metadata; undefined for anything but our own shape. */
export function decodePointsMetadata(raw: unknown): { shareId: string; evalOn: string } | undefined {
  if (typeof raw !== 'string' || raw.length > BLOCK_KIT.privateMetadata) return undefined;
  try {
    const v = JSON.parse(raw) as { shareId?: unknown; evalOn?: unknown };
    if (typeof v.shareId !== 'string' || typeof v.evalOn !== 'string') return undefined;
    if (v.shareId.length > 100 || !/^\d{4}-\d{2}-\d{2}$/.test(v.evalOn)) return undefined;
    return { shareId: v.shareId, evalOn: v.evalOn };
  } catch {
    return undefined;
  }
}
