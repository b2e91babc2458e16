import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UTF8_BOM } from '../../src/domain/csv.js';
import { ACTION, FORGET_ACTION, INTRO_BLOCK, LOG_BLOCK, REFLECT_BLOCK } from '../../src/interaction-ids.js';
import { retentionJob } from '../../src/jobs/retention.js';
import {
  INTRODUCTION_HEADER,
  ONE_TO_ONE_HEADER,
  PEOPLE_HEADER,
  REFLECTION_HEADER,
} from '../../src/views/export-csv.js';
import { parseCsv } from '../support/csv.js';
import { blockText, buttons, dmsTo, logNew, openModalWith, submit } from '../support/onetoone.js';
import type { Actor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 5, the organiser's control of their data: export, forget, retention, and introductions
 * (recorded through the modal; the follow-up nudge is tested in introductions.test.ts).
 */

const A: Actor = { user: 'UAAA0001' };
const B: Actor = { user: 'UBBB0002' };
const ADMIN: Actor = { user: 'UADM0003' };
const OTHER_TEAM: Actor = { user: 'UOTH0004', team: 'T0002' };

let t: TestApp;
beforeAll(async () => {
  // An org-wide install: these tests send from a second workspace of the same org, whose rows
  // must stay apart (a single-workspace install refuses other workspaces outright).
  t = await startTestApp({ now: '2026-11-25T12:00:00Z', orgWide: true });
  for (const u of [A, B, OTHER_TEAM]) t.slack.users.set(u.user, { id: u.user, tz: 'Europe/London' });
  t.slack.users.set(ADMIN.user, { id: ADMIN.user, tz: 'Europe/London', is_admin: true });
});
afterAll(() => t.stop());

const db = () => t.bot.deps.db;
const NOW_ISO = '2026-11-25T12:00:00.000Z';

async function personId(organiser: Actor, name: string, institution?: string): Promise<string> {
  const rows = await db()
    .selectFrom('people')
    .leftJoin('institutions', 'institutions.id', 'people.institution_id')
    .select(['people.id', 'institutions.name as institution'])
    .where('people.organiser_id', '=', organiser.user)
    .where('people.name', '=', name)
    .execute();
  const row = institution ? rows.find((r) => r.institution === institution) : rows[0];
  if (!row) throw new Error(`no person ${name}`);
  return row.id;
}

/** Sends a command and returns the next response_url post it causes. */
async function command(actor: Actor, text: string): Promise<Record<string, any>> {
  const n = t.slack.responses.length;
  const res = await t.send.command(text, actor);
  expect(res.status).toBe(200);
  return t.slack.waitForResponse(n + 1);
}

async function button(actor: Actor, action_id: string, value: string): Promise<Record<string, any>> {
  const n = t.slack.responses.length;
  const res = await t.send.blockAction(actor, { action_id, value });
  expect(res.status).toBe(200);
  return t.slack.waitForResponse(n + 1);
}

async function reflect(actor: Actor, who: string, inputs: Record<string, string>): Promise<void> {
  const view = await openModalWith(t, actor, `reflect ${who}`);
  const res = await submit(t, actor, view, inputs);
  expect(res.text).toBe('');
}

async function introduce(actor: Actor, inputs: Record<string, string | null>) {
  const view = await openModalWith(t, actor, 'introduce');
  return { view, res: await submit(t, actor, view, inputs) };
}

/**
 * The file bytes of an upload. The WebClient posts them to the upload URL as multipart/form-data
 * (one part); read the part back the way a server would.
 */
async function uploadedFile(fileId: string): Promise<Buffer> {
  const raw = t.slack.uploads.get(fileId);
  if (!raw) throw new Error(`nothing uploaded for ${fileId}`);
  const boundary = raw.subarray(2, raw.indexOf('\r\n')).toString('latin1');
  const form = await new Response(new Uint8Array(raw), {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }).formData();
  const part = [...form.values()].find((v) => typeof v !== 'string');
  if (!part || typeof part === 'string') throw new Error('no file part in the upload');
  return Buffer.from(await part.arrayBuffer());
}

/** What a spreadsheet-safe cell holds for a stored value (the export's documented rules). */
function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

describe('export', () => {
  it('uploads all my own one-to-ones, reflections, people and introductions to my DM, and nothing of anyone else', async () => {
    await logNew(t, A, 'Zoë Peña', {
      [LOG_BLOCK.institution]: "St Mary's, Church",
      [LOG_BLOCK.metOn]: '2026-11-20',
      [LOG_BLOCK.setting]: '+café on the corner',
      [LOG_BLOCK.stories]: 'She said "organise", then\nleft early, laughing',
      [LOG_BLOCK.values]: '=HYPERLINK("http://evil.example","x")',
      [LOG_BLOCK.nextStepKind]: 'meeting',
      [LOG_BLOCK.nextStepDue]: '2026-12-02',
      [LOG_BLOCK.nextStepNote]: '@home visit',
    });
    // Her values are in step two, so the reflection asks what Amy would do differently, and the depth.
    await reflect(A, 'Zoë', {
      [REFLECT_BLOCK.differently]: 'Her kids’ school, "the roof",\r\nand rent',
      [REFLECT_BLOCK.depth]: 'stories',
    });
    await logNew(t, A, 'Ben Okafor', {
      [LOG_BLOCK.institution]: 'Riverside School',
      [LOG_BLOCK.metOn]: '2026-11-21',
    });
    const intro = await introduce(A, {
      [INTRO_BLOCK.personA]: await personId(A, 'Zoë Peña'),
      [INTRO_BLOCK.personB]: await personId(A, 'Ben Okafor'),
      [INTRO_BLOCK.why]: '-both care about the school roof',
    });
    expect(intro.res.text).toBe('');
    await logNew(t, B, 'Secret Person', { [LOG_BLOCK.stories]: 'B private story' });

    const completes = t.slack.callsOf('files.completeUploadExternal').length;
    const reply = await command(A, 'export');
    expect(reply.response_type).toBe('ephemeral');
    const complete = await t.slack.waitForCall('files.completeUploadExternal', completes + 1);

    // Opened my DM first, and shared the files there and only there.
    const open = t.slack.callsOf('conversations.open').at(-1)!;
    expect(open.args.users).toBe(A.user);
    expect(complete.args.channel_id).toBe(`D${A.user}`);
    expect(complete.args.initial_comment).toContain("start with an added '");
    const files = (
      typeof complete.args.files === 'string' ? JSON.parse(complete.args.files) : complete.args.files
    ) as {
      id: string;
      title: string;
    }[];
    expect(files.map((f) => f.title).sort()).toEqual([
      'Introductions',
      'One-to-ones',
      'People',
      'Reflections',
    ]);

    const read = async (title: string) => {
      const bytes = await uploadedFile(files.find((f) => f.title === title)!.id);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.toString('utf8');
      expect(text.startsWith(UTF8_BOM)).toBe(true);
      expect(text).not.toContain('Secret Person');
      expect(text).not.toContain('B private story');
      return parseCsv(text);
    };

    // One-to-ones: every column of every one of my rows, as stored (formula cells guarded).
    const oto = await read('One-to-ones');
    expect(oto[0]).toEqual(ONE_TO_ONE_HEADER);
    const stored = await db()
      .selectFrom('one_to_ones')
      .innerJoin('people', 'people.id', 'one_to_ones.person_id')
      .leftJoin('institutions', 'institutions.id', 'people.institution_id')
      .selectAll('one_to_ones')
      .select(['people.name as person', 'institutions.name as institution'])
      .where('one_to_ones.organiser_id', '=', A.user)
      .execute();
    expect(oto.length - 1).toBe(stored.length);
    for (const row of stored) {
      const line = oto.find((r) => r[0] === row.id);
      expect(line, row.id).toBeDefined();
      const byName: Record<string, unknown> = { ...row, one_to_one_id: row.id };
      expect(line).toEqual(ONE_TO_ONE_HEADER.map((h) => cell(byName[h])));
    }
    const zoe = oto.find((r) => r[3] === 'Zoë Peña')!;
    expect(zoe[ONE_TO_ONE_HEADER.indexOf('values_motivations')]).toBe(
      '\'=HYPERLINK("http://evil.example","x")',
    );
    expect(zoe[ONE_TO_ONE_HEADER.indexOf('stories')]).toBe('She said "organise", then\nleft early, laughing');
    expect(zoe[ONE_TO_ONE_HEADER.indexOf('setting')]).toBe("'+café on the corner");
    expect(zoe[ONE_TO_ONE_HEADER.indexOf('institution')]).toBe("St Mary's, Church");

    const refl = await read('Reflections');
    expect(refl[0]).toEqual(REFLECTION_HEADER);
    expect(refl).toHaveLength(2);
    expect(refl[1]![REFLECTION_HEADER.indexOf('differently')]).toBe(
      'Her kids’ school, "the roof",\r\nand rent',
    );
    expect(refl[1]![REFLECTION_HEADER.indexOf('depth')]).toBe('stories');

    const people = await read('People');
    expect(people[0]).toEqual(PEOPLE_HEADER);
    expect(
      people
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(['Ben Okafor', 'Zoë Peña']);

    const intros = await read('Introductions');
    expect(intros[0]).toEqual(INTRODUCTION_HEADER);
    expect(intros).toHaveLength(2);
    expect(intros[1]![INTRODUCTION_HEADER.indexOf('why')]).toBe("'-both care about the school roof");
    expect(intros[1]![INTRODUCTION_HEADER.indexOf('status')]).toBe('agreed');
  });

  it('a command signed as someone else exports only their data, to their own DM', async () => {
    const completes = t.slack.callsOf('files.completeUploadExternal').length;
    await command(B, 'export');
    const complete = await t.slack.waitForCall('files.completeUploadExternal', completes + 1);
    expect(complete.args.channel_id).toBe(`D${B.user}`);
    const all = (
      await Promise.all(
        (complete.args.files as { id: string }[]).map(async (f) =>
          (await uploadedFile(f.id)).toString('utf8'),
        ),
      )
    ).join('\n');
    expect(all).toContain('Secret Person');
    expect(all).not.toContain('Zoë');
    expect(all).not.toContain('organise');
  });

  it('says so when the upload fails', async () => {
    t.slack.failNext('files.getUploadURLExternal', { error: 'not_allowed_token_type' });
    const n = t.slack.responses.length;
    await t.send.command('export', A);
    const failed = await t.slack.waitForResponse(n + 2);
    expect(JSON.stringify(failed)).toContain('could not upload');
  });
});

describe('forget', () => {
  it('asks me to be more specific when several of my people match, listing mine only', async () => {
    await logNew(t, A, 'Sam Jones', { [LOG_BLOCK.institution]: 'Riverside School' });
    await logNew(t, A, 'Sam Jones', { [LOG_BLOCK.institution]: 'Union Local 12' });
    await logNew(t, B, 'Sam Jones', { [LOG_BLOCK.institution]: 'B Secret Institution' });
    const reply = await command(A, 'forget sam jones');
    const text = blockText(reply.blocks);
    expect(text).toContain('Sam Jones (Riverside School)');
    expect(text).toContain('Sam Jones (Union Local 12)');
    expect(text).not.toContain('B Secret Institution');
    expect(buttons(reply.blocks)).toEqual([]);

    const none = await command(A, 'forget Nobody Here');
    expect(blockText(none.blocks)).toContain('no one called');
    expect(buttons(none.blocks)).toEqual([]);
  });

  it('confirms with exact counts, then deletes everything about the person in one go, with a content-free audit row', async () => {
    // A person with two one-to-ones (one with a next step), one reflection, one introduction and nudges.
    await logNew(t, A, 'Dana Reyes', {
      [LOG_BLOCK.institution]: 'Union Local 12',
      [LOG_BLOCK.metOn]: '2026-11-10',
      [LOG_BLOCK.stories]: 'Dana story text',
      [LOG_BLOCK.nextStepKind]: 'action',
      [LOG_BLOCK.nextStepDue]: '2026-11-30',
    });
    await logNew(t, A, 'Dana Reyes', {
      [LOG_BLOCK.institution]: 'Union Local 12',
      [LOG_BLOCK.metOn]: '2026-11-12',
    });
    await reflect(A, 'Dana', { [REFLECT_BLOCK.motivations]: 'Dana reflection text' });
    const dana = await personId(A, 'Dana Reyes');
    const samRiverside = await personId(A, 'Sam Jones', 'Riverside School');
    const { res } = await introduce(A, {
      [INTRO_BLOCK.personA]: dana,
      [INTRO_BLOCK.personB]: samRiverside,
      [INTRO_BLOCK.why]: 'Dana intro why',
    });
    expect(res.text).toBe('');
    const danaOtos = await db()
      .selectFrom('one_to_ones')
      .select('id')
      .where('person_id', '=', dana)
      .execute();
    const danaIntro = await db()
      .selectFrom('introductions')
      .select('id')
      .where('person_a_id', '=', dana)
      .executeTakeFirstOrThrow();
    const otherOto = await db()
      .selectFrom('one_to_ones')
      .select('id')
      .where('person_id', '=', samRiverside)
      .executeTakeFirstOrThrow();
    const ledger = (kind: string, subject: string, outcome: string | null) => ({
      id: `L-${kind}-${subject}`,
      team_id: 'T0001',
      user_id: A.user,
      kind,
      subject_id: subject,
      due_on: '2026-11-20',
      status: 'sent' as const,
      local_date: '2026-11-20',
      outcome,
      outcome_at: null,
      claim_token: null,
      claimed_at: null,
      channel: null,
      ts: null,
      sent_at: null,
      created_at: '2026-11-20T09:00:00.000Z',
      updated_at: '2026-11-20T09:00:00.000Z',
    });
    await db()
      .insertInto('nudge_ledger')
      .values([
        ledger('next_step', danaOtos[0]!.id, null),
        ledger('going_cold', dana, null),
        ledger('introduction', danaIntro.id, 'not_yet'),
        ledger('next_step', otherOto.id, null),
      ])
      .execute();

    const before = await snapshot();
    const confirm = await command(A, 'forget dana reyes');
    const text = blockText(confirm.blocks);
    expect(text).toContain('Dana Reyes (Union Local 12)');
    for (const phrase of [
      '2 one-to-ones',
      '1 reflection',
      '1 next step',
      '1 introduction',
      '2 pending nudges',
    ]) {
      expect(text).toContain(phrase);
    }
    const [yes, no] = buttons(confirm.blocks);
    expect(yes).toMatchObject({ action_id: FORGET_ACTION.confirm, value: dana });
    expect(no).toMatchObject({ action_id: FORGET_ACTION.cancel });
    // Nothing is deleted by asking.
    expect(await snapshot()).toEqual(before);

    // Someone else pressing Confirm with my person's id (a crafted payload): refused, nothing gone.
    const crafted = await button(B, FORGET_ACTION.confirm, dana);
    expect(blockText(crafted.blocks)).toContain('can’t find that person');
    expect(blockText(crafted.blocks)).not.toContain('Dana');
    expect(await snapshot()).toEqual(before);
    // Cancel deletes nothing.
    const cancelled = await button(A, FORGET_ACTION.cancel, dana);
    expect(cancelled.replace_original).toBe(true);
    expect(await snapshot()).toEqual(before);

    const publishes = t.slack.callsOf('views.publish').length;
    const done = await button(A, FORGET_ACTION.confirm, dana);
    expect(done.replace_original).toBe(true);
    expect(blockText(done.blocks)).toContain('Forgotten');
    // The Home tab is published again, without them.
    const home = await t.slack.waitForCall('views.publish', publishes + 1);
    expect(home.args.user_id).toBe(A.user);
    expect(JSON.stringify(home.args.view)).not.toContain('Dana');

    // Every row about Dana is gone…
    expect(await db().selectFrom('people').select('id').where('id', '=', dana).execute()).toEqual([]);
    expect(await db().selectFrom('one_to_ones').select('id').where('person_id', '=', dana).execute()).toEqual(
      [],
    );
    expect(
      await db()
        .selectFrom('reflections')
        .select('id')
        .where(
          'one_to_one_id',
          'in',
          danaOtos.map((o) => o.id),
        )
        .execute(),
    ).toEqual([]);
    expect(
      await db()
        .selectFrom('introductions')
        .select('id')
        .where((eb) => eb.or([eb('person_a_id', '=', dana), eb('person_b_id', '=', dana)]))
        .execute(),
    ).toEqual([]);
    expect(
      await db()
        .selectFrom('nudge_ledger')
        .select('id')
        .where('subject_id', 'in', [dana, danaIntro.id, ...danaOtos.map((o) => o.id)])
        .execute(),
    ).toEqual([]);
    // …and nothing else: other people, other organisers, other nudges.
    const after = await snapshot();
    expect(after.people).toBe(before.people - 1);
    expect(after.oneToOnes).toBe(before.oneToOnes - 2);
    expect(after.reflections).toBe(before.reflections - 1);
    expect(after.introductions).toBe(before.introductions - 1);
    expect(after.nudges).toBe(before.nudges - 3);
    expect(after.mine.filter((p) => p !== 'Dana Reyes')).toEqual(
      before.mine.filter((p) => p !== 'Dana Reyes'),
    );
    expect(after.theirs).toEqual(before.theirs);
    expect(after.bRows).toEqual(before.bRows);

    // The audit row: who, when, how many; no content.
    const audits = await db().selectFrom('erasures').selectAll().execute();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      team_id: 'T0001',
      organiser_id: A.user,
      erased_at: '2026-11-25T12:00:00.000Z',
      people: 1,
      one_to_ones: 2,
      reflections: 1,
      next_steps: 1,
      introductions: 1,
      nudges: 3,
    });
    const auditText = JSON.stringify(audits);
    for (const secret of ['Dana', 'Union', 'story', 'reflection text', dana])
      expect(auditText).not.toContain(secret);
    expect(t.logs.join('\n')).not.toContain('Dana story text');

    // A second click (the button is still in an old message): nothing more happens.
    const again = await button(A, FORGET_ACTION.confirm, dana);
    expect(blockText(again.blocks)).toContain('can’t find that person');
    expect(await db().selectFrom('erasures').selectAll().execute()).toHaveLength(1);
  });

  it('"Name (Institution)" picks one of two people with the same name; a name with brackets still works', async () => {
    const reply = await command(A, 'forget Sam Jones (Union Local 12)');
    const [yes] = buttons(reply.blocks);
    expect(yes?.value).toBe(await personId(A, 'Sam Jones', 'Union Local 12'));

    await logNew(t, A, 'Jo (Joanne)');
    const bracketed = await command(A, 'forget Jo (Joanne)');
    expect(buttons(bracketed.blocks)[0]?.value).toBe(await personId(A, 'Jo (Joanne)'));
  });

  it('logs the erasure with counts and never the name', () => {
    const line = t.logs.find((l) => l.includes('person forgotten'));
    expect(line).toBeDefined();
    expect(line).toContain('"oneToOnes":2');
    expect(line).not.toContain('Dana');
  });
});

async function snapshot() {
  const n = async (table: 'people' | 'one_to_ones' | 'reflections' | 'introductions' | 'nudge_ledger') =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const names = async (organiser: string) =>
    (
      await db()
        .selectFrom('people')
        .select('name')
        .where('organiser_id', '=', organiser)
        .orderBy('id')
        .execute()
    ).map((r) => r.name);
  return {
    people: await n('people'),
    oneToOnes: await n('one_to_ones'),
    reflections: await n('reflections'),
    introductions: await n('introductions'),
    nudges: await n('nudge_ledger'),
    mine: await names(A.user),
    theirs: await names(B.user),
    bRows: await db()
      .selectFrom('one_to_ones')
      .selectAll()
      .where('organiser_id', '=', B.user)
      .orderBy('id')
      .execute(),
  };
}

describe('retention', () => {
  it('only workspace admins change it; anyone can see it', async () => {
    const refused = await command(A, 'retention 12');
    expect(blockText(refused.blocks)).toContain('Only workspace admins');
    expect(await db().selectFrom('workspace_settings').selectAll().execute()).toEqual([]);

    const bad = await command(ADMIN, 'retention twelve');
    expect(blockText(bad.blocks)).toContain('from 1 to 120');

    const changed = await command(ADMIN, 'retention 12');
    expect(blockText(changed.blocks)).toContain('now *12 months*');
    const shown = await command(A, 'retention');
    expect(blockText(shown.blocks)).toContain('*12 months*');
  });

  it('blanks only text older than N months, keeps rows and counts, is idempotent, and dry-run changes nothing', async () => {
    const oldId = await logNew(t, A, 'Old Friend', {
      [LOG_BLOCK.metOn]: '2025-10-01',
      [LOG_BLOCK.setting]: 'old setting',
      [LOG_BLOCK.stories]: 'old story',
      [LOG_BLOCK.needs]: 'old needs',
      [LOG_BLOCK.nextStepKind]: 'meeting',
      [LOG_BLOCK.nextStepDue]: '2025-10-08',
      [LOG_BLOCK.nextStepNote]: 'old note',
    });
    await reflect(A, 'Old Friend', {
      [REFLECT_BLOCK.motivations]: 'old reflection',
      [REFLECT_BLOCK.depth]: 'stories',
    });
    // On the cut-off date itself (2025-11-25): kept.
    const edgeId = await logNew(t, A, 'Edge Case', {
      [LOG_BLOCK.metOn]: '2025-11-25',
      [LOG_BLOCK.stories]: 'edge story',
    });
    const newId = await logNew(t, B, 'New Friend', {
      [LOG_BLOCK.metOn]: '2026-11-20',
      [LOG_BLOCK.stories]: 'new story',
    });
    // Another workspace without retention: untouched whatever its age.
    const otherTeamId = await logNew(t, OTHER_TEAM, 'Elsewhere', {
      [LOG_BLOCK.metOn]: '2024-01-10',
      [LOG_BLOCK.stories]: 'other team story',
    });
    const rowsBefore = await db().selectFrom('one_to_ones').select('id').execute();
    const now = new Date('2026-11-25T03:30:00Z');

    const dry = await retentionJob.run({ deps: t.bot.deps, now, dryRun: true });
    // Only Old Friend's one-to-one (and its reflection) is older than 12 months in this workspace.
    expect(dry.counts).toEqual({ teams: 1, oneToOnes: 1, reflections: 1, introductions: 0 });
    expect(
      (await db().selectFrom('one_to_ones').selectAll().where('id', '=', oldId).executeTakeFirstOrThrow())
        .stories,
    ).toBe('old story');

    const run = await retentionJob.run({ deps: t.bot.deps, now, dryRun: false });
    expect(run.counts).toEqual(dry.counts);

    const old = await db()
      .selectFrom('one_to_ones')
      .selectAll()
      .where('id', '=', oldId)
      .executeTakeFirstOrThrow();
    expect(old).toMatchObject({
      setting: null,
      stories: null,
      self_interest_needs: null,
      self_interest_meaning: null,
      values_motivations: null,
      mutual_interests: null,
      next_step_note: null,
      // What counts stays.
      met_on: '2025-10-01',
      duration_minutes: 45,
      next_step_kind: 'meeting',
      next_step_due_on: '2025-10-08',
    });
    const oldReflection = await db()
      .selectFrom('reflections')
      .selectAll()
      .where('one_to_one_id', '=', oldId)
      .executeTakeFirstOrThrow();
    expect(oldReflection).toMatchObject({
      motivations: null,
      contribution: null,
      differently: null,
      depth: 'stories',
    });

    const text = async (id: string) =>
      (await db().selectFrom('one_to_ones').select('stories').where('id', '=', id).executeTakeFirstOrThrow())
        .stories;
    expect(await text(edgeId)).toBe('edge story');
    expect(await text(newId)).toBe('new story');
    expect(await text(otherTeamId)).toBe('other team story');
    // Every row is still there.
    expect(await db().selectFrom('one_to_ones').select('id').execute()).toHaveLength(rowsBefore.length);

    // Idempotent: nothing left to blank.
    const second = await retentionJob.run({ deps: t.bot.deps, now, dryRun: false });
    expect(second.counts).toEqual({ teams: 1, oneToOnes: 0, reflections: 0, introductions: 0 });
  });

  it('blanks more rows than one batch, many on the same day, and reflections of them', async () => {
    // 1,203 old one-to-ones on one date (a batch is 500, so three batches resume on that date) and
    // 701 reflections; seeded directly, as an import of years of history would be.
    const db0 = db();
    const person = await personId(A, 'Old Friend');
    const ids = Array.from({ length: 1_203 }, (_, i) => `bulk-${String(i).padStart(5, '0')}`);
    await db0.transaction().execute(async (trx) => {
      for (const id of ids) {
        await trx
          .insertInto('one_to_ones')
          .values({
            id,
            team_id: 'T0001',
            organiser_id: A.user,
            person_id: person,
            met_on: '2024-03-01',
            duration_minutes: 50,
            mutual_interests: 'bulk text',
            created_at: NOW_ISO,
            updated_at: NOW_ISO,
          })
          .execute();
      }
      for (const id of ids.slice(0, 701)) {
        await trx
          .insertInto('reflections')
          .values({
            id: `r-${id}`,
            team_id: 'T0001',
            organiser_id: A.user,
            one_to_one_id: id,
            differently: 'bulk reflection',
            created_at: NOW_ISO,
            updated_at: NOW_ISO,
          })
          .execute();
      }
    });
    await command(ADMIN, 'retention 12');
    const now = new Date('2026-11-25T03:30:00Z');
    const dry = await retentionJob.run({ deps: t.bot.deps, now, dryRun: true });
    expect(dry.counts).toEqual({ teams: 1, oneToOnes: 1_203, reflections: 701, introductions: 0 });
    const run = await retentionJob.run({ deps: t.bot.deps, now, dryRun: false });
    expect(run.counts).toEqual(dry.counts);
    const left = await db0
      .selectFrom('one_to_ones')
      .select('id')
      .where('id', 'in', ids)
      .where('mutual_interests', 'is not', null)
      .execute();
    expect(left).toEqual([]);
    const leftReflections = await db0
      .selectFrom('reflections')
      .select('id')
      .where('differently', 'is not', null)
      .where('one_to_one_id', 'in', ids)
      .execute();
    expect(leftReflections).toEqual([]);
    expect(await db0.selectFrom('one_to_ones').select('id').where('id', 'in', ids).execute()).toHaveLength(
      1_203,
    );
  });

  it('off keeps everything from then on', async () => {
    const off = await command(ADMIN, 'retention off');
    expect(blockText(off.blocks)).toContain('now *off*');
    const run = await retentionJob.run({
      deps: t.bot.deps,
      now: new Date('2026-11-26T03:30:00Z'),
      dryRun: false,
    });
    expect(run.counts.teams).toBe(0);
  });
});

describe('introduce', () => {
  it('offers only my people, refuses the same person twice or someone else’s person, and records a valid one', async () => {
    const view = await openModalWith(t, A, 'introduce');
    const options = await t.send.options(A, ACTION.personSearch, INTRO_BLOCK.personA, '', {
      ...view.view,
      id: view.id,
    });
    const labels = (options.json().options as { text: { text: string } }[]).map((o) => o.text.text);
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.join()).not.toContain('Secret');

    const ben = await personId(A, 'Ben Okafor');
    const same = await submit(t, A, view, { [INTRO_BLOCK.personA]: ben, [INTRO_BLOCK.personB]: ben });
    expect(same.json()).toEqual({
      response_action: 'errors',
      errors: { [INTRO_BLOCK.personB]: 'Choose two different people.' },
    });
    const future = await submit(t, A, view, {
      [INTRO_BLOCK.personA]: ben,
      [INTRO_BLOCK.personB]: await personId(A, 'Zoë Peña'),
      [INTRO_BLOCK.introducedOn]: '2026-12-01',
    });
    expect(Object.keys(future.json().errors)).toEqual([INTRO_BLOCK.introducedOn]);

    const secret = await personId(B, 'Secret Person');
    const crafted = await submit(t, A, view, { [INTRO_BLOCK.personA]: ben, [INTRO_BLOCK.personB]: secret });
    expect(crafted.json()).toEqual({
      response_action: 'errors',
      errors: { [INTRO_BLOCK.personB]: 'I can’t find that person among yours.' },
    });
    expect(
      await db().selectFrom('introductions').select('id').where('person_b_id', '=', secret).execute(),
    ).toEqual([]);

    const dms = dmsTo(t, A.user).length;
    const ok = await submit(t, A, view, {
      [INTRO_BLOCK.personA]: ben,
      [INTRO_BLOCK.personB]: await personId(A, 'Sam Jones', 'Union Local 12'),
      [INTRO_BLOCK.why]: 'school and union',
      [INTRO_BLOCK.introducedOn]: '2026-11-24',
    });
    expect(ok.text).toBe('');
    const row = await db()
      .selectFrom('introductions')
      .selectAll()
      .where('source_view_id', '=', view.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      organiser_id: A.user,
      person_a_id: ben,
      status: 'agreed',
      across_institutions: 1,
      introduced_on: '2026-11-24',
      follow_up_due_on: '2026-12-01',
      why: 'school and union',
    });
    const dm = await t.slack.waitFor(() => dmsTo(t, A.user)[dms]);
    expect(dm.args.text).toContain('Ben Okafor (Riverside School) and Sam Jones (Union Local 12)');

    // The same view submitted again (a retry): saved once, confirmed once.
    const retry = await submit(t, A, view, {
      [INTRO_BLOCK.personA]: ben,
      [INTRO_BLOCK.personB]: await personId(A, 'Sam Jones', 'Union Local 12'),
    });
    expect(retry.text).toBe('');
    expect(
      await db().selectFrom('introductions').select('id').where('source_view_id', '=', view.id).execute(),
    ).toHaveLength(1);
  });
});
