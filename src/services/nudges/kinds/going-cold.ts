import type { Config } from '../../../config.js';
import { goingColdDays } from '../../../domain/relationship.js';
import { addDays, formatDate } from '../../../domain/time.js';
import { findOwnedPerson } from '../../../repositories/people.js';
import { listPeopleByIds } from '../../../repositories/queries/nudge-context.js';
import { findLastMeetingsOn } from '../../../repositories/queries/nudge-due.js';
import { userText } from '../../../views/block-kit.js';
import { personLabel } from '../../../views/messages.js';
import { type DueCandidate, defineKind, owned, rowsBySubject } from '../types.js';

/**
 * Going cold: someone I met at least twice and have not met for `goingColdWeeks`. One
 * suggestion per cold spell. Subject: the person; due: their last meeting + goingColdWeeks.
 */

/** Days after falling due that a going-cold suggestion may still be sent. */
const LOOKBACK_DAYS = 3;

const NAME = 'going_cold';

const maxDate = (a: string, b: string) => (a > b ? a : b);

interface Item {
  personId: string;
  who: string;
  lastMetOn: string;
}

function fromPerson(
  person: { id: string; name: string; institution_name: string | null },
  c: DueCandidate,
  settings: Config['nudges'],
): Item {
  return {
    personId: person.id,
    who: personLabel(person.name, person.institution_name),
    lastMetOn: addDays(c.dueOn, -goingColdDays(settings.goingColdWeeks)),
  };
}

export const goingColdKind = defineKind<Item>({
  name: NAME,
  setting: {
    word: 'cold',
    aliases: ['going-cold', 'going_cold'],
    label: 'people going cold',
    defaultOn: true,
  },

  async findDue(db, { window, settings }) {
    const coldDays = goingColdDays(settings.goingColdWeeks);
    // A shorter look-back than other kinds: a suggestion to reconnect missed for days (nudges
    // off, the bot stopped) is not worth reading more one-to-ones on every tick.
    const from = maxDate(window.from, addDays(window.to, -(2 + LOOKBACK_DAYS)));
    // The per-person last meeting, found from the other end: one-to-ones held on the few days
    // that are now exactly goingColdWeeks old.
    const rows = await findLastMeetingsOn(db, NAME, addDays(from, -coldDays), addDays(window.to, -coldDays));
    // Two one-to-ones with one person on their last day are one cold spell.
    const seen = new Set<string>();
    return rows.flatMap((r) => {
      const key = `${r.team_id}\u0000${r.person_id}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [
        {
          teamId: r.team_id,
          userId: r.organiser_id,
          subjectId: r.person_id,
          dueOn: addDays(r.met_on, coldDays),
        },
      ];
    });
  },

  async load(db, c, settings) {
    const person = await findOwnedPerson(db, c.teamId, c.userId, c.subjectId);
    return person ? fromPerson(person, c, settings) : undefined;
  },

  async loadMany(db, cs, settings) {
    const people = await rowsBySubject(cs, (team, ids) => listPeopleByIds(db, team, ids));
    return cs.map((c) => {
      const person = owned(people, c);
      return person ? fromPerson(person, c, settings) : undefined;
    });
  },

  card(item, outcome) {
    const who = `*${userText(item.who)}*`;
    if (outcome === 'not_now')
      return { text: `:ok_hand: Not now for ${who}. I won’t ask again this time.`, buttons: [] };
    if (outcome === 'logging') return { text: `:pencil: Logging a one-to-one with ${who}.`, buttons: [] };
    if (outcome) return { text: `:ballot_box_with_check: ${who}.`, buttons: [] };
    return {
      text: `:hourglass: You last met ${who} on ${formatDate(item.lastMetOn)}. Time to reconnect?`,
      buttons: [
        { verb: 'log', label: 'Log a one-to-one', style: 'primary' },
        { verb: 'not_now', label: 'Not now' },
      ],
    };
  },

  async act(_deps, _actor, verb, item) {
    if (verb === 'log') return { outcome: 'logging', openLog: { personId: item.personId } };
    if (verb === 'not_now') return { outcome: 'not_now' };
    return undefined;
  },
});
