// @ts-check
import { getHeapSpaceStatistics } from 'node:v8';
/**
 * The child side of the bench's IPC (bench/servers/ipc.ts is the parent side), in plain
 * JavaScript: the apps under test run under plain `node`, as production does, with no
 * TypeScript loader in their memory or on their start-up path. Types: serve.d.mts.
 */

/** @param {Record<string, (params: any) => unknown>} handlers */
export function serveRpc(handlers) {
  process.on('disconnect', () => process.exit(0));
  process.on('message', (/** @type {{ id: number; method: string; params?: unknown }} */ message) => {
    const handler = handlers[message.method];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown method ${message.method}`);
        return handler(message.params);
      })
      .then(
        (result) => process.send?.({ id: message.id, result }),
        (error) => process.send?.({ id: message.id, error: String(error) }),
      );
  });
}

/**
 * An app under test: `start` (settings) → port, `stats` (memory and CPU), `stop`.
 * @param {(settings: any) => Promise<{ port: number; stop(): Promise<void> }>} start
 */
export function serveApp(start) {
  /** @type {{ port: number; stop(): Promise<void> } | undefined} */
  let app;
  let servingPeak = 0;
  // Where the memory was at the serving peak (V8's heap vs the rest: code, native, SQLite's
  // cache), and once ready before any request: the start-up footprint, apart from load.
  /** @type {NodeJS.MemoryUsage | undefined} */
  let atPeak;
  /** @type {NodeJS.MemoryUsage | undefined} */
  let ready;
  // V8's old generation then: what grows with the heap the app keeps (the young one is fixed).
  let oldSpaceAtPeak = 0;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > servingPeak) {
      servingPeak = m.rss;
      atPeak = m;
      oldSpaceAtPeak = getHeapSpaceStatistics().find((x) => x.space_name === 'old_space')?.space_size ?? 0;
    }
  };
  /** @type {NodeJS.Timeout | undefined} */
  let sampler;
  serveRpc({
    start: async (settings) => {
      app = await start(settings);
      ready = process.memoryUsage();
      servingPeak = ready.rss;
      atPeak = ready;
      sampler = setInterval(sample, 20);
      sampler.unref();
      return app.port;
    },
    stats: () => {
      sample();
      const usage = process.resourceUsage();
      return {
        memory: {
          // resourceUsage() gives kilobytes and microseconds.
          maxRssBytes: usage.maxRSS * 1024,
          servingPeakRssBytes: servingPeak,
          heapUsedBytes: process.memoryUsage().heapUsed,
          peakHeapTotalBytes: atPeak?.heapTotal ?? 0,
          readyRssBytes: ready?.rss ?? 0,
          readyHeapUsedBytes: ready?.heapUsed ?? 0,
          peakOldSpaceBytes: oldSpaceAtPeak,
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
