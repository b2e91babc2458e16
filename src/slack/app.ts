import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Db } from '../db/database.js';
import type { Deps } from '../deps.js';
import { errorCode } from '../errors.js';
import { toSlackLogger } from '../logger.js';
import type { SlackPort } from '../ports/slack.js';
import { isHealthy } from '../services/health.js';
import { installPage } from '../views/install-pages.js';
import { singleWorkspaceAuthorize } from './authorize.js';
import { oauthCallbacks } from './distribution/callbacks.js';
import type { Distribution } from './distribution/runtime.js';
import { BOT_SCOPES } from './distribution/scopes.js';
import { createStateStore, STATE_LIFETIME_SECONDS } from './distribution/state-store.js';
import { registerListeners } from './listeners/index.js';
import { answerRefusals } from './listeners/refusals.js';
import { webApiPort } from './port/web-api-port.js';

export interface SlackAppOptions {
  /** Extra Web API client settings: tests turn retries off (`retryConfig: { retries: 0 }`). */
  clientOptions?: WebClientOptions;
  /**
   * "Add to Slack" mode (config.distribution set): Bolt's OAuth with our installation store,
   * each workspace's own token, HTTP only. Built by the composition root (createDistribution).
   */
  distribution?: Distribution;
}

/** Where the install page and Slack's OAuth redirect are served (manifest.yml's redirect_urls). */
export const INSTALL_PATH = '/slack/install';
export const REDIRECT_PATH = '/slack/oauth_redirect';

export interface RunningSlackApp {
  app: App;
  /** The Slack port over the bot's own client, for services called by listeners. */
  slack: SlackPort;
  /** The HTTP port actually bound (useful with PORT=0). */
  port: number;
  stop(): Promise<void>;
}

/** Answers 200 when the database answers, 503 otherwise. Used by Docker's HEALTHCHECK. */
function healthHandler(db: Db) {
  return async (_req: unknown, res: ServerResponse) => {
    const ok = await isHealthy({ db });
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok }));
  };
}

export function buildSlackApp(
  deps: Omit<Deps, 'slack'>,
  options: SlackAppOptions = {},
): { app: App; receiver?: Receiver; slack: SlackPort } {
  const { config, logger } = deps;
  const slackLogger = toSlackLogger(logger, config.logLevel);
  const clientOptions: WebClientOptions = {
    slackApiUrl: config.slack.apiUrl,
    logger: slackLogger,
    ...options.clientOptions,
  };
  const health = { path: '/healthz', method: ['GET'], handler: healthHandler(deps.db) };

  let app: App;
  let receiver: Receiver | undefined;
  let slack: SlackPort;
  const distribution = options.distribution;
  const oauth = config.distribution;
  if (distribution && oauth) {
    // Bolt's own OAuth: its HTTPReceiver serves the install page and the redirect through its
    // InstallProvider, whose authorize (our store, cached) gives every request its workspace's
    // token; oauth.v2.access and auth.test follow SLACK_API_URL through clientOptions.
    slack = distribution.slack;
    app = new App({
      signingSecret: config.slack.signingSecret,
      endpoints: '/slack/events',
      customRoutes: [health],
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      stateSecret: oauth.stateSecret,
      redirectUri: oauth.redirectUri,
      scopes: [...BOT_SCOPES],
      installationStore: distribution.store,
      installerOptions: {
        installPath: INSTALL_PATH,
        redirectUriPath: REDIRECT_PATH,
        stateVerification: true,
        stateStore: createStateStore(deps, oauth.stateSecret),
        stateCookieExpirationSeconds: STATE_LIFETIME_SECONDS,
        directInstall: false,
        renderHtmlForInstallPath: installPage,
        callbackOptions: oauthCallbacks({ logger, clientOptions }),
      },
      logger: slackLogger,
      clientOptions,
      convoStore: false,
    });
  } else {
    receiver = config.slack.appToken
      ? new SocketModeReceiver({
          appToken: config.slack.appToken,
          logger: slackLogger,
          // The socket's own client (apps.connections.open) follows SLACK_API_URL too.
          installerOptions: { clientOptions: { slackApiUrl: config.slack.apiUrl } },
        })
      : new HTTPReceiver({
          signingSecret: config.slack.signingSecret,
          endpoints: '/slack/events',
          logger: slackLogger,
          customRoutes: [health],
        });

    const botClient = new WebClient(config.slack.botToken, clientOptions);
    slack = webApiPort(() => botClient, logger);
    app = new App({
      // Not `token`: our authorize refuses requests from any workspace but the bot's own.
      authorize: singleWorkspaceAuthorize(botClient, config.slack.botToken),
      receiver,
      logger: slackLogger,
      clientOptions,
      // Bolt's default in-memory conversation store runs on every request with a channel and, when
      // nothing is stored (always, here: we keep no conversation state), builds and throws away an
      // Error with a stack trace. Off: measurably cheaper per command (see `npm run bench`).
      convoStore: false,
    });
  }

  app.use(answerRefusals(logger));
  registerListeners(
    app,
    { ...deps, slack, ...(distribution ? { workspaces: distribution.workspaces } : {}) },
    distribution ? { lifecycle: distribution.lifecycle } : undefined,
  );

  app.error(async (error) => {
    // Names, codes and where it happened only: never a message that might quote a payload, which
    // can hold what someone said in a one-to-one. Bolt wraps an authorize failure (twice, through
    // the InstallProvider): the innermost error carries our code (foreign_team, not_installed).
    let original: unknown = error;
    for (let i = 0; i < 5; i++) {
      const inner = (original as { original?: unknown }).original;
      if (inner === undefined || inner === null) break;
      original = inner;
    }
    const e = original as { name?: string; stack?: string };
    logger.error('listener failed', {
      name: e.name,
      code: errorCode(original),
      boltCode: (error as { code?: string }).code,
      at: e.stack?.split('\n')[1]?.trim(),
    });
  });

  return { app, receiver, slack };
}

/** Builds the app, starts it (HTTP on config.port, or Socket Mode plus a health server), returns a handle. */
export async function startSlackApp(
  deps: Omit<Deps, 'slack'>,
  options: SlackAppOptions = {},
): Promise<RunningSlackApp> {
  const { app, slack } = buildSlackApp(deps, options);
  const { config } = deps;
  if (config.slack.appToken) {
    await app.start();
    // Socket Mode needs no public HTTP endpoint, but the container's health check still does.
    const health = createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/healthz') void healthHandler(deps.db)(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => health.listen(config.port, resolve));
    return {
      app,
      slack,
      port: (health.address() as AddressInfo).port,
      stop: async () => {
        await app.stop();
        await new Promise<void>((resolve) => health.close(() => resolve()));
      },
    };
  }
  const server = (await app.start(config.port)) as Server;
  return {
    app,
    slack,
    port: (server.address() as AddressInfo).port,
    stop: () => app.stop() as Promise<void>,
  };
}
