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
  /** The organisers' time zone (users.info's): the bare app dates its modal in it, as ours does. */
  timeZone: string;
}

export interface MemoryFigures {
  /** The kernel's peak resident set size for the whole process life, start-up included. */
  maxRssBytes: number;
  /** The highest RSS sampled every 20 ms since the app was ready (i.e. while serving). */
  servingPeakRssBytes: number;
  heapUsedBytes: number;
  /** V8's heap (heapTotal) when RSS peaked: the rest of the peak is code, native memory and SQLite. */
  peakHeapTotalBytes: number;
  /** Of that, V8's old generation: it grows with the heap the app keeps (the young one is fixed). */
  peakOldSpaceBytes: number;
  /** RSS and V8 heap in use once started, before any request: the start-up footprint. */
  readyRssBytes: number;
  readyHeapUsedBytes: number;
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

// The child side, in plain JavaScript so the apps under test run under plain `node`.
export { type StartedApp, serveApp, serveRpc } from './serve.mjs';

export interface Child {
  pid: number;
  call<T>(method: string, params?: unknown, timeoutMs?: number): Promise<T>;
  /** Asks the child to stop (its `stop` method), killing it if it does not exit in 10 s. */
  stop(): Promise<void>;
}

/**
 * Parent side: starts `entry`, a bench/servers/ file: a `.mjs` one (an app under test) under
 * plain `node`, as production runs the compiled app; a `.ts` one (the fake Slack) under
 * `node --import tsx`. `nodeOptions` adds flags for that child only, e.g. `--cpu-prof`.
 */
export function launch(entry: URL, nodeOptions: string[] = []): Child {
  const loader = entry.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child: ChildProcess = fork(fileURLToPath(entry), [], {
    execArgv: [...loader, ...nodeOptions],
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
