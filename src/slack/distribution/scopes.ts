/**
 * The bot scopes an "Add to Slack" install asks for: the same list as manifest.yml's
 * oauth_config.scopes.bot (test/e2e/distribution.test.ts checks they agree).
 */
export const BOT_SCOPES: readonly string[] = [
  'commands',
  'chat:write',
  'im:write',
  'users:read',
  'channels:read',
  'groups:read',
  // files.uploadV2: the CSV export, and the chart pictures (stats, digest, campaign report).
  'files:write',
  'files:read',
  'im:history',
];
