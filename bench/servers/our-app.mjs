// @ts-check
import { parseConfig } from '../../dist/src/config.js';
import { createLogger } from '../../dist/src/logger.js';
import { startBot } from '../../dist/src/main.js';
import { serveApp } from './serve.mjs';

/**
 * The real bot as production runs it: the COMPILED app (`npm run build` → dist/, loaded by plain
 * `node`, no TypeScript loader), real migrations on a temp SQLite file, the production logger
 * writing JSON lines to stdout, talking to the bench's fake Slack. Jobs are not scheduled (a cron
 * tick mid-round would be noise) and Web API retries are off, as in tests.
 */
serveApp(async (s) => {
  const config = parseConfig({
    SLACK_BOT_TOKEN: s.botToken,
    SLACK_SIGNING_SECRET: s.signingSecret,
    SLACK_API_URL: s.apiUrl,
    DATABASE_URL: s.dbPath,
    PORT: '0',
    LOG_LEVEL: s.logLevel,
  });
  const bot = await startBot(config, {
    logger: createLogger(config.logLevel),
    clientOptions: { retryConfig: { retries: 0 } },
    startJobs: false,
  });
  return { port: bot.port, stop: () => bot.stop() };
});
