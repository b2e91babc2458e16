import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';

/** Whether the database answers a trivial query (for GET /healthz). */
export async function ping(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
