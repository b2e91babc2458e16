import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * The deployment files say what the README promises (no Docker engine runs in CI, so their
 * shape is checked here): compose runs the bot beside PostgreSQL on a named volume, the bot
 * waits for the database's health check and has its own, and `npm start` runs compiled JS.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const compose = parse(readFileSync(`${root}compose.yaml`, 'utf8'));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

describe('compose.yaml', () => {
  it('runs PostgreSQL on a named volume, with a health check', () => {
    const pg = compose.services.postgres;
    expect(pg.image).toMatch(/^postgres:/);
    expect(pg.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes)).toContain('pgdata');
    expect(pg.healthcheck.test.join(' ')).toContain('pg_isready');
  });

  it('starts the bot only once the database is healthy, on PostgreSQL, with its own health check', () => {
    const bot = compose.services.bot;
    expect(bot.depends_on.postgres.condition).toBe('service_healthy');
    expect(bot.environment.DATABASE_URL).toMatch(/^postgres:\/\/.+@postgres:5432\//);
    expect(bot.healthcheck.test.join(' ')).toContain('/healthz');
    expect(bot.env_file).toBe('.env');
  });
});

describe('npm start', () => {
  it('runs the compiled JavaScript, built first, not TypeScript through a loader', () => {
    expect(pkg.scripts.start).toMatch(/npm run build .*&& node dist\/src\/main\.js$/);
    expect(pkg.scripts.start).not.toMatch(/tsx/);
  });
});
