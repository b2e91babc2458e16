import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { TOKEN_KEY_VARIABLE, type TokenCipher } from '../crypto/token-cipher.js';
import type { Database, InstallationRow } from '../db/schema.js';
import { CodedError, ErrorCode } from '../errors.js';
import {
  deleteUninstalledInstallation,
  findActiveInstallation,
  findInstallationIncludingUninstalled,
  insertInstallationAudit,
  listActiveTeamIds,
  listDueForErasure,
  listRowsNotOnKey,
  lockDueForErasure,
  markInstallationUninstalled,
  rewriteCiphertexts,
  sampleRowPerKeyId,
  updateActiveTokens,
  upsertInstallation,
} from '../repositories/installations.js';
import { deleteExpiredStates, insertUsedState } from '../repositories/oauth-states.js';
import { deleteTeamRowsBatch, TEAM_TABLES } from '../repositories/queries/team-erasure.js';

/**
 * Bolt's InstallationStore (issue 10) over our installations table: Bolt's InstallProvider calls
 * storeInstallation after the OAuth redirect (and after refreshing a rotated token) and
 * fetchInstallation to authorise every request. Tokens are sealed by the TokenCipher, bound to
 * their team id, and never leave this module except as the fetched Installation's token.
 *
 * Services may not import Slack's client packages (the layer rules count type imports), so the
 * shapes below are structural copies of @slack/oauth's Installation and InstallationQuery; the
 * test checks that the store is assignable to Bolt's InstallationStore.
 *
 * Also here: the erasure of an uninstalled workspace's data once its grace period is over
 * (eraseWorkspaceData, run by src/jobs/erasure.ts, batch by batch, a reinstall winning), and the
 * one-time use of an OAuth state (consumeOAuthState, for src/slack/distribution/state-store.ts).
 * The per-instance caches in front of this store live in src/slack/distribution/caches.ts.
 */

/** The part of Bolt's InstallationQuery we read. */
export interface InstallationQueryLike {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall: boolean;
  userId?: string | undefined;
  conversationId?: string | undefined;
}

/** What Bolt hands storeInstallation (an Installation, loosely typed: we check what we use). */
export interface InstallationInput {
  team?: { id: string; name?: string } | undefined;
  enterprise?: { id: string; name?: string } | undefined;
  user?: { id: string } | undefined;
  bot?:
    | {
        token: string;
        refreshToken?: string | undefined;
        /** UTC seconds. */
        expiresAt?: number | undefined;
        scopes: string[];
        id: string;
        userId: string;
      }
    | undefined;
  appId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}

/** What fetchInstallation returns: assignable to Bolt's Installation<'v2', false>. */
export interface FetchedInstallation {
  team: { id: string; name?: string };
  enterprise: { id: string; name?: string } | undefined;
  /** We keep no user token: the installer's id only. */
  user: { token: undefined; scopes: undefined; id: string };
  bot: {
    token: string;
    refreshToken?: string;
    /** UTC seconds, as Bolt's token rotation expects. */
    expiresAt?: number;
    scopes: string[];
    id: string;
    userId: string;
  };
  appId: string | undefined;
  tokenType: 'bot';
  isEnterpriseInstall: false;
  authVersion: 'v2';
}

export interface InstallationStoreDeps {
  db: Kysely<Database>;
  clock: Clock;
  cipher: TokenCipher;
  /** Days between an uninstall and the erasure of the workspace's data (UNINSTALL_GRACE_DAYS). */
  graceDays: number;
}

export interface RotationResult {
  /** Rows whose tokens were re-encrypted under the new key. */
  rewritten: number;
  /** Rows changed by a reinstall or refresh while being rotated: left for the next run. */
  conflicts: number;
}

export interface OurInstallationStore {
  storeInstallation(installation: InstallationInput, logger?: unknown): Promise<void>;
  fetchInstallation: (query: InstallationQueryLike, logger?: unknown) => Promise<FetchedInstallation>;
  /** Bolt's "delete": for us an uninstall with the configured grace period. */
  deleteInstallation: (query: InstallationQueryLike, logger?: unknown) => Promise<void>;
  /** app_uninstalled / tokens_revoked (bot tokens): no further call for the team; erase after the grace. */
  markUninstalled(
    teamId: string,
    now: Date,
    graceDays: number,
    event?: 'uninstalled' | 'tokens_revoked',
  ): Promise<{ changed: boolean; eraseAfter: string | null }>;
  /** Re-encrypts every row's tokens under newCipher's current key (see rotateTokenKey). */
  rotateKey(newCipher: TokenCipher): Promise<RotationResult>;
}

/**
 * Marks what fetchInstallation returned. Bolt's token refresh spreads the fetched installation
 * into the one it stores (symbol keys survive a spread), so storeInstallation can tell a refresh
 * (tokens only, no audit, never reviving an uninstalled row) from an OAuth (re)install.
 */
const FETCHED = Symbol('onetoone.fetchedInstallation');

const DAY_MS = 86_400_000;

function orgInstallRefused(): CodedError {
  return new CodedError(ErrorCode.OrgInstallRefused, 'org-wide (Enterprise Grid) installs are refused');
}

function notInstalled(): CodedError {
  return new CodedError(ErrorCode.NotInstalled, 'this workspace has not installed the app');
}

function toFetched(cipher: TokenCipher, row: InstallationRow): FetchedInstallation {
  const token = cipher.decrypt(
    { ciphertext: row.bot_token_ciphertext, keyId: row.bot_token_key_id },
    row.team_id,
  );
  const bot: FetchedInstallation['bot'] = {
    token,
    scopes: row.scopes.split(',').filter((s) => s !== ''),
    id: row.bot_id,
    userId: row.bot_user_id,
  };
  if (row.bot_refresh_token_ciphertext !== null && row.bot_refresh_key_id !== null) {
    bot.refreshToken = cipher.decrypt(
      { ciphertext: row.bot_refresh_token_ciphertext, keyId: row.bot_refresh_key_id },
      row.team_id,
    );
  }
  if (row.bot_token_expires_at !== null) {
    bot.expiresAt = Math.floor(new Date(row.bot_token_expires_at).getTime() / 1000);
  }
  return {
    team: { id: row.team_id },
    enterprise: row.enterprise_id === null ? undefined : { id: row.enterprise_id },
    user: { token: undefined, scopes: undefined, id: row.installer_user_id },
    bot,
    appId: row.app_id === '' ? undefined : row.app_id,
    tokenType: 'bot',
    isEnterpriseInstall: false,
    authVersion: 'v2',
  };
}

/** The token columns for an installation's bot, sealed under the cipher's current key. */
function sealBot(cipher: TokenCipher, teamId: string, bot: NonNullable<InstallationInput['bot']>) {
  const sealed = cipher.encrypt(bot.token, teamId);
  const refresh = bot.refreshToken ? cipher.encrypt(bot.refreshToken, teamId) : undefined;
  return {
    bot_token_ciphertext: sealed.ciphertext,
    bot_token_key_id: sealed.keyId,
    bot_refresh_token_ciphertext: refresh?.ciphertext ?? null,
    bot_refresh_key_id: refresh?.keyId ?? null,
    bot_token_expires_at:
      typeof bot.expiresAt === 'number' && Number.isFinite(bot.expiresAt)
        ? new Date(bot.expiresAt * 1000).toISOString()
        : null,
  };
}

export function createInstallationStore(deps: InstallationStoreDeps): OurInstallationStore {
  const { db, clock, cipher } = deps;

  async function markUninstalled(
    teamId: string,
    now: Date,
    graceDays: number,
    event: 'uninstalled' | 'tokens_revoked' = 'uninstalled',
  ): Promise<{ changed: boolean; eraseAfter: string | null }> {
    const at = now.toISOString();
    const eraseAfter = new Date(now.getTime() + Math.max(0, graceDays) * DAY_MS).toISOString();
    return db.transaction().execute(async (trx) => {
      const changed = await markInstallationUninstalled(trx, teamId, at, eraseAfter);
      // Slack sends tokens_revoked and app_uninstalled together, and may retry: one audit row.
      if (changed) await insertInstallationAudit(trx, teamId, event, at);
      const row = await findInstallationIncludingUninstalled(trx, teamId);
      return { changed, eraseAfter: row?.erase_after ?? null };
    });
  }

  return {
    async storeInstallation(installation) {
      if (installation.isEnterpriseInstall) throw orgInstallRefused();
      const teamId = installation.team?.id;
      if (!teamId) throw orgInstallRefused();
      const bot = installation.bot;
      if (!bot?.token || !bot.id || !bot.userId) {
        throw new CodedError(ErrorCode.BadPayload, 'an installation without a bot token');
      }
      const now = clock.now().toISOString();
      const tokens = sealBot(cipher, teamId, bot);

      if ((installation as { [FETCHED]?: true })[FETCHED]) {
        // A token refresh: only the tokens change, and only while the workspace is installed.
        await updateActiveTokens(db, teamId, tokens, now);
        return;
      }
      await db.transaction().execute(async (trx) => {
        const before = await findInstallationIncludingUninstalled(trx, teamId);
        await upsertInstallation(
          trx,
          {
            team_id: teamId,
            enterprise_id: installation.enterprise?.id ?? null,
            is_enterprise_install: 0,
            ...tokens,
            bot_user_id: bot.userId,
            bot_id: bot.id,
            scopes: bot.scopes.join(','),
            installer_user_id: installation.user?.id ?? '',
            app_id: installation.appId ?? '',
          },
          now,
        );
        await insertInstallationAudit(trx, teamId, before ? 'reinstalled' : 'installed', now);
      });
    },

    fetchInstallation: async (query) => {
      if (query.isEnterpriseInstall) throw orgInstallRefused();
      if (!query.teamId) throw notInstalled();
      const row = await findActiveInstallation(db, query.teamId);
      if (!row) throw notInstalled();
      return Object.assign(toFetched(cipher, row), { [FETCHED]: true as const });
    },

    deleteInstallation: async (query) => {
      if (query.isEnterpriseInstall) throw orgInstallRefused();
      // We store no user tokens: deleting one user's installation leaves the workspace's alone.
      if (!query.teamId || query.userId) return;
      await markUninstalled(query.teamId, clock.now(), deps.graceDays);
    },

    markUninstalled,

    rotateKey: (newCipher) => rotateTokenKey(db, cipher, newCipher),
  };
}

/** Team ids of every installed workspace: what the jobs iterate over. */
export async function listInstalledTeamIds(db: Kysely<Database>): Promise<string[]> {
  return listActiveTeamIds(db);
}

/**
 * Re-encrypts every row's tokens under `to`'s current key, in batches, each batch's writes in
 * one transaction. A ciphertext is opened with `to` when it knows the key id, else with `from`.
 * Idempotent: rows already on the new key id are skipped, so a run can be repeated (or resumed
 * after a failure) safely. Throws CodedError(token_key_mismatch) for a row neither cipher opens.
 */
export async function rotateTokenKey(
  db: Kysely<Database>,
  from: TokenCipher,
  to: TokenCipher,
  options: { batchSize?: number } = {},
): Promise<RotationResult> {
  const batchSize = options.batchSize ?? 100;
  const open = (ciphertext: string, keyId: string, teamId: string) =>
    (to.knows(keyId) ? to : from).decrypt({ ciphertext, keyId }, teamId);
  let after: string | null = null;
  const result: RotationResult = { rewritten: 0, conflicts: 0 };
  for (;;) {
    const batch = await listRowsNotOnKey(db, to.currentKeyId, after, batchSize);
    if (batch.length === 0) break;
    // Decrypt and re-encrypt outside the transaction: it only holds the writes.
    const rewrites = batch.map((row) => {
      const bot =
        row.bot_token_key_id === to.currentKeyId
          ? { ciphertext: row.bot_token_ciphertext, keyId: row.bot_token_key_id }
          : to.encrypt(open(row.bot_token_ciphertext, row.bot_token_key_id, row.team_id), row.team_id);
      let refresh: { ciphertext: string | null; keyId: string | null } = { ciphertext: null, keyId: null };
      if (row.bot_refresh_token_ciphertext !== null && row.bot_refresh_key_id !== null) {
        refresh =
          row.bot_refresh_key_id === to.currentKeyId
            ? { ciphertext: row.bot_refresh_token_ciphertext, keyId: row.bot_refresh_key_id }
            : to.encrypt(
                open(row.bot_refresh_token_ciphertext, row.bot_refresh_key_id, row.team_id),
                row.team_id,
              );
      }
      return {
        before: row,
        after: {
          bot_token_ciphertext: bot.ciphertext,
          bot_token_key_id: bot.keyId,
          bot_refresh_token_ciphertext: refresh.ciphertext,
          bot_refresh_key_id: refresh.keyId,
        },
      };
    });
    await db.transaction().execute(async (trx) => {
      for (const { before, after: next } of rewrites) {
        if (await rewriteCiphertexts(trx, before, next)) result.rewritten += 1;
        else result.conflicts += 1;
      }
    });
    after = batch[batch.length - 1]!.team_id;
  }
  return result;
}

export type KeyCheck =
  | { ok: true; checked: number }
  | { ok: false; keyId: string; currentKeyId: string; message: string };

/**
 * Whether the configured key(s) can decrypt the stored tokens: one row per key id in use is
 * decrypted. At start, a wrong TOKEN_ENCRYPTION_KEY shows here (and the app stops) rather than
 * as every request failing. An empty table is fine.
 */
export async function verifyKeyAgainst(db: Kysely<Database>, cipher: TokenCipher): Promise<KeyCheck> {
  const samples = await sampleRowPerKeyId(db);
  for (const row of samples) {
    const sealed = [{ ciphertext: row.bot_token_ciphertext, keyId: row.bot_token_key_id }];
    if (row.bot_refresh_token_ciphertext !== null && row.bot_refresh_key_id !== null) {
      sealed.push({ ciphertext: row.bot_refresh_token_ciphertext, keyId: row.bot_refresh_key_id });
    }
    for (const s of sealed) {
      try {
        cipher.decrypt(s, row.team_id);
      } catch (error) {
        if (!(error instanceof CodedError) || error.code !== ErrorCode.TokenKeyMismatch) throw error;
        return {
          ok: false,
          keyId: s.keyId,
          currentKeyId: cipher.currentKeyId,
          message:
            `${TOKEN_KEY_VARIABLE} (key id ${cipher.currentKeyId}) cannot decrypt the stored Slack tokens ` +
            `(sealed under key id ${s.keyId}): set ${TOKEN_KEY_VARIABLE} to the key they were sealed with ` +
            '(during a rotation, keep the old key configured as a previous key until `npm run rotate-key` has run)',
        };
      }
    }
  }
  return { ok: true, checked: samples.length };
}

/** verifyKeyAgainst, throwing CodedError(token_key_mismatch) with its message: for the start. */
export async function assertTokenKeyMatches(db: Kysely<Database>, cipher: TokenCipher): Promise<void> {
  const check = await verifyKeyAgainst(db, cipher);
  if (!check.ok) throw new CodedError(ErrorCode.TokenKeyMismatch, check.message);
}

/**
 * Closes an erasure: deletes the installation row if it is still uninstalled (a reinstall in the
 * meantime keeps it) and writes the 'erased' audit row with the counts. False if it reinstalled.
 */
export async function finishErasure(
  db: Kysely<Database>,
  teamId: string,
  now: Date,
  counts: Record<string, number>,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const deleted = await deleteUninstalledInstallation(trx, teamId);
    if (deleted) await insertInstallationAudit(trx, teamId, 'erased', now.toISOString(), counts);
    return deleted;
  });
}

/** Uninstalled workspaces whose grace period is over by `now`, oldest first (the erasure job's page). */
export async function listWorkspacesDueForErasure(
  db: Kysely<Database>,
  now: Date,
  limit: number,
): Promise<string[]> {
  return listDueForErasure(db, now.toISOString(), limit);
}

export interface WorkspaceErasure {
  /** True when every row went and the installation row with it ('erased' audit row written). */
  erased: boolean;
  /** Rows deleted, by table. */
  counts: Record<string, number>;
  /** Delete statements run (each in its own short transaction). */
  batches: number;
}

/**
 * Erases an uninstalled workspace's data once its grace period is over: every table's rows for
 * the team, in batches of `batchSize`, each batch in a transaction that first re-checks that the
 * installation is still uninstalled and due (a reinstall in the meantime stops the erasure and
 * keeps what is left). Then the installation row goes and an 'erased' audit row keeps the counts.
 * Safe to run again: an erasure cut short is finished by the next run.
 */
export async function eraseWorkspaceData(
  db: Kysely<Database>,
  teamId: string,
  now: Date,
  options: { batchSize?: number } = {},
): Promise<WorkspaceErasure> {
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const at = now.toISOString();
  const counts: Record<string, number> = {};
  let batches = 0;
  for (const table of TEAM_TABLES) {
    counts[table.table] = 0;
    for (;;) {
      const deleted = await db.transaction().execute(async (trx) => {
        if (!(await lockDueForErasure(trx, teamId, at))) return null;
        return deleteTeamRowsBatch(trx, table, teamId, batchSize);
      });
      if (deleted === null) return { erased: false, counts, batches };
      batches += 1;
      counts[table.table] = (counts[table.table] ?? 0) + deleted;
      if (deleted < batchSize) break;
    }
  }
  const erased = await finishErasure(db, teamId, now, counts);
  return { erased, counts, batches };
}

/** How long a used OAuth state is remembered beyond its own expiry (clock skew between instances). */
const STATE_MEMORY_SLACK_MS = 60_000;

/**
 * Accepts an OAuth `state` once: true the first time, false for a replay (on any instance sharing
 * the database). Only a hash is stored, until the state would have expired anyway.
 */
export async function consumeOAuthState(
  db: Kysely<Database>,
  state: string,
  expiresAt: Date,
  now: Date,
): Promise<boolean> {
  const hash = createHash('sha256').update(state).digest('hex');
  await deleteExpiredStates(db, new Date(now.getTime() - STATE_MEMORY_SLACK_MS).toISOString());
  return insertUsedState(
    db,
    hash,
    now.toISOString(),
    new Date(expiresAt.getTime() + STATE_MEMORY_SLACK_MS).toISOString(),
  );
}
