import type { Kysely } from 'kysely';
import type { CampaignRow, CampaignThemeRow, Database } from '../db/schema.js';
import type { Deps } from '../deps.js';
import {
  CAMPAIGN_LIMITS,
  type CampaignFieldError,
  type CampaignFields,
  type CampaignFieldsInput,
  type CampaignForLog,
  type CampaignHeard,
  lastCountedDay,
  type QuoteSourceKind,
  themeKey,
  validateCampaignHeard,
} from '../domain/campaign.js';
import { formatDate } from '../domain/time.js';
import { deleteQuote, listSourceQuotes, upsertQuote } from '../repositories/campaign-quotes.js';
import {
  countActiveThemes,
  findOrAddTheme,
  findThemes,
  listActiveThemes,
  listHouseMeetingThemeIds,
  listOneToOneThemeIds,
  replaceHouseMeetingThemes,
  replaceOneToOneThemes,
} from '../repositories/campaign-themes.js';
import { findCampaign, listMemberCampaignsOn } from '../repositories/campaigns.js';
import { findOwnedOneToOne } from '../repositories/one-to-ones.js';
import type { Actor } from './organisers.js';

/**
 * The campaign fields of the log and house-meeting forms (issue 11): which campaigns a form
 * offers, the check of what was ticked and typed, and the save, run inside the caller's
 * transaction. A campaign counts a meeting only on its own dates: a one-to-one dated before it
 * started or after it closed gets no themes and no quote for it (and loses them when its date
 * is edited out of the campaign).
 */

type CampaignFieldsForm = CampaignFields;

async function forLog(
  db: Kysely<Database>,
  actor: Actor,
  campaigns: CampaignRow[],
): Promise<CampaignForLog[]> {
  // The list, and the other themes this visitor typed (never another visitor's).
  const themes = await listActiveThemes(
    db,
    actor.teamId,
    campaigns.map((c) => c.id),
    actor.userId,
  );
  return campaigns.map((c) => ({
    id: c.id,
    name: c.name,
    themes: themes.filter((t) => t.campaign_id === c.id).map((t) => ({ id: t.id, label: t.label })),
  }));
}

async function sourceHeard(
  db: Kysely<Database>,
  teamId: string,
  source: { kind: QuoteSourceKind; id: string },
): Promise<CampaignHeard[]> {
  const links =
    source.kind === 'one_to_one'
      ? await listOneToOneThemeIds(db, teamId, source.id)
      : await listHouseMeetingThemeIds(db, teamId, source.id);
  const quotes = await listSourceQuotes(db, teamId, source.kind, source.id);
  const byCampaign = new Map<string, CampaignHeard>();
  const entry = (campaignId: string) => {
    let e = byCampaign.get(campaignId);
    if (!e) {
      e = { campaignId, themeIds: [], quote: null };
      byCampaign.set(campaignId, e);
    }
    return e;
  };
  for (const l of links) entry(l.campaign_id).themeIds.push(l.theme_id);
  for (const q of quotes) if (q.text) entry(q.campaign_id).quote = { text: q.text, themeId: q.theme_id };
  return [...byCampaign.values()];
}

/**
 * The campaigns a form offers for a meeting on `date` (those I take part in that count it), and,
 * for a record being edited, what it already has. Only ever the actor's own record's.
 */
export async function campaignFieldsFor(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  date: string,
  source?: { kind: QuoteSourceKind; id: string },
): Promise<CampaignFieldsForm> {
  const campaigns = await listMemberCampaignsOn(
    deps.db,
    actor.teamId,
    actor.userId,
    date,
    CAMPAIGN_LIMITS.logCampaignsMax,
  );
  if (campaigns.length === 0) return { campaigns: [], heard: [] };
  const offered = await forLog(deps.db, actor, campaigns);
  const heard = source ? await sourceHeard(deps.db, actor.teamId, source) : [];
  const offeredIds = new Set(offered.map((c) => c.id));
  return { campaigns: offered, heard: heard.filter((h) => offeredIds.has(h.campaignId)) };
}

/** What will be saved for one campaign. */
interface CampaignSave {
  campaignId: string;
  themeIds: string[];
  other: { label: string; key: string } | null;
  quote: { text: string; themeId: string | null; otherIsTheme: boolean } | null;
}

/** The checked campaign fields: what to save, or field errors. */
export type CampaignFieldsCheck =
  | { ok: true; plan: CampaignPlan }
  | { ok: false; errors: CampaignFieldError[] };

export interface CampaignPlan {
  saves: CampaignSave[];
  /** The campaigns that count the meeting's date (others lose what the record had for them). */
  countingIds: string[];
  /** Those of them the form showed: only their themes and quotes are replaced. */
  offeredIds: string[];
}

function outside(c: CampaignRow, date: string): string {
  return `“${c.name}” counts conversations from ${formatDate(c.starts_on)} to ${formatDate(lastCountedDay({ startsOn: c.starts_on, endsOn: c.ends_on, closedOn: c.closed_on }))}; this one is dated ${formatDate(date)}.`;
}

/**
 * Checks a form's campaign fields against the meeting's date: every theme ticked belongs to a
 * campaign I take part in that counts that date (else the error names the campaign's dates);
 * an other theme at most 75 characters (and room on the list for it); a quote at most 500
 * characters and only with consent. `onlyCampaignId`: a house meeting belongs to one campaign,
 * so themes of any other are an error. Read-only.
 */
export async function checkCampaignFields(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  input: CampaignFieldsInput | undefined,
  date: string,
  options: { onlyCampaignId?: string | null } = {},
): Promise<CampaignFieldsCheck> {
  const counting = await listMemberCampaignsOn(deps.db, actor.teamId, actor.userId, date, 100);
  const countingIds = counting.map((c) => c.id);
  const offeredIds = (input?.perCampaign ?? [])
    .map((p) => p.campaignId)
    .filter((id) => countingIds.includes(id));
  if (!input || (input.themeIds.length === 0 && input.perCampaign.length === 0)) {
    return { ok: true, plan: { saves: [], countingIds, offeredIds } };
  }
  const errors: CampaignFieldError[] = [];
  const byId = new Map(counting.map((c) => [c.id, c]));
  const themes = await findThemes(deps.db, actor.teamId, input.themeIds);
  const themeById = new Map(themes.map((t) => [t.id, t]));
  const only = options.onlyCampaignId;

  const saves = new Map<string, CampaignSave>();
  const saveFor = (campaignId: string) => {
    let s = saves.get(campaignId);
    if (!s) {
      s = { campaignId, themeIds: [], other: null, quote: null };
      saves.set(campaignId, s);
    }
    return s;
  };
  let themeError: string | null = null;
  for (const id of input.themeIds) {
    const found = themeById.get(id);
    // Another visitor's own other theme is not offered to me: as good as not there.
    const theme = found && (found.added_by === null || found.added_by === actor.userId) ? found : undefined;
    const campaign = theme ? byId.get(theme.campaign_id) : undefined;
    if (!theme || !campaign) {
      // A theme of a campaign that does not count this date (or not mine, or crafted).
      const other = theme ? await findCampaign(deps.db, actor.teamId, theme.campaign_id) : undefined;
      themeError ??= other
        ? outside(other, date)
        : 'One of these themes is not in a campaign you take part in on that date.';
      continue;
    }
    if (only !== undefined && campaign.id !== only) {
      themeError ??= only
        ? 'These themes are from another campaign than the one chosen: a house meeting belongs to one campaign.'
        : 'Choose the campaign these themes belong to.';
      continue;
    }
    saveFor(campaign.id).themeIds.push(theme.id);
  }
  if (themeError) errors.push({ field: 'themes', campaignId: null, message: themeError });

  for (const p of input.perCampaign) {
    const quote = p.quote.trim();
    const otherLabel = p.otherTheme.replace(/\s+/g, ' ').trim();
    const hasContent = quote !== '' || otherLabel !== '' || p.consent;
    const campaign = byId.get(p.campaignId);
    if (!campaign) {
      if (!hasContent) continue;
      const other = await findCampaign(deps.db, actor.teamId, p.campaignId);
      errors.push({
        field: quote ? 'quote' : 'other',
        campaignId: p.campaignId,
        message: other ? outside(other, date) : 'That campaign is not one you take part in on that date.',
      });
      continue;
    }
    if (hasContent && only !== undefined && campaign.id !== only) {
      errors.push({
        field: quote ? 'quote' : 'other',
        campaignId: p.campaignId,
        message: only
          ? 'This is for another campaign than the one chosen: a house meeting belongs to one campaign.'
          : 'Choose this campaign above to keep what you wrote for it.',
      });
      continue;
    }
    const problems = validateCampaignHeard(p);
    errors.push(...problems);
    if (problems.length > 0) continue;
    const save = saveFor(campaign.id);
    if (otherLabel) {
      const key = themeKey(otherLabel);
      const existing = (await listActiveThemes(deps.db, actor.teamId, [campaign.id], actor.userId)).find(
        (t) => t.label_key === key,
      );
      if (existing) {
        if (!save.themeIds.includes(existing.id)) save.themeIds.push(existing.id);
      } else if ((await countActiveThemes(deps.db, campaign.id, 'typed')) >= CAMPAIGN_LIMITS.otherThemesMax) {
        errors.push({
          field: 'other',
          campaignId: campaign.id,
          message: 'This campaign has as many added themes as it can hold: choose one from the list.',
        });
        continue;
      } else {
        save.other = { label: otherLabel, key };
      }
    }
    if (quote && p.consent) {
      let themeId: string | null = null;
      let otherIsTheme = false;
      if (p.quoteThemeId) {
        const t = (await findThemes(deps.db, actor.teamId, [p.quoteThemeId]))[0];
        if (!t || t.campaign_id !== campaign.id || (t.added_by !== null && t.added_by !== actor.userId)) {
          errors.push({
            field: 'quote',
            campaignId: campaign.id,
            message: 'Choose a theme of this campaign.',
          });
          continue;
        }
        themeId = t.id;
      } else if (save.themeIds.length === 1 && !save.other) {
        themeId = save.themeIds[0]!;
      } else if (save.themeIds.length === 0 && save.other) {
        otherIsTheme = true;
      }
      save.quote = { text: quote, themeId, otherIsTheme };
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, plan: { saves: [...saves.values()], countingIds, offeredIds } };
}

/**
 * Saves a checked plan for a record, inside the caller's transaction: for every campaign that
 * counts the record's date, its themes become exactly those ticked (an other theme is added to
 * the campaign's list first) and its quote is written, or deleted when there is none or consent
 * was withdrawn; a campaign that no longer counts the date loses what the record had for it.
 */
export async function saveCampaignFields(
  trx: Kysely<Database>,
  actor: Actor,
  plan: CampaignPlan,
  source: { kind: QuoteSourceKind; id: string; saidOn: string },
  now: string,
): Promise<void> {
  const existing = await sourceHeard(trx, actor.teamId, source);
  const saves = new Map(plan.saves.map((s) => [s.campaignId, s]));
  if (source.kind === 'house_meeting') {
    const campaignIds = new Set<string>([...plan.countingIds, ...existing.map((h) => h.campaignId)]);
    // One campaign per house meeting: the plan's (at most one), every link replaced at once.
    const save = plan.saves[0];
    const themeIds: { ids: string[]; otherId: string | null } = save
      ? await withOther(trx, actor, save, now)
      : { ids: [], otherId: null };
    await replaceHouseMeetingThemes(trx, actor.teamId, source.id, save?.campaignId ?? null, themeIds.ids);
    for (const id of campaignIds) {
      if (save && id === save.campaignId && save.quote)
        await writeQuote(trx, actor, save, themeIds.otherId, source, now);
      else await deleteQuote(trx, actor.teamId, source.kind, source.id, id);
    }
    return;
  }
  const counting = new Set(plan.countingIds);
  // What the form showed or ticked, and what the record had for a campaign that no longer counts
  // its date; a counting campaign the form did not show keeps what it had.
  const touched = new Set<string>([
    ...plan.offeredIds,
    ...plan.saves.map((s) => s.campaignId),
    ...existing.map((h) => h.campaignId).filter((id) => !counting.has(id)),
  ]);
  for (const id of touched) {
    const save = counting.has(id) ? saves.get(id) : undefined;
    const themes: { ids: string[]; otherId: string | null } = save
      ? await withOther(trx, actor, save, now)
      : { ids: [], otherId: null };
    await replaceOneToOneThemes(trx, actor.teamId, source.id, id, themes.ids);
    if (save?.quote) await writeQuote(trx, actor, save, themes.otherId, source, now);
    else await deleteQuote(trx, actor.teamId, source.kind, source.id, id);
  }
}

async function withOther(
  trx: Kysely<Database>,
  actor: Actor,
  save: CampaignSave,
  now: string,
): Promise<{ ids: string[]; otherId: string | null }> {
  if (!save.other) return { ids: save.themeIds, otherId: null };
  const theme: CampaignThemeRow = await findOrAddTheme(
    trx,
    actor.teamId,
    save.campaignId,
    save.other.label,
    save.other.key,
    actor.userId,
    now,
  );
  return { ids: [...new Set([...save.themeIds, theme.id])], otherId: theme.id };
}

async function writeQuote(
  trx: Kysely<Database>,
  actor: Actor,
  save: CampaignSave,
  otherId: string | null,
  source: { kind: QuoteSourceKind; id: string; saidOn: string },
  now: string,
): Promise<void> {
  if (!save.quote) return;
  await upsertQuote(trx, {
    teamId: actor.teamId,
    campaignId: save.campaignId,
    themeId: save.quote.themeId ?? (save.quote.otherIsTheme ? otherId : null),
    sourceKind: source.kind,
    sourceId: source.id,
    organiserId: actor.userId,
    saidOn: source.saidOn,
    text: save.quote.text,
    now,
  });
}

/*
 * The log's step two ("what I learned") carries the campaign fields: these three are what the
 * one-to-one use cases call, so the log's own code stays about the log.
 */

/** A step-two form with the campaign fields for its one-to-one's date and what it has. */
export async function withCampaignFields<F extends { oneToOneId: string; metOn: string }>(
  db: Kysely<Database>,
  actor: Actor,
  form: F,
): Promise<F & { campaign: CampaignFields }> {
  return {
    ...form,
    campaign: await campaignFieldsFor({ db }, actor, form.metOn, { kind: 'one_to_one', id: form.oneToOneId }),
  };
}

/**
 * Checks step two's campaign fields against the one-to-one's date (read here: only my own; a
 * record not mine gets an empty plan, and the caller's own refusal answers).
 */
export async function checkOneToOneCampaignFields(
  deps: Pick<Deps, 'db'>,
  actor: Actor,
  oneToOneId: string,
  input: CampaignFieldsInput | undefined,
): Promise<CampaignFieldsCheck> {
  const row = await findOwnedOneToOne(deps.db, actor.teamId, actor.userId, oneToOneId);
  if (!row) return { ok: true, plan: { saves: [], countingIds: [], offeredIds: [] } };
  // A quote already kept, shown again with its consent unticked: consent withdrawn, not an error.
  const quoted = new Set(
    (await listSourceQuotes(deps.db, actor.teamId, 'one_to_one', oneToOneId)).map((q) => q.campaign_id),
  );
  const withdrawn = input && {
    ...input,
    perCampaign: input.perCampaign.map((p) =>
      quoted.has(p.campaignId) && !p.consent ? { ...p, quote: '' } : p,
    ),
  };
  return checkCampaignFields(deps, actor, withdrawn, row.met_on);
}

/**
 * Step one saved a one-to-one (a new date, perhaps): a campaign that no longer counts its date
 * loses its themes and quote, inside the same transaction. Campaigns that still count keep theirs.
 */
export async function reconcileOneToOneCampaigns(
  trx: Kysely<Database>,
  actor: Actor,
  oneToOneId: string,
  metOn: string,
  now: string,
): Promise<void> {
  const counting = await listMemberCampaignsOn(trx, actor.teamId, actor.userId, metOn, 100);
  await saveCampaignFields(
    trx,
    actor,
    { saves: [], countingIds: counting.map((c) => c.id), offeredIds: [] },
    { kind: 'one_to_one', id: oneToOneId, saidOn: metOn },
    now,
  );
}

/** Whether a plan changes anything (step two's "changed": a theme ticked or a quote edited). */
export function planTouches(plan: CampaignPlan): boolean {
  return plan.offeredIds.length > 0 || plan.saves.length > 0;
}
