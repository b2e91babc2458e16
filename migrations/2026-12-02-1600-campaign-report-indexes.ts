import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports app code. A campaign's report (issue 11, bench/campaigns.ts)
// reads the campaign's own rows by campaign and team: these indexes answer each of those reads
// from the index alone, with both equalities in the key, so SQLite (which keeps no statistics
// here) no longer prefers an index on team_id alone, which holds every campaign of the workspace.

export async function up(db: Kysely<any>): Promise<void> {
  // The report's quotes: a campaign's quotes whose words are still there, with their source to
  // check (the earlier campaign_quotes_text_idx is by team and date: every campaign's quotes).
  await sql`create index campaign_quotes_report_idx on campaign_quotes (campaign_id, team_id, source_kind, source_id) where (text is not null)`.execute(
    db,
  );
  // A campaign's visitors, in user order (the visitors' counts group by visitor): covering.
  await db.schema
    .createIndex('campaign_members_report_idx')
    .on('campaign_members')
    .columns(['campaign_id', 'team_id', 'user_id'])
    .execute();
  // A campaign's house meetings in a window with their head count (the report, the Home tab's
  // progress line, the digest's section), without the rows.
  await db.schema
    .createIndex('house_meetings_report_idx')
    .on('house_meetings')
    .columns(['campaign_id', 'team_id', 'held_on', 'id', 'attendance'])
    .execute();
  // The themes heard at a campaign's house meetings, without the rows.
  await db.schema
    .createIndex('house_meeting_themes_report_idx')
    .on('house_meeting_themes')
    .columns(['campaign_id', 'team_id', 'house_meeting_id', 'theme_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of [
    'house_meeting_themes_report_idx',
    'house_meetings_report_idx',
    'campaign_members_report_idx',
    'campaign_quotes_report_idx',
  ]) {
    await db.schema.dropIndex(name).ifExists().execute();
  }
}
