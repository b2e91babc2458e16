import { existsSync } from 'node:fs';
import cron from 'node-cron';
import { z } from 'zod';

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
  PORT: 'optional: the HTTP port to listen on (default 3000)',
  DATABASE_URL: 'optional: path of the SQLite database file (default ./data/onetoone.db)',
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
    SLACK_BOT_TOKEN: z.string({ error: 'is required' }).regex(/^xoxb-/, 'must start with xoxb-'),
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

export type LogLevel = (typeof LOG_LEVELS)[number];
export type Weekday = (typeof WEEKDAYS)[number];

export interface Config {
  slack: {
    botToken: string;
    signingSecret: string;
    /** Set: Socket Mode. Unset: HTTP mode on `port`. */
    appToken: string | undefined;
    /** Base URL of the Web API; unset means Slack's own. */
    apiUrl: string | undefined;
  };
  port: number;
  databaseUrl: string;
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
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'settings');
      const missing = cleaned[name] === undefined;
      const help = SETTING_HELP[name];
      return `  - ${name} ${missing ? 'is missing' : issue.message}${help ? `: ${help}` : ''}`;
    });
    throw new ConfigError(problems);
  }
  const c = result.data;
  return {
    slack: {
      botToken: c.SLACK_BOT_TOKEN,
      signingSecret: c.SLACK_SIGNING_SECRET,
      appToken: c.SLACK_APP_TOKEN,
      apiUrl: c.SLACK_API_URL,
    },
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
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
