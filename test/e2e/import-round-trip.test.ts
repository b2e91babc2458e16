import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameKey, newId } from '../../src/domain/keys.js';
import { ACTION, IMPORT_ACTION, IMPORT_BLOCK } from '../../src/interaction-ids.js';
import { asSubmitted, blockText, buttons, dmsTo, openModalWith } from '../support/onetoone.js';
import type { Actor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 12: `/onetoone export` followed by `/onetoone import` of its files into a fresh
 * workspace (a new database) gives the same people, one-to-ones, reflections and next steps,
 * value by value, including text a spreadsheet would take for a formula, quotes, commas and line
 * breaks; importing the files a second time adds nothing.
 */

const A: Actor = { user: 'UAAA0001' };
const NOW = '2026-11-25T12:00:00.000Z';

let source: TestApp;
let fresh: TestApp;
beforeAll(async () => {
  [source, fresh] = await Promise.all([
    startTestApp({ now: '2026-11-25T12:00:00Z' }),
    startTestApp({ now: '2026-11-25T12:00:00Z' }),
  ]);
  for (const t of [source, fresh]) t.slack.users.set(A.user, { id: A.user, tz: 'Europe/London' });
});
afterAll(async () => {
  await Promise.all([source?.stop(), fresh?.stop()]);
});

async function institution(t: TestApp, name: string): Promise<string> {
  const id = newId();
  await t.bot.deps.db
    .insertInto('institutions')
    .values({ id, team_id: 'T0001', name, name_key: nameKey(name), created_at: NOW })
    .execute();
  return id;
}

async function person(
  t: TestApp,
  p: { name: string; institutionId?: string; institutionKey?: string; role?: string; slack?: string },
): Promise<string> {
  const id = newId();
  await t.bot.deps.db
    .insertInto('people')
    .values({
      id,
      team_id: 'T0001',
      organiser_id: A.user,
      name: p.name,
      name_key: nameKey(p.name),
      institution_id: p.institutionId ?? null,
      institution_key: p.institutionKey ?? '',
      role: p.role ?? null,
      slack_user_id: p.slack ?? null,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  return id;
}

let views = 0;
async function oneToOne(t: TestApp, personId: string, o: Record<string, unknown>): Promise<string> {
  const id = newId();
  await t.bot.deps.db
    .insertInto('one_to_ones')
    .values({
      id,
      team_id: 'T0001',
      organiser_id: A.user,
      person_id: personId,
      met_on: '2026-11-01',
      duration_minutes: 45,
      setting: null,
      self_interest_needs: null,
      self_interest_meaning: null,
      stories: null,
      values_motivations: null,
      mutual_interests: null,
      listening_share: null,
      continue_relationship: null,
      next_step_kind: 'none',
      next_step_due_on: null,
      next_step_note: null,
      next_step_done_at: null,
      source_view_id: `V${++views}`,
      created_at: '2026-11-01T18:00:00.000Z',
      updated_at: '2026-11-02T09:00:00.000Z',
      ...o,
    })
    .execute();
  return id;
}

async function reflection(t: TestApp, oneToOneId: string, r: Record<string, unknown>): Promise<void> {
  await t.bot.deps.db
    .insertInto('reflections')
    .values({
      id: newId(),
      team_id: 'T0001',
      organiser_id: A.user,
      one_to_one_id: oneToOneId,
      motivations: null,
      contribution: null,
      differently: null,
      depth: null,
      created_at: '2026-11-03T08:00:00.000Z',
      updated_at: '2026-11-03T08:00:00.000Z',
      ...r,
    })
    .execute();
}

/** Everything an organiser has, without ids, in a stable order: what must round-trip. */
async function snapshot(t: TestApp) {
  const db = t.bot.deps.db;
  const people = await db
    .selectFrom('people')
    .leftJoin('institutions', 'institutions.id', 'people.institution_id')
    .select(['people.name', 'institutions.name as institution', 'people.role', 'people.slack_user_id'])
    .where('people.organiser_id', '=', A.user)
    .orderBy('people.name')
    .orderBy('people.slack_user_id')
    .execute();
  const oneToOnes = await db
    .selectFrom('one_to_ones')
    .innerJoin('people', 'people.id', 'one_to_ones.person_id')
    .leftJoin('reflections', 'reflections.one_to_one_id', 'one_to_ones.id')
    .select([
      'people.name as person',
      'people.slack_user_id as person_slack',
      'one_to_ones.met_on',
      'one_to_ones.duration_minutes',
      'one_to_ones.setting',
      'one_to_ones.self_interest_needs',
      'one_to_ones.self_interest_meaning',
      'one_to_ones.stories',
      'one_to_ones.values_motivations',
      'one_to_ones.mutual_interests',
      'one_to_ones.listening_share',
      'one_to_ones.continue_relationship',
      'one_to_ones.next_step_kind',
      'one_to_ones.next_step_due_on',
      'one_to_ones.next_step_note',
      'one_to_ones.next_step_done_at',
      'one_to_ones.created_at',
      'reflections.motivations',
      'reflections.contribution',
      'reflections.differently',
      'reflections.depth',
      'reflections.created_at as reflected_at',
    ])
    .where('one_to_ones.organiser_id', '=', A.user)
    .orderBy('one_to_ones.met_on')
    .orderBy('people.name')
    .orderBy('people.slack_user_id')
    .orderBy('one_to_ones.duration_minutes')
    .execute();
  return { people, oneToOnes };
}

/** The bytes of an uploaded file (the WebClient posts each as one multipart/form-data part). */
async function uploaded(t: TestApp, fileId: string): Promise<Buffer> {
  const raw = t.slack.uploads.get(fileId)!;
  const boundary = raw.subarray(2, raw.indexOf('\r\n')).toString('latin1');
  const form = await new Response(new Uint8Array(raw), {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }).formData();
  const part = [...form.values()].find((v) => typeof v !== 'string') as Blob;
  return Buffer.from(await part.arrayBuffer());
}

async function importAll(t: TestApp, files: Record<string, any>[]): Promise<Record<string, any>> {
  const view = await openModalWith(t, A, 'import');
  const before = dmsTo(t, A.user).length;
  const res = await t.send.viewSubmission(A, asSubmitted(view), {
    [IMPORT_BLOCK.files]: { [ACTION.input]: { type: 'file_input', files } },
  });
  expect(res.text).toBe('');
  return (await t.slack.waitFor(() => dmsTo(t, A.user)[before], 10_000)).args;
}

describe('export, then import into a fresh workspace', () => {
  it('gives the same people, one-to-ones, reflections and next steps', async () => {
    const school = await institution(source, 'Riverside School');
    const church = await institution(source, "St Mary's, Church");
    const zoe = await person(source, {
      name: 'Zoë Peña',
      institutionId: church,
      institutionKey: nameKey("St Mary's, Church"),
      role: 'Deacon, "youth"',
      slack: 'UZOE0001',
    });
    const ben = await person(source, {
      name: 'Ben Okafor',
      institutionId: school,
      institutionKey: nameKey('Riverside School'),
    });
    // Two Slack members who share a name stay two people (the second's key carries its Slack id).
    const sam1 = await person(source, { name: 'Sam Lee', slack: 'USAM0001', role: 'Nurse' });
    const sam2 = await person(source, { name: 'Sam Lee', institutionKey: '@USAM0002', slack: 'USAM0002' });
    await person(source, { name: 'Never Met', role: 'Shop owner' });

    const z1 = await oneToOne(source, zoe, {
      met_on: '2026-11-20',
      duration_minutes: 60,
      setting: '+café on the corner',
      self_interest_needs: 'Rent, "the roof", and\r\nher kids’ school',
      self_interest_meaning: '-faith',
      stories: '=HYPERLINK("http://evil.example","x")',
      values_motivations: '@home first',
      mutual_interests: 'housing',
      listening_share: 'two_thirds',
      continue_relationship: 'yes',
      next_step_kind: 'introduction',
      next_step_due_on: '2026-12-02',
      next_step_note: 'Meet Ben, at school',
      created_at: '2026-11-20T19:30:00.000Z',
    });
    await reflection(source, z1, {
      motivations: 'Her kids, "the roof",\nand rent',
      contribution: '=1+1',
      differently: 'Listen more',
      depth: 'self_interest',
    });
    await oneToOne(source, zoe, { met_on: '2026-11-22', duration_minutes: 30 });
    await oneToOne(source, ben, {
      met_on: '2026-10-05',
      duration_minutes: 240,
      next_step_kind: 'meeting',
      next_step_due_on: '2026-10-12',
      next_step_done_at: '2026-10-11T16:00:00.000Z',
      listening_share: 'half',
      continue_relationship: 'maybe',
    });
    const s1 = await oneToOne(source, sam1, {
      met_on: '2026-09-01',
      next_step_kind: 'action',
      stories: 'Sam one',
    });
    await reflection(source, s1, { depth: 'surface' });
    await oneToOne(source, sam2, { met_on: '2026-09-01', stories: 'Sam two', continue_relationship: 'no' });

    // Export through the command, as an organiser does.
    const completes = source.slack.callsOf('files.completeUploadExternal').length;
    await source.send.command('export', A);
    const complete = await source.slack.waitForCall('files.completeUploadExternal', completes + 1);
    const exported = (
      typeof complete.args.files === 'string' ? JSON.parse(complete.args.files) : complete.args.files
    ) as { id: string; title: string }[];
    expect(exported).toHaveLength(4);
    const hosted = await Promise.all(
      exported.map(async (f) =>
        fresh.slack.hostFile(await uploaded(source, f.id), { name: `${f.title}.csv` }),
      ),
    );

    // Import all four files into the fresh workspace.
    const summary = await importAll(fresh, hosted);
    const text = blockText(summary.blocks);
    expect(text).toContain('5 new people');
    expect(text).toContain('5 one-to-ones');
    expect(text).toContain('2 reflections');
    expect(text).toContain('introductions (not imported');
    expect(text).not.toContain('Rows I can’t use');
    expect(text).not.toContain('Columns I don’t know');
    const apply = buttons(summary.blocks).find((b) => b.action_id === IMPORT_ACTION.apply)!;
    const n = fresh.slack.responses.length;
    await fresh.send.blockAction(A, { action_id: IMPORT_ACTION.apply, value: apply.value! });
    const done = await fresh.slack.waitForResponse(n + 1, 10_000);
    expect(JSON.stringify(done)).toContain(
      'Imported: 5 new people, 2 new institutions, 5 one-to-ones (3 next steps) and 2 reflections',
    );

    const before = await snapshot(source);
    const after = await snapshot(fresh);
    expect(after.people).toEqual(before.people);
    expect(after.oneToOnes).toEqual(before.oneToOnes);
    expect(after.oneToOnes).toHaveLength(5);

    // The same files again: nothing new.
    const again = await importAll(
      fresh,
      await Promise.all(
        exported.map(async (f) =>
          fresh.slack.hostFile(await uploaded(source, f.id), { name: `${f.title}.csv` }),
        ),
      ),
    );
    expect(blockText(again.blocks)).toContain('Import: nothing to add');
    expect(buttons(again.blocks)).toEqual([]);
    expect(await snapshot(fresh)).toEqual(after);
  });
});
