import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps.js';
import {
  type PendingRetention,
  parseRetention,
  RETENTION_GRACE_DAYS,
  type RetentionChange,
  type RetentionConfirmation,
  type RetentionImpact,
  type RetentionNotice,
  type RetentionStatus,
  retentionCutoff,
} from '../domain/retention.js';
import { addDays, type IsoDate, localDate } from '../domain/time.js';
import { slackErrorCode } from '../errors.js';
import { blankOldCampaignText } from '../repositories/queries/campaign-retention.js';
import {
  blankIntroductions,
  blankOneToOnes,
  blankReflections,
  countOldText,
  countOldTextByOrganiser,
  introductionsWithOldText,
  listRetentionTeams,
  metBefore,
  type OrganiserRetentionCounts,
  oneToOnesWithOldText,
  type RetentionCounts,
  reflectionsWithText,
} from '../repositories/queries/retention.js';
import { claimRetentionNotice, finishRetentionNotice } from '../repositories/retention-notices.js';
import { promoteDueRetention } from '../repositories/workspace-settings.js';
import { retentionNoticeMessage } from '../views/data-messages.js';
import type { Actor } from './organisers.js';
import {
  adminRefusal,
  changeWorkspaceSettings,
  type EffectiveWorkspaceSettings,
  workspaceSettings,
} from './workspace-settings.js';

/** The workspace's local date at `now`. */
async function workspaceToday(
  deps: Pick<Deps, 'db' | 'config' | 'clock'>,
  teamId: string,
): Promise<{ today: IsoDate; settings: EffectiveWorkspaceSettings }> {
  const settings = await workspaceSettings(deps, teamId);
  return { today: localDate(deps.clock.now(), settings.timeZone), settings };
}

async function impactOf(
  deps: Pick<Deps, 'db'>,
  teamId: string,
  cutoff: IsoDate,
): Promise<{ impact: RetentionImpact; byOrganiser: OrganiserRetentionCounts[] }> {
  const byOrganiser = await countOldTextByOrganiser(deps.db, teamId, cutoff);
  const impact: RetentionImpact = { oneToOnes: 0, reflections: 0, introductions: 0, organisers: 0 };
  for (const o of byOrganiser) {
    impact.oneToOnes += o.oneToOnes;
    impact.reflections += o.reflections;
    impact.introductions += o.introductions;
  }
  impact.organisers = byOrganiser.length;
  return { impact, byOrganiser };
}

/**
 * `/onetoone retention N|off`. Retention is a workspace setting that erases everyone's old text,
 * so only Slack workspace admins and owners may change it; if Slack cannot be asked, nothing
 * changes. Off, a longer period, or one that would blank nothing takes effect at once (and drops
 * any pending shorter one). A period that would blank text changes nothing yet: the admin is
 * shown what it would blank and asked to confirm (confirmRetention).
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
  const { today, settings } = await workspaceToday(deps, actor.teamId);
  const previous = settings.retentionMonths;

  if (parsed.months !== null) {
    const months = parsed.months;
    // What this period blanks beyond what the period in force already blanks tonight.
    const shorter = previous === null || months < previous;
    const effectiveOn = addDays(today, RETENTION_GRACE_DAYS);
    const cutoff = retentionCutoff(effectiveOn, months);
    if (shorter) {
      const { impact } = await impactOf(deps, actor.teamId, cutoff);
      const blanksSomething = impact.oneToOnes + impact.reflections + impact.introductions > 0;
      if (blanksSomething) return { kind: 'confirm', months, previous, cutoff, effectiveOn, impact };
    }
  }

  await changeWorkspaceSettings(deps, actor.teamId, {
    retentionMonths: parsed.months,
    retentionPending: null,
  });
  deps.logger.info('retention changed', {
    team: actor.teamId,
    by: actor.userId,
    months: parsed.months ?? 'off',
  });
  return { kind: 'changed', months: parsed.months, previous, droppedPending: settings.retentionPending };
}

/**
 * The admin's "Yes" under the confirmation: the shorter period is recorded as pending, in force
 * after RETENTION_GRACE_DAYS, and every organiser whose notes it will blank is told by DM (with
 * an export button). Checked again here: a crafted button from someone who is not an admin
 * changes nothing. Confirming the same period twice keeps the first date and sends no DM twice.
 */
export async function confirmRetention(
  deps: Pick<Deps, 'db' | 'config' | 'clock' | 'slack' | 'logger'>,
  actor: Actor,
  value: string,
): Promise<RetentionConfirmation> {
  const parsed = parseRetention(value);
  if (!parsed.ok || parsed.months === null) {
    return { kind: 'invalid', message: parsed.ok ? 'Nothing to confirm.' : parsed.message };
  }
  const refusal = await adminRefusal(deps, actor);
  if (refusal) return refusal;
  const months = parsed.months;
  const { today, settings } = await workspaceToday(deps, actor.teamId);
  const effectiveOn =
    settings.retentionPending?.months === months
      ? settings.retentionPending.effectiveOn
      : addDays(today, RETENTION_GRACE_DAYS);
  await changeWorkspaceSettings(deps, actor.teamId, {
    retentionPending: { months, effectiveOn, by: actor.userId },
  });
  deps.logger.info('retention confirmed', { team: actor.teamId, by: actor.userId, months, effectiveOn });
  const cutoff = retentionCutoff(effectiveOn, months);
  const { impact } = await impactOf(deps, actor.teamId, cutoff);
  const notified = await notifyRetentionAuthors(deps, actor.teamId, { months, effectiveOn });
  return { kind: 'scheduled', months, effectiveOn, cutoff, impact, notified };
}

/**
 * DMs each organiser whose notes the pending period will blank, once per effective date
 * (claimed before sending, so several instances and a job run after the click never send
 * twice). Returns how many DMs were sent now. The retention job calls it too, so a notice a
 * crash interrupted is sent on the next run.
 */
export async function notifyRetentionAuthors(
  deps: Pick<Deps, 'db' | 'clock' | 'slack' | 'logger'>,
  teamId: string,
  pending: PendingRetention,
): Promise<number> {
  const cutoff = retentionCutoff(pending.effectiveOn, pending.months);
  const { byOrganiser } = await impactOf(deps, teamId, cutoff);
  let sent = 0;
  for (const organiser of byOrganiser) {
    const key = { teamId, userId: organiser.organiser_id, effectiveOn: pending.effectiveOn };
    const token = randomUUID();
    const claim = await claimRetentionNotice(deps.db, key, pending.months, token, deps.clock.now());
    if (!claim.held) continue;
    const notice: RetentionNotice = {
      months: pending.months,
      effectiveOn: pending.effectiveOn,
      cutoff,
      oneToOnes: organiser.oneToOnes,
      reflections: organiser.reflections,
      introductions: organiser.introductions,
    };
    let outcome: 'sent' | 'failed' = 'sent';
    try {
      await deps.slack.postDm(teamId, organiser.organiser_id, retentionNoticeMessage(notice));
      sent++;
    } catch (error) {
      outcome = 'failed';
      deps.logger.warn('could not send a retention notice', { team: teamId, code: slackErrorCode(error) });
    }
    await finishRetentionNotice(deps.db, key, token, outcome, deps.clock.now().toISOString());
  }
  return sent;
}

/** `/onetoone retention`: the workspace's period in months (null when off) and any pending one. */
export async function currentRetention(
  deps: Pick<Deps, 'db' | 'config'>,
  teamId: string,
): Promise<RetentionStatus> {
  const settings = await workspaceSettings(deps, teamId);
  return { months: settings.retentionMonths, pending: settings.retentionPending };
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
  // Listening campaigns: consented quotes and house meetings' places go with the rest.
  await blankOldCampaignText(db, teamId, cutoff, now);
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
  deps: Pick<Deps, 'db' | 'config' | 'clock' | 'slack' | 'logger'>,
  now: Date,
  dryRun: boolean,
): Promise<RetentionRunCounts> {
  const totals: RetentionRunCounts = { teams: 0, oneToOnes: 0, reflections: 0, introductions: 0 };
  for (const team of await listRetentionTeams(deps.db)) {
    const today = localDate(now, team.time_zone ?? deps.config.defaultTimeZone);
    let months = team.retention_months;
    const pendingDue =
      team.retention_pending_months !== null &&
      team.retention_pending_on !== null &&
      team.retention_pending_on <= today;
    if (pendingDue) {
      // The grace period is over: the shorter period is in force from tonight.
      if (!dryRun) await promoteDueRetention(deps.db, team.team_id, today, now.toISOString());
      months = team.retention_pending_months;
    } else if (!dryRun && team.retention_pending_months !== null && team.retention_pending_on !== null) {
      // Still in grace: make sure everyone was told (a notice a crash interrupted goes now).
      await notifyRetentionAuthors(deps, team.team_id, {
        months: team.retention_pending_months,
        effectiveOn: team.retention_pending_on,
      });
    }
    if (months === null) continue;
    const cutoff = retentionCutoff(today, months);
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
