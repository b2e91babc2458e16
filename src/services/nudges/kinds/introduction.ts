import type { IntroductionStatus } from '../../../db/schema.js';
import { isOutcome } from '../../../domain/introduction.js';
import { formatDate } from '../../../domain/time.js';
import { findOwnedIntroduction, type IntroductionDetail } from '../../../repositories/introductions.js';
import { listIntroductionsByIds } from '../../../repositories/queries/nudge-context.js';
import { findIntroductionFollowUpsDue } from '../../../repositories/queries/nudge-due.js';
import { userText } from '../../../views/block-kit.js';
import { personLabel } from '../../../views/messages.js';
import { setIntroductionOutcome } from '../../introductions.js';
import { defineKind, owned, rowsBySubject } from '../types.js';

/**
 * Introduction follow-up (issue 5): a week after I introduce two of my people, did they meet?
 * They met / Won't happen close it; Not yet asks again a week later (a new due date, so a new
 * ledger key). Subject: the introduction; due: its follow_up_due_on.
 */

const NAME = 'introduction';

interface Item {
  id: string;
  pair: string;
  introducedOn: string;
  status: IntroductionStatus;
}

function fromRow(row: IntroductionDetail): Item {
  return {
    id: row.id,
    pair: `*${userText(personLabel(row.person_a_name, row.person_a_institution))}* and *${userText(personLabel(row.person_b_name, row.person_b_institution))}*`,
    introducedOn: row.introduced_on,
    status: row.status,
  };
}

export const introductionKind = defineKind<Item>({
  name: NAME,
  setting: {
    word: 'introductions',
    aliases: ['introduction', 'intros', 'intro'],
    label: 'introduction follow-ups',
    defaultOn: true,
  },

  async findDue(db, { window }) {
    const rows = await findIntroductionFollowUpsDue(db, NAME, window.from, window.to);
    return rows.map((r) => ({
      teamId: r.team_id,
      userId: r.organiser_id,
      subjectId: r.id,
      dueOn: r.follow_up_due_on ?? '',
    }));
  },

  async load(db, c) {
    const row = await findOwnedIntroduction(db, c.teamId, c.userId, c.subjectId);
    return row ? fromRow(row) : undefined;
  },

  async loadMany(db, cs) {
    const rows = await rowsBySubject(cs, (team, ids) => listIntroductionsByIds(db, team, ids));
    return cs.map((c) => {
      const row = owned(rows, c);
      return row ? fromRow(row) : undefined;
    });
  },

  card(item, outcome) {
    if (outcome === 'met')
      return { text: `:tada: ${item.pair} met. A relationship your organising made.`, buttons: [] };
    if (outcome === 'wont_happen') {
      return { text: `:ok_hand: Noted: the introduction of ${item.pair} won’t happen.`, buttons: [] };
    }
    if (outcome === 'not_yet') {
      return {
        text: `:hourglass_flowing_sand: Not yet for ${item.pair}: I will ask again in a week.`,
        buttons: [],
      };
    }
    if (outcome) return { text: `:ballot_box_with_check: ${item.pair}.`, buttons: [] };
    return {
      text: `:handshake: You introduced ${item.pair} on ${formatDate(item.introducedOn)}. Did they meet?`,
      buttons: [
        { verb: 'met', label: 'They met', style: 'primary' },
        { verb: 'not_yet', label: 'Not yet' },
        { verb: 'wont_happen', label: 'Won’t happen' },
      ],
    };
  },

  async act(deps, actor, verb, item, _c, local) {
    if (!isOutcome(verb)) return undefined;
    // Owner-checked in the service: someone else's introduction throws NotYoursError.
    await setIntroductionOutcome(deps, actor, item.id, verb, local.today);
    return { outcome: verb };
  },
});
