import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports app code. A listening campaign's report (issue 11) and its
// mid-point nudge, at the scale of bench/campaigns.ts (200 visitors, 5,000 one-to-ones and 400
// house meetings among a million one-to-ones of history), on SQLite and PostgreSQL alike.

export async function up(db: Kysely<any>): Promise<void> {
  // The report goes from each visitor's one-to-ones in the window (one_to_ones_team_week_idx,
  // covering) to their tags of this campaign: one probe per one-to-one on (one_to_one_id,
  // campaign_id), answered from the index alone (the primary key (one_to_one_id, theme_id) would
  // read each tag's row to check its campaign).
  await db.schema
    .createIndex('one_to_one_themes_report_idx')
    .on('one_to_one_themes')
    .columns(['one_to_one_id', 'campaign_id', 'theme_id'])
    .execute();
  // The mid-point nudge's scan, every few minutes across every workspace: open campaigns still
  // running (partial: closed campaigns, most of them in time, are not in it).
  await sql`create index campaigns_open_ends_idx on campaigns (ends_on) where (closed_at is null)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('campaigns_open_ends_idx').ifExists().execute();
  await db.schema.dropIndex('one_to_one_themes_report_idx').ifExists().execute();
}
