import type { Config } from '../config.js';
import type { Deps } from '../deps.js';

/** A message a job would post, printed instead of sent by `--dry-run`. */
export interface OutgoingMessage {
  channel: string;
  text: string;
  blocks?: unknown[];
}

export interface JobContext {
  deps: Deps;
  /** The instant the job acts at: from the clock when scheduled, from `--now` when run by hand. */
  now: Date;
  /** Build and report what would be sent, send nothing and record nothing as sent. */
  dryRun: boolean;
}

export interface JobResult {
  /** Counts for the log line and the command-line summary (no content: these go to logs). */
  counts: Record<string, number>;
  /** With dryRun: the messages that would have been sent. */
  messages?: OutgoingMessage[];
}

/**
 * A scheduled job. The cron wiring is thin (src/jobs/scheduler.ts); everything that matters is in
 * `run`, which takes the time as an argument and is safe to run again: what was sent is recorded
 * behind a unique key, so a second run at the same `now` sends nothing new.
 */
export interface Job {
  name: string;
  /** Cron expression for this job, from config. */
  schedule(config: Config): string;
  run(ctx: JobContext): Promise<JobResult>;
}
