import type { App, BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { ACTION } from '../../../interaction-ids.js';
import { listMyOneToOnes } from '../../../services/one-to-ones.js';
import { decodeListPage, listMessage } from '../../../views/messages.js';
import { actorOf } from '../../decode/payload.js';
import { toListData } from '../../render.js';
import { respondEphemeral } from '../../surfaces/ephemeral.js';

const LIST_PAGE = new RegExp(`^${ACTION.listPage}_`);

/** "Older" / "Newer" under `/onetoone list`: replaces the ephemeral list with the next page. */
export function register(app: App, deps: Deps): void {
  app.action<BlockButtonAction>(LIST_PAGE, async ({ ack, body, action, respond }) => {
    await ack();
    const actor = actorOf(body);
    const { query, page } = decodeListPage(action.value);
    const m = listMessage(toListData(await listMyOneToOnes(deps, actor, query, page)));
    await respondEphemeral(respond, m, { replace: true });
  });
}
