import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { InstallURLOptions, StateStore } from '@slack/bolt';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db/database.js';
import { consumeOAuthState } from '../../services/installation-store.js';

/**
 * The OAuth `state` (issue 10), for Bolt's InstallProvider: signed with SLACK_STATE_SECRET (so
 * any instance can check it: nothing is kept between the install page and the redirect), valid
 * for STATE_LIFETIME_SECONDS by our clock, and accepted once: its hash is recorded when used, so
 * a replayed redirect is refused on every instance sharing the database. Bolt itself ties the
 * state to the browser with a cookie and checks that before asking us.
 */

/** How long an install link works (also the state cookie's Max-Age). */
export const STATE_LIFETIME_SECONDS = 600;

export type StateProblem = 'bad_state' | 'expired_state' | 'replayed_state';

/** Bolt's failure callback receives this; `code` is Bolt's own for a state it cannot accept. */
export class OAuthStateError extends Error {
  readonly code = 'slack_oauth_invalid_state';
  constructor(readonly problem: StateProblem) {
    super(`the OAuth state was refused: ${problem}`);
    this.name = 'OAuthStateError';
  }
}

interface StatePayload {
  /** Random: two install pages never share a state. */
  n: string;
  /** Issued at, ms since the epoch (our clock). */
  t: number;
  o: InstallURLOptions;
}

/** Allowed difference between instances' clocks for a state "issued in the future". */
const CLOCK_SKEW_MS = 60_000;

export function createStateStore(
  deps: { db: Db; clock: Clock },
  secret: string,
  lifetimeSeconds = STATE_LIFETIME_SECONDS,
): StateStore {
  const sign = (payload: string) =>
    createHmac('sha256', secret).update(`onetoone-oauth-state:${payload}`).digest('base64url');

  return {
    async generateStateParam(installOptions) {
      const body: StatePayload = {
        n: randomBytes(16).toString('base64url'),
        t: deps.clock.now().getTime(),
        o: installOptions,
      };
      const payload = Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
      return `${payload}.${sign(payload)}`;
    },

    async verifyStateParam(_now, state) {
      const dot = typeof state === 'string' ? state.lastIndexOf('.') : -1;
      if (dot <= 0) throw new OAuthStateError('bad_state');
      const payload = state.slice(0, dot);
      const given = Buffer.from(state.slice(dot + 1), 'utf8');
      const expected = Buffer.from(sign(payload), 'utf8');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new OAuthStateError('bad_state');
      }
      let body: StatePayload;
      try {
        body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as StatePayload;
      } catch {
        throw new OAuthStateError('bad_state');
      }
      if (typeof body?.t !== 'number' || typeof body.o !== 'object' || body.o === null) {
        throw new OAuthStateError('bad_state');
      }
      const now = deps.clock.now();
      const age = now.getTime() - body.t;
      if (age < -CLOCK_SKEW_MS) throw new OAuthStateError('bad_state');
      if (age > lifetimeSeconds * 1000) throw new OAuthStateError('expired_state');
      const expiresAt = new Date(body.t + lifetimeSeconds * 1000);
      if (!(await consumeOAuthState(deps.db, state, expiresAt, now))) {
        throw new OAuthStateError('replayed_state');
      }
      return body.o;
    },
  };
}
