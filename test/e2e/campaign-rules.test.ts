import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { midpointDate } from '../../src/domain/campaign-report.js';
import {
  CAMPAIGN_BLOCK,
  CAMPAIGN_CONSENT_VALUE,
  CAMPAIGN_FIELD_BLOCK,
  HOUSE_MEETING_BLOCK,
  LOG_BLOCK,
} from '../../src/interaction-ids.js';
import { nudgesJob } from '../../src/jobs/nudges.js';
import { retentionJob } from '../../src/jobs/retention.js';
import { TEAM_TABLES } from '../../src/repositories/queries/team-erasure.js';
import { campaignReportById } from '../../src/services/campaign-report.js';
import {
  asSubmitted,
  blockText,
  dmsTo,
  openModalWith,
  submit,
  submitStepOne,
  submitStepTwo,
} from '../support/onetoone.js';
import { stateFor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Issue 11's rules not covered elsewhere, end to end (SQLite, and PostgreSQL in that pass):
 * - with several campaigns running, the log's "Themes I heard" is grouped by campaign and each
 *   campaign's other theme and quote are its own;
 * - retention blanks a house meeting's quote and place with the rest of the old text;
 * - a report is read-only: built from two instances at once, it changes no row anywhere;
 * - the mid-point DM comes in each visitor's own working hours, once.
 */

const ME = 'UCRULME1';
const PEER = 'UCRULPR1';
/** A visitor in Auckland: 13 hours ahead of London in December. */
const KIWI = 'UCRULKW1';
const CHANNEL = 'CCRULTM1';
const OTHER = 'CCRULTM2';

let t: TestApp;
let winter: string;
let spring: string;

async function newCampaign(name: string, channel: string): Promise<string> {
  const view = await openModalWith(t, { user: PEER }, 'campaign new');
  const res = await submit(t, { user: PEER }, view, {
    [CAMPAIGN_BLOCK.name]: name,
    [CAMPAIGN_BLOCK.question]: 'What keeps you up at night?',
    [CAMPAIGN_BLOCK.startsOn]: '2026-12-01',
    [CAMPAIGN_BLOCK.endsOn]: '2027-01-31',
    [CAMPAIGN_BLOCK.channel]: channel,
    [CAMPAIGN_BLOCK.themes]: name === 'Winter' ? 'Housing\nHealth' : 'Transport\nSchools',
  });
  expect(res.text).toBe('');
  return (
    await t.bot.deps.db
      .selectFrom('campaigns')
      .select('id')
      .where('name', '=', name)
      .executeTakeFirstOrThrow()
  ).id;
}

const themeId = async (campaignId: string, label: string) =>
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
  t.slack.users.set(KIWI, { id: KIWI, tz: 'Pacific/Auckland', real_name: KIWI });
  t.slack.channels.set(CHANNEL, { id: CHANNEL, name: 'team', members: [ME, PEER, KIWI] });
  t.slack.channels.set(OTHER, { id: OTHER, name: 'other', members: [ME, PEER] });
  winter = await newCampaign('Winter', CHANNEL);
  spring = await newCampaign('Spring', OTHER);
});
afterAll(() => t.stop());

describe('campaign rules', () => {
  it('groups "Themes I heard" by campaign when several run, and keeps each campaign’s fields its own', async () => {
    const record = await openModalWith(t, { user: ME });
    const { res } = await submitStepOne(t, { user: ME }, record, {
      [LOG_BLOCK.newName]: 'Grouped Person',
      [LOG_BLOCK.metOn]: '2026-12-02',
    });
    const stepTwo = res.json().view;
    const themes = stepTwo.blocks.find((b: any) => b.block_id === CAMPAIGN_FIELD_BLOCK.themes);
    expect(themes.element.options).toBeUndefined();
    const groups = themes.element.option_groups.map((g: any) => ({
      label: g.label.text,
      options: g.options.map((o: any) => o.text.text),
    }));
    expect(groups).toEqual(
      expect.arrayContaining([
        { label: expect.stringContaining('Winter'), options: ['Housing', 'Health'] },
        { label: expect.stringContaining('Spring'), options: ['Transport', 'Schools'] },
      ]),
    );
    const labels = stepTwo.blocks.map((b: any) => b.label?.text).filter(Boolean);
    expect(labels).toEqual(expect.arrayContaining(['Another theme (Winter)', 'Another theme (Spring)']));
    const saved = await submitStepTwo(t, { user: ME }, record.id, stepTwo, {
      [CAMPAIGN_FIELD_BLOCK.themes]: [await themeId(winter, 'Housing'), await themeId(spring, 'Transport')],
      [CAMPAIGN_FIELD_BLOCK.quotePrefix + spring]: 'The bus never comes',
      [CAMPAIGN_FIELD_BLOCK.quoteThemePrefix + spring]: await themeId(spring, 'Transport'),
      [CAMPAIGN_FIELD_BLOCK.consentPrefix + spring]: CAMPAIGN_CONSENT_VALUE,
    });
    expect(saved.text).toBe('');
    const tags = await t.bot.deps.db
      .selectFrom('one_to_one_themes')
      .innerJoin('one_to_ones', 'one_to_ones.id', 'one_to_one_themes.one_to_one_id')
      .select(['one_to_one_themes.campaign_id', 'one_to_one_themes.theme_id'])
      .where('one_to_ones.source_view_id', '=', record.id)
      .execute();
    expect(tags.map((x) => [x.campaign_id, x.theme_id]).sort()).toEqual(
      [
        [winter, await themeId(winter, 'Housing')],
        [spring, await themeId(spring, 'Transport')],
      ].sort(),
    );
    const quotes = await t.bot.deps.db.selectFrom('campaign_quotes').selectAll().execute();
    expect(quotes.map((q) => q.campaign_id)).toEqual([spring]);
  });

  it('blanks a house meeting’s quote and place with the rest of the old text', async () => {
    const view = await openModalWith(t, { user: ME }, 'house-meeting');
    const res = await t.send.viewSubmission(
      { user: ME },
      asSubmitted(view),
      stateFor(view.view, {
        [HOUSE_MEETING_BLOCK.heldOn]: '2026-12-02',
        [HOUSE_MEETING_BLOCK.attendance]: '7',
        [HOUSE_MEETING_BLOCK.place]: 'The back room of the Red Lion',
        [HOUSE_MEETING_BLOCK.campaign]: winter,
        [CAMPAIGN_FIELD_BLOCK.themes]: [await themeId(winter, 'Health')],
        [CAMPAIGN_FIELD_BLOCK.quotePrefix + winter]: 'The surgery has no appointments',
        [CAMPAIGN_FIELD_BLOCK.quoteThemePrefix + winter]: await themeId(winter, 'Health'),
        [CAMPAIGN_FIELD_BLOCK.consentPrefix + winter]: CAMPAIGN_CONSENT_VALUE,
      }),
    );
    expect(res.text).toBe('');
    const meeting = await t.bot.deps.db.selectFrom('house_meetings').selectAll().executeTakeFirstOrThrow();
    expect(meeting.place).toBe('The back room of the Red Lion');
    const quoteOf = () =>
      t.bot.deps.db
        .selectFrom('campaign_quotes')
        .selectAll()
        .where('source_id', '=', meeting.id)
        .executeTakeFirstOrThrow();
    expect((await quoteOf()).text).toBe('The surgery has no appointments');
    const actor = { teamId: 'T0001', userId: ME };
    expect(JSON.stringify(await campaignReportById(t.bot.deps, actor, winter))).toContain('surgery');
    await t.bot.deps.db
      .insertInto('workspace_settings')
      .values({ team_id: 'T0001', retention_months: 1, created_at: 'x', updated_at: 'x' })
      .onConflict((oc) => oc.column('team_id').doUpdateSet({ retention_months: 1 }))
      .execute();
    // Not yet a month old: kept.
    await retentionJob.run({ deps: t.bot.deps, now: new Date('2026-12-20T03:30:00Z'), dryRun: false });
    expect((await quoteOf()).text).toBe('The surgery has no appointments');
    await retentionJob.run({ deps: t.bot.deps, now: new Date('2027-02-10T03:30:00Z'), dryRun: false });
    expect((await quoteOf()).text).toBeNull();
    const after = await t.bot.deps.db
      .selectFrom('house_meetings')
      .selectAll()
      .where('id', '=', meeting.id)
      .executeTakeFirstOrThrow();
    expect(after.place).toBeNull();
    // Still counted: a house meeting, its attendance and its theme.
    expect(after.attendance).toBe(7);
    const themes = await t.bot.deps.db
      .selectFrom('house_meeting_themes')
      .select('theme_id')
      .where('house_meeting_id', '=', meeting.id)
      .execute();
    expect(themes).toHaveLength(1);
    // The report no longer has the words.
    t.clock.set('2027-02-10T12:00:00Z');
    const report = await campaignReportById(t.bot.deps, actor, winter);
    expect(JSON.stringify(report)).not.toContain('surgery');
    t.clock.set('2026-12-02T12:00:00Z');
  });

  it('builds reports read-only: from two instances at once, no row anywhere changes', async () => {
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {};
      for (const { table, key } of TEAM_TABLES) {
        out[table] = await t.bot.deps.db
          .selectFrom(table)
          .selectAll()
          .orderBy(key[0] as any)
          .execute();
      }
      return JSON.stringify(out);
    };
    const before = await snapshot();
    const other = openDatabase(t.databaseUrl, { poolSize: 2 });
    try {
      const actor = { teamId: 'T0001', userId: PEER };
      const [a, b] = await Promise.all([
        campaignReportById(t.bot.deps, actor, winter),
        campaignReportById({ ...t.bot.deps, db: other }, actor, winter),
      ]);
      expect(a).toEqual(b);
      expect(a).toMatchObject({ kind: 'report', canPost: true });
      const responses = t.slack.responses.length;
      await t.send.command('campaign report Winter', { user: PEER }, { channel: CHANNEL });
      const reply = await t.slack.waitForResponse(responses + 1);
      expect(blockText(reply.blocks)).toContain('Winter');
    } finally {
      await other.destroy();
    }
    expect(await snapshot()).toBe(before);
  });

  it('sends the mid-point DM in each visitor’s own working hours, once', async () => {
    // 1 December to 31 January: half-way on Thursday 31 December.
    expect(midpointDate({ startsOn: '2026-12-01', endsOn: '2027-01-31' })).toBe('2026-12-31');
    const midpoints = (user: string) =>
      dmsTo(t, user).filter(
        (c) =>
          blockText(c.args.blocks).includes('Half-way through') &&
          blockText(c.args.blocks).includes('Winter'),
      );
    const tick = async (at: string) => {
      t.clock.set(at);
      await nudgesJob.run({ deps: t.bot.deps, now: new Date(at), dryRun: false });
    };
    // The day before, at 10:00 in London: nobody.
    await tick('2026-12-30T10:00:00Z');
    expect(midpoints(ME)).toHaveLength(0);
    // 31 December, 08:00 in London (before its working day) and 21:00 in Auckland (after it).
    await tick('2026-12-31T08:00:00Z');
    expect(midpoints(ME)).toHaveLength(0);
    expect(midpoints(KIWI)).toHaveLength(0);
    // 10:00 in London; 23:00 in Auckland.
    await tick('2026-12-31T10:00:00Z');
    await t.slack.waitFor(() => midpoints(ME)[0]);
    expect(midpoints(KIWI)).toHaveLength(0);
    // 10:00 on 1 January in Auckland: its visitor's turn (the day after the half-way date).
    await tick('2026-12-31T21:00:00Z');
    await t.slack.waitFor(() => midpoints(KIWI)[0]);
    // Later ticks send no second one.
    await tick('2027-01-01T11:00:00Z');
    await tick('2027-01-04T10:00:00Z');
    for (const user of [ME, PEER, KIWI]) expect(midpoints(user)).toHaveLength(1);
    t.clock.set('2026-12-02T12:00:00Z');
  });
});
