import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { rotateKey } from '../../src/jobs/rotate-key-cli.js';
import { createLogger } from '../../src/logger.js';
import { startBot } from '../../src/main.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import {
  distributedEnv,
  install,
  installationRow,
  newTokenKey,
  openToken,
  startDistributedApp,
  tokenOf,
} from '../support/distribution.js';
import { openModalWith } from '../support/onetoone.js';
import { SIGNING_SECRET } from '../support/test-app.js';

/**
 * TOKEN_ENCRYPTION_KEY (issue 10): a wrong key stops the app at start with a message naming the
 * variable and no token anywhere; `npm run rotate-key` re-encrypts every token under the new key
 * from TOKEN_ENCRYPTION_KEY_PREVIOUS, after which the new key alone serves the workspaces.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));

function settings(databaseUrl: string, over: Record<string, string>) {
  return {
    ...distributedEnv(over),
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: 'http://127.0.0.1:9/api/',
    DATABASE_URL: databaseUrl,
    PORT: '0',
    LOG_LEVEL: 'debug',
  };
}

describe('the token encryption key', () => {
  const oldKey = newTokenKey();
  const newKey = newTokenKey();
  let database: TestDatabase;
  let token: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const t = await startDistributedApp({ databaseUrl: database.url, env: { TOKEN_ENCRYPTION_KEY: oldKey } });
    try {
      expect((await install(t, { teamId: 'T0002' })).status).toBe(200);
      token = tokenOf(t, 'T0002');
    } finally {
      await t.stop();
    }
  });
  afterAll(() => database.drop());

  it('a wrong key stops the start with a message naming TOKEN_ENCRYPTION_KEY, and no token in it or any log line', async () => {
    const logs: string[] = [];
    const config = parseConfig(settings(database.url, { TOKEN_ENCRYPTION_KEY: newKey }));
    const start = startBot(config, { logger: createLogger('debug', (l) => logs.push(l)), startJobs: false });
    await expect(start).rejects.toThrow(/TOKEN_ENCRYPTION_KEY/);
    const message = await start.catch((e: Error) => e.message);
    expect(message).not.toContain(token);
    expect(message).not.toMatch(/xoxb-/);
    expect(logs.join('\n')).not.toContain(token);
  });

  it('the process itself exits with that message (npm start)', async () => {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...settings(database.url, { TOKEN_ENCRYPTION_KEY: newKey }),
    };
    const child = spawn(`${root}node_modules/.bin/tsx`, ['src/main.ts'], { cwd: root, env });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(output).toContain('The bot could not start');
    expect(output).toContain('TOKEN_ENCRYPTION_KEY');
    expect(output).not.toContain(token);
    expect(output).not.toMatch(/xoxb-/);
  }, 30_000);

  it('rotate-key re-encrypts every token under the new key; then the new key alone serves the workspace', async () => {
    const out: string[] = [];
    const rotating = parseConfig(
      settings(database.url, { TOKEN_ENCRYPTION_KEY: newKey, TOKEN_ENCRYPTION_KEY_PREVIOUS: oldKey }),
    );
    expect(await rotateKey(rotating, (l) => out.push(l))).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ rewritten: 1, conflicts: 0, done: true });
    expect(out.join('\n')).not.toContain(token);
    // Again: nothing left to do.
    const again: string[] = [];
    expect(await rotateKey(rotating, (l) => again.push(l))).toBe(0);
    expect(JSON.parse(again[0]!)).toMatchObject({ rewritten: 0 });

    const t = await startDistributedApp({ databaseUrl: database.url, env: { TOKEN_ENCRYPTION_KEY: newKey } });
    try {
      const row = (await installationRow(t.bot.deps.db, 'T0002'))!;
      expect(openToken(newKey, row)).toBe(token);
      t.slack.users.set('UAMY', { id: 'UAMY', real_name: 'Amy' });
      await openModalWith(t, { user: 'UAMY', team: 'T0002' });
      expect(t.slack.lastCall('views.open')!.token).toBe(token);
    } finally {
      await t.stop();
    }
  });

  it('rotate-key without a previous key says what to set', async () => {
    const out: string[] = [];
    expect(
      await rotateKey(parseConfig(settings(database.url, { TOKEN_ENCRYPTION_KEY: newKey })), (l) =>
        out.push(l),
      ),
    ).toBe(2);
    expect(out.join('\n')).toContain('TOKEN_ENCRYPTION_KEY_PREVIOUS');
  });
});
