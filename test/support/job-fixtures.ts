import type { Db } from '../../src/db/database.js';
import type { FakeSlack } from './fake-slack.js';

/**
 * Rows for job tests at scale, written straight to the database (many workspaces through signed
 * requests would take minutes): organisers with a next step due, and digest channels.
 */

/** Each user in `teamId` gets a one-to-one whose next step is due on `dueOn`; returns the ids. */
export async function seedNextStepsDue(
  db: Db,
  teamId: string,
  users: readonly string[],
  dueOn: string,
  at = '2026-11-20T12:00:00.000Z',
): Promise<void> {
  for (const user of users) {
    await db
      .insertInto('organisers')
      .values({ team_id: teamId, user_id: user, created_at: at, updated_at: at })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const person = `P-${teamId}-${user}`;
    await db
      .insertInto('people')
      .values({
        id: person,
        team_id: teamId,
        organiser_id: user,
        name: 'Someone',
        name_key: `someone ${user.toLowerCase()}`,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db
      .insertInto('one_to_ones')
      .values({
        id: `O-${teamId}-${user}`,
        team_id: teamId,
        organiser_id: user,
        person_id: person,
        met_on: at.slice(0, 10),
        duration_minutes: 30,
        next_step_kind: 'meeting',
        next_step_due_on: dueOn,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
}

/** Subscribes channels of `teamId` to the digest, each with `members` in the fake Slack. */
export async function seedDigestChannels(
  db: Db,
  slack: FakeSlack,
  teamId: string,
  channels: readonly string[],
  members: readonly string[] = [],
  at = '2026-11-20T12:00:00.000Z',
): Promise<void> {
  for (const channel of channels) {
    slack.channels.set(channel, { id: channel, members: [...members] });
    await db
      .insertInto('digest_subscriptions')
      .values({
        team_id: teamId,
        channel_id: channel,
        subscribed_by: 'UADMIN',
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
}
