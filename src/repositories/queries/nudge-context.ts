import type { Kysely } from 'kysely';
import type { Database, NudgeLedgerEntry } from '../../db/schema.js';

/**
 * The nudge tick's reads for one workspace's organisers at once (src/services/nudges/daily-dm.ts):
 * each table's rows for a batch of organisers in one query, by the tables' primary keys (or the
 * (team, user) prefix of their unique keys), instead of one query per organiser and table.
 */

/** Ids per query: far below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const IDS_PER_QUERY = 500;

export interface NudgeContextRows {
  organisers: { user_id: string; time_zone: string | null; time_zone_checked_at: string | null }[];
  preferences: { user_id: string; kind: string; enabled: number }[];
  settings: { user_id: string; working_days: string; daily_summary: number }[];
  /** Pauses that cover some date in [fromDate, toDate]. */
  pauses: { user_id: string; starts_on: string; until_on: string }[];
  /** The day rows of the dates asked for. */
  days: { user_id: string; local_date: string; status: string; claimed_at: string | null }[];
  /** Every ledger row of `ledgerKind` (the back-off's questions). */
  ledger: NudgeLedgerEntry[];
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDS_PER_QUERY) out.push(items.slice(i, i + IDS_PER_QUERY));
  return out;
}

export async function loadNudgeContextRows(
  db: Kysely<Database>,
  teamId: string,
  userIds: readonly string[],
  dates: { fromDate: string; toDate: string; days: readonly string[] },
  ledgerKind: string,
): Promise<NudgeContextRows> {
  const rows: NudgeContextRows = {
    organisers: [],
    preferences: [],
    settings: [],
    pauses: [],
    days: [],
    ledger: [],
  };
  if (userIds.length === 0) return rows;
  for (const ids of chunks([...new Set(userIds)])) {
    const [organisers, preferences, settings, pauses, days, ledger] = await Promise.all([
      db
        .selectFrom('organisers')
        .select(['user_id', 'time_zone', 'time_zone_checked_at'])
        .where('team_id', '=', teamId)
        .where('user_id', 'in', ids)
        .execute(),
      db
        .selectFrom('nudge_preferences')
        .select(['user_id', 'kind', 'enabled'])
        .where('team_id', '=', teamId)
        .where('user_id', 'in', ids)
        .execute(),
      db
        .selectFrom('nudge_settings')
        .select(['user_id', 'working_days', 'daily_summary'])
        .where('team_id', '=', teamId)
        .where('user_id', 'in', ids)
        .execute(),
      db
        .selectFrom('pauses')
        .select(['user_id', 'starts_on', 'until_on'])
        .where('team_id', '=', teamId)
        .where('user_id', 'in', ids)
        .where('starts_on', '<=', dates.toDate)
        .where('until_on', '>', dates.fromDate)
        .execute(),
      dates.days.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('nudge_days')
            .select(['user_id', 'local_date', 'status', 'claimed_at'])
            .where('team_id', '=', teamId)
            .where('user_id', 'in', ids)
            .where('local_date', 'in', [...dates.days])
            .execute(),
      db
        .selectFrom('nudge_ledger')
        .selectAll()
        .where('team_id', '=', teamId)
        .where('user_id', 'in', ids)
        .where('kind', '=', ledgerKind)
        .execute(),
    ]);
    rows.organisers.push(...organisers);
    rows.preferences.push(...preferences);
    rows.settings.push(...settings);
    rows.pauses.push(...pauses);
    rows.days.push(...days);
    rows.ledger.push(...ledger);
  }
  return rows;
}
