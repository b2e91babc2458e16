import type { Deps } from '../deps.js';
import { parseRetention, type RetentionChange, retentionCutoff } from '../domain/retention.js';
import { localDate } from '../domain/time.js';
import {
  blankIntroductions,
  blankOneToOnes,
  blankReflections,
  countOldText,
  introductionsWithOldText,
  listRetentionTeams,
  metBefore,
  oneToOnesWithOldText,
  type RetentionCounts,
  reflectionsWithText,
} from '../repositories/queries/retention.js';
import type { Actor } from './organisers.js';
import { adminRefusal, changeWorkspaceSettings, workspaceSettings } from './workspace-settings.js';

/**
 * `/onetoone retention N|off`. Retention is a workspace setting that erases everyone's old text,
 * so only Slack workspace admins and owners may change it; if Slack cannot be asked, nothing
 * changes.
 */
export async function changeRetention(
  deps: Pick<Deps, 'db' | 'config' | 'clock' | 'slack' | 'logger'>,
  actor: Actor,
  text: string,
): Promise<RetentionChange> {
  const parsed = parseRetention(text);
  if (!parsed.ok) return { kind: 'invalid', message: parsed.message };
  const refusal = await adminRefusal(deps, actor);
  if (refusal) return refusal;
  const previous = (await workspaceSettings(deps, actor.teamId)).retentionMonths;
  await changeWorkspaceSettings(deps, actor.teamId, { retentionMonths: parsed.months });
  deps.logger.info('retention changed', {
    team: actor.teamId,
    by: actor.userId,
    months: parsed.months ?? 'off',
  });
  return { kind: 'changed', months: parsed.months, previous };
}

/** `/onetoone retention`: the workspace's period in months, or null when off. */
export async function currentRetention(
  deps: Pick<Deps, 'db' | 'config'>,
  teamId: string,
): Promise<number | null> {
  return (await workspaceSettings(deps, teamId)).retentionMonths;
}

/** Rows blanked per short transaction (SQLite has a single writer). */
const BATCH = 500;

/**
 * Blanks one team's old text in batches, each in its own short transaction, resuming after the
 * last batch (keyset), so the bot's own writes wait at most one batch. Restart-safe: a run cut
 * short leaves some rows blank and the next run carries on.
 */
async function blankAll(
  deps: Pick<Deps, 'db'>,
  teamId: string,
  cutoff: string,
  now: string,
): Promise<RetentionCounts> {
  const total: RetentionCounts = { oneToOnes: 0, reflections: 0, introductions: 0 };
  const { db } = deps;

  for (let from = ''; ; ) {
    const rows = await oneToOnesWithOldText(db, teamId, cutoff, from, BATCH);
    if (rows.length === 0) break;
    const blanked = await db.transaction().execute((trx) =>
      blankOneToOnes(
        trx,
        rows.map((r) => r.id),
        now,
      ),
    );
    total.oneToOnes += blanked;
    // Nothing changed (rows gone meanwhile): stop rather than ask for the same rows again.
    if (blanked === 0) break;
    // Same date again (>=): rows of that date not yet reached; blanked ones no longer match.
    from = rows.at(-1)!.met_on;
  }

  for (let after = ''; ; ) {
    const rows = await reflectionsWithText(db, teamId, after, BATCH);
    if (rows.length === 0) break;
    const old = await metBefore(
      db,
      rows.map((r) => r.one_to_one_id),
      cutoff,
    );
    const ids = rows.filter((r) => old.has(r.one_to_one_id)).map((r) => r.id);
    total.reflections += await db.transaction().execute((trx) => blankReflections(trx, ids, now));
    after = rows.at(-1)!.one_to_one_id;
  }

  for (let from = ''; ; ) {
    const rows = await introductionsWithOldText(db, teamId, cutoff, from, BATCH);
    if (rows.length === 0) break;
    const blanked = await db.transaction().execute((trx) =>
      blankIntroductions(
        trx,
        rows.map((r) => r.id),
        now,
      ),
    );
    total.introductions += blanked;
    if (blanked === 0) break;
    from = rows.at(-1)!.introduced_on;
  }
  return total;
}

export interface RetentionRunCounts {
  teams: number;
  oneToOnes: number;
  reflections: number;
  introductions: number;
}

/**
 * For every workspace with a retention period: blanks the text of one-to-ones (and their
 * reflections) met, and introductions made, before the cut-off, which is N calendar months
 * before the workspace's local date at `now`. Rows, dates and choices stay, so counts, streaks and
 * digests are unchanged. Idempotent: already-blank rows are not touched or counted. With
 * `dryRun`, counts what would be blanked and changes nothing.
 */
export async function applyRetention(
  deps: Pick<Deps, 'db' | 'config'>,
  now: Date,
  dryRun: boolean,
): Promise<RetentionRunCounts> {
  const totals: RetentionRunCounts = { teams: 0, oneToOnes: 0, reflections: 0, introductions: 0 };
  for (const team of await listRetentionTeams(deps.db)) {
    const today = localDate(now, team.time_zone ?? deps.config.defaultTimeZone);
    const cutoff = retentionCutoff(today, team.retention_months);
    const counts = dryRun
      ? await countOldText(deps.db, team.team_id, cutoff)
      : await blankAll(deps, team.team_id, cutoff, now.toISOString());

    totals.teams++;
    totals.oneToOnes += counts.oneToOnes;
    totals.reflections += counts.reflections;
    totals.introductions += counts.introductions;
  }
  return totals;
}
