import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Installation, InstallationStore } from '@slack/bolt';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import {
  createTokenCipher,
  parseEncryptionKey,
  type TokenCipher,
  type TokenKey,
} from '../../src/crypto/token-cipher.js';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/schema.js';
import { ErrorCode, errorCode } from '../../src/errors.js';
import {
  findInstallationIncludingUninstalled,
  listActiveTeamIds,
  listDueForErasure,
  listInstallationAudit,
} from '../../src/repositories/installations.js';
import {
  createInstallationStore,
  finishErasure,
  listInstalledTeamIds,
  rotateTokenKey,
  verifyKeyAgainst,
} from '../../src/services/installation-store.js';

/**
 * Issue 10's installation store on a real database with the real migrations: SQLite always, and
 * PostgreSQL when TEST_POSTGRES_URL is set (a database of its own per run, dropped after).
 */
const url = process.env.TEST_POSTGRES_URL;
if (!url) console.warn('installation-store: TEST_POSTGRES_URL is not set, so the PostgreSQL run is skipped');

/** The TokenKey behind each cipher built here, so a rotation can list the old one as previous. */
const keysByCipher = new WeakMap<TokenCipher, TokenKey>();
function newCipher(): TokenCipher {
  const key = parseEncryptionKey(randomBytes(32).toString('base64'));
  const cipher = createTokenCipher({ current: key });
  keysByCipher.set(cipher, key);
  return cipher;
}
function keyOf(cipher: TokenCipher): TokenKey {
  const key = keysByCipher.get(cipher);
  if (!key) throw new Error('unknown cipher');
  return key;
}

/** What Bolt's InstallProvider builds from oauth.v2.access. */
function oauthInstallation(
  teamId: string,
  over: {
    token?: string;
    scopes?: string[];
    refreshToken?: string;
    expiresAt?: number;
    installer?: string;
  } = {},
): Installation<'v2', false> {
  return {
    team: { id: teamId, name: 'A union branch' },
    enterprise: undefined,
    user: { token: undefined, scopes: undefined, id: over.installer ?? 'UINSTALLER' },
    tokenType: 'bot',
    isEnterpriseInstall: false,
    appId: 'A0APP',
    authVersion: 'v2',
    bot: {
      token: over.token ?? `xoxb-${teamId}-secret-${randomBytes(6).toString('hex')}`,
      scopes: over.scopes ?? ['commands', 'chat:write'],
      userId: 'UBOT',
      id: 'BBOT',
      ...(over.refreshToken ? { refreshToken: over.refreshToken, expiresAt: over.expiresAt } : {}),
    },
  };
}

interface Backend {
  name: string;
  open(): Promise<Kysely<Database>>;
  close(): Promise<void>;
  /** A copy of the whole database as another party would hold it (file or dump), or null. */
  copyFile?(db: Kysely<Database>): Promise<string>;
}

const dir = mkdtempSync(join(tmpdir(), 'onetoone-installations-'));
const sqliteBackend = (): Backend => {
  let db: Kysely<Database> | undefined;
  return {
    name: 'SQLite',
    async open() {
      db = openDatabase(join(dir, 'installations.db'));
      await migrateToLatest(db);
      return db;
    },
    async close() {
      await db?.destroy();
    },
    async copyFile(source) {
      const copy = join(dir, `copy-${Date.now()}.db`);
      // The WAL's pages included: what `cp` of a checkpointed file would give.
      await sql`vacuum into ${sql.lit(copy)}`.execute(source);
      return copy;
    },
  };
};
const postgresBackend = (): Backend => {
  const database = `onetoone_installations_${process.pid}_${Date.now()}`;
  let admin: pg.Pool | undefined;
  let db: Kysely<Database> | undefined;
  return {
    name: 'PostgreSQL',
    async open() {
      admin = new pg.Pool({ connectionString: url, max: 1 });
      await admin.query(`create database ${database}`);
      const target = new URL(url!);
      target.pathname = `/${database}`;
      db = new Kysely<Database>({
        dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.toString() }) }),
      });
      await migrateToLatest(db);
      return db;
    },
    async close() {
      await db?.destroy();
      await admin?.query(`drop database if exists ${database}`);
      await admin?.end();
    },
  };
};

const backends: Backend[] = [sqliteBackend(), ...(url ? [postgresBackend()] : [])];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe.each(backends)('installation store on $name', (backend) => {
  let db: Kysely<Database>;
  const clock = fixedClock('2026-12-02T10:00:00.000Z');
  let cipher: TokenCipher;
  let store: ReturnType<typeof createInstallationStore>;

  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(async () => {
    await backend.close();
  });
  beforeEach(async () => {
    await db.deleteFrom('installations').execute();
    await db.deleteFrom('installation_audit').execute();
    clock.set('2026-12-02T10:00:00.000Z');
    cipher = newCipher();
    store = createInstallationStore({ db, clock, cipher, graceDays: 30 });
  });

  it('is a Bolt InstallationStore: stores an install and fetches it with the decrypted token', async () => {
    const bolt: InstallationStore = store;
    const installation = oauthInstallation('T1', { token: 'xoxb-T1-first' });
    await bolt.storeInstallation(installation);

    const fetched = await bolt.fetchInstallation({
      teamId: 'T1',
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(fetched).toMatchObject({
      team: { id: 'T1' },
      enterprise: undefined,
      user: { id: 'UINSTALLER' },
      bot: { token: 'xoxb-T1-first', scopes: ['commands', 'chat:write'], id: 'BBOT', userId: 'UBOT' },
      appId: 'A0APP',
      tokenType: 'bot',
      isEnterpriseInstall: false,
      authVersion: 'v2',
    });
    expect(fetched.bot?.refreshToken).toBeUndefined();

    const row = await findInstallationIncludingUninstalled(db, 'T1');
    expect(row).toMatchObject({
      team_id: 'T1',
      is_enterprise_install: 0,
      bot_token_key_id: cipher.currentKeyId,
      bot_refresh_token_ciphertext: null,
      scopes: 'commands,chat:write',
      installer_user_id: 'UINSTALLER',
      app_id: 'A0APP',
      installed_at: '2026-12-02T10:00:00.000Z',
      uninstalled_at: null,
      erase_after: null,
    });
    expect(await listInstalledTeamIds(db)).toEqual(['T1']);
    expect((await listInstallationAudit(db, 'T1')).map((a) => a.event)).toEqual(['installed']);
  });

  it('refuses a team that never installed, and causes no row', async () => {
    const error = await rejection(store.fetchInstallation({ teamId: 'TNEVER', isEnterpriseInstall: false }));
    expect(errorCode(error)).toBe(ErrorCode.NotInstalled);
    expect(
      errorCode(await rejection(store.fetchInstallation({ teamId: undefined, isEnterpriseInstall: false }))),
    ).toBe(ErrorCode.NotInstalled);
  });

  it('a reinstall with new scopes updates the row and keeps installed_at', async () => {
    await store.storeInstallation(oauthInstallation('T1', { token: 'xoxb-T1-first' }));
    clock.set('2026-12-05T08:00:00.000Z');
    await store.storeInstallation(
      oauthInstallation('T1', {
        token: 'xoxb-T1-second',
        scopes: ['commands', 'chat:write', 'users:read'],
        installer: 'UOTHER',
      }),
    );
    const fetched = await store.fetchInstallation({ teamId: 'T1', isEnterpriseInstall: false });
    expect(fetched.bot.token).toBe('xoxb-T1-second');
    expect(fetched.bot.scopes).toEqual(['commands', 'chat:write', 'users:read']);
    expect(fetched.user.id).toBe('UOTHER');
    const row = await findInstallationIncludingUninstalled(db, 'T1');
    expect(row).toMatchObject({
      installed_at: '2026-12-02T10:00:00.000Z',
      updated_at: '2026-12-05T08:00:00.000Z',
      scopes: 'commands,chat:write,users:read',
    });
    expect(
      Number(
        (
          await db
            .selectFrom('installations')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(1);
    expect((await listInstallationAudit(db, 'T1')).map((a) => a.event)).toEqual(['installed', 'reinstalled']);
  });

  it('an uninstall hides the workspace from fetch and the jobs, sets erase_after; a reinstall in the grace keeps it', async () => {
    await store.storeInstallation(oauthInstallation('T1'));
    await store.storeInstallation(oauthInstallation('T2'));
    clock.set('2026-12-03T12:00:00.000Z');
    const first = await store.markUninstalled('T1', clock.now(), 30, 'tokens_revoked');
    expect(first).toEqual({ changed: true, eraseAfter: '2027-01-02T12:00:00.000Z' });
    // app_uninstalled follows tokens_revoked (and Slack may retry): the grace runs from the first.
    clock.set('2026-12-03T12:00:05.000Z');
    const second = await store.markUninstalled('T1', clock.now(), 30);
    expect(second).toEqual({ changed: false, eraseAfter: '2027-01-02T12:00:00.000Z' });

    expect(
      errorCode(await rejection(store.fetchInstallation({ teamId: 'T1', isEnterpriseInstall: false }))),
    ).toBe(ErrorCode.NotInstalled);
    expect(await listActiveTeamIds(db)).toEqual(['T2']);
    expect(await findInstallationIncludingUninstalled(db, 'T1')).toMatchObject({
      uninstalled_at: '2026-12-03T12:00:00.000Z',
      erase_after: '2027-01-02T12:00:00.000Z',
    });
    expect(await listDueForErasure(db, '2027-01-02T11:59:59.999Z', 10)).toEqual([]);
    expect(await listDueForErasure(db, '2027-01-02T12:00:00.000Z', 10)).toEqual(['T1']);
    expect((await listInstallationAudit(db, 'T1')).map((a) => a.event)).toEqual([
      'installed',
      'tokens_revoked',
    ]);

    // Back within the grace period: active again, erasure cancelled.
    clock.set('2026-12-20T09:00:00.000Z');
    await store.storeInstallation(oauthInstallation('T1', { token: 'xoxb-T1-back' }));
    expect((await store.fetchInstallation({ teamId: 'T1', isEnterpriseInstall: false })).bot.token).toBe(
      'xoxb-T1-back',
    );
    expect(await findInstallationIncludingUninstalled(db, 'T1')).toMatchObject({
      installed_at: '2026-12-02T10:00:00.000Z',
      uninstalled_at: null,
      erase_after: null,
    });
    expect(await listDueForErasure(db, '2027-02-01T00:00:00.000Z', 10)).toEqual([]);
    expect(await listActiveTeamIds(db)).toEqual(['T1', 'T2']);
  });

  it('a grace of 0 days is due at once; finishing the erasure deletes the row and audits the counts', async () => {
    await store.storeInstallation(oauthInstallation('T1'));
    await store.deleteInstallation({ teamId: 'T1', isEnterpriseInstall: false, userId: 'USOMEONE' });
    // Deleting one user's installation leaves the workspace's: we keep no user tokens.
    expect(await listActiveTeamIds(db)).toEqual(['T1']);
    clock.advance(1000);
    await store.markUninstalled('T1', clock.now(), 0);
    expect(await listDueForErasure(db, clock.now().toISOString(), 10)).toEqual(['T1']);
    clock.advance(1000);
    expect(await finishErasure(db, 'T1', clock.now(), { oneToOnes: 3, people: 2 })).toBe(true);
    expect(await findInstallationIncludingUninstalled(db, 'T1')).toBeUndefined();
    const audit = await listInstallationAudit(db, 'T1');
    expect(audit.map((a) => a.event)).toEqual(['installed', 'uninstalled', 'erased']);
    expect(JSON.parse(audit[2]!.counts!)).toEqual({ oneToOnes: 3, people: 2 });
    // A workspace that reinstalled before the job got to it is not erased.
    await store.storeInstallation(oauthInstallation('T3'));
    expect(await finishErasure(db, 'T3', clock.now(), {})).toBe(false);
    expect(await listActiveTeamIds(db)).toEqual(['T3']);
  });

  it('Bolt’s deleteInstallation uninstalls with the configured grace', async () => {
    await store.storeInstallation(oauthInstallation('T1'));
    await store.deleteInstallation({ teamId: 'T1', isEnterpriseInstall: false });
    expect(await findInstallationIncludingUninstalled(db, 'T1')).toMatchObject({
      uninstalled_at: '2026-12-02T10:00:00.000Z',
      erase_after: '2027-01-01T10:00:00.000Z',
    });
  });

  it('refuses an Enterprise Grid org install, storing nothing', async () => {
    const org = {
      ...oauthInstallation('T1'),
      team: undefined,
      enterprise: { id: 'E1', name: 'A federation' },
      isEnterpriseInstall: true,
    };
    expect(errorCode(await rejection(store.storeInstallation(org)))).toBe(ErrorCode.OrgInstallRefused);
    expect(
      errorCode(
        await rejection(
          store.fetchInstallation({ teamId: undefined, enterpriseId: 'E1', isEnterpriseInstall: true }),
        ),
      ),
    ).toBe(ErrorCode.OrgInstallRefused);
    expect(await db.selectFrom('installations').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('installation_audit').selectAll().execute()).toEqual([]);
    // A workspace inside a Grid (not org-wide) is fine, and its enterprise id kept.
    await store.storeInstallation({ ...oauthInstallation('T5'), enterprise: { id: 'E1' } });
    expect(
      (await store.fetchInstallation({ teamId: 'T5', enterpriseId: 'E1', isEnterpriseInstall: false }))
        .enterprise,
    ).toEqual({
      id: 'E1',
    });
  });

  it('with token rotation: stores the refresh token and expiry; Bolt’s refresh updates tokens only, never reviving an uninstall', async () => {
    await store.storeInstallation(
      oauthInstallation('T1', {
        token: 'xoxe.xoxb-1-old',
        refreshToken: 'xoxe-1-refresh-old',
        expiresAt: 1_796_000_000,
      }),
    );
    const fetched = await store.fetchInstallation({ teamId: 'T1', isEnterpriseInstall: false });
    expect(fetched.bot).toMatchObject({
      token: 'xoxe.xoxb-1-old',
      refreshToken: 'xoxe-1-refresh-old',
      expiresAt: 1_796_000_000,
    });

    // What Bolt's InstallProvider.authorize does after oauth.v2.access refreshed the token.
    clock.set('2026-12-02T11:00:00.000Z');
    const refreshed = { ...fetched };
    refreshed.bot = {
      ...fetched.bot,
      token: 'xoxe.xoxb-1-new',
      refreshToken: 'xoxe-1-refresh-new',
      expiresAt: 1_796_043_200,
    };
    await store.storeInstallation(refreshed);
    expect((await store.fetchInstallation({ teamId: 'T1', isEnterpriseInstall: false })).bot).toMatchObject({
      token: 'xoxe.xoxb-1-new',
      refreshToken: 'xoxe-1-refresh-new',
      expiresAt: 1_796_043_200,
    });
    expect((await listInstallationAudit(db, 'T1')).map((a) => a.event)).toEqual(['installed']);

    // A refresh that lands after an uninstall changes nothing.
    const again = await store.fetchInstallation({ teamId: 'T1', isEnterpriseInstall: false });
    await store.markUninstalled('T1', clock.now(), 30);
    await store.storeInstallation({ ...again, bot: { ...again.bot, token: 'xoxe.xoxb-1-late' } });
    expect(await listActiveTeamIds(db)).toEqual([]);
  });

  it('a database copied without the key yields no usable token', async () => {
    await store.storeInstallation(
      oauthInstallation('T1', { refreshToken: 'xoxe-1-refresh', expiresAt: 1_796_000_000 }),
    );
    await store.storeInstallation(oauthInstallation('T2'));
    const rows = await db.selectFrom('installations').selectAll().execute();
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(JSON.stringify(row)).not.toMatch(/xox[be]-/);

    let copy: Kysely<Database> = db;
    if (backend.copyFile) {
      const file = await backend.copyFile(db);
      expect(readFileSync(file).includes('xoxb-')).toBe(false);
      expect(readFileSync(file).includes('xoxe-')).toBe(false);
      copy = openDatabase(file);
    }
    try {
      // Whoever holds the copy with another key (or none worth the name) gets nothing.
      const thief = createInstallationStore({ db: copy, clock, cipher: newCipher(), graceDays: 30 });
      const error = await rejection(thief.fetchInstallation({ teamId: 'T1', isEnterpriseInstall: false }));
      expect(errorCode(error)).toBe(ErrorCode.TokenKeyMismatch);
      expect(String(error)).not.toMatch(/xox[be]-/);
      // And the app with the wrong key stops at start, naming the variable.
      const check = await verifyKeyAgainst(copy, newCipher());
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.message).toContain('TOKEN_ENCRYPTION_KEY');
      expect(await verifyKeyAgainst(copy, cipher)).toEqual({ ok: true, checked: 1 });
    } finally {
      if (copy !== db) await copy.destroy();
    }
    // An empty table is no reason to stop.
    await db.deleteFrom('installations').execute();
    expect(await verifyKeyAgainst(db, newCipher())).toEqual({ ok: true, checked: 0 });
  });

  it('rotation re-encrypts every row in batches; afterwards the old key is not needed; a second run does nothing', async () => {
    const tokens = new Map<string, string>();
    for (let i = 1; i <= 7; i++) {
      const teamId = `T${i}`;
      const installation = oauthInstallation(
        teamId,
        i % 2 ? { refreshToken: `xoxe-${i}-refresh`, expiresAt: 1_796_000_000 } : {},
      );
      tokens.set(teamId, installation.bot!.token);
      await store.storeInstallation(installation);
    }
    await store.markUninstalled('T7', clock.now(), 30);
    const oldCipher = cipher;
    const nextKey = parseEncryptionKey(randomBytes(32).toString('base64'));
    // As an operator would: the new key current, the old one previous, while rotating.
    const rotating = createTokenCipher({ current: nextKey, previous: [keyOf(oldCipher)] });

    expect(await rotateTokenKey(db, oldCipher, rotating, { batchSize: 2 })).toEqual({
      rewritten: 7,
      conflicts: 0,
    });
    const rows = await db.selectFrom('installations').selectAll().orderBy('team_id').execute();
    for (const row of rows) {
      expect(row.bot_token_key_id).toBe(nextKey.id);
      if (row.bot_refresh_token_ciphertext !== null) expect(row.bot_refresh_key_id).toBe(nextKey.id);
    }
    const onlyNew = createTokenCipher({ current: nextKey });
    const after = createInstallationStore({ db, clock, cipher: onlyNew, graceDays: 30 });
    for (let i = 1; i <= 6; i++) {
      const fetched = await after.fetchInstallation({ teamId: `T${i}`, isEnterpriseInstall: false });
      expect(fetched.bot.token).toBe(tokens.get(`T${i}`));
      if (i % 2) expect(fetched.bot.refreshToken).toBe(`xoxe-${i}-refresh`);
    }
    expect(await verifyKeyAgainst(db, onlyNew)).toMatchObject({ ok: true });
    expect((await verifyKeyAgainst(db, oldCipher)).ok).toBe(false);

    // Idempotent, and the store's own method does the same.
    const unchanged = await db.selectFrom('installations').selectAll().orderBy('team_id').execute();
    expect(await rotateTokenKey(db, oldCipher, rotating, { batchSize: 2 })).toEqual({
      rewritten: 0,
      conflicts: 0,
    });
    expect(await after.rotateKey(onlyNew)).toEqual({ rewritten: 0, conflicts: 0 });
    expect(await db.selectFrom('installations').selectAll().orderBy('team_id').execute()).toEqual(unchanged);
  });

  it('rotation stops with token_key_mismatch for a row neither key opens, keeping what it did', async () => {
    await store.storeInstallation(oauthInstallation('T1'));
    const stranger = createInstallationStore({ db, clock, cipher: newCipher(), graceDays: 30 });
    await stranger.storeInstallation(oauthInstallation('T2'));
    const target = newCipher();
    const error = await rejection(rotateTokenKey(db, cipher, target, { batchSize: 1 }));
    expect(errorCode(error)).toBe(ErrorCode.TokenKeyMismatch);
    expect((await findInstallationIncludingUninstalled(db, 'T1'))?.bot_token_key_id).toBe(
      target.currentKeyId,
    );
  });

  it('audit rows carry events and counts, never a token', async () => {
    await store.storeInstallation(
      oauthInstallation('T1', { refreshToken: 'xoxe-1-refresh', expiresAt: 1_796_000_000 }),
    );
    await store.storeInstallation(oauthInstallation('T1'));
    await store.markUninstalled('T1', clock.now(), 0, 'tokens_revoked');
    await finishErasure(db, 'T1', clock.now(), { people: 1 });
    const audit = await db.selectFrom('installation_audit').selectAll().execute();
    expect(audit.map((a) => a.event).sort()).toEqual([
      'erased',
      'installed',
      'reinstalled',
      'tokens_revoked',
    ]);
    for (const row of audit) {
      expect(Object.keys(row).sort()).toEqual(['at', 'counts', 'event', 'id', 'team_id']);
      expect(JSON.stringify(row)).not.toMatch(/xox[be]|v1:/);
    }
  });
});
