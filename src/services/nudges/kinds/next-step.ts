import type { NextStepKind } from '../../../db/schema.js';
import { nextStepPhrase } from '../../../domain/one-to-one.js';
import { formatDate } from '../../../domain/time.js';
import { findOwnedFollowUp } from '../../../repositories/house-meetings.js';
import { findOwnedOneToOne } from '../../../repositories/one-to-ones.js';
import { listFollowUpsByIds, listOneToOnesByIds } from '../../../repositories/queries/nudge-context.js';
import { findFollowUpsDue, findNextStepsDue } from '../../../repositories/queries/nudge-due.js';
import { userText } from '../../../views/block-kit.js';
import { personLabel } from '../../../views/messages.js';
import { markHouseMeetingFollowUpDone, snoozeHouseMeetingFollowUp } from '../../house-meetings.js';
import { markNextStepDone, snoozeNextStep } from '../../next-steps.js';
import { defineKind, owned, rowsBySubject } from '../types.js';

/**
 * Next step due: on the due date of a one-to-one's agreed next step (subject: the one-to-one),
 * or of a house meeting's follow-up "another meeting" with someone who would like a one-to-one
 * (subject: the follow-up; issue 11: "nudged like any next step", under the same setting).
 * Both ids are random, so one subject id names one or the other.
 */

interface Item {
  /** Where the step lives: a one-to-one's next step, or a house meeting's follow-up. */
  source: 'one_to_one' | 'house_meeting';
  personId: string;
  who: string;
  stepKind: NextStepKind;
  note: string | null;
  dueOn: string | null;
  done: boolean;
}

type FollowUpRow = Awaited<ReturnType<typeof listFollowUpsByIds>>[number];

function fromOneToOne(row: {
  person_id: string;
  person_name: string;
  institution_name: string | null;
  next_step_kind: NextStepKind;
  next_step_note: string | null;
  next_step_due_on: string | null;
  next_step_done_at: string | null;
}): Item {
  return {
    source: 'one_to_one',
    personId: row.person_id,
    who: personLabel(row.person_name, row.institution_name),
    stepKind: row.next_step_kind,
    note: row.next_step_note,
    dueOn: row.next_step_due_on,
    done: Boolean(row.next_step_done_at),
  };
}

function fromFollowUp(f: {
  person_id: string;
  person_name: string;
  institution_name: string | null;
  next_step_kind: NextStepKind;
  due_on: string;
  done_at: string | null;
}): Item {
  return {
    source: 'house_meeting',
    personId: f.person_id,
    who: personLabel(f.person_name, f.institution_name),
    stepKind: f.next_step_kind,
    note: null,
    dueOn: f.due_on,
    done: Boolean(f.done_at),
  };
}

const NAME = 'next_step';

const SNOOZE_DAYS: Record<string, number> = { snooze_3: 3, snooze_7: 7 };

export const nextStepKind = defineKind<Item>({
  name: NAME,
  setting: {
    word: 'steps',
    aliases: ['next-steps', 'next_steps', 'next'],
    label: 'next steps due',
    defaultOn: true,
  },

  async findDue(db, { window }) {
    const [rows, followUps] = await Promise.all([
      findNextStepsDue(db, NAME, window.from, window.to),
      findFollowUpsDue(db, NAME, window.from, window.to),
    ]);
    return [
      ...rows.map((r) => ({
        teamId: r.team_id,
        userId: r.organiser_id,
        subjectId: r.id,
        dueOn: r.next_step_due_on ?? '',
      })),
      ...followUps.map((f) => ({
        teamId: f.team_id,
        userId: f.organiser_id,
        subjectId: f.id,
        dueOn: f.due_on,
      })),
    ];
  },

  async load(db, c) {
    const row = await findOwnedOneToOne(db, c.teamId, c.userId, c.subjectId);
    if (row) return fromOneToOne(row);
    const f = await findOwnedFollowUp(db, c.teamId, c.userId, c.subjectId);
    return f ? fromFollowUp(f) : undefined;
  },

  // One query for the one-to-ones, one for the follow-ups among the rest.
  async loadMany(db, cs) {
    const steps = await rowsBySubject(cs, (team, ids) => listOneToOnesByIds(db, team, ids));
    const rest = cs.filter((c) => !owned(steps, c));
    const followUps =
      rest.length > 0
        ? await rowsBySubject(rest, (team, ids) => listFollowUpsByIds(db, team, ids))
        : new Map<string, FollowUpRow>();
    return cs.map((c) => {
      const row = owned(steps, c);
      if (row) return fromOneToOne(row);
      const f = owned(followUps, c);
      return f ? fromFollowUp(f) : undefined;
    });
  },

  // Done or rescheduled some other way (the Home tab, the record): dealt with.
  settled(item, c) {
    return item.done || item.dueOn !== c.dueOn;
  },

  card(item, outcome) {
    const who = userText(item.who);
    const planned = `${nextStepPhrase(item.stepKind)} with *${who}*`;
    if (outcome === 'done')
      return { text: `:white_check_mark: Done: ${planned}. Well followed up.`, buttons: [] };
    if (outcome?.startsWith('snoozed:')) {
      return {
        text: `:zzz: Snoozed until ${formatDate(outcome.slice('snoozed:'.length))}: ${planned}.`,
        buttons: [],
      };
    }
    if (outcome === 'logging') {
      return { text: `:pencil: Logging your follow-up one-to-one with *${who}*.`, buttons: [] };
    }
    if (outcome) return { text: `:ballot_box_with_check: ${planned}.`, buttons: [] };
    return {
      text: `:calendar: You planned ${planned}${item.dueOn ? `, due ${formatDate(item.dueOn)}` : ''}.`,
      note: item.note ? `Your note: ${userText(item.note)}` : undefined,
      buttons: [
        { verb: 'done', label: 'Done', style: 'primary' },
        { verb: 'snooze_3', label: 'Snooze 3 days' },
        { verb: 'snooze_7', label: 'Snooze 1 week' },
        { verb: 'log', label: 'Log the follow-up one-to-one' },
      ],
    };
  },

  async act(deps, actor, verb, item, c, local) {
    const fromHouseMeeting = item.source === 'house_meeting';
    if (verb === 'done') {
      if (fromHouseMeeting) await markHouseMeetingFollowUpDone(deps, actor, c.subjectId);
      else await markNextStepDone(deps, actor, c.subjectId);
      return { outcome: 'done' };
    }
    const days = SNOOZE_DAYS[verb];
    if (days && item.done) return { outcome: 'done' };
    if (days) {
      const { dueOn } = fromHouseMeeting
        ? await snoozeHouseMeetingFollowUp(deps, actor, c.subjectId, local.today, days)
        : await snoozeNextStep(deps, actor, c.subjectId, local.today, days);
      return { outcome: `snoozed:${dueOn}` };
    }
    if (verb === 'log') {
      return {
        outcome: 'logging',
        openLog: { personId: item.personId, ...(item.note ? { stepNote: item.note } : {}) },
      };
    }
    return undefined;
  },
});
