import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { likePattern } from './people.js';

/**
 * The workspace's member directory (slack_members) and when it was last read
 * (slack_member_syncs): what the log's "who" field searches to offer members of this Slack.
 */

export interface DirectoryMember {
  userId: string;
  name: string;
}

/** Adds or renames members (one statement per batch; the caller keeps batches small). */
export async function upsertMembers(
  db: Kysely<Database>,
  teamId: string,
  members: { userId: string; name: string; nameKey: string }[],
  now: string,
): Promise<void> {
  if (members.length === 0) return;
  await db
    .insertInto('slack_members')
    .values(
      members.map((m) => ({
        team_id: teamId,
        user_id: m.userId,
        name: m.name,
        name_key: m.nameKey,
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['team_id', 'user_id']).doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        name_key: eb.ref('excluded.name_key'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

/** Removes members (gone, deactivated, or bots). */
export async function deleteMembers(db: Kysely<Database>, teamId: string, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await db
    .deleteFrom('slack_members')
    .where('team_id', '=', teamId)
    .where('user_id', 'in', userIds)
    .execute();
}

/** Members not seen by a full read that started at `since`: they left the workspace. */
export async function deleteMembersNotSeenSince(
  db: Kysely<Database>,
  teamId: string,
  since: string,
): Promise<void> {
  await db
    .deleteFrom('slack_members')
    .where('team_id', '=', teamId)
    .where('updated_at', '<', since)
    .execute();
}

/** Members whose name contains `queryKey` (lower-cased), by name. */
export async function searchMembers(
  db: Kysely<Database>,
  teamId: string,
  queryKey: string,
  limit: number,
): Promise<DirectoryMember[]> {
  let q = db.selectFrom('slack_members').select(['user_id as userId', 'name']).where('team_id', '=', teamId);
  if (queryKey) {
    // ESCAPE spelled out: SQLite has no default LIKE escape character (PostgreSQL's is backslash).
    q = q.where(sql<boolean>`name_key like ${likePattern(queryKey)} escape '\\'`);
  }
  return q.orderBy('name_key').orderBy('user_id').limit(limit).execute();
}

/** One member of the directory, or undefined. */
export async function findMember(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
): Promise<DirectoryMember | undefined> {
  return db
    .selectFrom('slack_members')
    .select(['user_id as userId', 'name'])
    .where('team_id', '=', teamId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/**
 * Claims a refresh of the team's directory when it was last read before `staleBefore` (or never)
 * and nobody holds a claim taken after `leaseBefore`. Conditional writes, so of two instances
 * racing only one wins, on SQLite and PostgreSQL alike. True when this caller holds the claim.
 */
export async function claimMemberSync(
  db: Kysely<Database>,
  teamId: string,
  now: string,
  staleBefore: string,
  leaseBefore: string,
): Promise<boolean> {
  const inserted = await db
    .insertInto('slack_member_syncs')
    .values({ team_id: teamId, claimed_at: now, synced_at: null })
    .onConflict((oc) => oc.column('team_id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return true;
  const updated = await db
    .updateTable('slack_member_syncs')
    .set({ claimed_at: now })
    .where('team_id', '=', teamId)
    .where((eb) => eb.or([eb('synced_at', 'is', null), eb('synced_at', '<', staleBefore)]))
    .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', leaseBefore)]))
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

/**
 * Ends a claim once the whole directory was read. A read that failed leaves its claim to run
 * out, so a failing Slack is asked again only after the lease, not on every keystroke.
 */
export async function finishMemberSync(db: Kysely<Database>, teamId: string, synced: string): Promise<void> {
  await db
    .updateTable('slack_member_syncs')
    .set({ claimed_at: null, synced_at: synced })
    .where('team_id', '=', teamId)
    .execute();
}
