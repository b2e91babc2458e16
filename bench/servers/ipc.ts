import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Each benchmarked app runs in its own child process, so its memory is its own and the load
 * generator does not share its event loop. The parent talks to it over Node's IPC channel:
 * `start` (settings) → `ready` (port), `stats` → memory and CPU figures, `stop` → the child exits.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ServerSettings {
  /** Base URL of the fake Slack Web API. */
  apiUrl: string;
  signingSecret: string;
  botToken: string;
  /** A SQLite file in a temp folder (the bare app ignores it). */
  dbPath: string;
  logLevel: LogLevel;
  /** Bare app only, to price our extras one at a time: no-op listeners registered before its own. */
  bareListeners: number;
  /** Bare app only: open our real log modal instead of an empty one (prices the payload). */
  bareModal: 'empty' | 'log';
}

export interface MemoryFigures {
  /** The kernel's peak resident set size for the whole process life, start-up included. */
  maxRssBytes: number;
  /** The highest RSS sampled every 20 ms since the app was ready (i.e. while serving). */
  servingPeakRssBytes: number;
  heapUsedBytes: number;
}

export interface ServerStats {
  memory: MemoryFigures;
  /** CPU time (user + system) the process has used so far, in milliseconds. */
  cpuMs: number;
}

type ToServer = { type: 'start'; settings: ServerSettings } | { type: 'stats' } | { type: 'stop' };
type FromServer =
  | { type: 'ready'; port: number }
  | { type: 'stats'; stats: ServerStats }
  | { type: 'failed'; message: string };

export interface StartedApp {
  port: number;
  stop(): Promise<void>;
}

/** Child side: call once from a server entry with a function that starts the app. */
export function serveBench(start: (settings: ServerSettings) => Promise<StartedApp>): void {
  let app: StartedApp | undefined;
  let servingPeak = 0;
  let sampler: NodeJS.Timeout | undefined;
  const send = (message: FromServer) => process.send?.(message);
  // Never outlive the load generator, even if it crashes.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: ToServer) => {
    if (message.type === 'start') {
      start(message.settings).then(
        (started) => {
          app = started;
          servingPeak = process.memoryUsage.rss();
          sampler = setInterval(() => {
            servingPeak = Math.max(servingPeak, process.memoryUsage.rss());
          }, 20);
          sampler.unref();
          send({ type: 'ready', port: started.port });
        },
        (error: unknown) => send({ type: 'failed', message: String(error) }),
      );
    } else if (message.type === 'stats') {
      servingPeak = Math.max(servingPeak, process.memoryUsage.rss());
      const usage = process.resourceUsage();
      send({
        type: 'stats',
        stats: {
          memory: {
            // resourceUsage().maxRSS is in kilobytes.
            maxRssBytes: usage.maxRSS * 1024,
            servingPeakRssBytes: servingPeak,
            heapUsedBytes: process.memoryUsage().heapUsed,
          },
          // Microseconds in resourceUsage().
          cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
        },
      });
    } else if (message.type === 'stop') {
      clearInterval(sampler);
      void (app?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
    }
  });
}

export interface AppProcess {
  name: string;
  pid: number;
  port: number;
  stats(): Promise<ServerStats>;
  stop(): Promise<void>;
}

function nextMessage<T extends FromServer['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<FromServer, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`bench server did not answer '${type}' within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: FromServer) => {
      if (message.type === type) {
        cleanup();
        resolve(message as Extract<FromServer, { type: T }>);
      } else if (message.type === 'failed') {
        cleanup();
        reject(new Error(`bench server failed: ${message.message}`));
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`bench server exited (code ${code}) before '${type}'`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/**
 * Parent side: starts `entry` (a bench/servers/*.ts file) under `node --import tsx` and waits
 * until it listens. `nodeOptions` adds flags for that child only, e.g. `--cpu-prof`.
 */
export async function launchApp(
  name: string,
  entry: URL,
  settings: ServerSettings,
  nodeOptions: string[] = [],
): Promise<AppProcess> {
  const child = fork(fileURLToPath(entry), [], {
    execArgv: ['--import', 'tsx', ...nodeOptions],
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    // Log lines go nowhere (as cheap as a pipe someone drains); errors still show.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = nextMessage(child, 'ready', 30_000);
  child.send({ type: 'start', settings } satisfies ToServer);
  const { port } = await ready;
  return {
    name,
    pid: child.pid ?? 0,
    port,
    stats: async () => {
      const answer = nextMessage(child, 'stats', 10_000);
      child.send({ type: 'stats' } satisfies ToServer);
      return (await answer).stats;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'stop' } satisfies ToServer);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
