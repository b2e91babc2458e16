import { COMMAND } from '../interaction-ids.js';

/**
 * The web pages of "Add to Slack" distribution (issue 10): the install page at /slack/install
 * and what /slack/oauth_redirect answers. Pure: data in, an HTML page out. Nothing from a query
 * string is shown back, and every value put into the page is escaped.
 */

export interface HtmlPage {
  status: number;
  html: string;
}

/** Why an installation did not happen, as the installer is told. */
export type InstallFailure =
  /** The installer pressed Cancel on Slack's page (`error=access_denied`). */
  | 'cancelled'
  /** A redirect with no state (not started from our install page). */
  | 'missing_state'
  /** A state that is not ours, or not this browser's (no or another state cookie). */
  | 'bad_state'
  /** A state older than the install link's lifetime. */
  | 'expired_state'
  /** A state that was already used once. */
  | 'replayed_state'
  /** An Enterprise Grid org-wide install: the app installs per workspace. */
  | 'org_install'
  /** Slack refused the exchange of the code (used already, or expired). */
  | 'slack_refused'
  /** Anything else: try again later. */
  | 'failed';

const APP_NAME = 'One-to-one';
const INSTALL_PATH = '/slack/install';

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; color: #1d1c1d; }
h1 { font-size: 1.5rem; }
a.button { display: inline-block; padding: .6rem 1.2rem; border-radius: .4rem; background: #4a154b; color: #fff; text-decoration: none; font-weight: 600; }
code { background: #f4f4f4; padding: .1rem .3rem; border-radius: .2rem; }
</style>
</head>
<body>
${body}
</body>
</html>`;
}

/** GET /slack/install: the "Add to Slack" button, whose link carries the state. */
export function installPage(addToSlackUrl: string): string {
  return page(
    `Add ${APP_NAME} to Slack`,
    `<h1>Add ${APP_NAME} to your Slack workspace</h1>
<p>${APP_NAME} helps community organisers log their relational one-to-ones, reflect on them and follow up.
What people tell you stays private to you; team channels can get a weekly digest built from counts only.</p>
<p><a class="button" id="add-to-slack" href="${escapeHtml(addToSlackUrl)}">Add to Slack</a></p>
<p>Slack will ask you to choose a workspace and to allow what the app needs. The link works for 10 minutes.</p>`,
  );
}

/** The redirect's answer once the installation is stored: what to do next, in Slack. */
export function installedPage(where: { teamId: string; teamName?: string; appId?: string }): string {
  const workspace = where.teamName ? escapeHtml(where.teamName) : 'your workspace';
  const open = where.appId
    ? `<p><a class="button" href="https://slack.com/app_redirect?app=${encodeURIComponent(where.appId)}&amp;team=${encodeURIComponent(where.teamId)}">Open ${APP_NAME} in Slack</a></p>`
    : '';
  return page(
    `${APP_NAME} is installed`,
    `<h1>${APP_NAME} is installed in ${workspace}</h1>
<p>What next, in Slack:</p>
<ol>
<li>Open the app’s <strong>Home</strong> tab (find <strong>${APP_NAME}</strong> under Apps in the sidebar) to see your one-to-ones and people.</li>
<li>Type <code>${COMMAND}</code> in any channel or message to log your first one-to-one; <code>${COMMAND} help</code> lists everything else.</li>
<li>For a team’s weekly digest, invite the app to the team’s channel and type <code>${COMMAND} digest here</code> there.</li>
</ol>
${open}
<p>You can close this page.</p>`,
  );
}

const FAILURES: Record<InstallFailure, { status: number; title: string; text: string }> = {
  cancelled: {
    status: 200,
    title: 'Installation cancelled',
    text: `Nothing was installed. You can add ${APP_NAME} whenever you like.`,
  },
  missing_state: {
    status: 400,
    title: 'This link did not start on our install page',
    text: 'Nothing was installed. Start from the install page, so Slack and this app can tell the request is yours.',
  },
  bad_state: {
    status: 400,
    title: 'This installation could not be verified',
    text:
      'Nothing was installed. The link was not started in this browser (or its cookie was blocked). ' +
      'Start again from the install page, in the same browser you finish in.',
  },
  expired_state: {
    status: 400,
    title: 'This install link has expired',
    text: 'Nothing was installed. Install links work for 10 minutes: start again from the install page.',
  },
  replayed_state: {
    status: 400,
    title: 'This install link was already used',
    text: 'Nothing new was installed. Each install link works once: start again from the install page.',
  },
  org_install: {
    status: 403,
    title: 'Org-wide installs are not supported',
    text:
      `${APP_NAME} is installed one workspace at a time, not across a whole Enterprise Grid organisation. ` +
      'Nothing was stored. Install it into each workspace that wants it: start again from the install page and choose a workspace.',
  },
  slack_refused: {
    status: 400,
    title: 'Slack did not confirm this installation',
    text: 'Nothing was installed. The link may have been used already or be too old: start again from the install page.',
  },
  failed: {
    status: 500,
    title: 'The installation did not finish',
    text: 'Nothing was installed. Something went wrong on our side: please try again in a few minutes.',
  },
};

/** The redirect's answer when nothing was stored, saying why and how to start again. */
export function installFailedPage(reason: InstallFailure): HtmlPage {
  const f = FAILURES[reason];
  return {
    status: f.status,
    html: page(
      f.title,
      `<h1>${escapeHtml(f.title)}</h1>
<p>${escapeHtml(f.text)}</p>
<p><a class="button" href="${INSTALL_PATH}">Start again</a></p>`,
    ),
  };
}
