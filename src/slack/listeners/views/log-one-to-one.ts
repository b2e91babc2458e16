import type { App } from '@slack/bolt';
import type { Deps } from '../../../deps.js';
import { validateLog } from '../../../domain/one-to-one.js';
import { CALLBACK, LOG_BLOCK } from '../../../interaction-ids.js';
import {
  DuplicatePersonError,
  editOneToOne,
  getOneToOne,
  logOneToOne,
  type MemberName,
  NotYoursError,
} from '../../../services/one-to-ones.js';
import { organiserToday } from '../../../services/organisers.js';
import { getReflection } from '../../../services/reflections.js';
import { SLACK_LOOKUP_BUDGET_MS, within } from '../../../services/within.js';
import { decodeLogMetadata } from '../../../views/log-modal.js';
import { loggedMessage } from '../../../views/messages.js';
import { actorOf } from '../../decode/payload.js';
import { readBlocks, toBlockErrors } from '../../decode/view-state.js';
import { toLoggedData } from '../../render.js';
import { refreshHomeLater } from '../../surfaces/home-tab.js';

/**
 * The log modal's submission. Validated and saved *before* it is acknowledged, so a submission
 * Slack saw accepted is on disk; bad fields go back inline (`response_action: 'errors'`).
 * The confirmation DM is sent after the ack.
 */
export function register(app: App, deps: Deps): void {
  app.view(CALLBACK.logModal, async ({ ack, body, view, client }) => {
    const actor = actorOf(body);
    // `?.`: a malformed payload without state is answered with the field errors, not a crash.
    const raw = readBlocks(view.state?.values, LOG_BLOCK);
    const result = validateLog(raw, await organiserToday(deps, actor));
    if (!result.ok) {
      await ack({ response_action: 'errors', errors: toBlockErrors(result.errors, LOG_BLOCK) });
      return;
    }
    const input = result.value;
    let member: MemberName | undefined;
    if (input.slackMember) {
      // Before the ack, so bounded: without an answer the member is saved under their id.
      const info = await within(
        SLACK_LOOKUP_BUDGET_MS,
        client.users.info({ user: input.slackMember }).catch(() => undefined),
      );
      const user = info?.user;
      if (user?.is_bot) {
        await ack({
          response_action: 'errors',
          errors: { [LOG_BLOCK.slackMember]: 'That is a bot: choose a person.' },
        });
        return;
      }
      member = {
        userId: input.slackMember,
        name: user?.real_name || user?.profile?.real_name || user?.name || input.slackMember,
      };
    }

    const { editingId } = decodeLogMetadata(view.private_metadata);
    let id: string;
    try {
      if (editingId) {
        const edited = await editOneToOne(deps, actor, editingId, input, member);
        id = editingId;
        if (!edited.changed) {
          // Nothing new (the same edit again, or saved unchanged): no second confirmation.
          await ack();
          return;
        }
      } else {
        const saved = await logOneToOne(deps, actor, input, view.id, member);
        id = saved.id;
        if (!saved.created) {
          // The same submission again (a retry or a double click): saved once, confirmed once.
          await ack();
          return;
        }
      }
    } catch (error) {
      if (error instanceof DuplicatePersonError) {
        await ack({
          response_action: 'errors',
          errors: {
            [LOG_BLOCK.institution]:
              'You already know someone of this name there: choose them under “Someone you have met before”, or leave this empty.',
          },
        });
        return;
      }
      if (error instanceof NotYoursError) {
        const block = editingId ? LOG_BLOCK.metOn : LOG_BLOCK.existingPerson;
        await ack({
          response_action: 'errors',
          errors: { [block]: 'I can’t find that among your records.' },
        });
        return;
      }
      throw error;
    }
    await ack();
    refreshHomeLater(deps, client, actor);

    const row = await getOneToOne(deps, actor, id);
    const reflected = Boolean(await getReflection(deps, actor, id));
    const message = loggedMessage(toLoggedData(row, Boolean(editingId), reflected));
    await client.chat.postMessage({ channel: actor.userId, text: message.text, blocks: message.blocks });
  });
}
