import { existsSync } from 'node:fs';
import cron from 'node-cron';
import { z } from 'zod';
import { encryptionKeyProblem, parseEncryptionKey, type TokenKey } from './crypto/token-cipher.js';

/**
 * Every setting the bot reads, parsed once from the environment. Nothing else in the code base
 * reads `process.env`: the composition root calls `loadConfig()` and passes the result down.
 */

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const timeZone = z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/London');
const cronExpression = z
  .string()
  .refine((v) => cron.validate(v), 'must be a cron expression with 5 or 6 fields, e.g. "*/5 * * * *"');
const hourOfDay = z.coerce
  .number({ error: 'must be an hour from 0 to 24' })
  .int('must be a whole hour')
  .min(0)
  .max(24);

/** Where to find each setting: printed next to any setting that is missing or wrong. */
export const SETTING_HELP: Record<string, string> = {
  SLACK_BOT_TOKEN:
    'the "Bot User OAuth Token" (xoxb-…) under OAuth & Permissions in your app at https://api.slack.com/apps, after installing it to the workspace',
  SLACK_SIGNING_SECRET:
    'the "Signing Secret" under Basic Information › App Credentials at https://api.slack.com/apps',
  SLACK_APP_TOKEN:
    'optional: an app-level token (xapp-…) with the connections:write scope, under Basic Information › App-Level Tokens; set it to use Socket Mode',
  SLACK_CLIENT_ID:
    'distributed mode: the "Client ID" under Basic Information › App Credentials at https://api.slack.com/apps',
  SLACK_CLIENT_SECRET:
    'distributed mode: the "Client Secret" under Basic Information › App Credentials at https://api.slack.com/apps',
  SLACK_STATE_SECRET:
    'distributed mode: any long random string (e.g. `openssl rand -hex 32`), which signs the OAuth state',
  SLACK_REDIRECT_URI:
    'distributed mode, optional: https://<your host>/slack/oauth_redirect, if the app has more than one redirect URL',
  TOKEN_ENCRYPTION_KEY:
    'distributed mode: base64 of 32 random bytes (`openssl rand -base64 32`), which encrypts bot tokens at rest',
  TOKEN_ENCRYPTION_KEY_PREVIOUS:
    'optional: the key being rotated away from, while `npm run rotate-key` re-encrypts (see README)',
  UNINSTALL_GRACE_DAYS:
    'optional: days a workspace’s data is kept after the app is uninstalled before it is erased (default 30; 0 erases at once)',
  PORT: 'optional: the HTTP port to listen on (default 3000)',
  DATABASE_URL:
    'optional: a SQLite file path (default ./data/onetoone.db) or a PostgreSQL URL, postgres://user:password@host:5432/db',
  DATABASE_POOL_SIZE: 'optional: PostgreSQL connections per instance (default 10)',
  SLACK_API_URL: "optional: base URL of Slack's Web API, e.g. http://127.0.0.1:9999/api/ (tests and proxies)",
  LOG_LEVEL: `optional: one of ${LOG_LEVELS.join(', ')} (default info)`,
  DEFAULT_TIME_ZONE:
    'optional: IANA time zone used when a workspace or organiser has none yet (default Europe/London)',
  DIGEST_CRON:
    'optional: how often the digest job looks for due digests, as a cron expression (default */5 * * * *)',
  DIGEST_DAY: 'optional: default digest day, monday … sunday (default monday)',
  DIGEST_TIME: 'optional: default digest time HH:MM in the workspace time zone (default 09:00)',
  NUDGE_CRON: 'optional: how often the nudge job runs, as a cron expression (default */5 * * * *)',
  NUDGE_WORKDAY_START: 'optional: first local hour nudges may be sent (default 9)',
  NUDGE_WORKDAY_END: 'optional: local hour nudges stop being sent (default 18)',
  NUDGE_REFLECT_AFTER_HOURS: 'optional: hours after logging before a reflection reminder (default 12)',
  NUDGE_GOING_COLD_WEEKS: 'optional: weeks without a one-to-one before a person is "going cold" (default 6)',
  RETENTION_CRON: 'optional: when the daily retention job runs, as a cron expression (default 30 3 * * *)',
};

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

const schema = z
  .object({
    // Required in single-workspace mode, forbidden in distributed mode: see modeProblems below.
    SLACK_BOT_TOKEN: z
      .string()
      .regex(/^xoxb-/, 'must start with xoxb-')
      .optional(),
    SLACK_CLIENT_ID: z
      .string()
      .regex(/^\d+\.\d+$/, 'must look like 1234567890.1234567890')
      .optional(),
    SLACK_CLIENT_SECRET: z.string().min(16, 'looks too short').optional(),
    SLACK_STATE_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    SLACK_REDIRECT_URI: z
      .url('must be a URL such as https://bot.example.org/slack/oauth_redirect')
      .optional(),
    TOKEN_ENCRYPTION_KEY: z.string().optional(),
    TOKEN_ENCRYPTION_KEY_PREVIOUS: z.string().optional(),
    UNINSTALL_GRACE_DAYS: z.coerce
      .number({ error: 'must be a number of days' })
      .int('must be a whole number of days')
      .min(0, 'must be 0 or more')
      .max(3650, 'must be at most 3650')
      .default(30),
    SLACK_SIGNING_SECRET: z.string({ error: 'is required' }).min(8, 'looks too short'),
    SLACK_APP_TOKEN: z
      .string()
      .regex(/^xapp-/, 'must start with xapp-')
      .optional(),
    PORT: z.coerce
      .number({ error: 'must be a port number' })
      .int('must be a whole number')
      .min(0, 'must be from 0 to 65535')
      .max(65535, 'must be from 0 to 65535')
      .default(3000),
    DATABASE_URL: z.string().min(1).default('./data/onetoone.db'),
    DATABASE_POOL_SIZE: z.coerce
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, 'must be from 1 to 200')
      .max(200, 'must be from 1 to 200')
      .default(10),
    SLACK_API_URL: z.url('must be a URL such as http://127.0.0.1:9999/api/').optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    DEFAULT_TIME_ZONE: timeZone.default('Europe/London'),
    DIGEST_CRON: cronExpression.default('*/5 * * * *'),
    DIGEST_DAY: z.enum(WEEKDAYS, { error: `must be one of ${WEEKDAYS.join(', ')}` }).default('monday'),
    DIGEST_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM, e.g. 09:00')
      .default('09:00'),
    NUDGE_CRON: cronExpression.default('*/5 * * * *'),
    NUDGE_WORKDAY_START: hourOfDay.default(9),
    NUDGE_WORKDAY_END: hourOfDay.default(18),
    NUDGE_REFLECT_AFTER_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 14)
      .default(12),
    NUDGE_GOING_COLD_WEEKS: z.coerce.number().int().min(1).max(52).default(6),
    RETENTION_CRON: cronExpression.default('30 3 * * *'),
  })
  .refine((c) => c.NUDGE_WORKDAY_START < c.NUDGE_WORKDAY_END, {
    path: ['NUDGE_WORKDAY_END'],
    message: 'must be later than NUDGE_WORKDAY_START',
  });

interface Problem {
  name: string;
  message: string;
}

const OAUTH_SETTINGS = [
  'SLACK_CLIENT_ID',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'TOKEN_ENCRYPTION_KEY',
];

/**
 * Two modes: one workspace with its bot token, or "Add to Slack" distribution through OAuth.
 * A config that mixes or half-fills them is named setting by setting, every problem at once, and
 * beside the schema's own problems (zod runs no refinement once a field has failed).
 */
function modeProblems(env: Record<string, string | undefined>): Problem[] {
  const problems: Problem[] = [];
  const given = OAUTH_SETTINGS.filter((k) => env[k] !== undefined);
  if (env.SLACK_BOT_TOKEN !== undefined) {
    for (const name of given) {
      problems.push({
        name,
        message:
          'is for distributed mode, but SLACK_BOT_TOKEN (single-workspace mode) is set too: use one mode',
      });
    }
    return problems;
  }
  if (given.length === 0) return [{ name: 'SLACK_BOT_TOKEN', message: 'is missing' }];
  for (const name of OAUTH_SETTINGS)
    if (env[name] === undefined) problems.push({ name, message: 'is missing' });
  if (env.SLACK_APP_TOKEN !== undefined) {
    problems.push({
      name: 'SLACK_APP_TOKEN',
      message: 'is for single-workspace mode: a distributed app receives its events over HTTP',
    });
  }
  for (const name of ['TOKEN_ENCRYPTION_KEY', 'TOKEN_ENCRYPTION_KEY_PREVIOUS']) {
    const value = env[name];
    const wrong = value === undefined ? undefined : encryptionKeyProblem(value, name);
    // The cipher's message names the variable itself; here the line already starts with it.
    if (wrong)
      problems.push({ name, message: wrong.startsWith(name) ? wrong.slice(name.length).trim() : wrong });
  }
  return problems;
}

export type LogLevel = (typeof LOG_LEVELS)[number];
export type Weekday = (typeof WEEKDAYS)[number];

/** "Add to Slack" distribution: installs through OAuth, a bot token per workspace. */
export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  redirectUri: string | undefined;
  /** Encrypts bot tokens at rest; `previousTokenKeys` still decrypt during a rotation. */
  tokenKey: TokenKey;
  previousTokenKeys: TokenKey[];
  uninstallGraceDays: number;
}

export interface Config {
  slack: {
    /** Single-workspace mode's token ('' in distributed mode, where each workspace has its own). */
    botToken: string;
    signingSecret: string;
    /** Set: Socket Mode. Unset: HTTP mode on `port`. */
    appToken: string | undefined;
    /** Base URL of the Web API; unset means Slack's own. */
    apiUrl: string | undefined;
  };
  /**
   * Set in distributed ("Add to Slack") mode, where each workspace installs through OAuth and has
   * its own bot token; unset in single-workspace mode (SLACK_BOT_TOKEN).
   */
  distribution: OAuthConfig | undefined;
  port: number;
  /** A SQLite file path or a postgres:// URL. */
  databaseUrl: string;
  /** PostgreSQL pool size per instance. */
  databasePoolSize: number;
  logLevel: LogLevel;
  defaultTimeZone: string;
  digest: { cron: string; day: Weekday; time: string };
  nudges: {
    cron: string;
    workdayStartHour: number;
    workdayEndHour: number;
    reflectAfterHours: number;
    goingColdWeeks: number;
  };
  retention: { cron: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The bot cannot start: fix these settings (in the environment or .env):\n${problems.join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses settings from a plain record (the environment, or a test's own). Throws ConfigError. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty value in .env means "not set", as people expect from `FOO=` lines.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  const problems: Problem[] = [
    ...(result.success
      ? []
      : result.error.issues.map((issue) => {
          const name = String(issue.path[0] ?? 'settings');
          return { name, message: cleaned[name] === undefined ? 'is missing' : issue.message };
        })),
    ...modeProblems(cleaned),
  ];
  if (!result.success || problems.length > 0) {
    // In the order the settings are documented, one line each.
    const order = Object.keys(SETTING_HELP);
    problems.sort((x, y) => order.indexOf(x.name) - order.indexOf(y.name));
    throw new ConfigError(
      problems.map(({ name, message }) => {
        const help = SETTING_HELP[name];
        return `  - ${name} ${message}${help ? `: ${help}` : ''}`;
      }),
    );
  }
  const c = result.data;
  const oauth: OAuthConfig | undefined =
    c.SLACK_BOT_TOKEN === undefined
      ? {
          clientId: c.SLACK_CLIENT_ID!,
          clientSecret: c.SLACK_CLIENT_SECRET!,
          stateSecret: c.SLACK_STATE_SECRET!,
          redirectUri: c.SLACK_REDIRECT_URI,
          tokenKey: parseEncryptionKey(c.TOKEN_ENCRYPTION_KEY!),
          previousTokenKeys: c.TOKEN_ENCRYPTION_KEY_PREVIOUS
            ? [parseEncryptionKey(c.TOKEN_ENCRYPTION_KEY_PREVIOUS, 'TOKEN_ENCRYPTION_KEY_PREVIOUS')]
            : [],
          uninstallGraceDays: c.UNINSTALL_GRACE_DAYS,
        }
      : undefined;
  return {
    slack: {
      botToken: c.SLACK_BOT_TOKEN ?? '',
      signingSecret: c.SLACK_SIGNING_SECRET,
      appToken: c.SLACK_APP_TOKEN,
      apiUrl: c.SLACK_API_URL,
    },
    distribution: oauth,
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
    databasePoolSize: c.DATABASE_POOL_SIZE,
    logLevel: c.LOG_LEVEL,
    defaultTimeZone: c.DEFAULT_TIME_ZONE,
    digest: { cron: c.DIGEST_CRON, day: c.DIGEST_DAY, time: c.DIGEST_TIME },
    nudges: {
      cron: c.NUDGE_CRON,
      workdayStartHour: c.NUDGE_WORKDAY_START,
      workdayEndHour: c.NUDGE_WORKDAY_END,
      reflectAfterHours: c.NUDGE_REFLECT_AFTER_HOURS,
      goingColdWeeks: c.NUDGE_GOING_COLD_WEEKS,
    },
    retention: { cron: c.RETENTION_CRON },
  };
}

/** The one place that reads the process environment (and `.env`, when present). */
export function loadConfig(envFile = '.env'): Config {
  if (existsSync(envFile)) {
    // Node's own loader: values already in the environment win, as with dotenv.
    process.loadEnvFile(envFile);
  }
  return parseConfig(process.env);
}

/**
 * For a process's entry point: the config, or every problem printed (nothing else: no stack,
 * no value) and the process ended with `exitCode`.
 */
export function loadConfigOrExit(exitCode = 1): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(exitCode);
    }
    throw error;
  }
}

/** Only the database location, for tools (migrate) that do not talk to Slack. */
export function loadDatabaseUrl(envFile = '.env'): string {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const parsed = z
    .string()
    .min(1)
    .default('./data/onetoone.db')
    .safeParse(process.env.DATABASE_URL || undefined);
  return parsed.success ? parsed.data : './data/onetoone.db';
}
