import cron, { type ScheduledTask } from 'node-cron';
import type { Deps } from '../deps.js';
import type { Job } from './types.js';

export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * Thin node-cron wiring: each tick runs the job at the clock's current time. `noOverlap` skips a
 * tick while the previous run of the same job is still going; `stop` waits for a running job to
 * finish, so SIGTERM never cuts a send between claim and record.
 */
export function startScheduler(jobs: Job[], deps: Deps): Scheduler {
  const running = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.schedule(deps.config),
      async () => {
        const started = Date.now();
        const run = job.run({ deps, now: deps.clock.now(), dryRun: false });
        running.add(run);
        try {
          const result = await run;
          deps.logger.info('job finished', { job: job.name, ms: Date.now() - started, ...result.counts });
        } catch (error) {
          deps.logger.error('job failed', {
            job: job.name,
            error: error instanceof Error ? error.message : String(error),
          });
        } finally {
          running.delete(run);
        }
      },
      { name: job.name, noOverlap: true },
    ),
  );
  return {
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
      await Promise.allSettled([...running]);
      await Promise.all(tasks.map((t) => t.destroy()));
    },
  };
}
