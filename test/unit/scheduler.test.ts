import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/clock.js';
import { parseConfig } from '../../src/config.js';
import type { Deps } from '../../src/deps.js';
import { startScheduler } from '../../src/jobs/scheduler.js';
import type { Job, JobContext } from '../../src/jobs/types.js';
import { createLogger } from '../../src/logger.js';
import { TimeZoneCache } from '../../src/time-zone-memo.js';

function deps(logs: string[]): Deps {
  return {
    config: parseConfig({ SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 'secret-secret' }),
    clock: fixedClock('2026-11-30T09:00:00Z'),
    logger: createLogger('info', (line) => logs.push(line)),
    timeZones: new TimeZoneCache(),
    // Neither is touched by the scheduler itself; the jobs below do not use them.
    db: undefined as unknown as Deps['db'],
    slack: undefined as unknown as Deps['slack'],
  };
}

/** A job whose runs are recorded and finish only when the test says so. */
function controllable(name: string) {
  const runs: JobContext[] = [];
  let finish: () => void = () => {};
  const job: Job = {
    name,
    // Never fires during the test: only the run at start happens.
    schedule: () => '0 0 1 1 *',
    run: (ctx) => {
      runs.push(ctx);
      return new Promise((resolve) => {
        finish = () => resolve({ counts: { done: 1 } });
      });
    },
  };
  return { job, runs, finish: () => finish() };
}

describe('startScheduler', () => {
  it('runs every job once at start, at the clock’s time, for real (not a dry run)', async () => {
    const logs: string[] = [];
    const a = controllable('a');
    const b = controllable('b');
    const scheduler = startScheduler([a.job, b.job], deps(logs));
    expect(a.runs.map((r) => [r.now.toISOString(), r.dryRun])).toEqual([['2026-11-30T09:00:00.000Z', false]]);
    expect(b.runs).toHaveLength(1);
    a.finish();
    b.finish();
    await scheduler.stop();
    expect(logs.filter((l) => l.includes('job finished'))).toHaveLength(2);
  });

  it('waits for a running job before stopping, so a send is never cut between claim and record', async () => {
    const a = controllable('slow');
    const scheduler = startScheduler([a.job], deps([]));
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    a.finish();
    await stopping;
    expect(stopped).toBe(true);
  });

  it('logs a failed job by name only, and carries on', async () => {
    const logs: string[] = [];
    const failing: Job = {
      name: 'broken',
      schedule: () => '0 0 1 1 *',
      run: async () => {
        throw new Error('secret story text that must not be logged');
      },
    };
    const scheduler = startScheduler([failing], deps(logs));
    await scheduler.stop();
    const line = logs.find((l) => l.includes('job failed'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ job: 'broken', name: 'Error' });
    expect(logs.join('\n')).not.toContain('secret story');
  });
});
