import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';

/*
 * Retention for listening campaigns (issue 11): a consented quote's text and a house meeting's
 * place are blanked with the rest of the old text (the quote row stays, its text null, so no
 * report can read it; the counts stay). The conditions repeat the partial indexes of migration
 * 2026-12-02-0800 (campaign_quotes_text_idx, house_meetings_text_idx) word for word, so a nightly
 * run reads only rows that still hold text.
 */

/** Rows per statement: one short transaction each, as the rest of retention does. */
const BATCH = 500;

/** Blanks quotes said, and places of house meetings held, before `cutoff`; returns how many of each. */
export async function blankOldCampaignText(
  db: Kysely<Database>,
  teamId: string,
  cutoff: string,
  now: string,
): Promise<{ quotes: number; houseMeetings: number }> {
  let quotes = 0;
  for (;;) {
    const ids = await db
      .selectFrom('campaign_quotes')
      .select('id')
      .where('team_id', '=', teamId)
      .where('said_on', '<', cutoff)
      .where(sql<boolean>`(text is not null)`)
      .limit(BATCH)
      .execute();
    if (ids.length === 0) break;
    const result = await db
      .updateTable('campaign_quotes')
      .set({ text: null, updated_at: now })
      .where(
        'id',
        'in',
        ids.map((r) => r.id),
      )
      .executeTakeFirst();
    const n = Number(result.numUpdatedRows);
    quotes += n;
    if (n === 0) break;
  }
  let houseMeetings = 0;
  for (;;) {
    const ids = await db
      .selectFrom('house_meetings')
      .select('id')
      .where('team_id', '=', teamId)
      .where('held_on', '<', cutoff)
      .where(sql<boolean>`(place is not null)`)
      .limit(BATCH)
      .execute();
    if (ids.length === 0) break;
    const result = await db
      .updateTable('house_meetings')
      .set({ place: null, updated_at: now })
      .where(
        'id',
        'in',
        ids.map((r) => r.id),
      )
      .executeTakeFirst();
    const n = Number(result.numUpdatedRows);
    houseMeetings += n;
    if (n === 0) break;
  }
  return { quotes, houseMeetings };
}
