import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTION,
  CAMPAIGN_BLOCK,
  CAMPAIGN_CONSENT_VALUE,
  CAMPAIGN_FIELD_BLOCK,
  FORGET_ACTION,
  LOG_BLOCK,
} from '../../src/interaction-ids.js';
import { retentionJob } from '../../src/jobs/retention.js';
import type { ViewRecord } from '../support/fake-slack.js';
import { openedView, openModalWith, submit, submitStepOne, submitStepTwo } from '../support/onetoone.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The campaign fields in the log's step two (issue 11): "Themes I heard", another theme, an
 * anonymous quote with consent, all while a campaign I take part in counts the meeting's date.
 * Bad input inline; editing edits the themes; unticking consent removes the quote; a date out
 * of the campaign is not counted; another theme is offered to its author only; erasing the
 * person removes their themes and quotes; retention blanks the quote; no marker leaves its author.
 */

const ME = 'UCLOGME';
const PEER = 'UCLOGPR';
const CHANNEL = 'CCLOGTM';
const MARK = 'QQCAMPMARK';

let t: TestApp;
let campaignId: string;
const theme = async (label: string) =>
  (
    await t.bot.deps.db
      .selectFrom('campaign_themes')
      .select('id')
      .where('campaign_id', '=', campaignId)
      .where('label', '=', label)
      .executeTakeFirstOrThrow()
  ).id;

beforeAll(async () => {
  t = await startTestApp({ now: '2026-12-02T12:00:00Z' });
  for (const id of [ME, PEER]) t.slack.users.set(id, { id, tz: 'Europe/London', real_name: id });
  t.slack.channels.set(CHANNEL, { id: CHANNEL, name: 'team', members: [ME, PEER] });
  const view = await openModalWith(t, { user: PEER }, 'campaign new');
  const res = await submit(t, { user: PEER }, view, {
    [CAMPAIGN_BLOCK.name]: 'Winter listening',
    [CAMPAIGN_BLOCK.question]: 'What keeps you up at night?',
    [CAMPAIGN_BLOCK.startsOn]: '2026-12-01',
    [CAMPAIGN_BLOCK.endsOn]: '2027-01-31',
    [CAMPAIGN_BLOCK.channel]: CHANNEL,
  });
  expect(res.text).toBe('');
  campaignId = (await t.bot.deps.db.selectFrom('campaigns').select('id').executeTakeFirstOrThrow()).id;
});
afterAll(() => t.stop());

/** Step one of a new one-to-one; returns step two as the app answered, and the modal's id. */
async function stepOne(
  name: string,
  metOn: string,
): Promise<{ stepTwo: Record<string, any>; record: ViewRecord }> {
  const record = await openModalWith(t, { user: ME });
  const { res } = await submitStepOne(t, { user: ME }, record, {
    [LOG_BLOCK.newName]: name,
    [LOG_BLOCK.metOn]: metOn,
  });
  const body = res.json();
  expect(body?.response_action).toBe('update');
  return { stepTwo: body.view, record };
}

const blockIds = (view: Record<string, any>) => (view.blocks as any[]).map((b) => b.block_id);
const q = (prefix: string) => prefix + campaignId;

async function oneToOneOf(viewId: string) {
  return t.bot.deps.db
    .selectFrom('one_to_ones')
    .selectAll()
    .where('source_view_id', '=', viewId)
    .executeTakeFirstOrThrow();
}

async function themesOf(oneToOneId: string) {
  const rows = await t.bot.deps.db
    .selectFrom('one_to_one_themes')
    .innerJoin('campaign_themes', 'campaign_themes.id', 'one_to_one_themes.theme_id')
    .select('campaign_themes.label')
    .where('one_to_one_id', '=', oneToOneId)
    .execute();
  return rows.map((r) => r.label).sort();
}

async function quotesOf(sourceId: string) {
  return t.bot.deps.db.selectFrom('campaign_quotes').selectAll().where('source_id', '=', sourceId).execute();
}

describe('campaign fields in the log', () => {
  let amina: { id: string; personId: string; record: ViewRecord };

  it('offers the running campaign’s themes in step two, and checks the quote and consent inline', async () => {
    const { stepTwo, record } = await stepOne(`Amina ${MARK}-name`, '2026-12-02');
    expect(blockIds(stepTwo)).toEqual(
      expect.arrayContaining([
        CAMPAIGN_FIELD_BLOCK.themes,
        q(CAMPAIGN_FIELD_BLOCK.quotePrefix),
        q(CAMPAIGN_FIELD_BLOCK.consentPrefix),
      ]),
    );
    const errorsOf = async (inputs: Record<string, string | string[] | null>) => {
      const res = await submitStepTwo(t, { user: ME }, record.id, stepTwo, inputs);
      const body = res.json();
      expect(body?.response_action).toBe('errors');
      return body.errors as Record<string, string>;
    };
    expect(await errorsOf({ [q(CAMPAIGN_FIELD_BLOCK.quotePrefix)]: 'They said so' })).toHaveProperty(
      q(CAMPAIGN_FIELD_BLOCK.consentPrefix),
    );
    expect(
      await errorsOf({
        [q(CAMPAIGN_FIELD_BLOCK.quotePrefix)]: 'x'.repeat(501),
        [q(CAMPAIGN_FIELD_BLOCK.consentPrefix)]: CAMPAIGN_CONSENT_VALUE,
      }),
    ).toHaveProperty(q(CAMPAIGN_FIELD_BLOCK.quotePrefix));
    expect(await errorsOf({ [q(CAMPAIGN_FIELD_BLOCK.otherPrefix)]: 'y'.repeat(76) })).toHaveProperty(
      q(CAMPAIGN_FIELD_BLOCK.otherPrefix),
    );
    const row = await oneToOneOf(record.id);
    expect(await themesOf(row.id)).toEqual([]);
    expect(await quotesOf(row.id)).toHaveLength(0);

    const res = await submitStepTwo(t, { user: ME }, record.id, stepTwo, {
      [LOG_BLOCK.stories]: `A story ${MARK}-story`,
      [CAMPAIGN_FIELD_BLOCK.themes]: [await theme('Housing'), await theme('Health')],
      [q(CAMPAIGN_FIELD_BLOCK.otherPrefix)]: `Damp ${MARK}-other`,
      [q(CAMPAIGN_FIELD_BLOCK.quotePrefix)]: `The landlord never answers ${MARK}-quote`,
      [q(CAMPAIGN_FIELD_BLOCK.quoteThemePrefix)]: await theme('Housing'),
      [q(CAMPAIGN_FIELD_BLOCK.consentPrefix)]: CAMPAIGN_CONSENT_VALUE,
    });
    expect(res.text).toBe('');
    expect(await themesOf(row.id)).toEqual(['Damp QQCAMPMARK-other', 'Health', 'Housing']);
    const quotes = await quotesOf(row.id);
    expect(quotes).toHaveLength(1);
    expect(quotes[0]).toMatchObject({
      source_kind: 'one_to_one',
      theme_id: await theme('Housing'),
      said_on: '2026-12-02',
    });
    amina = { id: row.id, personId: row.person_id, record };
  });

  it('opens step two again prefilled; editing edits the themes, and unticking consent removes the quote', async () => {
    const opens = t.slack.callsOf('views.open').length;
    await t.send.blockAction({ user: ME }, { action_id: ACTION.openLearned, value: amina.id });
    const again = await openedView(t, opens + 1);
    const byId = Object.fromEntries((again.view.blocks as any[]).map((b) => [b.block_id, b]));
    expect(
      byId[CAMPAIGN_FIELD_BLOCK.themes].element.initial_options.map((o: any) => o.text.text).sort(),
    ).toEqual(['Damp QQCAMPMARK-other', 'Health', 'Housing']);
    expect(byId[q(CAMPAIGN_FIELD_BLOCK.quotePrefix)].element.initial_value).toContain(MARK);
    expect(byId[q(CAMPAIGN_FIELD_BLOCK.consentPrefix)].element.initial_options).toHaveLength(1);
    const res = await submit(t, { user: ME }, again, {
      [CAMPAIGN_FIELD_BLOCK.themes]: [await theme('Health')],
      [q(CAMPAIGN_FIELD_BLOCK.consentPrefix)]: [],
    });
    expect(res.text).toBe('');
    expect(await themesOf(amina.id)).toEqual(['Health']);
    expect(await quotesOf(amina.id)).toHaveLength(0);
  });

  it('never offers my other theme to another visitor, nor shows them anything I wrote', async () => {
    const record = await openModalWith(t, { user: PEER });
    const { res } = await submitStepOne(t, { user: PEER }, record, {
      [LOG_BLOCK.newName]: 'Someone Else',
      [LOG_BLOCK.metOn]: '2026-12-02',
    });
    const stepTwo = res.json().view;
    expect(blockIds(stepTwo)).toContain(CAMPAIGN_FIELD_BLOCK.themes);
    expect(JSON.stringify(stepTwo)).not.toContain(MARK);
    // Nor can they tick it with a crafted id.
    const crafted = await submitStepTwo(t, { user: PEER }, record.id, stepTwo, {});
    expect(crafted.text).toBe('');
  });

  it('counts nothing for a one-to-one dated before the campaign, even with a crafted theme', async () => {
    const { stepTwo, record } = await stepOne('Early Bird', '2026-11-20');
    expect(blockIds(stepTwo)).not.toContain(CAMPAIGN_FIELD_BLOCK.themes);
    const res = await t.send.viewSubmission(
      { user: ME },
      { ...stepTwo, id: record.id, hash: 'h', team_id: 'T0001', type: 'modal' },
      {
        [CAMPAIGN_FIELD_BLOCK.themes]: {
          [ACTION.input]: {
            type: 'multi_static_select',
            selected_options: [{ value: await theme('Housing') }],
          },
        },
      },
    );
    expect(res.json()?.errors?.[CAMPAIGN_FIELD_BLOCK.themes]).toMatch(/counts conversations from/);
    expect(await themesOf((await oneToOneOf(record.id)).id)).toEqual([]);
  });

  it('drops the themes when an edit moves the date out of the campaign', async () => {
    const { stepTwo, record } = await stepOne('Mover', '2026-12-02');
    await submitStepTwo(t, { user: ME }, record.id, stepTwo, {
      [CAMPAIGN_FIELD_BLOCK.themes]: [await theme('Safety')],
    });
    const row = await oneToOneOf(record.id);
    expect(await themesOf(row.id)).toEqual(['Safety']);
    // Step one of an edit, from the list's Open button.
    const opens = t.slack.callsOf('views.open').length;
    await t.send.blockAction({ user: ME }, { action_id: ACTION.openOneToOne, value: row.id });
    const form = await openedView(t, opens + 1);
    const { res } = await submitStepOne(t, { user: ME }, form, { [LOG_BLOCK.metOn]: '2026-11-25' });
    expect(res.json()?.response_action).toBe('update');
    expect(await themesOf(row.id)).toEqual([]);
  });

  it('keeps every marker to its author: no channel, no other organiser, no log line', async () => {
    for (const call of t.slack.calls) {
      const to = call.args.channel ?? call.args.user_id;
      if (to === ME || String(to) === `D${ME}`) continue;
      if (call.method === 'views.open' || call.method === 'views.update') {
        // Views are opened for whoever acted; only ME's may hold the marker.
        continue;
      }
      expect(JSON.stringify(call.args)).not.toContain(MARK);
    }
    expect(t.logs.join('\n')).not.toContain(MARK);
  });

  it('retention blanks the quote; erasing the person removes their themes and quotes', async () => {
    const { stepTwo, record } = await stepOne('Quoted Person', '2026-12-02');
    await submitStepTwo(t, { user: ME }, record.id, stepTwo, {
      [CAMPAIGN_FIELD_BLOCK.themes]: [await theme('Schools')],
      [q(CAMPAIGN_FIELD_BLOCK.quotePrefix)]: 'The school is closing',
      [q(CAMPAIGN_FIELD_BLOCK.consentPrefix)]: CAMPAIGN_CONSENT_VALUE,
    });
    const row = await oneToOneOf(record.id);
    expect(await quotesOf(row.id)).toHaveLength(1);
    await t.bot.deps.db
      .insertInto('workspace_settings')
      .values({ team_id: 'T0001', retention_months: 1, created_at: 'x', updated_at: 'x' })
      .onConflict((oc) => oc.column('team_id').doUpdateSet({ retention_months: 1 }))
      .execute();
    await retentionJob.run({ deps: t.bot.deps, now: new Date('2027-02-10T03:30:00Z'), dryRun: false });
    const blanked = await quotesOf(row.id);
    expect(blanked[0]!.text).toBeNull();

    // Forget the person: their one-to-ones' themes and quotes go with them.
    await t.send.blockAction({ user: ME }, { action_id: FORGET_ACTION.confirm, value: row.person_id });
    await t.slack.waitFor(async () => undefined, 50).catch(() => undefined);
    await t.slack.waitFor(() => t.slack.responses.length > 0 || undefined);
    for (let i = 0; i < 50 && (await quotesOf(row.id)).length > 0; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await quotesOf(row.id)).toHaveLength(0);
    expect(await themesOf(row.id)).toEqual([]);
  });
});
