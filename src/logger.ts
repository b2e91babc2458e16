import { type Logger as SlackLogger, LogLevel as SlackLogLevel } from '@slack/bolt';
import type { LogLevel } from './config.js';

/**
 * A small structured logger, one JSON object per line. It is also handed to Bolt, so Bolt's own
 * messages come out in the same shape.
 *
 * Privacy: callers log ids, counts and Slack error codes only — never tokens, never anything an
 * organiser wrote. `redact` below is a second line of defence for anything shaped like a token.
 */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const TOKEN = /xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+/g;

export function redact(text: string): string {
  return text.replace(TOKEN, '[redacted-token]');
}

export type LogSink = (line: string) => void;

export function createLogger(
  level: LogLevel,
  sink: LogSink = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const write = (at: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level: at, msg: redact(msg) };
    if (fields) {
      for (const [k, v] of Object.entries(fields)) {
        entry[k] =
          v instanceof Error ? redact(`${v.name}: ${v.message}`) : typeof v === 'string' ? redact(v) : v;
      }
    }
    sink(JSON.stringify(entry));
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

/** Adapts our logger to the interface Bolt and the Web API client expect. */
export function toSlackLogger(logger: Logger, level: LogLevel): SlackLogger {
  const join = (args: unknown[]) =>
    args
      .map((a) =>
        a instanceof Error ? `${a.name}: ${a.message}` : typeof a === 'string' ? a : JSON.stringify(a),
      )
      .join(' ');
  let current = level;
  const map: Record<LogLevel, SlackLogLevel> = {
    debug: SlackLogLevel.DEBUG,
    info: SlackLogLevel.INFO,
    warn: SlackLogLevel.WARN,
    error: SlackLogLevel.ERROR,
  };
  return {
    // Dropped: at debug level Bolt logs every request body (JSON.stringify(body)) and each ack's
    // body, and the Web API client each call's arguments and result: view state, people's names,
    // message text. None of that may reach a log line, so Slack's debug output is not passed on.
    debug: () => {},
    info: (...a: unknown[]) => logger.info(join(a), { source: 'slack' }),
    warn: (...a: unknown[]) => logger.warn(join(a), { source: 'slack' }),
    error: (...a: unknown[]) => logger.error(join(a), { source: 'slack' }),
    setLevel: (l: SlackLogLevel) => {
      current = (Object.entries(map).find(([, v]) => v === l)?.[0] as LogLevel | undefined) ?? current;
    },
    getLevel: () => map[current],
    setName: () => {},
  };
}
