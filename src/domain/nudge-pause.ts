import type { IsoDate } from './time.js';

/**
 * A pause of every nudge (issue 9): none on a local date d with startsOn <= d < untilOn.
 * untilOn is exclusive (nudges resume on it), so a pause "until 2026-12-27" resumes that morning.
 */
export interface NudgePause {
  id: string;
  startsOn: IsoDate;
  untilOn: IsoDate;
}

/** Whether the pause covers the local date `day`. */
export function pauseCovers(pause: Pick<NudgePause, 'startsOn' | 'untilOn'>, day: IsoDate): boolean {
  return pause.startsOn <= day && day < pause.untilOn;
}
