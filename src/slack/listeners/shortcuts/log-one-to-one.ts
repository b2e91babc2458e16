import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { SHORTCUT } from '../../../ids.js';
import { openLogModal } from '../../modals.js';
import { actorOf } from '../../payload.js';

/** The global shortcut "Log a one-to-one": the same modal as `/onetoone`. */
export function register(app: App, deps: Deps): void {
  app.shortcut(SHORTCUT.logOneToOne, async ({ ack, body, client }) => {
    await ack();
    await openLogModal(deps, client, actorOf(body), body.trigger_id);
  });
}
