import { expect } from 'vitest';
import { LOG_BLOCK } from '../../src/interaction-ids.js';
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

/** Submits a modal the app opened, with the given inputs by block id (the rest as opened). */
export function submit(
  t: TestApp,
  actor: Actor,
  record: ViewRecord,
  inputs: Record<string, string | null | undefined>,
): Promise<SlackResponse> {
  return t.send.viewSubmission(actor, asSubmitted(record), stateFor(record.view, inputs));
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

/** Logs a one-to-one with a new person by name, expecting it to be saved; returns its id. */
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
