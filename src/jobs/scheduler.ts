import cron, { type ScheduledTask } from 'node-cron';
import type { Deps } from '../deps.js';
import { slackErrorCode } from '../errors.js';
import type { Job } from './types.js';

export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * Thin node-cron wiring: each tick runs the job at the clock's current time. `noOverlap` skips a
 * tick while the previous run of the same job is still going; `stop` waits for a running job to
 * finish, so SIGTERM never cuts a send between claim and record.
 *
 * Every job also runs once at start: a digest or nudge that fell due while the bot was down goes
 * out now rather than at the next tick (the jobs are idempotent, so this never sends twice).
 */
export function startScheduler(jobs: Job[], deps: Deps): Scheduler {
  const running = new Set<Promise<unknown>>();
  const busy = new Set<string>();
  const runOnce = async (job: Job) => {
    if (busy.has(job.name)) return;
    busy.add(job.name);
    const started = performance.now();
    const run = job.run({ deps, now: deps.clock.now(), dryRun: false });
    running.add(run);
    try {
      const result = await run;
      deps.logger.info('job finished', {
        job: job.name,
        ms: Math.round(performance.now() - started),
        ...result.counts,
      });
    } catch (error) {
      deps.logger.error('job failed', {
        job: job.name,
        name: error instanceof Error ? error.name : typeof error,
        // A code (Slack's, e.g. ratelimited, or the error's own), never a message that might quote content.
        code: slackErrorCode(error),
      });
    } finally {
      running.delete(run);
      busy.delete(job.name);
    }
  };
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(job.schedule(deps.config), () => runOnce(job), { name: job.name, noOverlap: true }),
  );
  for (const job of jobs) void runOnce(job);
  return {
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
      await Promise.allSettled([...running]);
      await Promise.all(tasks.map((t) => t.destroy()));
    },
  };
}
