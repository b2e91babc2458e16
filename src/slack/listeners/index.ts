import type { AllMiddlewareArgs, AnyMiddlewareArgs, App } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import {
  ACTION,
  CALLBACK,
  CAMPAIGN_ADMIN_ACTIONS,
  CAMPAIGN_CALLBACK,
  CAMPAIGN_REPORT_ACTIONS,
  FORGET_ACTIONS,
  HOME_PEOPLE_ACTIONS,
  HOUSE_MEETING_CALLBACK,
  HOUSE_MEETING_HOME_ACTION,
  IMPORT_ACTIONS,
  IMPORT_CALLBACK,
  INTRO_CALLBACK,
  LEAD_ACTIONS,
  LEAD_CALLBACK,
  LIST_PAGE_ACTIONS,
  LOG_ACTIONS,
  LOG_CALLBACKS,
  LOG_SHORTCUTS,
  NUDGE_ACTIONS,
  RETENTION_ACTIONS,
  SETTINGS_CALLBACK,
} from '../../interaction-ids.js';
import * as onetoone from './commands/onetoone.js';
import type { InstallationLifecycle } from './events/app-uninstalled.js';

/**
 * Every listener but the slash command, as a route: what Bolt matches (an action_id, a view's
 * callback_id, a shortcut's or options request's id, an event type) and the module that answers,
 * imported the first time it is needed. Two costs are kept off the hot path this way:
 * - Bolt runs every registered listener's matchers on every request, copying the request's
 *   arguments for each, so the routes are registered as ONE Bolt listener per kind (below);
 * - a process imports only the listener modules (and the services and views behind them) that
 *   its requests use: start-up memory, and the heap the garbage collector sizes from it.
 * Each module's own `register` says the same thing for that module alone, and
 * test/unit/listener-routes.test.ts keeps the two in step.
 */
export type RouteKind = 'action' | 'view' | 'options' | 'shortcut' | 'event';

export interface Route {
  kind: RouteKind;
  id: string | RegExp;
  load(): Promise<Listener>;
}

type ListenerArgs = AnyMiddlewareArgs & AllMiddlewareArgs;
type Listener = (args: ListenerArgs) => Promise<void>;

/**
 * A module's handler with the deps bound. The route's kind and id guarantee the payload shape the
 * handler declares (Bolt's own typed listeners guarantee no more), hence the cast.
 */
function bind<A>(handler: (deps: Deps, args: A) => unknown, deps: Deps): Listener {
  return async (args) => {
    await handler(deps, args as unknown as A);
  };
}

export function listenerRoutes(deps: Deps, lifecycle?: InstallationLifecycle): Route[] {
  const route = (kind: RouteKind, id: string | RegExp, load: () => Promise<Listener>): Route => ({
    kind,
    id,
    load,
  });
  const routes: Route[] = [
    route('shortcut', LOG_SHORTCUTS, async () =>
      bind((await import('./shortcuts/log-one-to-one.js')).handleLogShortcut, deps),
    ),
    route('view', LOG_CALLBACKS, async () =>
      bind((await import('./views/log-one-to-one.js')).handleLogView, deps),
    ),
    route('action', LOG_ACTIONS, async () =>
      bind((await import('./views/log-one-to-one.js')).handleLogAction, deps),
    ),
    route('view', CALLBACK.reflectionModal, async () =>
      bind((await import('./views/reflection.js')).handleReflectionSubmission, deps),
    ),
    route('view', SETTINGS_CALLBACK, async () =>
      bind((await import('./views/settings.js')).handleSettingsSubmission, deps),
    ),
    route('action', ACTION.reflectNow, async () =>
      bind((await import('./actions/reflect-now.js')).handleReflectNow, deps),
    ),
    route('action', ACTION.openOneToOne, async () =>
      bind((await import('./actions/open-one-to-one.js')).handleOpenOneToOne, deps),
    ),
    route('action', LIST_PAGE_ACTIONS, async () =>
      bind((await import('./actions/list-page.js')).handleListPage, deps),
    ),
    route('options', ACTION.personSearch, async () =>
      bind((await import('./options/person-search.js')).handlePersonSearch, deps),
    ),
    route('view', INTRO_CALLBACK, async () =>
      bind((await import('./views/introduce.js')).handleIntroduceSubmission, deps),
    ),
    route('action', FORGET_ACTIONS, async () =>
      bind((await import('./actions/forget.js')).handleForgetAction, deps),
    ),
    route('action', RETENTION_ACTIONS, async () =>
      bind((await import('./actions/retention.js')).handleRetentionAction, deps),
    ),
    route('event', 'app_home_opened', async () =>
      bind((await import('./events/app-home-opened.js')).handleAppHomeOpened, deps),
    ),
    route('action', HOME_PEOPLE_ACTIONS, async () =>
      bind((await import('./actions/home-people.js')).handleHomePeopleAction, deps),
    ),
    route('action', NUDGE_ACTIONS, async () =>
      bind((await import('./actions/nudge.js')).handleNudgeButton, deps),
    ),
    route('view', IMPORT_CALLBACK, async () =>
      bind((await import('./views/import.js')).handleImportSubmission, deps),
    ),
    route('action', IMPORT_ACTIONS, async () =>
      bind((await import('./actions/import.js')).handleImportAction, deps),
    ),
    route('event', 'message', async () =>
      bind((await import('./events/dm-file-share.js')).handleDmFileShare, deps),
    ),
    route('action', CAMPAIGN_REPORT_ACTIONS, async () =>
      bind((await import('./actions/campaign-report.js')).handleCampaignReportAction, deps),
    ),
    route('view', CAMPAIGN_CALLBACK, async () =>
      bind((await import('./views/campaign.js')).handleCampaignSubmission, deps),
    ),
    route('action', CAMPAIGN_ADMIN_ACTIONS, async () =>
      bind((await import('./actions/campaign-admin.js')).handleCampaignAdminAction, deps),
    ),
    route('view', HOUSE_MEETING_CALLBACK, async () =>
      bind((await import('./views/house-meeting.js')).handleHouseMeetingSubmission, deps),
    ),
    route('action', HOUSE_MEETING_HOME_ACTION, async () =>
      bind((await import('./views/house-meeting.js')).handleHouseMeetingButton, deps),
    ),
    route('action', LEAD_ACTIONS, async () =>
      bind((await import('./actions/lead.js')).handleLeadAction, deps),
    ),
    route('view', LEAD_CALLBACK.points, async () =>
      bind((await import('./views/lead-points.js')).handleAgendaPointsSubmission, deps),
    ),
  ];
  if (lifecycle) {
    // "Add to Slack" mode only: app_uninstalled and tokens_revoked (their handlers take the lifecycle).
    const uninstalled = async () => import('./events/app-uninstalled.js');
    routes.push(
      route('event', 'app_uninstalled', async () => {
        const { handleAppUninstalled } = await uninstalled();
        return async (args) => handleAppUninstalled(lifecycle, args as never);
      }),
      route('event', 'tokens_revoked', async () => {
        const { handleTokensRevoked } = await uninstalled();
        return async (args) => handleTokensRevoked(lifecycle, args as never);
      }),
    );
  }
  return routes;
}

const escapePattern = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** One pattern matching whatever any of `ids` matches (each id a whole string, or its own pattern). */
export function unionPattern(ids: readonly (string | RegExp)[]): RegExp {
  // A flag (i, g…) would be lost in the union, or make test() stateful: ids carry none.
  const flagged = ids.find((id) => typeof id !== 'string' && id.flags);
  if (flagged) throw new Error(`listener id ${String(flagged)} has flags; ids must have none`);
  return new RegExp(
    ids.map((id) => (typeof id === 'string' ? `^${escapePattern(id)}$` : `(?:${id.source})`)).join('|'),
  );
}

/** The id Bolt matches a route of `kind` against, read from the request as Bolt reads it. */
function idOf(kind: RouteKind, args: ListenerArgs): string | undefined {
  const { payload, body, event } = args as {
    payload: { action_id?: unknown };
    body: { view?: { callback_id?: unknown }; callback_id?: unknown };
    event?: { type?: unknown };
  };
  const value =
    kind === 'action' || kind === 'options'
      ? payload.action_id
      : kind === 'view'
        ? body.view?.callback_id
        : kind === 'shortcut'
          ? body.callback_id
          : event?.type;
  return typeof value === 'string' ? value : undefined;
}

const matches = (id: string | RegExp, value: string) =>
  typeof id === 'string' ? id === value : id.test(value);

/**
 * `distribution` is set in "Add to Slack" mode only: then app_uninstalled and tokens_revoked are
 * listened for too (src/slack/listeners/events/app-uninstalled.ts).
 */
export function registerListeners(
  app: App,
  deps: Deps,
  distribution?: { lifecycle: InstallationLifecycle },
): void {
  // The slash command, the hot path, is imported at start: its first use pays no import.
  onetoone.register(app, deps);
  const routes = listenerRoutes(deps, distribution?.lifecycle);
  const loaded = new Map<Route, Promise<Listener>>();
  const listenerOf = (r: Route) => {
    let listener = loaded.get(r);
    if (!listener) {
      listener = r.load();
      // A failed import is tried again next time rather than remembered.
      listener.catch(() => loaded.delete(r));
      loaded.set(r, listener);
    }
    return listener;
  };
  const dispatch = (kind: RouteKind, ofKind: Route[]) => async (args: ListenerArgs) => {
    const value = idOf(kind, args);
    if (value === undefined) return;
    // As Bolt would: every route that matches runs (ids are disjoint, so one does).
    await Promise.all(
      ofKind.filter((r) => matches(r.id, value)).map(async (r) => (await listenerOf(r))(args)),
    );
  };
  for (const kind of ['action', 'view', 'options', 'shortcut', 'event'] as const) {
    const ofKind = routes.filter((r) => r.kind === kind);
    if (ofKind.length === 0) continue;
    const pattern = unionPattern(ofKind.map((r) => r.id));
    const listener = dispatch(kind, ofKind);
    if (kind === 'action') app.action(pattern, listener);
    else if (kind === 'view') app.view(pattern, listener);
    else if (kind === 'options') app.options(pattern, listener);
    else if (kind === 'shortcut') app.shortcut(pattern, listener);
    else app.event(pattern, listener);
  }
}
