import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ACTION } from '../../../interaction-ids.js';
import { findMyPeople } from '../../../services/one-to-ones.js';
import { personOptions } from '../../../views/options.js';
import { actorOf } from '../../decode/payload.js';

/** The "someone you have met before" search: only the organiser's own people, ever. */
export function register(app: App, deps: Deps): void {
  app.options(ACTION.personSearch, async ({ ack, body }) => {
    const people = await findMyPeople(deps, actorOf(body), body.value ?? '', 100);
    await ack({
      options: personOptions(
        people.map((p) => ({ id: p.id, name: p.name, institution: p.institution_name })),
      ),
    });
  });
}
