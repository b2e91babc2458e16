import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppOptions } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import { CodedError, ErrorCode, errorCode } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { type InstallFailure, installedPage, installFailedPage } from '../../views/install-pages.js';
import { OAuthStateError } from './state-store.js';

/**
 * What /slack/oauth_redirect answers (Bolt's InstallProvider calls these): the page saying what
 * to do next once the installation is stored, or the page saying why nothing was stored. Log
 * lines carry the team id and a code, never a token, a name or a query string.
 */

type CallbackOptions = NonNullable<NonNullable<AppOptions['installerOptions']>['callbackOptions']>;
type AnyInstallation = Parameters<NonNullable<CallbackOptions['success']>>[0];

function send(res: ServerResponse, status: number, html: string): void {
  if (res.headersSent) return;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(html);
}

/** Why Bolt's InstallProvider gave up, as the installer is told. */
export function failureOf(error: unknown): InstallFailure {
  if (error instanceof OAuthStateError) return error.problem;
  if (error instanceof CodedError && error.code === ErrorCode.OrgInstallRefused) return 'org_install';
  switch ((error as { code?: unknown } | undefined)?.code) {
    // Bolt's code for `error=access_denied`: the installer pressed Cancel.
    case 'slack_oauth_installer_authorization_error':
      return 'cancelled';
    case 'slack_oauth_missing_state':
      return 'missing_state';
    // No state cookie, or another browser's.
    case 'slack_oauth_invalid_state':
      return 'bad_state';
    case 'slack_oauth_missing_code':
    case 'slack_webapi_platform_error':
      return 'slack_refused';
    default:
      return 'failed';
  }
}

export function oauthCallbacks(deps: {
  logger: Logger;
  /** For auth.revoke of a refused org-wide install's token (SLACK_API_URL applies). */
  clientOptions: WebClientOptions;
}): CallbackOptions {
  const { logger } = deps;
  return {
    // Refused before it is stored: an org-wide install. Its fresh token is revoked so the org is
    // not left with an app that will never answer.
    afterInstallation: async (
      installation: AnyInstallation,
      _options,
      _req: IncomingMessage,
      res: ServerResponse,
    ) => {
      if (!installation.isEnterpriseInstall) return true;
      const token = installation.bot?.token;
      if (token) {
        await new WebClient(token, deps.clientOptions).auth.revoke().catch((error: unknown) => {
          logger.warn('could not revoke a refused org install', { code: errorCode(error) });
        });
      }
      logger.warn('installation refused', {
        code: ErrorCode.OrgInstallRefused,
        enterpriseId: installation.enterprise?.id,
      });
      const page = installFailedPage('org_install');
      send(res, page.status, page.html);
      return false;
    },
    success: (installation, _options, _req, res) => {
      const teamId = installation.team?.id ?? '';
      logger.info('workspace installed', { teamId, scopes: installation.bot?.scopes?.length ?? 0 });
      send(res, 200, installedPage({ teamId, teamName: installation.team?.name, appId: installation.appId }));
    },
    failure: (error, _options, _req, res) => {
      const reason = failureOf(error);
      logger.warn('installation not stored', { reason, code: errorCode(error) });
      const page = installFailedPage(reason);
      send(res, page.status, page.html);
    },
  };
}
