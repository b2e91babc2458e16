import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports app code. Issue 9 (a digest that celebrates growth) and issue 10
// (the digest in ≤ 25 ms over 1M one-to-ones):
//
// - goal_history: the weekly goal in force each week, so changing the goal never rewrites past
//   weeks (a streak survives `/onetoone goal 30`). from_week is the Monday (the organiser's local
//   date) the goal applies from; '0001-01-01' means "since always" (an organiser's goal before
//   they first changed it).
// - Facts written with each one-to-one, so the digest reads a week's handful of rows instead of
//   deriving them from history: the institution the person was at when met (one_to_ones), when
//   each person was first and second met and first introduced or in an action (people), when
//   each institution was first met (institutions), and per (organiser, week) totals
//   (one_to_one_weeks). Every one is backfilled here from the rows already stored.
//
// Dates are YYYY-MM-DD text and instants ISO-8601 UTC text, so min() and comparisons are textual
// and portable to PostgreSQL.

const SINCE_ALWAYS = '0001-01-01';

/** The Monday of the week holding `date` (YYYY-MM-DD), as the app's weekStart does. */
function mondayOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - back);
  return d.toISOString().slice(0, 10);
}

export async function up(db: Kysely<any>): Promise<void> {
  const now = new Date().toISOString();

  await db.schema
    .createTable('goal_history')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('from_week', 'text', (c) => c.notNull())
    .addColumn('weekly_goal', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('goal_history_pk', ['team_id', 'user_id', 'from_week'])
    .execute();
  // Every organiser's goal so far has held since always (no history was kept before).
  await sql`
    insert into goal_history (team_id, user_id, from_week, weekly_goal, created_at, updated_at)
    select team_id, user_id, ${SINCE_ALWAYS}, weekly_goal, ${now}, ${now} from organisers
  `.execute(db);

  // The institution of the person met, as it was at the meeting (a person who moves on does not
  // move their old one-to-ones with them).
  await db.schema.alterTable('one_to_ones').addColumn('institution_id', 'text').execute();
  await sql`
    update one_to_ones set institution_id =
      (select p.institution_id from people p where p.id = one_to_ones.person_id)
  `.execute(db);

  for (const column of ['first_met_on', 'second_met_on', 'introduced_at', 'action_at']) {
    await db.schema.alterTable('people').addColumn(column, 'text').execute();
  }
  await sql`
    update people set
      first_met_on = (select min(o.met_on) from one_to_ones o where o.person_id = people.id),
      second_met_on = (select o.met_on from one_to_ones o where o.person_id = people.id
                       order by o.met_on limit 1 offset 1),
      introduced_at = (select min(o.next_step_done_at) from one_to_ones o where o.person_id = people.id
                       and o.next_step_kind = 'introduction'),
      action_at = (select min(o.next_step_done_at) from one_to_ones o where o.person_id = people.id
                   and o.next_step_kind = 'action')
  `.execute(db);

  await db.schema.alterTable('institutions').addColumn('first_met_on', 'text').execute();
  await sql`
    update institutions set first_met_on =
      (select min(o.met_on) from one_to_ones o where o.institution_id = institutions.id)
  `.execute(db);

  await db.schema
    .createTable('one_to_one_weeks')
    .addColumn('team_id', 'text', (c) => c.notNull())
    .addColumn('organiser_id', 'text', (c) => c.notNull())
    // Monday of the week (met_on is the organiser's local date, so its week is too).
    .addColumn('week_start', 'text', (c) => c.notNull())
    .addColumn('held', 'integer', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull())
    // With a next step agreed (any kind but none).
    .addColumn('steps_agreed', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('one_to_one_weeks_pk', ['team_id', 'organiser_id', 'week_start'])
    .execute();
  // The digest reads a workspace's weeks by date (and keeps the team's organisers itself).
  await db.schema
    .createIndex('one_to_one_weeks_team_week_idx')
    .on('one_to_one_weeks')
    .columns(['team_id', 'week_start', 'organiser_id', 'held', 'minutes', 'steps_agreed'])
    .execute();
  // Backfilled a workspace at a time: days added up in SQL, folded into weeks here.
  const teams = await db.selectFrom('one_to_ones').select('team_id').distinct().execute();
  for (const { team_id: teamId } of teams) {
    const days = await db
      .selectFrom('one_to_ones')
      .select((eb) => [
        'organiser_id',
        'met_on',
        eb.fn.countAll().as('held'),
        eb.fn.sum('duration_minutes').as('minutes'),
        eb.fn.sum(eb.case().when('next_step_kind', '<>', 'none').then(1).else(0).end()).as('agreed'),
      ])
      .where('team_id', '=', teamId)
      .groupBy(['organiser_id', 'met_on'])
      .execute();
    const weeks = new Map<
      string,
      { organiser: string; week: string; held: number; minutes: number; agreed: number }
    >();
    for (const d of days) {
      const week = mondayOf(String(d.met_on));
      const key = `${d.organiser_id}\u0000${week}`;
      const w = weeks.get(key) ?? { organiser: String(d.organiser_id), week, held: 0, minutes: 0, agreed: 0 };
      w.held += Number(d.held);
      w.minutes += Number(d.minutes ?? 0);
      w.agreed += Number(d.agreed ?? 0);
      weeks.set(key, w);
    }
    const rows = [...weeks.values()].map((w) => ({
      team_id: teamId,
      organiser_id: w.organiser,
      week_start: w.week,
      held: w.held,
      minutes: w.minutes,
      steps_agreed: w.agreed,
      updated_at: now,
    }));
    // 7 columns a row: far below both databases' bound-parameter limits.
    for (let i = 0; i < rows.length; i += 500) {
      await db
        .insertInto('one_to_one_weeks')
        .values(rows.slice(i, i + 500))
        .execute();
    }
  }

  // The digest's trend picture, uploaded in the thread of its post once the post is sent:
  // null until tried, then claimed → uploaded | failed, so a retried digest never uploads twice.
  await db.schema.alterTable('digest_ledger').addColumn('picture_status', 'text').execute();

  // The week's one-to-ones with the institution met, index pages only (institutions reached). It
  // widens (team_id, met_on, organiser_id), which it replaces: left in place, SQLite would pick
  // the narrower one and read each row for its institution.
  await db.schema
    .createIndex('one_to_ones_team_met_institution_idx')
    .on('one_to_ones')
    .columns(['team_id', 'met_on', 'organiser_id', 'institution_id'])
    .execute();
  await db.schema.dropIndex('one_to_ones_team_met_organiser_idx').execute();
  // An institution's first meeting, recomputed when a one-to-one there is written.
  await db.schema
    .createIndex('one_to_ones_institution_met_idx')
    .on('one_to_ones')
    .columns(['institution_id', 'met_on'])
    .execute();
  // Next steps still open by due date: only open ones are indexed, so the 8 weeks' range reads
  // the open steps, not the many done. The query states the same WHERE (a partial index is used
  // only then); partial indexes are portable to PostgreSQL.
  await db.schema
    .createIndex('one_to_ones_team_open_due_idx')
    .on('one_to_ones')
    .columns(['team_id', 'next_step_due_on', 'organiser_id'])
    .where(sql.ref('next_step_done_at'), 'is', null)
    .execute();
  // It replaces the digest's old (team_id, due_on, done_at, organiser_id), which read every step
  // due in the window, done or not, and which SQLite would otherwise keep choosing; nothing else
  // reads it (the Home tab and the lead's figures go by organiser, the nudges by due date).
  await db.schema.dropIndex('one_to_ones_team_due_idx').execute();
  // People first met in a given week (new relationships), and people met again, introduced or
  // in an action then (stage moves), with every milestone, so no person's row is read; the latter
  // only for stages the log decides (an organiser's correction has no date, so no week).
  await db.schema
    .createIndex('people_team_first_met_on_idx')
    .on('people')
    .columns(['team_id', 'first_met_on', 'organiser_id'])
    .execute();
  for (const column of ['second_met_on', 'introduced_at', 'action_at']) {
    await db.schema
      .createIndex(`people_team_${column}_idx`)
      .on('people')
      .columns([
        'team_id',
        column,
        'organiser_id',
        'id',
        'first_met_on',
        'second_met_on',
        'introduced_at',
        'action_at',
      ])
      .where(sql.ref('stage_override'), 'is', null)
      .execute();
  }
  await db.schema
    .createIndex('institutions_team_first_met_idx')
    .on('institutions')
    .columns(['team_id', 'first_met_on'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('institutions_team_first_met_idx').ifExists().execute();
  for (const column of ['first_met_on', 'second_met_on', 'introduced_at', 'action_at']) {
    await db.schema.dropIndex(`people_team_${column}_idx`).ifExists().execute();
  }
  await db.schema.dropIndex('one_to_ones_team_open_due_idx').ifExists().execute();
  await db.schema
    .createIndex('one_to_ones_team_due_idx')
    .ifNotExists()
    .on('one_to_ones')
    .columns(['team_id', 'next_step_due_on', 'next_step_done_at', 'organiser_id'])
    .execute();
  await db.schema.dropIndex('one_to_ones_institution_met_idx').ifExists().execute();
  await db.schema
    .createIndex('one_to_ones_team_met_organiser_idx')
    .ifNotExists()
    .on('one_to_ones')
    .columns(['team_id', 'met_on', 'organiser_id'])
    .execute();
  await db.schema.dropIndex('one_to_ones_team_met_institution_idx').ifExists().execute();
  await db.schema.dropTable('one_to_one_weeks').ifExists().execute();
  await db.schema.alterTable('digest_ledger').dropColumn('picture_status').execute();
  await db.schema.alterTable('institutions').dropColumn('first_met_on').execute();
  for (const column of ['action_at', 'introduced_at', 'second_met_on', 'first_met_on']) {
    await db.schema.alterTable('people').dropColumn(column).execute();
  }
  await db.schema.alterTable('one_to_ones').dropColumn('institution_id').execute();
  await db.schema.dropTable('goal_history').ifExists().execute();
}
