import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { ACTION, LOG_BLOCK, REFLECT_BLOCK } from '../../src/interaction-ids.js';
import { onSqlite } from '../support/db.js';
import {
  dmsTo,
  openedView,
  openModalWith,
  submit,
  submitStepOne,
  submitStepTwo,
} from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A submission is saved before it is acked: once Slack has seen the 200, the row is in the
 * database (file or server), whatever happens to the process next. Read back with a separate
 * connection, on SQLite and PostgreSQL alike.
 */

let t: TestApp;
const amy = { user: 'UAMY' };

beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
  t.slack.users.set('UAMY', { id: 'UAMY', real_name: 'Amy', tz: 'Europe/London' });
});
afterAll(() => t.stop());

/** `?` marks a parameter, in order (written once for both databases' placeholders). */
async function readFile<T>(query: string, ...params: unknown[]): Promise<T | undefined> {
  // A new connection, as after a crash: only what was committed is there.
  const other = openDatabase(t.databaseUrl, { poolSize: 1 });
  try {
    const parts = query.split('?');
    const statement = sql.join(
      parts.map((part, i) => (i < params.length ? sql`${sql.raw(part)}${params[i]}` : sql.raw(part))),
      sql``,
    );
    return (await sql<T>`${statement}`.execute(other)).rows[0];
  } finally {
    await other.destroy();
  }
}

it('a log acked with 200 is in the database file, each step when Slack has its answer', async () => {
  const view = await openModalWith(t, amy);
  // Step one: on disk before the ack that puts step two in its place.
  const { res } = await submitStepOne(t, amy, view, { [LOG_BLOCK.newName]: 'Durable Dora' });
  expect(res.status).toBe(200);
  expect(res.json().response_action).toBe('update');
  const row = await readFile<{ met_on: string; name: string }>(
    `select o.met_on, p.name from one_to_ones o join people p on p.id = o.person_id
     where o.source_view_id = ?`,
    view.id,
  );
  expect(row).toEqual({ met_on: '2026-11-25', name: 'Durable Dora' });
  // Step two: on disk before the ack that closes the modal.
  const done = await submitStepTwo(t, amy, view.id, res.json().view, { [LOG_BLOCK.mutual]: 'the bus route' });
  expect(done.text).toBe('');
  const learned = await readFile<{ mutual_interests: string }>(
    'select mutual_interests from one_to_ones where source_view_id = ?',
    view.id,
  );
  expect(learned).toEqual({ mutual_interests: 'the bus route' });
  // No confirmation DM per log.
  expect(dmsTo(t, 'UAMY')).toHaveLength(0);
});

it('a reflection acked with 200 is in the database file', async () => {
  const id = (await readFile<{ id: string }>('select id from one_to_ones'))!.id;
  const opened = t.slack.callsOf('views.open').length;
  await t.send.blockAction(amy, { action_id: ACTION.reflectNow, value: id });
  const view = await openedView(t, opened + 1);
  const res = await submit(t, amy, view, { [REFLECT_BLOCK.differently]: 'ask about the bus' });
  expect(res.status).toBe(200);
  expect(res.text).toBe('');
  expect(await readFile('select differently from reflections where one_to_one_id = ?', id)).toEqual({
    differently: 'ask about the bus',
  });
});

// SQLite only: PostgreSQL has no journal mode to choose (its readers never block writers).
it.runIf(onSqlite)('the database file is in WAL mode (readers never block the writer)', async () => {
  const file = new SQLite(t.databaseUrl, { readonly: true });
  try {
    expect(file.pragma('journal_mode', { simple: true })).toBe('wal');
  } finally {
    file.close();
  }
});
