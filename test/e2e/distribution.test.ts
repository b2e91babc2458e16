import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_SCOPES } from '../../src/slack/distribution/scopes.js';
import { rowCounts } from '../support/db.js';
import {
  CLIENT_ID,
  type DistributedApp,
  install,
  installationRow,
  openInstallPage,
  openToken,
  redirect,
  STATE_COOKIE,
  startDistributedApp,
  tokenOf,
} from '../support/distribution.js';
import { logNew } from '../support/onetoone.js';

/**
 * "Add to Slack" distribution (issue 10) through Bolt's own OAuth: the install page and its
 * state cookie, the redirect storing an encrypted installation, every request then served with
 * its own workspace's token, a never-installed workspace refused without a Slack call, a
 * reinstall updating the row, and every bad redirect answered with a clear page and nothing stored.
 */

const manifest = parse(readFileSync(fileURLToPath(new URL('../../manifest.yml', import.meta.url)), 'utf8'));

describe('Add to Slack', () => {
  let t: DistributedApp;
  beforeAll(async () => {
    t = await startDistributedApp({ now: '2026-12-02T10:00:00Z' });
    t.slack.users.set('UAMY', { id: 'UAMY', real_name: 'Amy', tz: 'Europe/London' });
    t.slack.users.set('UBEN', { id: 'UBEN', real_name: 'Ben', tz: 'Europe/London' });
  });
  afterAll(() => t.stop());

  it('asks for the scopes the manifest declares, and the manifest names the redirect URL', () => {
    expect([...BOT_SCOPES].sort()).toEqual([...manifest.oauth_config.scopes.bot].sort());
    const urls: string[] = manifest.oauth_config.redirect_urls;
    expect(urls.some((u) => u.endsWith('/slack/oauth_redirect'))).toBe(true);
  });

  it('serves an install page whose Add to Slack link carries a state, with the state cookie', async () => {
    const page = await openInstallPage(t);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.html).toContain('Add to Slack');
    expect(page.link.origin + page.link.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(page.link.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(page.link.searchParams.get('scope')).toBe(BOT_SCOPES.join(','));
    expect(page.state.length).toBeGreaterThan(20);
    expect(page.setCookie).toContain(`${STATE_COOKIE}=${page.state}`);
    expect(page.setCookie).toMatch(/HttpOnly/);
    expect(page.setCookie).toMatch(/Max-Age=600/);
    // Two visits, two states.
    expect((await openInstallPage(t)).state).not.toBe(page.state);
  });

  it('completes the OAuth round trip: stores the installation with its token encrypted, says what to do next', async () => {
    const done = await install(t, { teamId: 'T0002', teamName: 'Riverside branch', installer: 'UAMY' });
    expect(done.status).toBe(200);
    expect(done.html).toContain('installed in Riverside branch');
    expect(done.html).toContain('/onetoone');
    expect(done.html).toContain('Home');
    // The state cookie is cleared.
    expect(done.headers.get('set-cookie')).toMatch(new RegExp(`${STATE_COOKIE}=deleted`));

    // oauth.v2.access went to the fake Slack (SLACK_API_URL) with the app's credentials.
    const exchange = t.slack.lastCall('oauth.v2.access')!;
    expect(exchange.args.code).toBe(done.code);
    expect(exchange.args.client_id).toBe(CLIENT_ID);

    const token = tokenOf(t, 'T0002');
    const row = (await installationRow(t.bot.deps.db, 'T0002'))!;
    expect(row).toBeDefined();
    expect(row.bot_token_ciphertext).toMatch(/^v1:/);
    expect(row.bot_token_ciphertext).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(openToken(t.tokenKey, row)).toBe(token);
    expect(row.scopes.split(',').sort()).toEqual([...BOT_SCOPES].sort());
    expect(row.installer_user_id).toBe('UAMY');
    expect(row.uninstalled_at).toBeNull();
    const audit = await t.bot.deps.db
      .selectFrom('installation_audit')
      .selectAll()
      .where('team_id', '=', 'T0002')
      .execute();
    expect(audit.map((a) => a.event)).toEqual(['installed']);
    expect(await t.bot.deps.workspaces!.isServed('T0002')).toBe(true);
  });

  it('serves each workspace with its own token: Bolt’s client and the Slack port alike', async () => {
    await install(t, { teamId: 'T0003', teamName: 'Hillside branch' });
    const tokens = { T0002: tokenOf(t, 'T0002'), T0003: tokenOf(t, 'T0003') };

    const before = t.slack.calls.length;
    await logNew(t, { user: 'UAMY', team: 'T0002' }, 'Dana Field');
    await logNew(t, { user: 'UBEN', team: 'T0003' }, 'Eli Moss');
    const calls = t.slack.calls.slice(before);
    // views.open (Bolt's client) and users.info (the port: each organiser's time zone) all carry
    // the workspace's token. (A log sends no DM: it is confirmed in the modal.)
    const byMethod = (m: string) => calls.filter((c) => c.method === m).map((c) => c.token);
    expect(byMethod('views.open')).toEqual([tokens.T0002, tokens.T0003]);
    expect(new Set(byMethod('users.info'))).toEqual(new Set([tokens.T0002, tokens.T0003]));
    for (const c of calls) expect([tokens.T0002, tokens.T0003]).toContain(c.token);
    expect(
      calls.filter((c) => c.token === tokens.T0002).every((c) => t.slack.teamOf(c.token) === 'T0002'),
    ).toBe(true);

    // The Home tab, through the port.
    const home = t.slack.calls.length;
    await t.send.event('T0003', { type: 'app_home_opened', user: 'UBEN', tab: 'home' });
    const publish = await t.slack.waitFor(() =>
      t.slack.calls.slice(home).find((c) => c.method === 'views.publish'),
    );
    expect(publish.token).toBe(tokens.T0003);

    // Rows are the workspace's own.
    const rows = await t.bot.deps.db.selectFrom('one_to_ones').select('team_id').execute();
    expect(rows.map((r) => r.team_id).sort()).toEqual(['T0002', 'T0003']);
  });

  it('refuses a workspace that never installed: an empty ack, no Slack call, nothing written, the code logged', async () => {
    const before = await rowCounts(t.bot.deps.db);
    const calls = t.slack.calls.length;
    const command = await t.send.command('', { user: 'UZED', team: 'T0999' });
    expect(command.status).toBe(200);
    expect(command.text).toBe('');
    await t.send.event('T0999', { type: 'app_home_opened', user: 'UZED', tab: 'home' });
    await new Promise((r) => setTimeout(r, 150));
    expect(t.slack.calls.length).toBe(calls);
    expect(await rowCounts(t.bot.deps.db)).toEqual(before);
    expect(t.logs.some((l) => l.includes('not_installed'))).toBe(true);
    expect(await t.bot.deps.workspaces!.isServed('T0999')).toBe(false);
  });

  it('updates the row on a reinstall with new scopes, and sends with the new token from then on', async () => {
    const first = (await installationRow(t.bot.deps.db, 'T0002'))!;
    const oldToken = tokenOf(t, 'T0002');
    t.clock.advance(3_600_000);
    const scopes = [...BOT_SCOPES, 'reactions:read'];
    const done = await install(t, { teamId: 'T0002', teamName: 'Riverside branch', scopes });
    expect(done.status).toBe(200);
    const newToken = tokenOf(t, 'T0002');
    expect(newToken).not.toBe(oldToken);

    const row = (await installationRow(t.bot.deps.db, 'T0002'))!;
    expect(row.scopes.split(',')).toContain('reactions:read');
    expect(row.installed_at).toBe(first.installed_at);
    expect(row.updated_at).not.toBe(first.updated_at);
    expect(openToken(t.tokenKey, row)).toBe(newToken);
    const audit = await t.bot.deps.db
      .selectFrom('installation_audit')
      .select('event')
      .where('team_id', '=', 'T0002')
      .orderBy('at')
      .execute();
    expect(audit.map((a) => a.event)).toEqual(['installed', 'reinstalled']);
    expect(await t.bot.deps.db.selectFrom('installations').select('team_id').execute()).toHaveLength(2);

    const before = t.slack.calls.length;
    await t.send.event('T0002', { type: 'app_home_opened', user: 'UAMY', tab: 'home' });
    const publish = await t.slack.waitFor(() =>
      t.slack.calls.slice(before).find((c) => c.method === 'views.publish'),
    );
    expect(publish.token).toBe(newToken);
  });

  describe('a redirect that cannot be trusted gets a clear page and stores nothing', () => {
    async function expectNothingStored(action: () => Promise<void>) {
      const before = await rowCounts(t.bot.deps.db);
      const exchanges = t.slack.callsOf('oauth.v2.access').length;
      await action();
      const after = await rowCounts(t.bot.deps.db);
      // Only a used state may be remembered (oauth_states): no installation, no audit row.
      expect({ ...after, oauth_states: 0 }).toEqual({ ...before, oauth_states: 0 });
      return t.slack.callsOf('oauth.v2.access').length - exchanges;
    }

    it('no state', async () => {
      const exchanged = await expectNothingStored(async () => {
        const page = await redirect(t, { code: t.slack.grantCode({ teamId: 'T0100' }) });
        expect(page.status).toBe(400);
        expect(page.html).toContain('did not start on our install page');
        expect(page.html).toContain('Nothing was installed');
        expect(page.html).toContain('href="/slack/install"');
      });
      expect(exchanged).toBe(0);
    });

    it('a state that is not ours (altered), or not this browser’s (no cookie, another cookie)', async () => {
      const exchanged = await expectNothingStored(async () => {
        const start = await openInstallPage(t);
        const forged = `${start.state.slice(0, -4)}AAAA`;
        const altered = await redirect(
          t,
          { code: t.slack.grantCode({ teamId: 'T0101' }), state: forged },
          `${STATE_COOKIE}=${forged}`,
        );
        expect(altered.status).toBe(400);
        expect(altered.html).toContain('could not be verified');

        const noCookie = await redirect(t, {
          code: t.slack.grantCode({ teamId: 'T0101' }),
          state: start.state,
        });
        expect(noCookie.status).toBe(400);
        expect(noCookie.html).toContain('could not be verified');

        const other = await openInstallPage(t);
        const otherCookie = await redirect(
          t,
          { code: t.slack.grantCode({ teamId: 'T0101' }), state: start.state },
          other.cookie,
        );
        expect(otherCookie.status).toBe(400);
        expect(otherCookie.html).toContain('could not be verified');
      });
      expect(exchanged).toBe(0);
      expect(await installationRow(t.bot.deps.db, 'T0101')).toBeUndefined();
    });

    it('an expired state', async () => {
      const exchanged = await expectNothingStored(async () => {
        const start = await openInstallPage(t);
        t.clock.advance(11 * 60_000);
        const page = await redirect(
          t,
          { code: t.slack.grantCode({ teamId: 'T0102' }), state: start.state },
          start.cookie,
        );
        expect(page.status).toBe(400);
        expect(page.html).toContain('expired');
      });
      expect(exchanged).toBe(0);
    });

    it('a replayed state (the same state again, with a fresh code)', async () => {
      const start = await openInstallPage(t);
      const first = await redirect(
        t,
        { code: t.slack.grantCode({ teamId: 'T0103' }), state: start.state },
        start.cookie,
      );
      expect(first.status).toBe(200);
      const exchanged = await expectNothingStored(async () => {
        const again = await redirect(
          t,
          { code: t.slack.grantCode({ teamId: 'T0104' }), state: start.state },
          start.cookie,
        );
        expect(again.status).toBe(400);
        expect(again.html).toContain('already used');
      });
      expect(exchanged).toBe(0);
      expect(await installationRow(t.bot.deps.db, 'T0104')).toBeUndefined();
    });

    it('a used code (Slack refuses the exchange)', async () => {
      const code = t.slack.grantCode({ teamId: 'T0105' });
      const start = await openInstallPage(t);
      expect((await redirect(t, { code, state: start.state }, start.cookie)).status).toBe(200);
      await expectNothingStored(async () => {
        const next = await openInstallPage(t);
        const page = await redirect(t, { code, state: next.state }, next.cookie);
        expect(page.status).toBe(400);
        expect(page.html).toContain('Slack did not confirm');
      });
    });

    it('error=access_denied (the installer pressed Cancel)', async () => {
      const exchanged = await expectNothingStored(async () => {
        const start = await openInstallPage(t);
        const page = await redirect(t, { error: 'access_denied', state: start.state }, start.cookie);
        expect(page.status).toBe(200);
        expect(page.html).toContain('Installation cancelled');
        expect(page.html).toContain('Nothing was installed');
      });
      expect(exchanged).toBe(0);
    });

    it('an org-wide (Enterprise Grid) install: refused with its own page, its token revoked', async () => {
      const exchanged = await expectNothingStored(async () => {
        const done = await install(t, { teamId: 'E0009', enterpriseId: 'E0009', isEnterpriseInstall: true });
        expect(done.status).toBe(403);
        expect(done.html).toContain('Org-wide installs are not supported');
        expect(done.html).toContain('each workspace');
      });
      expect(exchanged).toBe(1);
      const orgToken = tokenOf(t, 'E0009');
      expect(t.slack.callsOf('auth.revoke').map((c) => c.token)).toContain(orgToken);
    });
  });

  it('ignores a forged app_uninstalled (bad signature): 401, the workspace still installed and served', async () => {
    const res = await t.send.event(
      'T0003',
      { type: 'app_uninstalled' },
      { secret: 'not-the-signing-secret' },
    );
    expect(res.status).toBe(401);
    const unsigned = await t.send.event('T0003', { type: 'app_uninstalled' }, { unsigned: true });
    expect(unsigned.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    const row = (await installationRow(t.bot.deps.db, 'T0003'))!;
    expect(row.uninstalled_at).toBeNull();
    expect(await t.bot.deps.workspaces!.isServed('T0003')).toBe(true);
  });

  it('never logs a token or the client secret', () => {
    const all = t.logs.join('\n');
    for (const token of t.slack.tokens.keys()) expect(all).not.toContain(token);
    expect(all).not.toContain('test-client-secret');
    expect(all).not.toMatch(/xoxb-/);
  });
});
