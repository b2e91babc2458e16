import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

/** Settings: defaults, and one clear line per missing or bad setting saying where to get it. */

const REQUIRED = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'abcdef0123456789' };

function problems(env: Record<string, string | undefined>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('needs only the two Slack values; everything else has a default', () => {
    const c = parseConfig(REQUIRED);
    expect(c.slack).toEqual({
      botToken: REQUIRED.SLACK_BOT_TOKEN,
      signingSecret: REQUIRED.SLACK_SIGNING_SECRET,
      appToken: undefined,
      apiUrl: undefined,
    });
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBe('./data/onetoone.db');
    expect(c.logLevel).toBe('info');
    expect(c.defaultTimeZone).toBe('Europe/London');
  });

  it('reads every documented setting', () => {
    const c = parseConfig({
      ...REQUIRED,
      SLACK_APP_TOKEN: 'xapp-1-A-2-abc',
      PORT: '0',
      DATABASE_URL: '/tmp/x.db',
      SLACK_API_URL: 'http://127.0.0.1:9999/api/',
      LOG_LEVEL: 'warn',
      DEFAULT_TIME_ZONE: 'Pacific/Auckland',
    });
    expect(c).toMatchObject({
      slack: { appToken: 'xapp-1-A-2-abc', apiUrl: 'http://127.0.0.1:9999/api/' },
      port: 0,
      databaseUrl: '/tmp/x.db',
      logLevel: 'warn',
      defaultTimeZone: 'Pacific/Auckland',
    });
  });

  it('names each missing required setting and where to find it', () => {
    const p = problems({});
    expect(p).toHaveLength(2);
    expect(p[0]).toMatch(/SLACK_BOT_TOKEN is missing: .*OAuth & Permissions.*api\.slack\.com\/apps/);
    expect(p[1]).toMatch(/SLACK_SIGNING_SECRET is missing: .*Signing Secret.*Basic Information/);
  });

  it('treats an empty value (FOO= in .env) as missing', () => {
    expect(problems({ ...REQUIRED, SLACK_SIGNING_SECRET: '' })).toEqual([
      expect.stringMatching(/SLACK_SIGNING_SECRET is missing/),
    ]);
    expect(parseConfig({ ...REQUIRED, PORT: '', SLACK_APP_TOKEN: '' }).port).toBe(3000);
  });

  it.each([
    ['SLACK_BOT_TOKEN', 'xoxp-user-token', /must start with xoxb-/],
    ['SLACK_SIGNING_SECRET', 'short', /too short/],
    ['SLACK_APP_TOKEN', 'xoxb-not-an-app-token', /must start with xapp-/],
    ['PORT', 'eighty', /PORT/],
    ['PORT', '70000', /PORT/],
    ['SLACK_API_URL', 'not a url', /must be a URL/],
    ['LOG_LEVEL', 'verbose', /LOG_LEVEL/],
    ['DEFAULT_TIME_ZONE', 'Mars/Olympus_Mons', /IANA time zone/],
  ])('%s=%s is named with what is wrong', (name, value, message) => {
    const p = problems({ ...REQUIRED, [name]: value });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(new RegExp(`^\\s*- ${name} `));
    expect(p[0]).toMatch(message);
  });

  it('lists every problem at once, and never echoes a secret value', () => {
    const err = (() => {
      try {
        parseConfig({ SLACK_BOT_TOKEN: 'xoxp-very-secret-user-token', PORT: 'x', LOG_LEVEL: 'loud' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(err.problems.map((p) => /- (\w+)/.exec(p)?.[1]).sort()).toEqual(
      ['LOG_LEVEL', 'PORT', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'].sort(),
    );
    expect(err.message).toMatch(/^The bot cannot start/);
    expect(err.message).not.toContain('very-secret');
  });
});

describe('starting without settings (src/main.ts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'onetoone-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const tsx = resolve('node_modules/.bin/tsx');
  const main = resolve('src/main.ts');
  // A clean environment: nothing from the developer's shell, and no .env but the test's own.
  const env = { PATH: process.env.PATH ?? '', HOME: dir };

  it('exits with code 1 and one message naming each missing setting', () => {
    const run = spawnSync(tsx, [main], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('The bot cannot start');
    expect(run.stderr).toContain('SLACK_BOT_TOKEN is missing');
    expect(run.stderr).toContain('SLACK_SIGNING_SECRET is missing');
    expect(run.stdout).toBe('');
  });

  it('reads .env from the working directory', () => {
    writeFileSync(join(dir, '.env'), 'SLACK_BOT_TOKEN=xoxb-from-dotenv\nLOG_LEVEL=shouty\n');
    const run = spawnSync(tsx, [main], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).not.toContain('SLACK_BOT_TOKEN');
    expect(run.stderr).toContain('SLACK_SIGNING_SECRET is missing');
    expect(run.stderr).toMatch(/LOG_LEVEL .*debug, info, warn, error/);
    expect(run.stderr).not.toContain('xoxb-from-dotenv');
  });
});
