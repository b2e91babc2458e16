/**
 * `npm run bench [-- name …]`: runs each benchmark suite in turn and prints its figures.
 * Figures, not pass/fail: speed targets live here, never in a timed test.
 */
interface Suite {
  name: string;
  load: () => Promise<{ run(): Promise<void> }>;
}

const SUITES: Suite[] = [
  { name: 'charts', load: () => import('./charts.js') },
  { name: 'campaigns', load: () => import('./campaigns.js') },
  { name: 'command', load: () => import('./command.js') },
  { name: 'data', load: () => import('./data.js') },
  { name: 'digest', load: () => import('./digest.js') },
  { name: 'home', load: () => import('./home.js') },
  { name: 'import', load: () => import('./import.js') },
  { name: 'lead', load: () => import('./lead.js') },
  { name: 'multi-tenant', load: () => import('./multi-tenant.js') },
  { name: 'nudges', load: () => import('./nudges.js') },
];

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const chosen = wanted.length ? SUITES.filter((s) => wanted.includes(s.name)) : SUITES;
if (wanted.length && chosen.length !== wanted.length) {
  console.error(`Unknown suite. Known: ${SUITES.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
for (const suite of chosen) {
  console.log(`\n=== ${suite.name} ===`);
  await (await suite.load()).run();
}
