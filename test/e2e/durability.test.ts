import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACTION, LOG_BLOCK, REFLECT_BLOCK } from '../../src/interaction-ids.js';
import { dmsTo, openedView, openModalWith, submit } from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A submission is saved before it is acked: once Slack has seen the 200, the row is in the
 * database file, whatever happens to the process next. Read back with a separate connection.
 */

let t: TestApp;
const amy = { user: 'UAMY' };

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
  t.slack.users.set('UAMY', { id: 'UAMY', real_name: 'Amy', tz: 'Europe/London' });
});
afterAll(() => t.stop());

function readFile<T>(sql: string, ...params: unknown[]): T | undefined {
  // A new connection, as after a crash: only what was committed to the file is there.
  const file = new SQLite(t.dbPath, { readonly: true, fileMustExist: true });
  try {
    return file.prepare(sql).get(...params) as T | undefined;
  } finally {
    file.close();
  }
}

it('a log acked with 200 is in the database file', async () => {
  const view = await openModalWith(t, amy);
  // The confirmation DM is sent after the ack: hold it, to read the file in between.
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  t.slack.on('chat.postMessage', async (args) => {
    await held;
    return { ok: true, channel: `D${args.channel}`, ts: '1.000001' };
  });
  const res = await submit(t, amy, view, {
    [LOG_BLOCK.newName]: 'Durable Dora',
    [LOG_BLOCK.mutual]: 'the bus route',
  });
  expect(res.status).toBe(200);
  expect(res.text).toBe('');
  const row = readFile<{ mutual_interests: string; name: string }>(
    `select o.mutual_interests, p.name from one_to_ones o join people p on p.id = o.person_id
     where o.source_view_id = ?`,
    view.id,
  );
  expect(row).toEqual({ mutual_interests: 'the bus route', name: 'Durable Dora' });
  release();
  await t.slack.waitFor(() => dmsTo(t, 'UAMY').length === 1);
});

it('a reflection acked with 200 is in the database file', async () => {
  const id = readFile<{ id: string }>('select id from one_to_ones')!.id;
  const opened = t.slack.callsOf('views.open').length;
  await t.send.blockAction(amy, { action_id: ACTION.reflectNow, value: id });
  const view = await openedView(t, opened + 1);
  const res = await submit(t, amy, view, { [REFLECT_BLOCK.differently]: 'ask about the bus' });
  expect(res.status).toBe(200);
  expect(res.text).toBe('');
  expect(readFile('select differently from reflections where one_to_one_id = ?', id)).toEqual({
    differently: 'ask about the bus',
  });
});

it('the database file is in WAL mode (readers never block the writer)', async () => {
  const file = new SQLite(t.dbPath, { readonly: true });
  try {
    expect(file.pragma('journal_mode', { simple: true })).toBe('wal');
  } finally {
    file.close();
  }
});
