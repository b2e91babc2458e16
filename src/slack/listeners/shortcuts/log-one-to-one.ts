import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { SHORTCUT } from '../../../ids.js';
import { openLogModal } from '../../modals.js';

/** The global shortcut "Log a one-to-one": the same modal as `/onetoone`. */
export function register(app: App, deps: Deps): void {
  app.shortcut(SHORTCUT.logOneToOne, async ({ ack, body, client }) => {
    await ack();
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    await openLogModal(deps, client, { teamId, userId: body.user.id }, body.trigger_id);
  });
}
