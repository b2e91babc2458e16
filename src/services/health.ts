import type { Db } from '../db/database.js';
import { ping } from '../repositories/queries/health.js';

/** Whether the database answers: the health check's one rule. */
export async function isHealthy(deps: { db: Db }): Promise<boolean> {
  return ping(deps.db);
}
