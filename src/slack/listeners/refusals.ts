import type { AnyMiddlewareArgs, Middleware, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { RefusalError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { refusalNotice } from '../../views/messages.js';
import { respondEphemeral } from '../surfaces/ephemeral.js';

/**
 * The one place a refusal becomes the polite notice. A listener that has nothing more specific
 * to say throws `refuse(result)` (src/errors.ts); this global middleware, around every listener,
 * answers the person who acted: through the payload's response_url where there is one (slash
 * commands, buttons in messages), else by DM (the Home tab has no response_url). The notice
 * says nothing about whose record it was; the log line carries the code only.
 */
export function answerRefusals(logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async function answerRefusal(args) {
    try {
      await args.next();
    } catch (error) {
      if (!(error instanceof RefusalError)) throw error;
      const { respond, client } = args as unknown as { respond?: RespondFn; client: WebClient };
      const body = args.body as {
        type?: string;
        user?: { id?: unknown };
        user_id?: unknown;
        container?: { type?: unknown };
      };
      logger.info('refused a request', { code: error.code, type: body.type ?? 'command' });
      const notice = error.notice ?? refusalNotice(error.refusal.code);
      // A control on a view (the Home tab, a modal) is answered by DM even when the payload has a
      // response_url: there is no message of the person's there to answer under.
      if (respond && body.container?.type !== 'view') {
        await respondEphemeral(respond, notice, { replace: false });
        return;
      }
      const userId = typeof body.user?.id === 'string' ? body.user.id : body.user_id;
      if (typeof userId === 'string' && userId) {
        await client.chat.postMessage({ channel: userId, text: notice.text, blocks: notice.blocks });
      }
    }
  };
}
