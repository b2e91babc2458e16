import type { Kysely } from 'kysely';
import type { CampaignQuoteRow, Database } from '../db/schema.js';
import type { QuoteSourceKind } from '../domain/campaign.js';
import { newId } from '../domain/keys.js';

/**
 * Consented, anonymous quotes: one per (source, campaign). Withdrawing consent deletes the row,
 * so no later report can read it; erasing a person deletes the quotes of their one-to-ones;
 * retention blanks the text (null) with the rest of the old text.
 */

export interface QuoteWrite {
  teamId: string;
  campaignId: string;
  themeId: string | null;
  sourceKind: QuoteSourceKind;
  sourceId: string;
  organiserId: string;
  saidOn: string;
  text: string;
  now: string;
}

/** Writes the quote of a source for a campaign (a second write edits it, keeping its first consent). */
export async function upsertQuote(db: Kysely<Database>, q: QuoteWrite): Promise<void> {
  await db
    .insertInto('campaign_quotes')
    .values({
      id: newId(),
      team_id: q.teamId,
      campaign_id: q.campaignId,
      theme_id: q.themeId,
      source_kind: q.sourceKind,
      source_id: q.sourceId,
      organiser_id: q.organiserId,
      said_on: q.saidOn,
      text: q.text,
      consented_at: q.now,
      created_at: q.now,
      updated_at: q.now,
    })
    .onConflict((oc) =>
      oc.columns(['source_kind', 'source_id', 'campaign_id']).doUpdateSet({
        theme_id: q.themeId,
        said_on: q.saidOn,
        text: q.text,
        updated_at: q.now,
      }),
    )
    .execute();
}

/** Consent withdrawn (or the quote emptied): the row goes. */
export async function deleteQuote(
  db: Kysely<Database>,
  teamId: string,
  sourceKind: QuoteSourceKind,
  sourceId: string,
  campaignId: string,
): Promise<number> {
  const result = await db
    .deleteFrom('campaign_quotes')
    .where('team_id', '=', teamId)
    .where('source_kind', '=', sourceKind)
    .where('source_id', '=', sourceId)
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A source's quotes (its author's edit form). */
export async function listSourceQuotes(
  db: Kysely<Database>,
  teamId: string,
  sourceKind: QuoteSourceKind,
  sourceId: string,
): Promise<CampaignQuoteRow[]> {
  return db
    .selectFrom('campaign_quotes')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('source_kind', '=', sourceKind)
    .where('source_id', '=', sourceId)
    .execute();
}

/** Every quote taken from one person's one-to-ones with this organiser (erasure). */
export async function deletePersonQuotes(
  db: Kysely<Database>,
  teamId: string,
  organiserId: string,
  personId: string,
): Promise<number> {
  const result = await db
    .deleteFrom('campaign_quotes')
    .where('team_id', '=', teamId)
    .where('source_kind', '=', 'one_to_one')
    .where('source_id', 'in', (eb) =>
      eb
        .selectFrom('one_to_ones')
        .select('id')
        .where('team_id', '=', teamId)
        .where('organiser_id', '=', organiserId)
        .where('person_id', '=', personId),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
