import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTRO_BLOCK, LOG_BLOCK, REFLECT_BLOCK } from '../../src/interaction-ids.js';
import { retentionJob } from '../../src/jobs/retention.js';
import { blockText, logNew, openModalWith, response, submit } from '../support/onetoone.js';
import type { Actor } from '../support/slack-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Retention is a per-workspace setting: two workspaces (team ids) share one database, both with
 * old one-to-ones, reflections and introductions. Setting retention in one, as that workspace's
 * admin, and running the retention job blanks only that workspace's old text; the other's rows
 * stay exactly as they were, until its own admin chooses its own period. One organiser is in
 * both workspaces under the same user id (as on an Enterprise Grid), so a query that scoped by
 * organiser instead of by team would show here.
 */

const ADMIN1: Actor = { user: 'URETADM1', team: 'T0001' };
const ADMIN2: Actor = { user: 'URETADM2', team: 'T0002' };
const GRID1: Actor = { user: 'URETGRID1', team: 'T0001' };
const GRID2: Actor = { user: 'URETGRID1', team: 'T0002' };
const ORG2: Actor = { user: 'URETORG2', team: 'T0002' };

let t: TestApp;
const db = () => t.bot.deps.db;
/** Old one-to-ones' ids per team. */
const old: Record<string, string[]> = { T0001: [], T0002: [] };
const recent: Record<string, string[]> = { T0001: [], T0002: [] };

async function command(actor: Actor, text: string): Promise<Record<string, any>> {
  const before = t.slack.responses.length;
  const res = await t.send.command(text, actor);
  expect(res.status).toBe(200);
  return response(t, before + 1);
}

/** The admin's "Yes" under a shorter period's confirmation; returns what it answers. */
async function confirm(actor: Actor, months: number): Promise<Record<string, any>> {
  const before = t.slack.responses.length;
  const res = await t.send.blockAction(actor, { action_id: 'retention_confirm', value: String(months) });
  expect(res.status).toBe(200);
  return t.slack.waitForResponse(before + 1);
}

async function personId(actor: Actor, name: string): Promise<string> {
  const row = await db()
    .selectFrom('people')
    .select('id')
    .where('team_id', '=', actor.team!)
    .where('organiser_id', '=', actor.user)
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Everything retention may touch in one team, in a stable order. */
async function snapshot(team: string) {
  return {
    oneToOnes: await db()
      .selectFrom('one_to_ones')
      .selectAll()
      .where('team_id', '=', team)
      .orderBy('id')
      .execute(),
    reflections: await db()
      .selectFrom('reflections')
      .selectAll()
      .where('team_id', '=', team)
      .orderBy('id')
      .execute(),
    introductions: await db()
      .selectFrom('introductions')
      .selectAll()
      .where('team_id', '=', team)
      .orderBy('id')
      .execute(),
  };
}

/** One organiser's history in one workspace: two old one-to-ones, reflected, introduced; one recent. */
async function seed(actor: Actor, tag: string): Promise<void> {
  const team = actor.team!;
  for (const who of ['Ada', 'Ben']) {
    old[team]!.push(
      await logNew(t, actor, `${who} ${tag}`, {
        [LOG_BLOCK.institution]: `${who} Chapel ${tag}`,
        [LOG_BLOCK.metOn]: '2024-05-01',
        [LOG_BLOCK.setting]: `setting ${tag}`,
        [LOG_BLOCK.needs]: `needs ${tag}`,
        [LOG_BLOCK.stories]: `story ${tag}`,
        [LOG_BLOCK.nextStepKind]: 'meeting',
        [LOG_BLOCK.nextStepDue]: '2024-05-08',
        [LOG_BLOCK.nextStepNote]: `note ${tag}`,
      }),
    );
    const reflection = await openModalWith(t, actor, `reflect ${who} ${tag}`);
    const reflected = await submit(t, actor, reflection, {
      [REFLECT_BLOCK.motivations]: `reflection ${tag}`,
      [REFLECT_BLOCK.depth]: 'stories',
    });
    expect(reflected.text).toBe('');
  }
  const intro = await openModalWith(t, actor, 'introduce');
  const introduced = await submit(t, actor, intro, {
    [INTRO_BLOCK.personA]: await personId(actor, `Ada ${tag}`),
    [INTRO_BLOCK.personB]: await personId(actor, `Ben ${tag}`),
    [INTRO_BLOCK.why]: `why ${tag}`,
    [INTRO_BLOCK.introducedOn]: '2024-05-02',
  });
  expect(introduced.text).toBe('');
  recent[team]!.push(
    await logNew(t, actor, `Cal ${tag}`, {
      [LOG_BLOCK.metOn]: '2026-11-20',
      [LOG_BLOCK.stories]: `recent story ${tag}`,
    }),
  );
}

beforeAll(async () => {
  // An org-wide install: these tests send from a second workspace of the same org, whose rows
  // must stay apart (a single-workspace install refuses other workspaces outright).
  t = await startTestApp({ now: '2026-11-25T12:00:00Z', orgWide: true });
  t.slack.users.set(ADMIN1.user, { id: ADMIN1.user, tz: 'Europe/London', is_admin: true });
  t.slack.users.set(ADMIN2.user, { id: ADMIN2.user, tz: 'Europe/London', is_owner: true });
  t.slack.users.set(GRID1.user, { id: GRID1.user, tz: 'Europe/London' });
  t.slack.users.set(ORG2.user, { id: ORG2.user, tz: 'Europe/London' });
  await seed(GRID1, 'one');
  await seed(GRID2, 'two');
  await seed(ORG2, 'org2');
});
afterAll(() => t.stop());

describe('retention, one workspace at a time', () => {
  it('the seeded history holds text in both workspaces', async () => {
    for (const team of ['T0001', 'T0002']) {
      const s = await snapshot(team);
      expect(s.oneToOnes.filter((r) => r.stories !== null)).toHaveLength(
        old[team]!.length + recent[team]!.length,
      );
      expect(s.reflections.filter((r) => r.motivations !== null)).toHaveLength(old[team]!.length);
      expect(s.introductions.filter((r) => r.why !== null)).toHaveLength(old[team]!.length / 2);
    }
  });

  it('an admin sets it in their own workspace only', async () => {
    // Shorter, with old text to blank: shown and confirmed first, in force after the grace week.
    const asked = await command(ADMIN1, 'retention 12');
    expect(blockText(asked.blocks)).toContain('Shorten retention to 12 months?');
    const changed = await confirm(ADMIN1, 12);
    expect(blockText(changed.blocks)).toContain('*12 months* from *Wed 2 Dec*');
    const settings = await db()
      .selectFrom('workspace_settings')
      .select(['team_id', 'retention_months', 'retention_pending_months', 'retention_pending_on'])
      .execute();
    expect(settings.filter((s) => s.retention_pending_months !== null)).toEqual([
      {
        team_id: 'T0001',
        retention_months: null,
        retention_pending_months: 12,
        retention_pending_on: '2026-12-02',
      },
    ]);
    // The other workspace still has none, for its admin and its organisers.
    const shown = await command(ADMIN2, 'retention');
    expect(blockText(shown.blocks)).not.toContain('12 months');
    const shownGrid = await command(GRID2, 'retention');
    expect(blockText(shownGrid.blocks)).not.toContain('12 months');
    // Someone who is no admin cannot set it in the other workspace either.
    const refused = await command(ORG2, 'retention 1');
    expect(blockText(refused.blocks)).toContain('Only workspace admins');
  });

  it('the job blanks only that workspace’s old text; the other’s rows stay exactly as they were', async () => {
    const before2 = await snapshot('T0002');
    const before1 = await snapshot('T0001');
    // In the grace week nothing is blanked anywhere.
    const early = await retentionJob.run({
      deps: t.bot.deps,
      now: new Date('2026-12-01T03:30:00Z'),
      dryRun: false,
    });
    expect(early.counts).toEqual({ teams: 0, oneToOnes: 0, reflections: 0, introductions: 0 });
    expect(await snapshot('T0001')).toEqual(before1);
    const now = new Date('2026-12-02T03:30:00Z');

    const dry = await retentionJob.run({ deps: t.bot.deps, now, dryRun: true });
    expect(dry.counts).toEqual({ teams: 1, oneToOnes: 2, reflections: 2, introductions: 1 });
    const run = await retentionJob.run({ deps: t.bot.deps, now, dryRun: false });
    expect(run.counts).toEqual(dry.counts);

    expect(await snapshot('T0002')).toEqual(before2);

    const after1 = await snapshot('T0001');
    for (const row of after1.oneToOnes.filter((r) => old.T0001!.includes(r.id))) {
      expect(row).toMatchObject({
        setting: null,
        self_interest_needs: null,
        stories: null,
        next_step_note: null,
        met_on: '2024-05-01',
        next_step_kind: 'meeting',
        organiser_id: GRID1.user,
      });
    }
    for (const r of after1.reflections) expect(r).toMatchObject({ motivations: null, depth: 'stories' });
    for (const r of after1.introductions) expect(r.why).toBeNull();
    // The recent one in the same workspace is kept; no row is deleted.
    expect(after1.oneToOnes.find((r) => r.id === recent.T0001![0])?.stories).toBe('recent story one');
    expect(after1.oneToOnes.map((r) => r.id)).toEqual(before1.oneToOnes.map((r) => r.id));
  });

  it('the other workspace’s own period, longer, still keeps its text; a shorter one blanks it', async () => {
    const before2 = await snapshot('T0002');
    // 1 May 2024 is within 36 months of 26 November 2026.
    const long = await command(ADMIN2, 'retention 36');
    expect(blockText(long.blocks)).toContain('now *36 months*');
    const kept = await retentionJob.run({
      deps: t.bot.deps,
      now: new Date('2026-12-03T03:30:00Z'),
      dryRun: false,
    });
    // Workspace one has nothing left to blank; workspace two is within its period.
    expect(kept.counts).toEqual({ teams: 2, oneToOnes: 0, reflections: 0, introductions: 0 });
    expect(await snapshot('T0002')).toEqual(before2);

    t.clock.set('2026-12-03T12:00:00Z');
    const short = await command(ADMIN2, 'retention 24');
    expect(blockText(short.blocks)).toContain('Shorten retention to 24 months?');
    expect(blockText(short.blocks)).toContain('for *2 organisers*');
    expect(blockText((await confirm(ADMIN2, 24)).blocks)).toContain('from *Thu 10 Dec*');
    const before1 = await snapshot('T0001');
    const graced = await retentionJob.run({
      deps: t.bot.deps,
      now: new Date('2026-12-09T03:30:00Z'),
      dryRun: false,
    });
    expect(graced.counts).toEqual({ teams: 2, oneToOnes: 0, reflections: 0, introductions: 0 });
    expect(await snapshot('T0002')).toEqual(before2);
    const blanked = await retentionJob.run({
      deps: t.bot.deps,
      now: new Date('2026-12-10T03:30:00Z'),
      dryRun: false,
    });
    // Two organisers in workspace two, each with two old one-to-ones and one introduction.
    expect(blanked.counts).toEqual({ teams: 2, oneToOnes: 4, reflections: 4, introductions: 2 });
    const after2 = await snapshot('T0002');
    expect(
      after2.oneToOnes
        .filter((r) => r.stories !== null)
        .map((r) => r.id)
        .sort(),
    ).toEqual([...recent.T0002!].sort());
    expect(after2.reflections.every((r) => r.motivations === null)).toBe(true);
    expect(after2.introductions.every((r) => r.why === null)).toBe(true);
    // Workspace one: untouched by workspace two's run.
    expect(await snapshot('T0001')).toEqual(before1);
  });

  it('turning it off in one workspace leaves the other’s setting on', async () => {
    const off = await command(ADMIN1, 'retention off');
    expect(blockText(off.blocks)).toContain('now *off*');
    const settings = await db()
      .selectFrom('workspace_settings')
      .select(['team_id', 'retention_months'])
      .orderBy('team_id')
      .execute();
    expect(settings).toEqual([
      { team_id: 'T0001', retention_months: null },
      { team_id: 'T0002', retention_months: 24 },
    ]);
    const run = await retentionJob.run({
      deps: t.bot.deps,
      now: new Date('2026-11-29T03:30:00Z'),
      dryRun: true,
    });
    expect(run.counts.teams).toBe(1);
  });
});
