import type { Kysely } from 'kysely';
import type {
  Database,
  InstallationEvent,
  InstallationRow,
  InstallationsTable,
  NewInstallationRow,
} from '../db/schema.js';
import { newId } from '../domain/keys.js';

/**
 * The installations table (issue 10): one row per workspace, tokens as ciphertexts only (the
 * service seals and opens them). "Active" means not uninstalled: only active rows authorise a
 * request or a job.
 */

/** What an OAuth install (or reinstall) writes: everything but the lifecycle columns. */
export type InstallationWrite = Omit<
  NewInstallationRow,
  'installed_at' | 'updated_at' | 'uninstalled_at' | 'erase_after'
>;

/** The token columns, for a token refresh and a key rotation. */
export type InstallationTokens = Pick<
  InstallationsTable,
  | 'bot_token_ciphertext'
  | 'bot_token_key_id'
  | 'bot_refresh_token_ciphertext'
  | 'bot_refresh_key_id'
  | 'bot_token_expires_at'
>;

/**
 * Inserts a workspace's installation, or updates it on a reinstall: new tokens and scopes, the
 * uninstall (and its pending erasure) cancelled, installed_at kept from the first install.
 */
export async function upsertInstallation(
  db: Kysely<Database>,
  row: InstallationWrite,
  now: string,
): Promise<void> {
  const { team_id: _teamId, ...update } = row;
  await db
    .insertInto('installations')
    .values({ ...row, installed_at: now, updated_at: now, uninstalled_at: null, erase_after: null })
    .onConflict((oc) =>
      oc
        .column('team_id')
        .doUpdateSet({ ...update, updated_at: now, uninstalled_at: null, erase_after: null }),
    )
    .execute();
}

/** An active installation: the only kind that authorises a request or a job. */
export async function findActiveInstallation(
  db: Kysely<Database>,
  teamId: string,
): Promise<InstallationRow | undefined> {
  return db
    .selectFrom('installations')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('uninstalled_at', 'is', null)
    .executeTakeFirst();
}

/** Any installation, uninstalled ones included (for the erasure job and reinstalls). */
export async function findInstallationIncludingUninstalled(
  db: Kysely<Database>,
  teamId: string,
): Promise<InstallationRow | undefined> {
  return db.selectFrom('installations').selectAll().where('team_id', '=', teamId).executeTakeFirst();
}

/**
 * Replaces an active installation's tokens after Slack refreshed them (token rotation). An
 * uninstalled row is left alone: a refresh racing an uninstall must not bring it back.
 */
export async function updateActiveTokens(
  db: Kysely<Database>,
  teamId: string,
  tokens: InstallationTokens,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('installations')
    .set({ ...tokens, updated_at: now })
    .where('team_id', '=', teamId)
    .where('uninstalled_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Marks an active installation uninstalled, its data due for erasure at eraseAfter. False if it
 * was not active: Slack sends both app_uninstalled and tokens_revoked on an uninstall, and the
 * grace period runs from the first.
 */
export async function markInstallationUninstalled(
  db: Kysely<Database>,
  teamId: string,
  now: string,
  eraseAfter: string,
): Promise<boolean> {
  const result = await db
    .updateTable('installations')
    .set({ uninstalled_at: now, erase_after: eraseAfter, updated_at: now })
    .where('team_id', '=', teamId)
    .where('uninstalled_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Team ids of every active installation, in order: the jobs iterate over these. */
export async function listActiveTeamIds(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('installations')
    .select('team_id')
    .where('uninstalled_at', 'is', null)
    .orderBy('team_id')
    .execute();
  return rows.map((r) => r.team_id);
}

/** Uninstalled workspaces whose grace period ended by `now`, oldest first. */
export async function listDueForErasure(db: Kysely<Database>, now: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('installations')
    .select('team_id')
    .where('erase_after', 'is not', null)
    .where('erase_after', '<=', now)
    .where('uninstalled_at', 'is not', null)
    .orderBy('erase_after')
    .orderBy('team_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.team_id);
}

/** One row's token columns, for a key rotation. */
export type SealedRow = Pick<InstallationsTable, 'team_id'> & InstallationTokens;

/**
 * The next batch of rows (by team id, after `afterTeamId`) with a token not sealed under keyId.
 * Paging by team id visits each row once per rotation run, even if one cannot be rewritten.
 */
export async function listRowsNotOnKey(
  db: Kysely<Database>,
  keyId: string,
  afterTeamId: string | null,
  limit: number,
): Promise<SealedRow[]> {
  let query = db
    .selectFrom('installations')
    .select([
      'team_id',
      'bot_token_ciphertext',
      'bot_token_key_id',
      'bot_refresh_token_ciphertext',
      'bot_refresh_key_id',
      'bot_token_expires_at',
    ])
    .where((eb) =>
      eb.or([
        eb('bot_token_key_id', '<>', keyId),
        eb.and([eb('bot_refresh_key_id', 'is not', null), eb('bot_refresh_key_id', '<>', keyId)]),
      ]),
    );
  if (afterTeamId !== null) query = query.where('team_id', '>', afterTeamId);
  return query.orderBy('team_id').limit(limit).execute();
}

/**
 * Rewrites a row's ciphertexts (a key rotation), only if they are still the ones that were read:
 * a reinstall or refresh in between wins, and the row is picked up by the next run.
 */
export async function rewriteCiphertexts(
  db: Kysely<Database>,
  before: SealedRow,
  after: Pick<
    InstallationsTable,
    'bot_token_ciphertext' | 'bot_token_key_id' | 'bot_refresh_token_ciphertext' | 'bot_refresh_key_id'
  >,
): Promise<boolean> {
  let query = db
    .updateTable('installations')
    .set(after)
    .where('team_id', '=', before.team_id)
    .where('bot_token_ciphertext', '=', before.bot_token_ciphertext);
  query =
    before.bot_refresh_token_ciphertext === null
      ? query.where('bot_refresh_token_ciphertext', 'is', null)
      : query.where('bot_refresh_token_ciphertext', '=', before.bot_refresh_token_ciphertext);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The distinct key ids tokens are sealed under, each with one row sealed under it. */
export async function sampleRowPerKeyId(db: Kysely<Database>): Promise<SealedRow[]> {
  const botIds = await db.selectFrom('installations').select('bot_token_key_id').distinct().execute();
  const refreshIds = await db
    .selectFrom('installations')
    .select('bot_refresh_key_id')
    .distinct()
    .where('bot_refresh_key_id', 'is not', null)
    .execute();
  const ids = new Set<string>([
    ...botIds.map((r) => r.bot_token_key_id),
    ...refreshIds.flatMap((r) => (r.bot_refresh_key_id === null ? [] : [r.bot_refresh_key_id])),
  ]);
  const samples: SealedRow[] = [];
  for (const key_id of ids) {
    const row = await db
      .selectFrom('installations')
      .select([
        'team_id',
        'bot_token_ciphertext',
        'bot_token_key_id',
        'bot_refresh_token_ciphertext',
        'bot_refresh_key_id',
        'bot_token_expires_at',
      ])
      .where((eb) => eb.or([eb('bot_token_key_id', '=', key_id), eb('bot_refresh_key_id', '=', key_id)]))
      .orderBy('team_id')
      .limit(1)
      .executeTakeFirst();
    if (row) samples.push(row);
  }
  return samples;
}

/** Deletes a workspace's installation row. */
export async function deleteInstallation(db: Kysely<Database>, teamId: string): Promise<boolean> {
  const result = await db.deleteFrom('installations').where('team_id', '=', teamId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * Deletes the row only if it is still uninstalled: the erasure job must not delete a workspace
 * that reinstalled while it ran.
 */
export async function deleteUninstalledInstallation(db: Kysely<Database>, teamId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('installations')
    .where('team_id', '=', teamId)
    .where('uninstalled_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** One audit row: an event and, for an erasure, row counts. Never a token or content. */
export async function insertInstallationAudit(
  db: Kysely<Database>,
  teamId: string,
  event: InstallationEvent,
  at: string,
  counts?: Record<string, number>,
): Promise<void> {
  await db
    .insertInto('installation_audit')
    .values({
      id: newId(),
      team_id: teamId,
      event,
      at,
      counts: counts === undefined ? null : JSON.stringify(counts),
    })
    .execute();
}

export async function listInstallationAudit(
  db: Kysely<Database>,
  teamId: string,
): Promise<{ event: InstallationEvent; at: string; counts: string | null }[]> {
  return db
    .selectFrom('installation_audit')
    .select(['event', 'at', 'counts'])
    .where('team_id', '=', teamId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/**
 * Re-checks, inside the erasure's transaction, that the workspace is still uninstalled and due:
 * true if so. The no-op update takes the row's lock on PostgreSQL, so a reinstall (an upsert of
 * the same row) waits for this batch and the next batch sees it: a reinstall wins.
 */
export async function lockDueForErasure(db: Kysely<Database>, teamId: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('installations')
    .set((eb) => ({ erase_after: eb.ref('erase_after') }))
    .where('team_id', '=', teamId)
    .where('uninstalled_at', 'is not', null)
    .where('erase_after', 'is not', null)
    .where('erase_after', '<=', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
