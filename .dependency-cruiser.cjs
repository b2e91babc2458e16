/**
 * The layer rules, checked by `npm run lint` (and so by CI): listeners → services →
 * repositories → db, with views pure. A rule names what must NOT be imported; every path is
 * relative to the project root. See README "Layout".
 */
const SLACK_CLIENTS = '^node_modules/@slack/(bolt|web-api|socket-mode|oauth)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import in one direction only: no cycles.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'views-are-pure',
      severity: 'error',
      comment: 'Views are data in, Block Kit out: no database, service, job, Slack client or listener.',
      from: { path: '^src/views/' },
      to: { path: [`^src/(db|repositories|services|jobs|slack|ports)/`, SLACK_CLIENTS, '^node_modules/kysely/'] },
    },
    {
      name: 'charts-are-pure',
      severity: 'error',
      comment:
        'Charts draw pictures from data (Vega to SVG, resvg to PNG): no database, repository, service, job, Slack or view.',
      from: { path: '^src/charts/' },
      to: {
        path: ['^src/(db|repositories|services|jobs|slack|ports|views)/', SLACK_CLIENTS, '^node_modules/kysely/'],
      },
    },
    {
      name: 'views-draw-no-charts',
      severity: 'error',
      comment: 'A view is Block Kit only: services draw the pictures (src/charts) and upload them.',
      from: { path: '^src/views/' },
      to: { path: ['^src/charts/', '^node_modules/(vega|@resvg)'] },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'The domain (rules and app types) depends on nothing but itself.',
      from: { path: '^src/domain/' },
      to: { path: ['^src/(db|repositories|services|jobs|slack|views|ports)/', SLACK_CLIENTS, '^node_modules/kysely/'] },
    },
    {
      name: 'ports-are-interfaces',
      severity: 'error',
      comment: 'A port says what the rules need from the outside world; it implements nothing.',
      from: { path: '^src/ports/' },
      to: { path: ['^src/(db|repositories|services|jobs|slack|views)/', SLACK_CLIENTS] },
    },
    {
      name: 'db-below-repositories',
      severity: 'error',
      comment: 'The database layer (connection, schema, migrations) knows no layer above it.',
      from: { path: '^src/db/' },
      to: { path: '^src/(repositories|services|jobs|slack|views|ports)/' },
    },
    {
      name: 'repositories-below-services',
      severity: 'error',
      comment: 'Repositories are plain functions over Kysely: no service, job, view or Slack.',
      from: { path: '^src/repositories/' },
      to: { path: ['^src/(services|jobs|slack|views|ports)/', SLACK_CLIENTS] },
    },
    {
      name: 'services-below-listeners',
      severity: 'error',
      comment: 'Services (the rules) reach Slack only through the port in deps: no listener, job or Slack client.',
      from: { path: '^src/services/' },
      to: { path: ['^src/(slack|jobs)/', SLACK_CLIENTS] },
    },
    {
      name: 'listeners-through-services',
      severity: 'error',
      comment: 'Listeners decode, call a use case, render, reply: no SQL, no repository.',
      from: { path: '^src/slack/' },
      to: { path: ['^src/(db|repositories|jobs)/', '^node_modules/kysely/'], pathNot: '^src/db/database\\.ts$' },
    },
    {
      name: 'jobs-through-services',
      severity: 'error',
      comment: 'Jobs are entry points like listeners: they call services, never a listener.',
      from: { path: '^src/jobs/' },
      to: { path: '^src/slack/(listeners|surfaces|decode)/' },
    },
    {
      name: 'src-not-tests',
      severity: 'error',
      comment: 'Nothing in src/ depends on tests or benchmarks.',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
