import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The bench runs each app, and the fake Slack, in a child process of its own: each app's memory
 * is its own, and neither the load generator nor the fake Slack shares an event loop with what
 * is measured (the fake Slack decoding our 21-block modal inside the load generator would delay
 * the acks the load generator is timing). Parent and child talk over Node's IPC channel with
 * small request/answer messages.
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

/** A monotonic clock shared by every process on the machine (CLOCK_MONOTONIC), in ms. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

type Request = { id: number; method: string; params?: unknown };
type Answer = { id: number; result?: unknown; error?: string };

/** Child side: answers the parent's calls with `handlers`; exits when the parent goes away. */
export function serveRpc(handlers: Record<string, (params: any) => unknown>): void {
  process.on('disconnect', () => process.exit(0));
  process.on('message', (message: Request) => {
    const handler = handlers[message.method];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown method ${message.method}`);
        return handler(message.params);
      })
      .then(
        (result) => process.send?.({ id: message.id, result } satisfies Answer),
        (error: unknown) => process.send?.({ id: message.id, error: String(error) } satisfies Answer),
      );
  });
}

export interface StartedApp {
  port: number;
  stop(): Promise<void>;
}

/** Child side for an app under test: `start` (settings) → port, `stats`, `stop`. */
export function serveApp(start: (settings: ServerSettings) => Promise<StartedApp>): void {
  let app: StartedApp | undefined;
  let servingPeak = 0;
  let sampler: NodeJS.Timeout | undefined;
  serveRpc({
    start: async (settings: ServerSettings) => {
      app = await start(settings);
      servingPeak = process.memoryUsage.rss();
      sampler = setInterval(() => {
        servingPeak = Math.max(servingPeak, process.memoryUsage.rss());
      }, 20);
      sampler.unref();
      return app.port;
    },
    stats: (): ServerStats => {
      servingPeak = Math.max(servingPeak, process.memoryUsage.rss());
      const usage = process.resourceUsage();
      return {
        memory: {
          // resourceUsage() gives kilobytes and microseconds.
          maxRssBytes: usage.maxRSS * 1024,
          servingPeakRssBytes: servingPeak,
          heapUsedBytes: process.memoryUsage().heapUsed,
        },
        cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
      };
    },
    stop: async () => {
      clearInterval(sampler);
      await app?.stop();
      setImmediate(() => process.exit(0));
    },
  });
}

export interface Child {
  pid: number;
  call<T>(method: string, params?: unknown, timeoutMs?: number): Promise<T>;
  /** Asks the child to stop (its `stop` method), killing it if it does not exit in 10 s. */
  stop(): Promise<void>;
}

/**
 * Parent side: starts `entry` (a bench/servers/*.ts file) under `node --import tsx`.
 * `nodeOptions` adds flags for that child only, e.g. `--cpu-prof`.
 */
export function launch(entry: URL, nodeOptions: string[] = []): Child {
  const child: ChildProcess = fork(fileURLToPath(entry), [], {
    execArgv: ['--import', 'tsx', ...nodeOptions],
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    // Log lines go nowhere (as cheap as a pipe someone drains); errors still show.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let next = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  child.on('message', (answer: Answer) => {
    const w = waiting.get(answer.id);
    waiting.delete(answer.id);
    if (answer.error !== undefined) w?.reject(new Error(`bench child: ${answer.error}`));
    else w?.resolve(answer.result);
  });
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`bench child exited (code ${code})`));
    waiting.clear();
  });
  const call = <T>(method: string, params?: unknown, timeoutMs = 30_000) =>
    new Promise<T>((resolve, reject) => {
      if (child.exitCode !== null) return reject(new Error('bench child has exited'));
      const id = ++next;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`bench child did not answer ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      child.send({ id, method, params } satisfies Request);
    });
  return {
    pid: child.pid ?? 0,
    call,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await call('stop', undefined, 10_000).catch(() => child.kill('SIGKILL'));
      await exited;
      clearTimeout(timer);
    },
  };
}
