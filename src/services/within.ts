/**
 * Slack gives an interaction 3 seconds to be acknowledged, and the Web API client retries a
 * failed or rate-limited call for up to about 30 minutes by default. A call made before an ack
 * (users.info for a time zone or a member's name) must therefore not be awaited for longer than
 * the budget allows: past it, the caller goes on without the answer. Two lookups (the
 * organiser's zone, a member's name) and the save still fit in the 3 seconds.
 */
export const SLACK_LOOKUP_BUDGET_MS = 1000;

/** The promise's value, or undefined once `ms` have passed (a later rejection is ignored). */
export async function within<T>(ms: number, promise: Promise<T>): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  // Race subscribes to the promise, so a rejection after the deadline is not left unhandled.
  promise.catch(() => {});
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
