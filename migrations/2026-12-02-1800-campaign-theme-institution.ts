import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports app code. A campaign's report (issue 11, bench/campaigns.ts)
// counts the distinct institutions behind each theme. It walked each visitor's one-to-ones in
// the window and looked up each one's person for their institution: on PostgreSQL a hash join
// over every person of the workspace, about half the report's time. Each tag now also carries
// its one-to-one's institution (one_to_ones.institution_id, the person's institution when met,
// which the digest counts by too), so the report's themes are one covering range of the
// campaign's tags.
//
// `facts` says which of its one-to-one's facts a tag carries: 2, all of them (written by this
// version on); 1, all but the institution (written by the version of migration 1700, which an
// instance still running it during a rolling upgrade may go on writing; the default, since that
// code names no `facts`); a tag from before 1700 has no facts at all (met_on null). A report reads
// any tag below 2 through its one-to-one, so none is miscounted while versions overlap (an edit
// made by such an instance rewrites a tag's person and day but not its institution, which is
// right again at the one-to-one's next edit). Every existing tag is backfilled to 2 here.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('one_to_one_themes').addColumn('institution_id', 'text').execute();
  await db.schema
    .alterTable('one_to_one_themes')
    .addColumn('facts', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // UPDATE … FROM: PostgreSQL, and SQLite since 3.33.
  await sql`
    update one_to_one_themes
    set organiser_id = o.organiser_id, person_id = o.person_id, met_on = o.met_on,
      institution_id = o.institution_id, facts = 2
    from one_to_ones o
    where o.id = one_to_one_themes.one_to_one_id`.execute(db);
  // The facts index, now led by how complete a tag's facts are (the few below 2 are their own
  // range) and with the institution, so the report reads the tags from the index alone.
  await db.schema.dropIndex('one_to_one_themes_facts_idx').execute();
  await db.schema
    .createIndex('one_to_one_themes_facts_idx')
    .on('one_to_one_themes')
    .columns([
      'campaign_id',
      'team_id',
      'facts',
      'met_on',
      'organiser_id',
      'person_id',
      'theme_id',
      'institution_id',
    ])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('one_to_one_themes_facts_idx').execute();
  await db.schema
    .createIndex('one_to_one_themes_facts_idx')
    .on('one_to_one_themes')
    .columns(['campaign_id', 'team_id', 'met_on', 'organiser_id', 'person_id', 'theme_id'])
    .execute();
  for (const column of ['facts', 'institution_id']) {
    await db.schema.alterTable('one_to_one_themes').dropColumn(column).execute();
  }
}
