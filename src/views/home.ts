import type { Button, HomeView, KnownBlock } from '@slack/types';
import type { HomeData } from '../domain/home.js';
import { nextStepLabel } from '../domain/one-to-one.js';
import { daysBetween, formatDate } from '../domain/time.js';
import { HOME_ACTION } from '../interaction-ids.js';
import { bar } from './bars.js';
import { BLOCK_KIT, context, header, mrkdwn, plain, truncate, userText } from './block-kit.js';
import { personLabel } from './messages.js';

/**
 * The organiser's Home tab: the app's HomeData → Block Kit. A Home view holds at most 100 blocks
 * (BLOCK_KIT.homeBlocks), so every list is capped by the use case and ends with "and N more";
 * `homeView` also refuses to go over the limit whatever it is given.
 */

export const HOME_BLOCKS_MAX = BLOCK_KIT.homeBlocks;

/** Longest next-step note shown under an item. */
const NOTE_SHOWN = 200;

export const PRACTICE_REMINDER =
  ':bulb: A one-to-one: 45–60 minutes, listen two thirds of the time, no notes during, reflect after.';

function button(text: string, actionId: string, value: string, primary = false): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: plain(text, BLOCK_KIT.buttonText),
    // An empty value is left out rather than sent as "".
    ...(value ? { value: truncate(value, BLOCK_KIT.buttonValue) } : {}),
    ...(primary ? { style: 'primary' as const } : {}),
  };
}

function itemSection(markdown: string, accessory: Button): KnownBlock {
  return {
    type: 'section',
    text: mrkdwn(markdown),
    accessory,
  };
}

function who(name: string, institution: string | null): string {
  return `*${userText(personLabel(name, institution))}*`;
}

function more(shown: number, total: number): KnownBlock[] {
  return total > shown ? [context(`and ${total - shown} more.`)] : [];
}

function dueWhen(dueOn: string, today: string): string {
  const late = daysBetween(dueOn, today);
  if (late <= 0) return 'due today';
  return `overdue since ${formatDate(dueOn)}`;
}

function weeksAgo(date: string, today: string): string {
  const weeks = Math.floor(daysBetween(date, today) / 7);
  return `${weeks} week${weeks === 1 ? '' : 's'} ago`;
}

export function homeView(d: HomeData): HomeView {
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

  const blocks: KnownBlock[] = [
    header('Your relational work'),
    itemSection(
      `${headline}\n\`${bar(d.thisWeek, d.goal)}\` ${percent}%`,
      button('Log a one-to-one', HOME_ACTION.log, '', true),
    ),
    context(`${streakText} Change your goal with \`/onetoone goal N\`.`),
    { type: 'divider' },
    header('Next steps due'),
  ];

  if (d.dueSteps.items.length === 0) blocks.push(context('Nothing due today. :white_check_mark:'));
  for (const s of d.dueSteps.items) {
    const note = s.note ? `\n_${userText(truncate(s.note, NOTE_SHOWN))}_` : '';
    blocks.push(
      itemSection(
        `${who(s.personName, s.institutionName)} · ${nextStepLabel(s.kind).toLowerCase()} · ${dueWhen(s.dueOn, d.today)}${note}`,
        button('Done', HOME_ACTION.done, s.oneToOneId),
      ),
    );
  }
  blocks.push(...more(d.dueSteps.items.length, d.dueSteps.total));

  blocks.push({ type: 'divider' }, header('Waiting for a reflection'));
  if (d.unreflected.items.length === 0) blocks.push(context('All reflected. Thank you. :memo:'));
  for (const u of d.unreflected.items) {
    blocks.push(
      itemSection(
        `${who(u.personName, u.institutionName)} · met ${formatDate(u.metOn)}`,
        button('Reflect', HOME_ACTION.reflect, u.oneToOneId),
      ),
    );
  }
  blocks.push(...more(d.unreflected.items.length, d.unreflected.total));

  blocks.push({ type: 'divider' }, header('Going cold'));
  if (d.goingCold.items.length === 0) {
    blocks.push(
      context(`No one you have met twice has gone ${d.goingColdWeeks} weeks without a one-to-one.`),
    );
  }
  for (const c of d.goingCold.items) {
    blocks.push(
      itemSection(
        `${who(c.personName, c.institutionName)} · ${c.meetings} one-to-ones, the last ${formatDate(c.lastMetOn)} (${weeksAgo(c.lastMetOn, d.today)})`,
        button('Log a one-to-one', HOME_ACTION.log, c.personId),
      ),
    );
  }
  blocks.push(...more(d.goingCold.items.length, d.goingCold.total));

  blocks.push({ type: 'divider' }, context(PRACTICE_REMINDER));

  // Callers cap the lists; this guard keeps a bad cap from making Slack refuse the whole view.
  if (blocks.length > HOME_BLOCKS_MAX) {
    blocks.splice(HOME_BLOCKS_MAX - 1, blocks.length, context(PRACTICE_REMINDER));
  }
  return { type: 'home', blocks };
}
