import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createTokenCipher, parseEncryptionKey } from '../../src/crypto/token-cipher.js';
import type { Db } from '../../src/db/database.js';
import type { FakeGrant } from './fake-slack.js';
import { startTestApp, type TestApp } from './test-app.js';

/**
 * "Add to Slack" distribution in end-to-end tests (issue 10): the app started in distributed
 * mode against the fake Slack (which answers oauth.v2.access for codes it granted), and the
 * browser's side of the OAuth round trip: the install page, its state cookie, the redirect.
 */

export const CLIENT_ID = '1111.2222';
export const CLIENT_SECRET = 'test-client-secret-0123456789';
export const STATE_SECRET = 'test-state-secret-0123456789abcdef';
export const STATE_COOKIE = 'slack-app-oauth-state';

/** A fresh TOKEN_ENCRYPTION_KEY value. */
export function newTokenKey(): string {
  return randomBytes(32).toString('base64');
}

/** The settings of distributed mode (SLACK_BOT_TOKEN emptied: '' means unset). */
export function distributedEnv(over: Record<string, string> = {}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: '',
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: STATE_SECRET,
    TOKEN_ENCRYPTION_KEY: over.TOKEN_ENCRYPTION_KEY ?? newTokenKey(),
    UNINSTALL_GRACE_DAYS: '30',
    ...over,
  };
}

export interface DistributedApp extends TestApp {
  tokenKey: string;
}

export async function startDistributedApp(
  options: { env?: Record<string, string>; now?: string; databaseUrl?: string } = {},
): Promise<DistributedApp> {
  const env = distributedEnv(options.env);
  const t = await startTestApp({
    env,
    ...(options.now ? { now: options.now } : {}),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
  });
  t.slack.oauthClient = { id: CLIENT_ID, secret: CLIENT_SECRET };
  return Object.assign(t, { tokenKey: env.TOKEN_ENCRYPTION_KEY! });
}

export interface Page {
  status: number;
  html: string;
  headers: Headers;
}

async function get(url: string, cookie?: string): Promise<Page> {
  const res = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** GET /slack/install: the page, the Add to Slack link, its state and the cookie to send back. */
export async function openInstallPage(
  t: TestApp,
): Promise<Page & { link: URL; state: string; setCookie: string; cookie: string }> {
  const page = await get(`${t.baseUrl}/slack/install`);
  const href = /id="add-to-slack" href="([^"]+)"/.exec(page.html)?.[1];
  if (!href) throw new Error('install page: no Add to Slack link');
  const link = new URL(href.replace(/&amp;/g, '&'));
  const state = link.searchParams.get('state') ?? '';
  const setCookie = page.headers.get('set-cookie') ?? '';
  const value = new RegExp(`${STATE_COOKIE}=([^;]+)`).exec(setCookie)?.[1] ?? '';
  return { ...page, link, state, setCookie, cookie: `${STATE_COOKIE}=${value}` };
}

/** GET /slack/oauth_redirect as the browser comes back from Slack. */
export function redirect(t: TestApp, query: Record<string, string>, cookie?: string): Promise<Page> {
  return get(`${t.baseUrl}/slack/oauth_redirect?${new URLSearchParams(query)}`, cookie);
}

/** A whole install: the page, Slack's consent (a granted code), the redirect. */
export async function install(t: TestApp, grant: FakeGrant): Promise<Page & { code: string }> {
  const start = await openInstallPage(t);
  const code = t.slack.grantCode(grant);
  const page = await redirect(t, { code, state: start.state }, start.cookie);
  return { ...page, code };
}

/** The bot token the fake Slack issued to a workspace most recently. */
export function tokenOf(t: TestApp, teamId: string): string {
  const tokens = [...t.slack.tokens.entries()].filter(([, v]) => v.teamId === teamId).map(([k]) => k);
  const token = tokens.at(-1);
  if (!token) throw new Error(`fake Slack issued no token to ${teamId}`);
  return token;
}

/** The team's installation row, or undefined. */
export function installationRow(db: Db, teamId: string) {
  return db.selectFrom('installations').selectAll().where('team_id', '=', teamId).executeTakeFirst();
}

/** Opens a stored token with the key it should have been sealed under. */
export function openToken(
  tokenKey: string,
  row: { bot_token_ciphertext: string; bot_token_key_id: string; team_id: string },
): string {
  const cipher = createTokenCipher({ current: parseEncryptionKey(tokenKey) });
  return cipher.decrypt({ ciphertext: row.bot_token_ciphertext, keyId: row.bot_token_key_id }, row.team_id);
}

/** Rows of `teamId` in every table that has a team_id column (installations and audit included). */
export async function teamRowCounts(db: Db, teamId: string): Promise<Record<string, number>> {
  const tables = [
    'workspace_settings',
    'organisers',
    'institutions',
    'people',
    'one_to_ones',
    'one_to_one_weeks',
    'goal_history',
    'reflections',
    'digest_subscriptions',
    'digest_ledger',
    'introductions',
    'erasures',
    'nudge_ledger',
    'nudge_days',
    'nudge_preferences',
    'installations',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const result = await sql<{
      n: number | string;
    }>`select count(*) as n from ${sql.table(table)} where team_id = ${teamId}`.execute(db);
    counts[table] = Number(result.rows[0]?.n ?? 0);
  }
  return counts;
}

/** Waits until `check` holds (listeners and events finish after the ack). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
