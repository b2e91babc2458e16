import type { ActionsBlock, Button, HomeView, KnownBlock, ModalView } from '@slack/types';
import {
  type AwaitingIntroduction,
  type AwaitingReflection,
  type DueStep,
  type HomeData,
  relativeDay,
  type Suggestion,
} from '../domain/home.js';
import { nextStepLabel } from '../domain/one-to-one.js';
import { daysBetween, formatDate } from '../domain/time.js';
import { HOME_ACTION } from '../interaction-ids.js';
import { bar } from './bars.js';
import { BLOCK_KIT, context, header, type Message, mrkdwn, plain, truncate, userText } from './block-kit.js';
import { campaignHomeSection } from './campaign-home.js';
import { houseMeetingHomeSection } from './house-meeting-messages.js';
import { leadHomeSection } from './lead-home.js';
import { personLabel } from './messages.js';

/**
 * The organiser's Home tab: the app's HomeData → Block Kit, composed of sections (HOME_SECTIONS),
 * each a pure function of the data that returns its blocks (or none). A feature adds its own
 * section by adding its function to that list. A Home view holds at most 100 blocks
 * (BLOCK_KIT.homeBlocks): every list is capped by the use case and ends with "and N more", and
 * `homeView` also refuses to go over the limit whatever it is given.
 */

export const HOME_BLOCKS_MAX = BLOCK_KIT.homeBlocks;

/** Longest next-step note shown under an item. */
const NOTE_SHOWN = 200;

export const PRACTICE_REMINDER =
  ':bulb: A one-to-one: 45–60 minutes, listen two thirds of the time, no notes during, reflect after.';

/** A section of the Home tab: its blocks for this organiser's data (none to leave it out). */
export type HomeSection = (d: HomeData) => KnownBlock[];

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: plain(text, BLOCK_KIT.buttonText),
    // An empty value is left out rather than sent as "".
    ...(value ? { value: truncate(value, BLOCK_KIT.buttonValue) } : {}),
    ...(style ? { style } : {}),
  };
}

function itemSection(markdown: string, accessory?: Button): KnownBlock {
  return { type: 'section', text: mrkdwn(markdown), ...(accessory ? { accessory } : {}) };
}

function actions(elements: Button[]): ActionsBlock {
  return { type: 'actions', elements };
}

function who(name: string, institution: string | null): string {
  return `*${userText(personLabel(name, institution))}*`;
}

function more(shown: number, total: number, where = ''): KnownBlock[] {
  return total > shown ? [context(`and ${total - shown} more${where}.`)] : [];
}

/** When a next step is due, as a person says it: still open since a date, today, tomorrow, Friday. */
export function whenDue(dueOn: string, today: string): string {
  const day = relativeDay(dueOn, today);
  switch (day.kind) {
    case 'today':
      return 'due today';
    case 'tomorrow':
      return 'due tomorrow';
    case 'weekday':
      return day.past ? `still open since ${formatDate(dueOn)}` : `due ${day.weekday}`;
    case 'yesterday':
      return `still open since ${formatDate(dueOn)}`;
    case 'date':
      return day.past ? `still open since ${formatDate(dueOn)}` : `due ${formatDate(dueOn)}`;
  }
}

/** When a meeting was held: today, yesterday, on Monday, or the date. */
export function whenMet(metOn: string, today: string): string {
  const day = relativeDay(metOn, today);
  switch (day.kind) {
    case 'today':
      return 'today';
    case 'yesterday':
      return 'yesterday';
    case 'weekday':
      return day.past ? `on ${day.weekday}` : formatDate(metOn);
    default:
      return formatDate(metOn);
  }
}

function weeksAgo(date: string, today: string): string {
  const weeks = Math.floor(daysBetween(date, today) / 7);
  return `${weeks} week${weeks === 1 ? '' : 's'} ago`;
}

function stepText(s: DueStep): string {
  return `${who(s.personName, s.institutionName)}: ${nextStepLabel(s.kind).toLowerCase()}`;
}

function noteText(note: string | null): string {
  return note ? `\n_${userText(truncate(note, NOTE_SHOWN))}_` : '';
}

/** A step's Done: a house meeting's follow-up is closed by its own id, a next step by its one-to-one's. */
const doneButton = (s: DueStep, style?: 'primary') =>
  button(
    'Done',
    s.source === 'houseMeeting' ? HOME_ACTION.doneFollowUp : HOME_ACTION.done,
    s.oneToOneId,
    style,
  );

const logButton = (personId = '', style?: 'primary') =>
  button('Log a one-to-one', HOME_ACTION.log, personId, style);

/** The one suggested action at the top, with its button (suggestNext picks it). */
function suggestionBlock(s: Exclude<Suggestion, { kind: 'welcome' }>, today: string): KnownBlock {
  switch (s.kind) {
    case 'reflect': {
      const m = s.meeting;
      return itemSection(
        `:memo: *Next:* reflect on your one-to-one with ${who(m.personName, m.institutionName)} ${whenMet(m.metOn, today)}, while it is fresh. What did you learn about what moves them?`,
        button('Reflect', HOME_ACTION.reflect, m.oneToOneId, 'primary'),
      );
    }
    case 'nextStep':
    case 'upcomingStep':
      return itemSection(
        `:footprints: *Next:* your next step with ${stepText(s.step)}, ${whenDue(s.step.dueOn, today)}.${noteText(s.step.note)}`,
        doneButton(s.step, 'primary'),
      );
    case 'goingCold': {
      const p = s.person;
      return itemSection(
        `:seedling: *Next:* meet ${who(p.personName, p.institutionName)} again. You have met ${p.meetings === 2 ? 'twice' : `${p.meetings} times`}; the last was ${formatDate(p.lastMetOn)}, ${weeksAgo(p.lastMetOn, today)}.`,
        logButton(p.personId, 'primary'),
      );
    }
    case 'goal':
      return itemSection(
        `:dart: *Next:* ${s.remaining} more one-to-one${s.remaining === 1 ? '' : 's'} this week reach${s.remaining === 1 ? 'es' : ''} your goal of ${s.goal}. Who would you like to listen to?`,
        logButton('', 'primary'),
      );
    case 'goalMet':
      return itemSection(
        `:tada: *Goal met:* ${s.thisWeek} of ${s.goal} one-to-ones this week, and nothing pressing. Well done. Who else would you like to listen to?`,
        logButton('', 'primary'),
      );
  }
}

/** Header, then nudges paused (with Resume), then the welcome or the suggested action. */
export const topSection: HomeSection = (d) => {
  const blocks: KnownBlock[] = [header('Your relational work')];
  if (d.pause) {
    blocks.push(
      itemSection(
        `:double_vertical_bar: *Nudges paused until ${formatDate(d.pause.untilOn)}.* I will send you no reminders until then; this tab keeps working as usual.`,
        button('Resume nudges', HOME_ACTION.resume, ''),
      ),
    );
  }
  if (d.suggestion.kind === 'welcome') {
    blocks.push(...welcomeBlocks(d));
  } else {
    blocks.push(suggestionBlock(d.suggestion, d.today));
  }
  return blocks;
};

/** A first open, nothing logged yet: what the bot is for, in the practice's words, and Log. */
function welcomeBlocks(d: HomeData): KnownBlock[] {
  return [
    itemSection(
      '*Welcome.* This is where you keep your one-to-ones: the relational meetings at the heart of organising, a conversation to learn what moves someone (their interests, their stories, what they care about) and whether you might act together.',
      logButton('', 'primary'),
    ),
    itemSection(
      [
        '• *Before:* ask for 45–60 minutes, face to face if you can.',
        '• *During:* listen two thirds of the time, ask why, and take no notes.',
        '• *After:* log it here (who, when, and the next step you agreed) and reflect while it is fresh.',
      ].join('\n'),
    ),
    context(
      `I will keep the follow-ups for you: next steps as they fall due, people to meet again, the introductions you make. What you write stays yours. Your goal is ${d.goal} a week (\`/onetoone goal N\` changes it); \`/onetoone help\` shows everything else.`,
    ),
  ];
}

/** This week against the goal, and the streak. Not on a first open (the welcome says it). */
export const weekSection: HomeSection = (d) => {
  if (d.firstOpen) return [];
  const remaining = Math.max(0, d.goal - d.thisWeek);
  const percent = d.goal > 0 ? Math.round((d.thisWeek / d.goal) * 100) : 0;
  const headline =
    remaining === 0
      ? `*${d.thisWeek} of ${d.goal}* one-to-ones this week. Goal met: well done.`
      : `*${d.thisWeek} of ${d.goal}* one-to-ones this week: ${remaining} to go.`;
  const streakText =
    d.streak === 0
      ? 'No streak yet: reach your weekly goal to start one.'
      : `:fire: *${d.streak}${d.streakCapped ? '+' : ''} week${d.streak === 1 ? '' : 's'}* in a row at your goal.`;
  return [
    { type: 'divider' },
    itemSection(`${headline}\n\`${bar(d.thisWeek, d.goal)}\` ${percent}%`, logButton()),
    context(`${streakText} Change your goal with \`/onetoone goal N\`.`),
  ];
};

/** Open next steps due in the next 7 days, still open ones first, with Done. */
export const dueSection: HomeSection = (d) => {
  if (d.firstOpen) return [];
  const blocks: KnownBlock[] = [{ type: 'divider' }, header('Due in the next 7 days')];
  if (d.dueSteps.items.length === 0) {
    blocks.push(context('Nothing due in the next 7 days. :white_check_mark:'));
  }
  for (const s of d.dueSteps.items) {
    blocks.push(
      itemSection(`${stepText(s)} · ${whenDue(s.dueOn, d.today)}${noteText(s.note)}`, doneButton(s)),
    );
  }
  blocks.push(...more(d.dueSteps.items.length, d.dueSteps.total));
  return blocks;
};

function introductionBlocks(i: AwaitingIntroduction): KnownBlock[] {
  const pair = `${who(i.personA, i.institutionA)} and ${who(i.personB, i.institutionB)}`;
  const asked = i.status === 'not_yet' ? ' Not yet, when you last heard.' : '';
  return [
    itemSection(`You introduced ${pair} on ${formatDate(i.introducedOn)}.${asked} Did they meet?`),
    actions([
      button('They met', HOME_ACTION.introductionMet, i.introductionId, 'primary'),
      button('Not yet', HOME_ACTION.introductionNotYet, i.introductionId),
      button('Won’t happen', HOME_ACTION.introductionWontHappen, i.introductionId),
    ]),
  ];
}

/** Introductions I made, waiting to hear whether they met. */
export const introductionsSection: HomeSection = (d) => {
  if (d.firstOpen) return [];
  const blocks: KnownBlock[] = [{ type: 'divider' }, header('Introductions waiting to hear back')];
  if (d.introductions.items.length === 0) {
    blocks.push(
      context(
        'None waiting. When you introduce two of your people (`/onetoone introduce`), they wait here until you hear whether they met.',
      ),
    );
  }
  for (const i of d.introductions.items) blocks.push(...introductionBlocks(i));
  blocks.push(...more(d.introductions.items.length, d.introductions.total));
  return blocks;
};

/** People going cold (the one going-cold rule), the most recently met first, with Log. */
export const meetAgainSection: HomeSection = (d) => {
  if (d.firstOpen) return [];
  const blocks: KnownBlock[] = [{ type: 'divider' }, header('People to meet again')];
  if (d.goingCold.items.length === 0) {
    blocks.push(
      context(`No one you have met twice has gone ${d.goingColdWeeks} weeks without a one-to-one.`),
    );
  }
  for (const c of d.goingCold.items) {
    blocks.push(
      itemSection(
        `${who(c.personName, c.institutionName)} · ${c.meetings} one-to-ones, the last ${formatDate(c.lastMetOn)} (${weeksAgo(c.lastMetOn, d.today)})`,
        logButton(c.personId),
      ),
    );
  }
  blocks.push(...more(d.goingCold.items.length, d.goingCold.total));
  return blocks;
};

function reflectionBlocks(u: AwaitingReflection, today: string): KnownBlock[] {
  return [
    itemSection(`${who(u.personName, u.institutionName)} · met ${whenMet(u.metOn, today)}`),
    actions([
      button('Reflect', HOME_ACTION.reflect, u.oneToOneId),
      button('No reflection needed', HOME_ACTION.dismissReflection, u.oneToOneId),
    ]),
  ];
}

/** One-to-ones waiting for a reflection, the most recent first, each with Reflect and Dismiss. */
export const reflectionsSection: HomeSection = (d) => {
  if (d.firstOpen) return [];
  const blocks: KnownBlock[] = [{ type: 'divider' }, header('Waiting for a reflection')];
  if (d.unreflected.items.length === 0) blocks.push(context('All reflected. Thank you. :memo:'));
  for (const u of d.unreflected.items) blocks.push(...reflectionBlocks(u, d.today));
  blocks.push(...more(d.unreflected.items.length, d.unreflected.total, ': `/onetoone list` shows them all'));
  return blocks;
};

/** Buttons to what the commands show: people, the power map, stats, settings. */
export const navigationSection: HomeSection = () => [
  { type: 'divider' },
  actions([
    button('People', HOME_ACTION.people, ''),
    button('Map', HOME_ACTION.map, ''),
    button('Stats', HOME_ACTION.stats, ''),
    button('Settings', HOME_ACTION.settings, ''),
  ]),
];

/**
 * The Home tab, top to bottom. A feature with its own Home section adds its function here (and
 * what it needs to HomeData); the 100-block guard in homeView covers every section.
 */
export const HOME_SECTIONS: readonly HomeSection[] = [
  topSection,
  weekSection,
  dueSection,
  introductionsSection,
  meetAgainSection,
  reflectionsSection,
  campaignHomeSection,
  houseMeetingHomeSection,
  leadHomeSection,
  navigationSection,
];

export function homeView(d: HomeData, sections: readonly HomeSection[] = HOME_SECTIONS): HomeView {
  const blocks: KnownBlock[] = sections.flatMap((section) => section(d));
  blocks.push(context(PRACTICE_REMINDER));
  // Callers cap the lists; this guard keeps a bad cap from making Slack refuse the whole view.
  if (blocks.length > HOME_BLOCKS_MAX) {
    blocks.splice(HOME_BLOCKS_MAX - 1, blocks.length, context(PRACTICE_REMINDER));
  }
  return { type: 'home', blocks };
}

/**
 * What a command shows (`/onetoone people`, `map`, `stats`), in a modal opened from the Home tab,
 * which has no response_url to answer under. A message holds at most 50 blocks and a modal 100,
 * so a message's blocks always fit; the title is cut to Slack's 24 characters.
 */
export function homeMessageModal(callbackId: string, title: string, m: Message): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title, BLOCK_KIT.modalTitle),
    close: plain('Close', BLOCK_KIT.modalButton),
    blocks: m.blocks.slice(0, BLOCK_KIT.modalBlocks),
  };
}
