import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { ACTION, LOG_BLOCK, REFLECT_BLOCK } from '../../src/interaction-ids.js';
import { onSqlite } from '../support/db.js';
import { dmsTo, openedView, openModalWith, submit } from '../support/onetoone.js';
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
  const row = await readFile<{ mutual_interests: string; name: string }>(
    `select o.mutual_interests, p.name from one_to_ones o join people p on p.id = o.person_id
     where o.source_view_id = ?`,
    view.id,
  );
  expect(row).toEqual({ mutual_interests: 'the bus route', name: 'Durable Dora' });
  release();
  await t.slack.waitFor(() => dmsTo(t, 'UAMY').length === 1);
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
