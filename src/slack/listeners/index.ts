import type { App } from '@slack/bolt';
import type { Deps } from '../../deps.js';
import * as campaignAdmin from './actions/campaign-admin.js';
import * as campaignReport from './actions/campaign-report.js';
import * as forget from './actions/forget.js';
import * as homePeople from './actions/home-people.js';
import * as importAction from './actions/import.js';
import * as lead from './actions/lead.js';
import * as listPage from './actions/list-page.js';
import * as nudge from './actions/nudge.js';
import * as openOneToOne from './actions/open-one-to-one.js';
import * as reflectNow from './actions/reflect-now.js';
import * as retention from './actions/retention.js';
import * as onetoone from './commands/onetoone.js';
import * as appHomeOpened from './events/app-home-opened.js';
import * as appUninstalled from './events/app-uninstalled.js';
import * as dmFileShare from './events/dm-file-share.js';
import * as personSearch from './options/person-search.js';
import * as logShortcut from './shortcuts/log-one-to-one.js';
import * as campaignView from './views/campaign.js';
import * as houseMeetingView from './views/house-meeting.js';
import * as importView from './views/import.js';
import * as introduceView from './views/introduce.js';
import * as leadPointsView from './views/lead-points.js';
import * as logView from './views/log-one-to-one.js';
import * as reflectionView from './views/reflection.js';
import * as settingsView from './views/settings.js';

/**
 * Every listener, one module each. Bolt runs every listener's matcher on every request, so each
 * listener here is a real cost per request (see `npm run bench`): keep the list short.
 */
const LISTENERS: { register(app: App, deps: Deps): void }[] = [
  onetoone,
  logShortcut,
  logView,
  reflectionView,
  settingsView,
  reflectNow,
  openOneToOne,
  listPage,
  personSearch,
  introduceView,
  forget,
  retention,
  appHomeOpened,
  homePeople,
  nudge,
  importView,
  importAction,
  dmFileShare,
  campaignReport,
  campaignView,
  campaignAdmin,
  houseMeetingView,
  lead,
  leadPointsView,
];

/**
 * `distribution` is set in "Add to Slack" mode only: then app_uninstalled and tokens_revoked are
 * listened for too (src/slack/listeners/events/app-uninstalled.ts).
 */
export function registerListeners(
  app: App,
  deps: Deps,
  distribution?: { lifecycle: appUninstalled.InstallationLifecycle },
): void {
  for (const listener of LISTENERS) listener.register(app, deps);
  if (distribution) appUninstalled.register(app, deps, distribution.lifecycle);
}
