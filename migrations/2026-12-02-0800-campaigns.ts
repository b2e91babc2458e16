import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports app code. Listening campaigns and house meetings (issue 11).
// Text ids, YYYY-MM-DD local dates, ISO-8601 UTC instants, 0/1 flags: portable to PostgreSQL.
// Themes are counts: what links a conversation to a theme holds no text; a quote is the only
// text a campaign keeps from a conversation, and only with the author's consent.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    // Inclusive.
    .addColumn('ends_on', 'text', (c) => c.notNull())
    // null: a campaign of chosen members rather than a channel's.
    .addColumn('channel_id', 'text')
    .addColumn('target_per_visitor', 'integer', (c) => c.notNull().defaultTo(10))
    .addColumn('min_count', 'integer', (c) => c.notNull().defaultTo(3))
    // The creator's IANA zone: the campaign's dates (and its closing day) are read in it.
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    // The local date (in time_zone) it was closed: the last day a conversation counts is
    // min(ends_on, closed_on), comparable with met_on / held_on as text.
    .addColumn('closed_on', 'text')
    // The Slack view that created it: a submission delivered twice creates one campaign.
    .addColumn('source_view_id', 'text')
    .addUniqueConstraint('campaigns_view_uq', ['team_id', 'source_view_id'])
    .execute();
  // One open campaign per channel at a time (several instances may race to create one).
  await sql`create unique index campaigns_open_channel_uq on campaigns (team_id, channel_id) where (closed_at is null and channel_id is not null)`.execute(
    db,
  );
  await db.schema
    .createIndex('campaigns_team_channel_idx')
    .on('campaigns')
    .columns(['team_id', 'channel_id', 'ends_on'])
    .execute();

  await db.schema
    .createTable('campaign_admins')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_admins_pk', ['campaign_id', 'user_id'])
    .execute();

  // The visitors: a channel's human members when created (refreshed on edit), or the chosen ones.
  await db.schema
    .createTable('campaign_members')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_members_pk', ['campaign_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('campaign_members_user_idx')
    .on('campaign_members')
    .columns(['team_id', 'user_id', 'campaign_id'])
    .execute();

  await db.schema
    .createTable('campaign_themes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    // The label normalised (case, spacing): two spellings of one theme are one theme.
    .addColumn('label_key', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    // Removed from the list by an edit: no longer offered, but what was heard stays counted.
    .addColumn('archived_at', 'text')
    // null: on the campaign's list, offered to every visitor. Set: typed as "another theme" by
    // this visitor, offered in forms to them only (showing it to the others would show a theme
    // heard by one person), until an administrator puts it on the list; reports count it like
    // any theme, and show it only at the minimum count.
    .addColumn('added_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('campaign_themes_label_uq', ['campaign_id', 'label_key'])
    .execute();

  await db.schema
    .createTable('one_to_one_themes')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('one_to_one_id', 'text', (c) => c.notNull().references('one_to_ones.id').onDelete('cascade'))
    .addColumn('theme_id', 'text', (c) => c.notNull().references('campaign_themes.id').onDelete('cascade'))
    // The theme's campaign, repeated so a report reads one index range per campaign.
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('one_to_one_themes_pk', ['one_to_one_id', 'theme_id'])
    .execute();
  await db.schema
    .createIndex('one_to_one_themes_campaign_idx')
    .on('one_to_one_themes')
    .columns(['campaign_id', 'theme_id', 'one_to_one_id'])
    .execute();

  await db.schema
    .createTable('house_meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    // The organiser who logged it (its author: only they see what it says).
    .addColumn('organiser_id', 'text', (c) => c.notNull())
    .addColumn('held_on', 'text', (c) => c.notNull())
    // me | member | person
    .addColumn('host_kind', 'text', (c) => c.notNull())
    .addColumn('host_user_id', 'text')
    .addColumn('host_person_id', 'text', (c) => c.references('people.id').onDelete('set null'))
    // Free text; blanked by retention like a one-to-one's setting.
    .addColumn('place', 'text')
    .addColumn('attendance', 'integer', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.references('campaigns.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // The Slack view that created it: a submission delivered twice is saved once.
    .addColumn('view_id', 'text')
    .addUniqueConstraint('house_meetings_view_uq', ['team_id', 'view_id'])
    .execute();
  await db.schema
    .createIndex('house_meetings_organiser_held_idx')
    .on('house_meetings')
    .columns(['team_id', 'organiser_id', 'held_on'])
    .execute();
  await db.schema
    .createIndex('house_meetings_campaign_idx')
    .on('house_meetings')
    .columns(['campaign_id', 'held_on'])
    .execute();

  await db.schema
    .createTable('house_meeting_attendees')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('house_meeting_id', 'text', (c) =>
      c.notNull().references('house_meetings.id').onDelete('cascade'),
    )
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('house_meeting_attendees_pk', ['house_meeting_id', 'person_id'])
    .execute();
  await db.schema
    .createIndex('house_meeting_attendees_person_idx')
    .on('house_meeting_attendees')
    .column('person_id')
    .execute();

  await db.schema
    .createTable('house_meeting_themes')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('house_meeting_id', 'text', (c) =>
      c.notNull().references('house_meetings.id').onDelete('cascade'),
    )
    .addColumn('theme_id', 'text', (c) => c.notNull().references('campaign_themes.id').onDelete('cascade'))
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('house_meeting_themes_pk', ['house_meeting_id', 'theme_id'])
    .execute();
  await db.schema
    .createIndex('house_meeting_themes_campaign_idx')
    .on('house_meeting_themes')
    .columns(['campaign_id', 'theme_id', 'house_meeting_id'])
    .execute();

  // "Who would like a one-to-one": a next step "another meeting" for the organiser, kept apart
  // from one_to_ones so a house meeting never counts as a one-to-one.
  await db.schema
    .createTable('house_meeting_follow_ups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('organiser_id', 'text', (c) => c.notNull())
    .addColumn('house_meeting_id', 'text', (c) =>
      c.notNull().references('house_meetings.id').onDelete('cascade'),
    )
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('next_step_kind', 'text', (c) => c.notNull().defaultTo('meeting'))
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('house_meeting_follow_ups_uq', ['house_meeting_id', 'person_id'])
    .execute();
  await db.schema
    .createIndex('house_meeting_follow_ups_open_idx')
    .on('house_meeting_follow_ups')
    .columns(['team_id', 'organiser_id', 'done_at', 'due_on'])
    .execute();
  await db.schema
    .createIndex('house_meeting_follow_ups_due_idx')
    .on('house_meeting_follow_ups')
    .columns(['due_on'])
    .execute();

  await db.schema
    .createTable('campaign_quotes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('theme_id', 'text', (c) => c.references('campaign_themes.id').onDelete('set null'))
    // one_to_one | house_meeting
    .addColumn('source_kind', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    // Who wrote it (only they may edit or withdraw it).
    .addColumn('organiser_id', 'text', (c) => c.notNull())
    // The source's date: whether it counts for the campaign, and retention's cutoff.
    .addColumn('said_on', 'text', (c) => c.notNull())
    // null once retention blanked it (a report skips it).
    .addColumn('text', 'text')
    .addColumn('consented_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('campaign_quotes_source_uq', ['source_kind', 'source_id', 'campaign_id'])
    .execute();
  await db.schema
    .createIndex('campaign_quotes_campaign_idx')
    .on('campaign_quotes')
    .columns(['campaign_id', 'theme_id'])
    .execute();
  await db.schema
    .createIndex('campaign_quotes_source_idx')
    .on('campaign_quotes')
    .columns(['source_id'])
    .execute();
  // Retention: quotes that still hold text, by date (the retention query repeats the condition).
  await sql`create index campaign_quotes_text_idx on campaign_quotes (team_id, said_on) where (text is not null)`.execute(
    db,
  );
  await sql`create index house_meetings_text_idx on house_meetings (team_id, held_on) where (place is not null)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'campaign_quotes',
    'house_meeting_follow_ups',
    'house_meeting_themes',
    'house_meeting_attendees',
    'house_meetings',
    'one_to_one_themes',
    'campaign_themes',
    'campaign_members',
    'campaign_admins',
    'campaigns',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
