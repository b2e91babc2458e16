import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports app code. A campaign's report (issue 11, bench/campaigns.ts)
// ranks the previous campaign of its channel by the distinct people who raised each theme: that
// walked each visitor's one-to-ones in the window and probed each one's tags, a B-tree probe per
// one-to-one. Each tag now carries the facts of its one-to-one that the ranking filters and
// counts by (who held it, with whom, on which day), written with the tag and rewritten when the
// one-to-one's person or date is edited, so the ranking is one covering range of the campaign's
// tags. The columns are nullable only because SQLite adds a NOT NULL column to a filled table
// only with a default; every tag is backfilled here.

export async function up(db: Kysely<any>): Promise<void> {
  // One column a statement: SQLite's ALTER TABLE adds one at a time.
  for (const column of ['organiser_id', 'person_id', 'met_on']) {
    await db.schema.alterTable('one_to_one_themes').addColumn(column, 'text').execute();
  }
  // UPDATE … FROM: PostgreSQL, and SQLite since 3.33.
  await sql`
    update one_to_one_themes
    set organiser_id = o.organiser_id, person_id = o.person_id, met_on = o.met_on
    from one_to_ones o
    where o.id = one_to_one_themes.one_to_one_id`.execute(db);
  // The report's themes heard and a previous campaign's ranking: the campaign's tags in the
  // window, with the visitor (to keep only the campaign's visitors), the person and the theme,
  // from the index alone.
  await db.schema
    .createIndex('one_to_one_themes_facts_idx')
    .on('one_to_one_themes')
    .columns(['campaign_id', 'team_id', 'met_on', 'organiser_id', 'person_id', 'theme_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('one_to_one_themes_facts_idx').ifExists().execute();
  for (const column of ['met_on', 'person_id', 'organiser_id']) {
    await db.schema.alterTable('one_to_one_themes').dropColumn(column).execute();
  }
}
