import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTION,
  CAMPAIGN_BLOCK,
  CAMPAIGN_FIELD_BLOCK,
  FORGET_ACTION,
  LOG_BLOCK,
} from '../../src/interaction-ids.js';
import { countThemePeople, countThemesHeard } from '../../src/repositories/queries/campaign-report.js';
import { openedView, openModalWith, submit, submitStepOne, submitStepTwo } from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The facts a campaign tag carries of its one-to-one (organiser, person, date, institution when
 * met: migrations/2026-12-02-1700-campaign-theme-facts.ts and -1800-campaign-theme-institution.ts),
 * which the report counts by: after a log, an edit of the date and the person (to one at another
 * institution), and forgetting the person, they are what a rebuild from the one-to-ones
 * gives, and the counts (people, institutions) are the same as counted from the one-to-ones
 * themselves; tags written by an older instance during a rolling upgrade are counted the same.
 */

const ME = 'UCFACTME';
const CHANNEL = 'CCFACTS';

let t: TestApp;
let campaignId: string;

beforeAll(async () => {
  t = await startTestApp({ now: '2026-12-20T12:00:00Z' });
  t.slack.users.set(ME, { id: ME, tz: 'Europe/London', real_name: ME });
  t.slack.channels.set(CHANNEL, { id: CHANNEL, name: 'team', members: [ME] });
  const view = await openModalWith(t, { user: ME }, 'campaign new');
  const res = await submit(t, { user: ME }, view, {
    [CAMPAIGN_BLOCK.name]: 'Facts listening',
    [CAMPAIGN_BLOCK.question]: 'What keeps you up at night?',
    [CAMPAIGN_BLOCK.startsOn]: '2026-12-01',
    [CAMPAIGN_BLOCK.endsOn]: '2027-01-31',
    [CAMPAIGN_BLOCK.channel]: CHANNEL,
  });
  expect(res.text).toBe('');
  campaignId = (await t.bot.deps.db.selectFrom('campaigns').select('id').executeTakeFirstOrThrow()).id;
});
afterAll(() => t.stop());

const theme = async (label: string) =>
  (
    await t.bot.deps.db
      .selectFrom('campaign_themes')
      .select('id')
      .where('campaign_id', '=', campaignId)
      .where('label', '=', label)
      .executeTakeFirstOrThrow()
  ).id;

/** Every tag, with its stored facts and the facts rebuilt from its one-to-one. */
async function tags() {
  return t.bot.deps.db
    .selectFrom('one_to_one_themes as t')
    .innerJoin('one_to_ones as o', 'o.id', 't.one_to_one_id')
    .select([
      't.one_to_one_id',
      't.theme_id',
      't.organiser_id',
      't.person_id',
      't.met_on',
      't.institution_id',
      't.facts',
      'o.organiser_id as o_organiser_id',
      'o.person_id as o_person_id',
      'o.met_on as o_met_on',
      'o.institution_id as o_institution_id',
    ])
    .orderBy('t.one_to_one_id')
    .orderBy('t.theme_id')
    .execute();
}

async function expectFactsRebuilt(): Promise<void> {
  const all = await tags();
  const stored = all.map((r) => [
    r.one_to_one_id,
    r.theme_id,
    r.organiser_id,
    r.person_id,
    r.met_on,
    r.institution_id,
    r.facts,
  ]);
  const rebuilt = all.map((r) => [
    r.one_to_one_id,
    r.theme_id,
    r.o_organiser_id,
    r.o_person_id,
    r.o_met_on,
    r.o_institution_id,
    2,
  ]);
  expect(stored).toEqual(rebuilt);
  // No tag is without its one-to-one (the join above would hide it).
  const count = await t.bot.deps.db
    .selectFrom('one_to_one_themes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  expect(Number(count.n)).toBe(all.length);
}

/** The ranking as counted from the one-to-ones (the join the facts replace). */
async function rankingRebuilt() {
  return (await countsRebuilt()).map((r) => ({ theme_id: r.theme_id, named_people: r.people }));
}

const byTheme = (a: { theme_id: string }, b: { theme_id: string }) => a.theme_id.localeCompare(b.theme_id);

/** People and institutions per theme as counted from the one-to-ones (the institution when met). */
async function countsRebuilt() {
  const rows = await t.bot.deps.db
    .selectFrom('one_to_one_themes as t')
    .innerJoin('one_to_ones as o', 'o.id', 't.one_to_one_id')
    .innerJoin('campaign_members as m', (j) =>
      j.onRef('m.campaign_id', '=', 't.campaign_id').onRef('m.user_id', '=', 'o.organiser_id'),
    )
    .select([
      't.theme_id',
      (eb) => eb.fn.count<number>('o.person_id').distinct().as('people'),
      (eb) => eb.fn.count<number>('o.institution_id').distinct().as('institutions'),
    ])
    .where('t.campaign_id', '=', campaignId)
    .where('o.met_on', '>=', '2026-12-01')
    .where('o.met_on', '<=', '2027-01-31')
    .groupBy('t.theme_id')
    .execute();
  return rows
    .map((r) => ({ theme_id: r.theme_id, people: Number(r.people), institutions: Number(r.institutions) }))
    .sort(byTheme);
}

async function expectCounts(expected: Record<string, [people: number, institutions: number]>): Promise<void> {
  const counts = (await countThemesHeard(t.bot.deps.db, 'T0001', campaignId, '2026-12-01', '2027-01-31'))
    .map((r) => ({ theme_id: r.theme_id, people: r.named_people, institutions: r.institutions }))
    .sort(byTheme);
  expect(counts).toEqual(await countsRebuilt());
  const want = await Promise.all(
    Object.entries(expected).map(async ([label, [people, institutions]]) => ({
      theme_id: await theme(label),
      people,
      institutions,
    })),
  );
  expect(counts).toEqual(want.sort(byTheme));
}

async function expectRanking(expected: Record<string, number>): Promise<void> {
  const ranking = (
    await countThemePeople(t.bot.deps.db, 'T0001', campaignId, '2026-12-01', '2027-01-31')
  ).sort(byTheme);
  expect(ranking).toEqual(await rankingRebuilt());
  const want = await Promise.all(
    Object.entries(expected).map(async ([label, n]) => ({ theme_id: await theme(label), named_people: n })),
  );
  expect(ranking).toEqual(want.sort(byTheme));
}

describe('the facts on a campaign tag', () => {
  let oneToOneId: string;

  it('are written with the tags when a one-to-one is logged', async () => {
    const record = await openModalWith(t, { user: ME });
    const { res } = await submitStepOne(t, { user: ME }, record, {
      [LOG_BLOCK.newName]: 'Amina Facts',
      [LOG_BLOCK.institution]: 'Facts Mosque',
      [LOG_BLOCK.metOn]: '2026-12-02',
    });
    const stepTwo = res.json().view;
    const saved = await submitStepTwo(t, { user: ME }, record.id, stepTwo, {
      [CAMPAIGN_FIELD_BLOCK.themes]: [await theme('Housing'), await theme('Health')],
    });
    expect(saved.text).toBe('');
    const second = await openModalWith(t, { user: ME });
    const two = await submitStepOne(t, { user: ME }, second, {
      [LOG_BLOCK.newName]: 'Bola Facts',
      [LOG_BLOCK.metOn]: '2026-12-03',
    });
    await submitStepTwo(t, { user: ME }, second.id, two.res.json().view, {
      [CAMPAIGN_FIELD_BLOCK.themes]: [await theme('Housing')],
    });
    oneToOneId = (
      await t.bot.deps.db
        .selectFrom('one_to_ones')
        .select('id')
        .where('source_view_id', '=', record.id)
        .executeTakeFirstOrThrow()
    ).id;
    const mine = (await tags()).filter((r) => r.one_to_one_id === oneToOneId);
    expect(mine).toHaveLength(2);
    expect(mine.every((r) => r.met_on === '2026-12-02' && r.organiser_id === ME && r.person_id)).toBe(true);
    expect(mine.every((r) => r.institution_id && r.facts === 2)).toBe(true);
    await expectFactsRebuilt();
    await expectRanking({ Housing: 2, Health: 1 });
    await expectCounts({ Housing: [2, 1], Health: [1, 1] });
  });

  it('follow an edit of the date and the person', async () => {
    const before = (await tags()).find((r) => r.one_to_one_id === oneToOneId)!;
    const opens = t.slack.callsOf('views.open').length;
    await t.send.blockAction({ user: ME }, { action_id: ACTION.openOneToOne, value: oneToOneId });
    const form = await openedView(t, opens + 1);
    // Another person, a later day: its tags move with it (a stale person would count Amina).
    const { res } = await submitStepOne(t, { user: ME }, form, {
      [LOG_BLOCK.newName]: 'Chidi Facts',
      [LOG_BLOCK.institution]: 'Facts Union',
      [LOG_BLOCK.metOn]: '2026-12-09',
    });
    expect(res.json()?.response_action).toBe('update');
    const after = (await tags()).filter((r) => r.one_to_one_id === oneToOneId);
    expect(after).toHaveLength(2);
    expect(after.every((r) => r.met_on === '2026-12-09')).toBe(true);
    expect(after.every((r) => r.person_id !== before.person_id)).toBe(true);
    expect(after.every((r) => r.institution_id && r.institution_id !== before.institution_id)).toBe(true);
    await expectFactsRebuilt();
    await expectRanking({ Housing: 2, Health: 1 });
    await expectCounts({ Housing: [2, 1], Health: [1, 1] });
  });

  it('leave with the person when they are forgotten', async () => {
    const personId = (await tags()).find((r) => r.one_to_one_id === oneToOneId)!.person_id!;
    await t.send.blockAction({ user: ME }, { action_id: FORGET_ACTION.confirm, value: personId });
    for (let i = 0; i < 100 && (await tags()).some((r) => r.one_to_one_id === oneToOneId); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect((await tags()).filter((r) => r.one_to_one_id === oneToOneId)).toEqual([]);
    await expectFactsRebuilt();
    await expectRanking({ Housing: 1 });
    await expectCounts({ Housing: [1, 0] });
  });

  it('still count a tag written without the institution (by an instance on migration 1700 during a rolling upgrade)', async () => {
    // That version writes the organiser, person and day, names no `facts` (the column's default).
    await t.bot.deps.db
      .updateTable('one_to_one_themes')
      .set({ institution_id: null, facts: 1 })
      .where('campaign_id', '=', campaignId)
      .execute();
    await t.bot.deps.db
      .updateTable('one_to_ones')
      .set({
        institution_id: (
          await t.bot.deps.db.selectFrom('institutions').select('id').executeTakeFirstOrThrow()
        ).id,
      })
      .where('organiser_id', '=', ME)
      .execute();
    await expectRanking({ Housing: 1 });
    // The institution is read through the one-to-one, so the tag's missing one is not "none".
    await expectCounts({ Housing: [1, 1] });
  });

  it('still count a tag written without them (by an older instance during a rolling upgrade)', async () => {
    await t.bot.deps.db
      .updateTable('one_to_one_themes')
      .set({ organiser_id: null, person_id: null, met_on: null, institution_id: null, facts: 1 })
      .where('campaign_id', '=', campaignId)
      .execute();
    expect((await tags()).every((r) => r.person_id === null)).toBe(true);
    await expectRanking({ Housing: 1 });
    await expectCounts({ Housing: [1, 1] });
  });
});
