import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameKey, newId } from '../../src/domain/keys.js';
import { ACTION, IMPORT_ACTION, IMPORT_BLOCK, IMPORT_CALLBACK } from '../../src/interaction-ids.js';
import { retentionJob } from '../../src/jobs/retention.js';
import { applyImport } from '../../src/services/import.js';
import { asSubmitted, blockText, buttons, dmsTo, openModalWith } from '../support/onetoone.js';
import type { Actor } from '../support/slack-requests.js';
import { BOT_TOKEN, startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 12, import from a spreadsheet: `/onetoone import` (the modal's file_input) and a CSV
 * shared in the bot's DM, the dry run's summary, Import and Cancel, idempotency, merges, bad
 * input, crafted payloads and ids, SSRF, and privacy. The round trip through `/onetoone export`
 * is test/e2e/import-round-trip.test.ts.
 */

const A: Actor = { user: 'UAAA0001' };
const B: Actor = { user: 'UBBB0002' };

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ now: '2026-11-25T12:00:00Z' });
  for (const u of [A, B]) t.slack.users.set(u.user, { id: u.user, tz: 'Europe/London' });
});
afterAll(() => t.stop());

const db = () => t.bot.deps.db;
const NOW_ISO = '2026-11-25T12:00:00.000Z';

type Hosted = Record<string, any>;

function host(name: string, content: string | Buffer, meta: Record<string, string> = {}): Hosted {
  return t.slack.hostFile(content, { name, ...meta });
}

/** The summary DM the bot sends after the n-th DM so far to `actor`. */
async function nextDm(actor: Actor, before: number): Promise<Record<string, any>> {
  const call = await t.slack.waitFor(() => dmsTo(t, actor.user)[before], 10_000);
  return call.args;
}

/** `/onetoone import`, then submits the modal with these files; returns the summary DM. */
async function importViaModal(actor: Actor, files: Hosted[]): Promise<Record<string, any>> {
  const view = await openModalWith(t, actor, 'import');
  const before = dmsTo(t, actor.user).length;
  const res = await submitFiles(actor, view, files);
  expect(res.status).toBe(200);
  expect(res.text).toBe('');
  return nextDm(actor, before);
}

function submitFiles(
  actor: Actor,
  view: { view: Record<string, any>; id: string; hash: string },
  files: Hosted[],
) {
  return t.send.viewSubmission(actor, asSubmitted(view as any), {
    [IMPORT_BLOCK.files]: { [ACTION.input]: { type: 'file_input', files } },
  });
}

/** Shares files in the bot's DM (a message.im event, subtype file_share); returns the summary DM. */
async function importViaDm(actor: Actor, files: Hosted[]): Promise<Record<string, any>> {
  const before = dmsTo(t, actor.user).length;
  const res = await t.send.event('T0001', {
    type: 'message',
    subtype: 'file_share',
    channel: `D${actor.user}`,
    channel_type: 'im',
    user: actor.user,
    text: '',
    ts: `${Date.now() / 1000}`,
    files,
    upload: true,
  });
  expect(res.status).toBe(200);
  return nextDm(actor, before);
}

/** Presses a button of the summary; returns what replaced the message (or was said ephemerally). */
async function press(actor: Actor, actionId: string, value: string): Promise<Record<string, any>> {
  const n = t.slack.responses.length;
  const res = await t.send.blockAction(actor, { action_id: actionId, value });
  expect(res.status).toBe(200);
  return t.slack.waitForResponse(n + 1, 10_000);
}

function importIdOf(summary: Record<string, any>): string {
  const b = buttons(summary.blocks).find((x) => x.action_id === IMPORT_ACTION.apply);
  if (!b?.value) throw new Error(`no Import button in: ${blockText(summary.blocks)}`);
  return b.value;
}

async function counts(organiser: string) {
  const n = async (table: 'people' | 'one_to_ones' | 'reflections') =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('organiser_id', '=', organiser)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    people: await n('people'),
    oneToOnes: await n('one_to_ones'),
    reflections: await n('reflections'),
  };
}

async function seedPerson(
  organiser: string,
  name: string,
  institution: string | null,
  slack: string | null = null,
) {
  let institutionId: string | null = null;
  if (institution) {
    institutionId = newId();
    await db()
      .insertInto('institutions')
      .values({
        id: institutionId,
        team_id: 'T0001',
        name: institution,
        name_key: nameKey(institution),
        created_at: NOW_ISO,
      })
      .onConflict((oc) => oc.columns(['team_id', 'name_key']).doNothing())
      .execute();
    institutionId = (
      await db()
        .selectFrom('institutions')
        .select('id')
        .where('name_key', '=', nameKey(institution))
        .executeTakeFirstOrThrow()
    ).id;
  }
  const id = newId();
  await db()
    .insertInto('people')
    .values({
      id,
      team_id: 'T0001',
      organiser_id: organiser,
      name,
      name_key: nameKey(name),
      institution_id: institutionId,
      institution_key: institution ? nameKey(institution) : '',
      role: null,
      slack_user_id: slack,
      created_at: NOW_ISO,
      updated_at: NOW_ISO,
    })
    .execute();
  return id;
}

const MARK = 'MARKER-private-7f3a';

const TRACKER = [
  'Name,Organisation,Role,Date met,Minutes,Notes,Next step,Due date,Phone',
  `Amina Okafor,Riverside School,Teacher,2026-11-20,50,"${MARK} notes, with a comma",Introduce her to the union,2026-12-01,07700 900123`,
  `Ben Cole,St Mary's Church,,21/11/2026,1h,"Two lines\r\n${MARK} second line",,,`,
  'ben cole,ST MARY\'S CHURCH,,22/11/2026,45,=HYPERLINK("http://evil.example/x"),Coffee again,,',
  ',No Name,,2026-11-20,45,,,,',
  'Future Fay,,,2026-12-24,45,,,,',
  'Bad Date,,,last tuesday,45,,,,',
  'Short Sam,,,2026-11-20,2,,,,',
  `Long Lou,,,2026-11-20,45,${'x'.repeat(3001)},,,`,
].join('\r\n');

describe('/onetoone import: the modal, the dry run, Import', () => {
  let summary: Record<string, any>;
  let importId: string;

  it('opens a modal with a CSV file_input', async () => {
    const view = await openModalWith(t, A, 'import');
    expect(view.view.callback_id).toBe(IMPORT_CALLBACK);
    const input = view.view.blocks.find((b: any) => b.block_id === IMPORT_BLOCK.files);
    expect(input.type).toBe('input');
    expect(input.element).toMatchObject({ type: 'file_input', filetypes: ['csv'], max_files: 7 });
  });

  it('refuses, on the field, a file that is not a CSV, or no file, before reading anything', async () => {
    const view = await openModalWith(t, A, 'import');
    const xlsx = host('tracker.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04]), {
      filetype: 'xlsx',
      mimetype: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    const downloads = t.slack.downloads.length;
    const res = await submitFiles(A, view, [xlsx]);
    expect(res.json().response_action).toBe('errors');
    expect(res.json().errors[IMPORT_BLOCK.files]).toContain('not a CSV');
    const none = await submitFiles(A, view, []);
    expect(none.json().errors[IMPORT_BLOCK.files]).toContain('Choose a CSV');
    expect(t.slack.downloads.length).toBe(downloads);
  });

  it('reads a tracker and DMs a dry run: what would be created, every unusable row with its line, unknown columns', async () => {
    await seedPerson(A.user, 'Ben Cole', "St Mary's Church");
    const file = host('tracker.csv', TRACKER);
    const before = await counts(A.user);
    summary = await importViaModal(A, [file]);
    // Downloaded with the bot token, from the fake Slack's files host.
    const download = t.slack.downloads.at(-1)!;
    expect(download).toMatchObject({ fileId: file.id, token: BOT_TOKEN });
    // Nothing saved yet.
    expect(await counts(A.user)).toEqual(before);

    const text = blockText(summary.blocks);
    expect(text).toContain('Import: what would happen');
    expect(text).toContain('8 rows of one-to-ones');
    expect(text).toContain('1 new person');
    expect(text).toContain('1 new institution');
    expect(text).toContain('3 one-to-ones');
    expect(text).toContain('2 with a next step');
    // Ben Cole exists: same name and institution (whatever their case).
    expect(text).toContain('Merged with people you have');
    expect(text).toContain('same name and institution');
    for (const line of [
      'line 5: no name',
      'line 6: the date 2026-12-24 is after today',
      'line 7: the date “last tuesday” is not a date I can read',
      'line 8: 2 minutes is outside 5–240',
      'line 9: The notes (their stories) is 3,001 characters (at most 3,000)',
    ]) {
      expect(text).toContain(line);
    }
    expect(text).toContain('Columns I don’t know');
    expect(text).toContain('“Phone”');
    // The notes are never in the summary.
    expect(text).not.toContain(MARK);
    expect(buttons(summary.blocks).map((b) => b.action_id)).toEqual([
      IMPORT_ACTION.apply,
      IMPORT_ACTION.cancel,
    ]);
    importId = importIdOf(summary);
    const pending = await db()
      .selectFrom('imports')
      .selectAll()
      .where('id', '=', importId)
      .executeTakeFirstOrThrow();
    expect(pending).toMatchObject({
      organiser_id: A.user,
      status: 'pending',
      expires_at: '2026-11-26T12:00:00.000Z',
    });
  });

  it('refuses another organiser’s Import (a crafted button value): nothing changes for anyone', async () => {
    const mine = await counts(B.user);
    const answer = await press(B, IMPORT_ACTION.apply, importId);
    expect(answer.replace_original).toBe(false);
    expect(JSON.stringify(answer)).toContain('can’t find that import');
    expect(await counts(B.user)).toEqual(mine);
    const cancel = await press(B, IMPORT_ACTION.cancel, importId);
    expect(JSON.stringify(cancel)).toContain('can’t find that import');
    const row = await db()
      .selectFrom('imports')
      .select('status')
      .where('id', '=', importId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
  });

  it('applies the import in one go, to the organiser’s own private records', async () => {
    const before = await counts(A.user);
    const answer = await press(A, IMPORT_ACTION.apply, importId);
    expect(answer.replace_original).toBe(true);
    expect(JSON.stringify(answer)).toContain(
      'Imported: 1 new person, 1 new institution, 3 one-to-ones (2 next steps)',
    );
    expect(await counts(A.user)).toEqual({
      people: before.people + 1,
      oneToOnes: before.oneToOnes + 3,
      reflections: before.reflections,
    });
    const rows = await db()
      .selectFrom('one_to_ones')
      .innerJoin('people', 'people.id', 'one_to_ones.person_id')
      .select([
        'people.name',
        'people.role',
        'one_to_ones.met_on',
        'one_to_ones.duration_minutes',
        'one_to_ones.stories',
        'one_to_ones.next_step_kind',
        'one_to_ones.next_step_note',
        'one_to_ones.next_step_due_on',
        'one_to_ones.created_at',
        'one_to_ones.source_view_id',
      ])
      .where('one_to_ones.organiser_id', '=', A.user)
      .orderBy('one_to_ones.met_on')
      .execute();
    expect(rows.map((r) => [r.name, r.met_on, r.duration_minutes, r.next_step_kind])).toEqual([
      ['Amina Okafor', '2026-11-20', 50, 'introduction'],
      ['Ben Cole', '2026-11-21', 60, 'none'],
      ['Ben Cole', '2026-11-22', 45, 'meeting'],
    ]);
    expect(rows[0]).toMatchObject({
      role: 'Teacher',
      stories: `${MARK} notes, with a comma`,
      next_step_note: 'Introduce her to the union',
      next_step_due_on: '2026-12-01',
      // Logged "on the day": an imported meeting is not a fresh log the reflect nudge would chase.
      created_at: '2026-11-20T12:00:00.000Z',
    });
    expect(rows[1]!.stories).toBe(`Two lines\r\n${MARK} second line`);
    // A formula-looking cell is kept as text.
    expect(rows[2]!.stories).toBe('=HYPERLINK("http://evil.example/x")');
    expect(rows.every((r) => r.source_view_id?.startsWith('import:'))).toBe(true);
    // Ben was merged, not doubled.
    const bens = await db()
      .selectFrom('people')
      .select('id')
      .where('organiser_id', '=', A.user)
      .where('name', '=', 'Ben Cole')
      .execute();
    expect(bens).toHaveLength(1);
    const row = await db()
      .selectFrom('imports')
      .selectAll()
      .where('id', '=', importId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('applied');
    // The plan (private text) is not kept once applied.
    expect(row.plan).toBeNull();
  });

  it('a second click, or the same file again, creates nothing new', async () => {
    const before = await counts(A.user);
    const again = await press(A, IMPORT_ACTION.apply, importId);
    expect(JSON.stringify(again)).toContain('done already');
    const second = await importViaModal(A, [host('tracker-again.csv', TRACKER)]);
    const text = blockText(second.blocks);
    expect(text).toContain('Import: nothing to add');
    expect(text).toContain('3 one-to-ones you have recorded before');
    expect(buttons(second.blocks)).toEqual([]);
    expect(await counts(A.user)).toEqual(before);
  });

  it('two Import clicks at once apply it once', async () => {
    const s = await importViaDm(A, [
      host('twice.csv', 'Name,Date\nTwin Click,2026-11-02\nTwin Click,2026-11-03\n'),
    ]);
    const id = importIdOf(s);
    const before = await counts(A.user);
    const n = t.slack.responses.length;
    await Promise.all([
      t.send.blockAction(A, { action_id: IMPORT_ACTION.apply, value: id }),
      t.send.blockAction(A, { action_id: IMPORT_ACTION.apply, value: id }),
    ]);
    await t.slack.waitForResponse(n + 2, 10_000);
    const answers = t.slack.responses.slice(n).map((r) => JSON.stringify(r.body));
    expect(answers.filter((a) => a.includes('Imported: 1 new person')).length).toBe(1);
    expect(answers.filter((a) => a.includes('done already')).length).toBe(1);
    expect(await counts(A.user)).toEqual({
      ...before,
      people: before.people + 1,
      oneToOnes: before.oneToOnes + 2,
    });
  });

  it('applies in one transaction: a row the database refuses leaves nothing behind, and the import pending', async () => {
    const s = await importViaDm(A, [
      host(
        'atomic.csv',
        'Name,Organisation,Date\nAtom One,Atomic Hall,2026-11-02\nAtom Two,Atomic Hall,2026-11-03\n',
      ),
    ]);
    const id = importIdOf(s);
    const row = await db()
      .selectFrom('imports')
      .select('plan')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    // The second one-to-one made unwritable (met_on is NOT NULL), after the people and the
    // institution were written in the same transaction.
    const plan = JSON.parse(row.plan!);
    plan.oneToOnes[1].metOn = null;
    await db()
      .updateTable('imports')
      .set({ plan: JSON.stringify(plan) })
      .where('id', '=', id)
      .execute();
    const before = await counts(A.user);
    const institutions = async () =>
      (await db().selectFrom('institutions').select('id').where('name', '=', 'Atomic Hall').execute()).length;
    // Pressed: the organiser is told nothing was saved, the summary (and its buttons) stays.
    const answer = await press(A, IMPORT_ACTION.apply, id);
    expect(answer.replace_original).toBe(false);
    expect(JSON.stringify(answer)).toContain('nothing was saved');
    await expect(applyImport(t.bot.deps, { teamId: 'T0001', userId: A.user }, id)).rejects.toThrow();
    expect(await counts(A.user)).toEqual(before);
    expect(await institutions()).toBe(0);
    const after = await db()
      .selectFrom('imports')
      .select(['status', 'plan'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('pending');
    expect(after.plan).not.toBeNull();
    // Mended, the same import applies whole.
    await db().updateTable('imports').set({ plan: row.plan }).where('id', '=', id).execute();
    expect(await applyImport(t.bot.deps, { teamId: 'T0001', userId: A.user }, id)).toMatchObject({
      kind: 'applied',
      created: { people: 2, institutions: 1, oneToOnes: 2 },
    });
    expect(await institutions()).toBe(1);
  });

  it('Cancel discards a pending import', async () => {
    const s = await importViaDm(A, [host('new.csv', 'Name,Date\nCarla Diaz,2026-11-01\n')]);
    const id = importIdOf(s);
    const before = await counts(A.user);
    const answer = await press(A, IMPORT_ACTION.cancel, id);
    expect(JSON.stringify(answer)).toContain('Import cancelled: nothing was saved');
    expect(await counts(A.user)).toEqual(before);
    const late = await press(A, IMPORT_ACTION.apply, id);
    expect(JSON.stringify(late)).toContain('was cancelled');
    expect(await counts(A.user)).toEqual(before);
    const row = await db().selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'cancelled', plan: null });
  });

  it('a pending import expires after 24 hours, and the nightly job clears its plan', async () => {
    const s = await importViaDm(A, [host('late.csv', 'Name,Date\nDora Late,2026-11-01\n')]);
    const id = importIdOf(s);
    const other = importIdOf(await importViaDm(A, [host('late2.csv', 'Name,Date\nEd Later,2026-11-02\n')]));
    t.clock.set('2026-11-26T12:00:01Z');
    try {
      const answer = await press(A, IMPORT_ACTION.apply, id);
      expect(JSON.stringify(answer)).toContain('expired');
      expect(await db().selectFrom('people').select('id').where('name', '=', 'Dora Late').execute()).toEqual(
        [],
      );
      const result = await retentionJob.run({ deps: t.bot.deps, now: t.bot.deps.clock.now(), dryRun: false });
      expect(result.counts.expiredImports).toBe(1);
      const row = await db()
        .selectFrom('imports')
        .selectAll()
        .where('id', '=', other)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'expired', plan: null });
    } finally {
      t.clock.set('2026-11-25T12:00:00Z');
    }
  });
});

describe('a CSV shared in the DM', () => {
  it('is read as an import, with people merged by Slack member or by name and institution', async () => {
    await seedPerson(B.user, 'Grace Member', null, 'UGRACE01');
    await seedPerson(B.user, 'Hal Known', 'Union Local 5');
    const people = [
      'person_id,name,institution,role,slack_user_id,created_at,updated_at',
      'x1,Grace M.,,Steward,UGRACE01,,',
      'x2,Hal Known,union local 5,,,,',
      'x3,New Nia,,,,,',
    ].join('\n');
    const s = await importViaDm(B, [host('people.csv', people)]);
    const text = blockText(s.blocks);
    expect(text).toContain('Grace M.: the same Slack member');
    expect(text).toContain('Hal Known (union local 5): same name and institution');
    expect(text).toContain('1 new person');
    const before = await counts(B.user);
    await press(B, IMPORT_ACTION.apply, importIdOf(s));
    expect((await counts(B.user)).people).toBe(before.people + 1);
    // A known person's missing role is filled in; nothing is overwritten.
    const grace = await db()
      .selectFrom('people')
      .select(['name', 'role'])
      .where('slack_user_id', '=', 'UGRACE01')
      .executeTakeFirstOrThrow();
    expect(grace).toEqual({ name: 'Grace Member', role: 'Steward' });
  });

  it("merges St Mary’s with St Mary's (and case, spacing), keeping every stored name as it was", async () => {
    const niamh = await seedPerson(B.user, 'Niamh O’Neill', 'St Bride’s Hall');
    const owen = await seedPerson(B.user, "Owen D'Arcy", "Kings' Yard");
    const file = [
      'Name,Organisation,Date met,Minutes',
      "niamh o'neill,ST BRIDE'S  HALL,2026-11-10,45",
      'Owen D’Arcy,Kings’ Yard,2026-11-11,45',
      "Liam New,St Bride's Hall,2026-11-12,45",
      'Liam New,St Bride‘s Hall,2026-11-12,45',
    ].join('\n');
    const institutionsBefore = await db().selectFrom('institutions').select(['id', 'name']).execute();
    const s = await importViaDm(B, [host('apostrophes.csv', file)]);
    const text = blockText(s.blocks);
    expect(text).toContain("niamh o'neill (ST BRIDE'S HALL): same name and institution");
    expect(text).toContain('Owen D’Arcy (Kings’ Yard): same name and institution');
    expect(text).toContain('1 new person');
    expect(text).toContain('0 new institutions');
    // Line 5 is line 4 again, its apostrophe typed another way.
    expect(text).toContain('line 5: the same one-to-one as line 4');
    await press(B, IMPORT_ACTION.apply, importIdOf(s));
    // No institution was added; Liam is at the St Bride’s Hall that was there.
    expect(await db().selectFrom('institutions').select(['id', 'name']).execute()).toEqual(
      institutionsBefore,
    );
    const people = await db()
      .selectFrom('people')
      .leftJoin('institutions', 'institutions.id', 'people.institution_id')
      .select([
        'people.id',
        'people.name',
        'people.name_key',
        'people.institution_key',
        'institutions.name as at',
      ])
      .where('people.organiser_id', '=', B.user)
      .where('people.name', 'in', ['Niamh O’Neill', "Owen D'Arcy", 'Liam New'])
      .orderBy('people.name')
      .execute();
    expect(people.map((p) => [p.name, p.at])).toEqual([
      ['Liam New', 'St Bride’s Hall'],
      ['Niamh O’Neill', 'St Bride’s Hall'],
      ["Owen D'Arcy", "Kings' Yard"],
    ]);
    // The new person is stored under the existing institution's own key, so the log form finds them.
    expect(people[0]!.institution_key).toBe(nameKey('St Bride’s Hall'));
    const met = await db()
      .selectFrom('one_to_ones')
      .select(['person_id', 'met_on'])
      .where('organiser_id', '=', B.user)
      .where('person_id', 'in', [niamh, owen])
      .orderBy('met_on')
      .execute();
    expect(met).toEqual([
      { person_id: niamh, met_on: '2026-11-10' },
      { person_id: owen, met_on: '2026-11-11' },
    ]);
  });

  it('ignores messages that are not files in the DM', async () => {
    const before = dmsTo(t, A.user).length;
    const downloads = t.slack.downloads.length;
    const file = host('chan.csv', 'Name,Date\nX,2026-11-01\n');
    await t.send.event('T0001', {
      type: 'message',
      subtype: 'file_share',
      channel: 'C0001',
      channel_type: 'channel',
      user: A.user,
      ts: '1.1',
      files: [file],
    });
    await t.send.event('T0001', {
      type: 'message',
      channel: `D${A.user}`,
      channel_type: 'im',
      user: A.user,
      text: 'hi',
      ts: '1.2',
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(dmsTo(t, A.user).length).toBe(before);
    expect(t.slack.downloads.length).toBe(downloads);
  });
});

describe('bad input', () => {
  it('reads Windows-1252 and UTF-8 with a BOM; refuses UTF-16 and workbooks with a message', async () => {
    const cp1252 = Buffer.concat([
      Buffer.from('Name,Date,Notes\r\n'),
      Buffer.from([0x5a, 0x6f, 0xeb, 0x20, 0x50, 0x65, 0xf1, 0x61]), // Zoë Peña
      Buffer.from(',2026-11-03,caf'),
      Buffer.from([0xe9, 0x20, 0x96, 0x20, 0x74, 0x65, 0x61, 0x0d, 0x0a]), // é – tea
    ]);
    const bom = Buffer.from('\uFEFFName,Date\r\nÅsa Øberg,2026-11-04\r\n', 'utf8');
    const utf16 = Buffer.from('\uFEFFName,Date\r\nUma,2026-11-04\r\n', 'utf16le');
    const workbook = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    const s = await importViaModal(B, [
      host('cp1252.csv', cp1252),
      host('bom.csv', bom),
      host('utf16.csv', utf16),
      host('saved-wrong.csv', workbook),
    ]);
    const text = blockText(s.blocks);
    expect(text).toContain('cp1252.csv*: 1 row of one-to-ones, Windows-1252');
    expect(text).toContain('bom.csv*: 1 row of one-to-ones, UTF-8');
    expect(text).toContain('utf16.csv*: saved as UTF-16');
    expect(text).toContain('saved-wrong.csv*: a spreadsheet workbook');
    await press(B, IMPORT_ACTION.apply, importIdOf(s));
    const zoe = await db()
      .selectFrom('one_to_ones')
      .innerJoin('people', 'people.id', 'one_to_ones.person_id')
      .select(['people.name', 'one_to_ones.stories'])
      .where('people.name', '=', 'Zoë Peña')
      .executeTakeFirstOrThrow();
    expect(zoe).toEqual({ name: 'Zoë Peña', stories: 'café – tea' });
    expect(
      await db().selectFrom('people').select('id').where('name', '=', 'Åsa Øberg').execute(),
    ).toHaveLength(1);
  });

  it('refuses, with a message each, a file that is not a CSV, a PDF named .csv, and a legacy code page', async () => {
    const downloads = t.slack.downloads.length;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from([0x00, 0x01, 0xe2, 0xe3, 0xcf, 0xd3])]);
    // Shift-JIS (山田 and 、): not UTF-8, and 0x81 is a byte Windows-1252 does not have.
    const shiftJis = Buffer.concat([
      Buffer.from('Name,Date\r\n'),
      Buffer.from([0x8e, 0x52, 0x93, 0x63, 0x81, 0x41]),
      Buffer.from(',2026-11-05\r\n'),
    ]);
    const s = await importViaDm(B, [
      host('minutes.pdf', pdf, { filetype: 'pdf', mimetype: 'application/pdf' }),
      host('renamed.csv', pdf),
      host('sjis.csv', shiftJis),
      host('plain-utf8.csv', 'Name,Date\nYuki Plain,2026-11-05\n'),
    ]);
    const text = blockText(s.blocks);
    expect(text).toContain('minutes.pdf*: not a CSV file');
    expect(text).toContain('renamed.csv*: not text in UTF-8 or Windows-1252, the encodings I read');
    expect(text).toContain('sjis.csv*: not text in UTF-8 or Windows-1252, the encodings I read');
    expect(text).toContain('plain-utf8.csv*: 1 row of one-to-ones, UTF-8');
    expect(text).toContain('1 new person');
    // The PDF by its name and type was never downloaded; the three others were.
    expect(t.slack.downloads.length).toBe(downloads + 3);
    await press(B, IMPORT_ACTION.cancel, importIdOf(s));
  });

  it('refuses a file over the row limit, stating the limit, and reads nothing of it', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => `Person ${i},2026-01-01`).join('\n');
    const s = await importViaDm(B, [host('huge.csv', `Name,Date\n${rows}\n`)]);
    const text = blockText(s.blocks);
    expect(text).toContain('more than 20,000 rows: I read at most 20,000 rows per file');
    expect(buttons(s.blocks)).toEqual([]);
  });

  it('refuses a file over 5 MB, by its size and while downloading', async () => {
    const big = host('big.csv', `Name,Date\n${'A,2026-01-01\n'.repeat(450_000)}`);
    expect(big.size).toBeGreaterThan(5 * 1024 * 1024);
    const s = await importViaDm(B, [big]);
    expect(blockText(s.blocks)).toContain('larger than 5 MB');
    // A payload that understates the size is still cut off at 5 MB.
    const lied = { ...host('big2.csv', `Name,Date\n${'A,2026-01-01\n'.repeat(450_000)}`), size: 100 };
    const s2 = await importViaDm(B, [lied]);
    expect(blockText(s2.blocks)).toContain('larger than 5 MB');
  });

  it('ignores ids in a file: a crafted person_id or one_to_one_id of another organiser reaches nothing of theirs', async () => {
    const theirs = await db()
      .selectFrom('one_to_ones')
      .select(['id', 'person_id'])
      .where('organiser_id', '=', A.user)
      .executeTakeFirstOrThrow();
    const theirPeopleBefore = await db()
      .selectFrom('people')
      .selectAll()
      .where('organiser_id', '=', A.user)
      .execute();
    const theirRowsBefore = await db()
      .selectFrom('one_to_ones')
      .selectAll()
      .where('organiser_id', '=', A.user)
      .execute();
    const oneToOnes = [
      'one_to_one_id,met_on,person_id,person,institution,duration_minutes,stories',
      `${theirs.id},2026-11-10,${theirs.person_id},Crafted Cal,,45,${MARK} crafted`,
    ].join('\n');
    const reflections = [
      'one_to_one_id,met_on,person,motivations,contribution,differently,depth,created_at,updated_at',
      `${theirs.id},2026-11-10,Crafted Cal,${MARK} reflection,,,surface,,`,
    ].join('\n');
    const s = await importViaDm(B, [host('o.csv', oneToOnes), host('r.csv', reflections)]);
    await press(B, IMPORT_ACTION.apply, importIdOf(s));
    // B got a new person and one-to-one (with the reflection linked inside the import)…
    const cal = await db()
      .selectFrom('one_to_ones')
      .innerJoin('people', 'people.id', 'one_to_ones.person_id')
      .leftJoin('reflections', 'reflections.one_to_one_id', 'one_to_ones.id')
      .select([
        'one_to_ones.id',
        'one_to_ones.organiser_id',
        'people.organiser_id as owner',
        'reflections.motivations',
      ])
      .where('people.name', '=', 'Crafted Cal')
      .executeTakeFirstOrThrow();
    expect(cal).toMatchObject({ organiser_id: B.user, owner: B.user, motivations: `${MARK} reflection` });
    expect(cal.id).not.toBe(theirs.id);
    // …and A's records are exactly as they were.
    expect(await db().selectFrom('people').selectAll().where('organiser_id', '=', A.user).execute()).toEqual(
      theirPeopleBefore,
    );
    expect(
      await db().selectFrom('one_to_ones').selectAll().where('organiser_id', '=', A.user).execute(),
    ).toEqual(theirRowsBefore);
    expect(
      await db().selectFrom('reflections').select('id').where('one_to_one_id', '=', theirs.id).execute(),
    ).toEqual([]);
  });

  it('never fetches a file URL on another host (SSRF), and never sends the token there', async () => {
    const seen: string[] = [];
    const other: Server = createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization ?? ''}`);
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.end('Name,Date\nEvil,2026-01-01\n');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const port = (other.address() as AddressInfo).port;
      const files = [
        {
          name: 'a.csv',
          filetype: 'csv',
          size: 10,
          url_private_download: `http://127.0.0.1:${port}/files-pri/T0001-F1/download/a.csv`,
        },
        {
          name: 'b.csv',
          filetype: 'csv',
          size: 10,
          url_private_download: 'http://169.254.169.254/latest/meta-data/',
        },
        { name: 'c.csv', filetype: 'csv', size: 10, url_private_download: 'file:///etc/passwd' },
      ];
      const s = await importViaDm(B, files);
      expect(blockText(s.blocks).match(/could not download it from Slack/g)).toHaveLength(3);
      expect(seen).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});

describe('privacy', () => {
  it('no note reaches a log line or any channel', () => {
    for (const line of t.logs) expect(line).not.toContain(MARK);
    const posts = t.slack.callsOf('chat.postMessage').filter((c) => !String(c.args.channel).startsWith('U'));
    expect(posts).toEqual([]);
    for (const c of t.slack.calls) {
      if (c.method === 'chat.postMessage' || c.method === 'chat.update') {
        expect(JSON.stringify(c.args)).not.toContain(MARK);
      }
    }
    for (const r of t.slack.responses) expect(JSON.stringify(r.body)).not.toContain(MARK);
  });
});
