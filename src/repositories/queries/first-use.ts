import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/**
 * When an organiser began: the organisers row's creation (the first thing they saved) and the
 * date of their earliest one-to-one (served by one_to_ones_organiser_met_idx: team_id,
 * organiser_id, met_on). Either is undefined when there is none.
 */
export async function organiserBeginnings(
  db: Kysely<Database>,
  teamId: string,
  userId: string,
): Promise<{ createdAt?: string; firstMetOn?: string }> {
  const [organiser, first] = await Promise.all([
    db
      .selectFrom('organisers')
      .select('created_at')
      .where('team_id', '=', teamId)
      .where('user_id', '=', userId)
      .executeTakeFirst(),
    db
      .selectFrom('one_to_ones')
      .select('met_on')
      .where('team_id', '=', teamId)
      .where('organiser_id', '=', userId)
      .orderBy('met_on', 'asc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  return {
    ...(organiser?.created_at ? { createdAt: organiser.created_at } : {}),
    ...(first?.met_on ? { firstMetOn: first.met_on } : {}),
  };
}
