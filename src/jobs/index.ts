import { digestJob } from './digest.js';
import { erasureJob } from './erasure.js';
import { evaluationsJob } from './evaluations.js';
import { nudgesJob } from './nudges.js';
import { retentionJob } from './retention.js';
import type { Job } from './types.js';

/** Every scheduled job, by name (the name is also the `npm run job -- <name>` argument). */
export const JOBS: Job[] = [digestJob, retentionJob, nudgesJob, erasureJob, evaluationsJob];

export function findJob(name: string): Job | undefined {
  return JOBS.find((j) => j.name === name);
}
