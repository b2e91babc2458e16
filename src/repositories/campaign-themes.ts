import type { Kysely } from 'kysely';
import type { CampaignThemeRow, Database } from '../db/schema.js';
import { newId } from '../domain/keys.js';

/**
 * A campaign's theme list, and the themes heard in one-to-ones (one_to_one_themes) and house
 * meetings (house_meeting_themes). Links hold no text: a theme heard is a count.
 */

/**
 * The themes offered (not archived), in their order: the campaign's list, and with `forUserId`
 * also the other themes that visitor typed themselves (never anyone else's).
 */
export async function listActiveThemes(
  db: Kysely<Database>,
  teamId: string,
  campaignIds: readonly string[],
  forUserId?: string,
): Promise<CampaignThemeRow[]> {
  if (campaignIds.length === 0) return [];
  return db
    .selectFrom('campaign_themes')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('campaign_id', 'in', campaignIds)
    .where('archived_at', 'is', null)
    .where((eb) =>
      forUserId === undefined
        ? eb('added_by', 'is', null)
        : eb.or([eb('added_by', 'is', null), eb('added_by', '=', forUserId)]),
    )
    .orderBy('campaign_id')
    .orderBy('position')
    .execute();
}

/** Every theme of a campaign, archived ones too (a report counts what was heard). */
export async function listAllThemes(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
): Promise<CampaignThemeRow[]> {
  return db
    .selectFrom('campaign_themes')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('campaign_id', '=', campaignId)
    .orderBy('position')
    .execute();
}

export async function findThemes(
  db: Kysely<Database>,
  teamId: string,
  themeIds: readonly string[],
): Promise<CampaignThemeRow[]> {
  if (themeIds.length === 0) return [];
  return db
    .selectFrom('campaign_themes')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('id', 'in', themeIds)
    .execute();
}

/**
 * Makes the active list exactly `labels`, in that order: a label already there (by key, archived
 * or not) keeps its id and is un-archived; a new one is added; one no longer listed is archived
 * (what was heard under it stays counted). Returns the active rows.
 */
export async function syncThemes(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
  themes: readonly { label: string; key: string }[],
  now: string,
): Promise<void> {
  const existing = await listAllThemes(db, teamId, campaignId);
  const byKey = new Map(existing.map((t) => [t.label_key, t]));
  const wanted = new Set(themes.map((t) => t.key));
  for (const [position, theme] of themes.entries()) {
    const found = byKey.get(theme.key);
    if (found) {
      // Listed by an administrator: on the list now, even if a visitor typed it first.
      await db
        .updateTable('campaign_themes')
        .set({ label: theme.label, position, archived_at: null, added_by: null })
        .where('id', '=', found.id)
        .execute();
    } else {
      await db
        .insertInto('campaign_themes')
        .values({
          id: newId(),
          team_id: teamId,
          campaign_id: campaignId,
          label: theme.label,
          label_key: theme.key,
          position,
          archived_at: null,
          added_by: null,
          created_at: now,
        })
        .execute();
    }
  }
  // Only list themes leave the list; a visitor's own other themes are not the list's to drop.
  const gone = existing
    .filter((t) => !wanted.has(t.label_key) && t.archived_at === null && t.added_by === null)
    .map((t) => t.id);
  if (gone.length > 0) {
    await db.updateTable('campaign_themes').set({ archived_at: now }).where('id', 'in', gone).execute();
  }
}

/**
 * "Another theme": the campaign's theme of that key (whoever typed it first), or a new one typed
 * by `userId`, offered to them only (added_by); one taken off the list comes back as theirs.
 * Safe against a racing twin (unique label key).
 */
export async function findOrAddTheme(
  db: Kysely<Database>,
  teamId: string,
  campaignId: string,
  label: string,
  key: string,
  userId: string,
  now: string,
): Promise<CampaignThemeRow> {
  const find = () =>
    db
      .selectFrom('campaign_themes')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .where('label_key', '=', key)
      .executeTakeFirst();
  const found = await find();
  if (found) {
    if (found.archived_at !== null) {
      await db
        .updateTable('campaign_themes')
        .set({ archived_at: null, added_by: userId })
        .where('id', '=', found.id)
        .execute();
      return { ...found, archived_at: null, added_by: userId };
    }
    return found;
  }
  const last = await db
    .selectFrom('campaign_themes')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
  await db
    .insertInto('campaign_themes')
    .values({
      id: newId(),
      team_id: teamId,
      campaign_id: campaignId,
      label,
      label_key: key,
      position: Number(last?.p ?? -1) + 1,
      archived_at: null,
      added_by: userId,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['campaign_id', 'label_key']).doNothing())
    .execute();
  const row = await find();
  if (!row) throw new Error('theme vanished after insert');
  return row;
}

/** Themes of a campaign not archived: its list's (`listed`), or every visitor's own others. */
export async function countActiveThemes(
  db: Kysely<Database>,
  campaignId: string,
  which: 'listed' | 'typed',
): Promise<number> {
  const row = await db
    .selectFrom('campaign_themes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('archived_at', 'is', null)
    .where('added_by', which === 'listed' ? 'is' : 'is not', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The themes ticked for a one-to-one, for the given campaigns (the edit form's prefill). */
export async function listOneToOneThemeIds(
  db: Kysely<Database>,
  teamId: string,
  oneToOneId: string,
): Promise<{ theme_id: string; campaign_id: string }[]> {
  return db
    .selectFrom('one_to_one_themes')
    .select(['theme_id', 'campaign_id'])
    .where('team_id', '=', teamId)
    .where('one_to_one_id', '=', oneToOneId)
    .execute();
}

/** What a tag carries of its one-to-one: `facts` 2 (TAG_FACTS) says all of it is there. */
interface OneToOneFacts {
  organiser_id: string;
  person_id: string;
  met_on: string;
  institution_id: string | null;
}

/** The value of `facts` on a tag that carries every fact of its one-to-one (migration 1800). */
export const TAG_FACTS = 2;

/** The facts of a one-to-one its tags carry (the report counts by them): read in the writer's transaction. */
async function oneToOneFacts(
  db: Kysely<Database>,
  teamId: string,
  oneToOneId: string,
): Promise<OneToOneFacts | undefined> {
  return db
    .selectFrom('one_to_ones')
    .select(['organiser_id', 'person_id', 'met_on', 'institution_id'])
    .where('team_id', '=', teamId)
    .where('id', '=', oneToOneId)
    .executeTakeFirst();
}

/** Replaces a one-to-one's themes for one campaign, each tag with the one-to-one's facts. */
export async function replaceOneToOneThemes(
  db: Kysely<Database>,
  teamId: string,
  oneToOneId: string,
  campaignId: string,
  themeIds: readonly string[],
): Promise<void> {
  await db
    .deleteFrom('one_to_one_themes')
    .where('team_id', '=', teamId)
    .where('one_to_one_id', '=', oneToOneId)
    .where('campaign_id', '=', campaignId)
    .execute();
  const unique = [...new Set(themeIds)];
  if (unique.length === 0) return;
  const facts = await oneToOneFacts(db, teamId, oneToOneId);
  if (!facts) return;
  await db
    .insertInto('one_to_one_themes')
    .values(
      unique.map((t) => ({
        team_id: teamId,
        one_to_one_id: oneToOneId,
        theme_id: t,
        campaign_id: campaignId,
        ...facts,
        facts: TAG_FACTS,
      })),
    )
    .execute();
}

/**
 * Rewrites the facts on a one-to-one's tags (every campaign's) from the one-to-one as it now is:
 * called in the transaction that edits it, after its institution is kept (recordOneToOneWrite),
 * so a report never counts a tag under the person, the day or the institution the one-to-one no
 * longer has.
 */
export async function refreshOneToOneThemeFacts(
  db: Kysely<Database>,
  teamId: string,
  oneToOneId: string,
): Promise<void> {
  const facts = await oneToOneFacts(db, teamId, oneToOneId);
  if (!facts) return;
  await db
    .updateTable('one_to_one_themes')
    .set({ ...facts, facts: TAG_FACTS })
    .where('team_id', '=', teamId)
    .where('one_to_one_id', '=', oneToOneId)
    .execute();
}

export async function listHouseMeetingThemeIds(
  db: Kysely<Database>,
  teamId: string,
  houseMeetingId: string,
): Promise<{ theme_id: string; campaign_id: string }[]> {
  return db
    .selectFrom('house_meeting_themes')
    .select(['theme_id', 'campaign_id'])
    .where('team_id', '=', teamId)
    .where('house_meeting_id', '=', houseMeetingId)
    .execute();
}

/** Replaces a house meeting's themes (a house meeting belongs to at most one campaign). */
export async function replaceHouseMeetingThemes(
  db: Kysely<Database>,
  teamId: string,
  houseMeetingId: string,
  campaignId: string | null,
  themeIds: readonly string[],
): Promise<void> {
  await db
    .deleteFrom('house_meeting_themes')
    .where('team_id', '=', teamId)
    .where('house_meeting_id', '=', houseMeetingId)
    .execute();
  const unique = [...new Set(themeIds)];
  if (!campaignId || unique.length === 0) return;
  await db
    .insertInto('house_meeting_themes')
    .values(
      unique.map((t) => ({
        team_id: teamId,
        house_meeting_id: houseMeetingId,
        theme_id: t,
        campaign_id: campaignId,
      })),
    )
    .execute();
}
