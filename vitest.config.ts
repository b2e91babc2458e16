import { randomBytes } from 'node:crypto';
import { defineConfig } from 'vitest/config';

/**
 * Two passes in one `npm test`: every suite on SQLite, and every suite that touches the database
 * again on PostgreSQL when TEST_POSTGRES_URL names a server (`.ci/run` sets it). The PostgreSQL
 * pass sets TEST_DATABASE=postgres; test/support/db.ts and test-app.ts read it and give each
 * app or test a fresh database of its own on that server.
 */
const postgresUrl = process.env.TEST_POSTGRES_URL;

/** Unit suites that open a database (the rest of test/unit is pure and runs once). */
const databaseUnitSuites = ['test/unit/going-cold-rule.test.ts'];

/** Suites that compare SQLite and PostgreSQL side by side themselves: once is enough. */
const bothDatabasesInOneSuite = [
  'test/e2e/postgres-portability.test.ts',
  'test/e2e/installation-store.test.ts',
];

// One id per run, inherited by every worker: the PostgreSQL pass names its databases with it.
process.env.TEST_RUN_ID ??= randomBytes(4).toString('hex');

// Said once (vitest may load this file more than once in a run).
if (!postgresUrl && !process.env.VITEST_WORKER_ID && !process.env.TEST_POSTGRES_SKIP_SAID) {
  process.env.TEST_POSTGRES_SKIP_SAID = '1';
  console.warn('TEST_POSTGRES_URL is not set: the PostgreSQL pass is skipped (every suite runs on SQLite).');
}

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // End-to-end files each start their own app and fake Slack on ephemeral ports.
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['test/**/*.test.ts'],
          env: { TEST_DATABASE: 'sqlite' },
        },
      },
      ...(postgresUrl
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: ['test/e2e/**/*.test.ts', ...databaseUnitSuites],
                exclude: bothDatabasesInOneSuite,
                env: { TEST_DATABASE: 'postgres' },
                globalSetup: ['test/support/postgres-global-setup.ts'],
                // The same suites, each query a round trip to a server rather than a call into
                // SQLite: a longer ceiling for the few that run a job a thousand times.
                testTimeout: 40_000,
                hookTimeout: 40_000,
              },
            },
          ]
        : []),
    ],
  },
});
