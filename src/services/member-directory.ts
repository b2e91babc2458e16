import type { Deps } from '../deps.js';
import { nameKey } from '../domain/keys.js';
import { errorCode } from '../errors.js';
import {
  claimMemberSync,
  deleteMembers,
  deleteMembersNotSeenSince,
  finishMemberSync,
  upsertMembers,
} from '../repositories/slack-members.js';

/**
 * The workspace's member directory, so the log's one "who" field can offer members of this Slack
 * by name (Slack gives bots no member search; users.list pages through everyone). Read in the
 * background, at most once a day per workspace, when someone opens the who field and the copy is
 * older than that: the answer to that keystroke never waits for it.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
/** A refresh that has not finished in this long (a crash, a restart) is taken over. */
const LEASE_MS = 15 * 60 * 1000;
/**
 * users.list is Tier 2 (about 20 calls a minute; https://api.slack.com/methods/users.list): 500
 * pages of 200 read a 100,000-member workspace, and the client's own rate limiting spaces them.
 */
const MAX_PAGES = 500;

type DirectoryDeps = Pick<Deps, 'db' | 'clock' | 'slack' | 'logger'>;

/** Reads the team's members when its copy is a day old (or missing) and nobody else is reading it. */
export async function refreshMemberDirectory(
  deps: DirectoryDeps,
  teamId: string,
): Promise<'refreshed' | 'fresh'> {
  const started = deps.clock.now();
  const now = started.toISOString();
  const claimed = await claimMemberSync(
    deps.db,
    teamId,
    now,
    new Date(started.getTime() - DAY_MS).toISOString(),
    new Date(started.getTime() - LEASE_MS).toISOString(),
  );
  if (!claimed) return 'fresh';
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { members, nextCursor } = await deps.slack.listMembers(teamId, cursor);
    const people = members.filter((m) => m.active && !m.isBot);
    await upsertMembers(
      deps.db,
      teamId,
      people.map((m) => ({ userId: m.userId, name: m.name, nameKey: nameKey(m.name) })),
      now,
    );
    await deleteMembers(
      deps.db,
      teamId,
      members.filter((m) => !m.active || m.isBot).map((m) => m.userId),
    );
    cursor = nextCursor;
    if (!cursor) break;
  }
  // Read to the end: whoever was not seen has left.
  if (!cursor) await deleteMembersNotSeenSince(deps.db, teamId, now);
  await finishMemberSync(deps.db, teamId, now);
  return 'refreshed';
}

/**
 * When this process last looked at each team's directory, per database: the who field asks on
 * every keystroke, and the claim is two writes, so a look is made at most every few minutes.
 */
const lastLook = new WeakMap<object, Map<string, number>>();
const LOOK_EVERY_MS = 5 * 60 * 1000;

/**
 * The refresh, started and not waited for (a failure is logged by its code and tried after the
 * lease), unless this process looked at the team's directory in the last few minutes.
 */
export function refreshMemberDirectoryLater(deps: DirectoryDeps, teamId: string): void {
  const now = deps.clock.now().getTime();
  const looks = lastLook.get(deps.db) ?? new Map<string, number>();
  lastLook.set(deps.db, looks);
  const last = looks.get(teamId);
  if (last !== undefined && now - last < LOOK_EVERY_MS && now >= last) return;
  looks.set(teamId, now);
  void refreshMemberDirectory(deps, teamId).catch((error: unknown) => {
    deps.logger.warn('could not read the member directory', { code: errorCode(error) });
  });
}
