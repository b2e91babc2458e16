// @ts-check
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
  /** @type {NodeJS.Timeout | undefined} */
  let sampler;
  serveRpc({
    start: async (settings) => {
      app = await start(settings);
      servingPeak = process.memoryUsage.rss();
      sampler = setInterval(() => {
        servingPeak = Math.max(servingPeak, process.memoryUsage.rss());
      }, 20);
      sampler.unref();
      return app.port;
    },
    stats: () => {
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
