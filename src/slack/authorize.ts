import type { Authorize, AuthorizeResult, AuthorizeSourceData } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { CodedError, ErrorCode } from '../errors.js';

interface BotIdentity {
  teamId: string;
  enterpriseId?: string;
  /** An org-wide (Enterprise Grid) install serves every workspace of its org. */
  orgWide: boolean;
  botId?: string;
  botUserId?: string;
}

/**
 * Single-workspace mode: every request must come from the bot's own workspace (as auth.test
 * names it), or from its Enterprise Grid org. Anything else is refused before any listener runs
 * and without a Slack call: Bolt acks it empty and reports an AuthorizationError, logged by code
 * (`foreign_team`). auth.test is asked once, on the first request, and asked again only if it
 * failed.
 */
export function singleWorkspaceAuthorize(client: WebClient, botToken: string): Authorize<boolean> {
  let identity: Promise<BotIdentity> | undefined;
  const whoAmI = () => {
    identity ??= client.auth.test().then(
      (r) => ({
        teamId: String(r.team_id ?? ''),
        enterpriseId: r.enterprise_id ? String(r.enterprise_id) : undefined,
        orgWide: r.is_enterprise_install === true,
        botId: r.bot_id ? String(r.bot_id) : undefined,
        botUserId: r.user_id ? String(r.user_id) : undefined,
      }),
      (error: unknown) => {
        identity = undefined;
        throw error;
      },
    );
    return identity;
  };
  return async (source: AuthorizeSourceData<boolean>): Promise<AuthorizeResult> => {
    const me = await whoAmI();
    const sameTeam = source.teamId !== undefined && source.teamId === me.teamId;
    const sameOrg = me.orgWide && me.enterpriseId !== undefined && source.enterpriseId === me.enterpriseId;
    if (!sameTeam && !sameOrg) throw new CodedError(ErrorCode.ForeignTeam);
    return {
      botToken,
      botId: me.botId,
      botUserId: me.botUserId,
      // The request's own workspace: in an org-wide install each workspace's rows are its own.
      teamId: source.teamId ?? me.teamId,
      enterpriseId: me.enterpriseId,
    };
  };
}
