import { expect } from 'vitest';
import { ACTION, CALLBACK, LOG_BLOCK, LOG_LEARNED_BLOCK } from '../../src/interaction-ids.js';
import type { RecordedCall, ViewRecord } from './fake-slack.js';
import { type Actor, type SlackResponse, stateFor } from './slack-requests.js';
import type { TestApp } from './test-app.js';

/**
 * Steps of the `/onetoone` loop shared by the end-to-end tests: open the modal the app really
 * opens, submit it as Slack would, and find what the app sent back.
 */

/** The view the app opened with the n-th views.open call (waits for it). */
export async function openedView(t: TestApp, n: number): Promise<ViewRecord> {
  const call = await t.slack.waitForCall('views.open', n);
  const record = [...t.slack.views.values()].find((v) => v.trigger_id === call.args.trigger_id);
  if (!record) throw new Error('views.open was called but the fake Slack kept no view');
  return record;
}

/** The opened view as Slack sends it back in a view_submission (with its id and hash). */
export function asSubmitted(record: ViewRecord): Record<string, any> {
  return { ...record.view, id: record.id, hash: record.hash, team_id: 'T0001', type: 'modal' };
}

/** `/onetoone` (or any text that opens a modal) → the modal the app opened. */
export async function openModalWith(t: TestApp, actor: Actor, text = ''): Promise<ViewRecord> {
  const before = t.slack.callsOf('views.open').length;
  const res = await t.send.command(text, actor);
  expect(res.status).toBe(200);
  return openedView(t, before + 1);
}

// string[]: a multi-select or checkboxes (the campaign fields).
type Inputs = Record<string, string | string[] | null | undefined>;

const LEARNED_BLOCKS = new Set<string>(Object.values(LOG_LEARNED_BLOCK));

/**
 * The single form's three "who" fields, given by older tests, as step one's one field: a new name
 * is the search's "New person: <name>", a Slack member its "member:" option.
 */
export function whoInputs(inputs: Inputs): Inputs {
  const { [LOG_BLOCK.newName]: newName, [LOG_BLOCK.slackMember]: member, ...rest } = inputs;
  if (rest[LOG_BLOCK.existingPerson] !== undefined) return rest;
  if (newName !== undefined && newName !== null)
    return { ...rest, [LOG_BLOCK.existingPerson]: `new:${newName}` };
  if (member) return { ...rest, [LOG_BLOCK.existingPerson]: `member:${member}` };
  return rest;
}

/** The label Slack would show for a who option (what the person search answers). */
function whoLabel(value: string): string {
  if (value.startsWith('new:')) return `New person: ${value.slice(4)}`;
  if (value.startsWith('member:')) return `${value.slice(7)} (in this Slack)`;
  return value;
}

/**
 * Chooses someone in step one's who field as Slack would (block_actions, for its
 * dispatch_action) and returns the view the app updated it to (a new person gains institution
 * and role). `inputs` are what the rest of the form holds at that moment.
 */
export async function chooseWho(
  t: TestApp,
  actor: Actor,
  record: ViewRecord,
  value: string,
  inputs: Inputs = {},
): Promise<ViewRecord> {
  const before = t.slack.callsOf('views.update').length;
  const selected = { text: { type: 'plain_text', text: whoLabel(value) }, value };
  const res = await t.send.blockAction(
    actor,
    {
      action_id: ACTION.personSearch,
      block_id: LOG_BLOCK.existingPerson,
      type: 'external_select',
      selected_option: selected,
    },
    {
      view: {
        ...asSubmitted(record),
        state: { values: stateFor(record.view, { ...inputs, [LOG_BLOCK.existingPerson]: value }) },
      },
    },
  );
  expect(res.status).toBe(200);
  await t.slack.waitForCall('views.update', before + 1);
  const updated = t.slack.views.get(record.id);
  if (!updated) throw new Error('views.update was called but the fake Slack kept no view');
  return updated;
}

/**
 * Submits step one of the log modal as an organiser would: the older single form's "who"
 * fields become the one field, a new person's institution and role are typed after choosing
 * them (which brings those fields), and the next step is "None yet" unless given. Returns the
 * answer (step two, `response_action: 'update'`, or the errors) and the view as submitted.
 */
export async function submitStepOne(
  t: TestApp,
  actor: Actor,
  record: ViewRecord,
  given: Inputs,
): Promise<{ res: SlackResponse; view: ViewRecord }> {
  const inputs = whoInputs(given);
  const stepOne = Object.fromEntries(Object.entries(inputs).filter(([k]) => !LEARNED_BLOCKS.has(k)));
  if (!(LOG_BLOCK.nextStepKind in stepOne) && !record.view.private_metadata?.includes('editingId')) {
    stepOne[LOG_BLOCK.nextStepKind] = 'none';
  }
  const who = stepOne[LOG_BLOCK.existingPerson];
  const details = stepOne[LOG_BLOCK.institution] !== undefined || stepOne[LOG_BLOCK.role] !== undefined;
  const hasDetails = record.view.blocks.some((b: any) => b.block_id === LOG_BLOCK.institution);
  let view = record;
  if (details && !hasDetails && typeof who === 'string' && /^(new|member):/.test(who)) {
    view = await chooseWho(t, actor, record, who, stepOne);
  }
  const res = await t.send.viewSubmission(actor, asSubmitted(view), stateFor(view.view, stepOne));
  return { res, view };
}

/**
 * Submits a modal the app opened, with the given inputs by block id (the rest as opened). The
 * log modal is submitted in its two steps (submitStepOne, then step two with whatever of what I
 * learned was given, possibly nothing, as an organiser who saves both); the answer returned is
 * step one's when it refused (field errors), else step two's.
 */
export async function submit(
  t: TestApp,
  actor: Actor,
  record: ViewRecord,
  inputs: Inputs,
): Promise<SlackResponse> {
  if (record.view.callback_id !== CALLBACK.logModal) {
    return t.send.viewSubmission(actor, asSubmitted(record), stateFor(record.view, inputs));
  }
  const { res } = await submitStepOne(t, actor, record, inputs);
  const answer = res.text ? res.json() : undefined;
  if (answer?.response_action !== 'update') return res;
  const learned = Object.fromEntries(Object.entries(inputs).filter(([k]) => LEARNED_BLOCKS.has(k)));
  return submitStepTwo(t, actor, record.id, answer.view, learned);
}

/** Submits step two (the view step one answered with, in the same modal: the same view id). */
export function submitStepTwo(
  t: TestApp,
  actor: Actor,
  viewId: string,
  view: Record<string, any>,
  inputs: Inputs,
): Promise<SlackResponse> {
  return t.send.viewSubmission(
    actor,
    { ...view, id: viewId, hash: `${viewId}-step-two`, team_id: 'T0001', type: 'modal' },
    stateFor(view, inputs),
  );
}

/** Opens the log modal with `/onetoone` and submits it; returns the HTTP answer. */
export async function logOneToOne(
  t: TestApp,
  actor: Actor,
  inputs: Record<string, string | null | undefined>,
): Promise<SlackResponse> {
  const view = await openModalWith(t, actor);
  return submit(t, actor, view, inputs);
}

/**
 * Logs a one-to-one with a new person by name, expecting it to be saved; returns its id. Both
 * steps: step one, then step two with whatever of what I learned `extra` gives.
 */
export async function logNew(
  t: TestApp,
  actor: Actor,
  name: string,
  extra: Record<string, string | null | undefined> = {},
): Promise<string> {
  const view = await openModalWith(t, actor);
  const res = await submit(t, actor, view, { [LOG_BLOCK.newName]: name, ...extra });
  expect(res.status).toBe(200);
  expect(res.text).toBe('');
  // The test clock stands still, so the view the row came from tells rows apart.
  const row = await t.bot.deps.db
    .selectFrom('one_to_ones')
    .select('id')
    .where('source_view_id', '=', view.id)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The n-th response_url post (waits for it). */
export function response(t: TestApp, n: number): Promise<Record<string, any>> {
  return t.slack.waitForResponse(n);
}

/** Every button (action id and value) in a list of blocks. */
export function buttons(blocks: any[] | undefined): { action_id: string; value?: string; text: string }[] {
  const out: { action_id: string; value?: string; text: string }[] = [];
  for (const b of blocks ?? []) {
    const elements = b.type === 'actions' ? b.elements : b.accessory ? [b.accessory] : [];
    for (const e of elements) {
      if (e.type === 'button') out.push({ action_id: e.action_id, value: e.value, text: e.text.text });
    }
  }
  return out;
}

/** All text in a message's blocks, for loose content checks. */
export function blockText(blocks: any[] | undefined): string {
  return JSON.stringify(blocks ?? []);
}

/** A DM the bot sent to a user (chat.postMessage with the user id as channel). */
export function dmsTo(t: TestApp, user: string): RecordedCall[] {
  return t.slack.callsOf('chat.postMessage').filter((c) => c.args.channel === user);
}

/** Counts rows of a table, optionally for one organiser. */
export async function count(
  t: TestApp,
  table: 'one_to_ones' | 'people' | 'reflections' | 'institutions',
  organiser?: string,
): Promise<number> {
  let q = t.bot.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (organiser && table !== 'institutions') q = q.where('organiser_id', '=', organiser);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The Home views published for `user`, oldest first. */
export function homePublishesFor(t: TestApp, user: string): RecordedCall[] {
  return t.slack.callsOf('views.publish').filter((c) => c.args.user_id === user);
}

/**
 * Opens the Home tab as Slack does (`app_home_opened`) and returns the view once it has settled:
 * a refresh still due from an earlier action may publish after this event's own view.
 */
export async function openHomeSettled(t: TestApp, user: string, team = 'T0001'): Promise<any> {
  const before = homePublishesFor(t, user).length;
  const res = await t.send.event(team, { type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' });
  expect(res.status).toBe(200);
  await t.slack.waitFor(() => homePublishesFor(t, user).length > before || undefined);
  let seen = -1;
  while (homePublishesFor(t, user).length !== seen) {
    seen = homePublishesFor(t, user).length;
    await new Promise((r) => setTimeout(r, 200));
  }
  return homePublishesFor(t, user).at(-1)!.args.view;
}
