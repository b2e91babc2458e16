import { startFakeSlack } from '../../test/support/fake-slack.js';
import { monotonicMs, serveRpc } from './ipc.js';

/**
 * The tests' fake Slack Web API, in its own process, noting when each views.open arrives (by
 * trigger_id, on the machine-wide monotonic clock) so the load generator can time "command sent
 * → modal opened" without sharing its event loop with the fake.
 */
const slack = await startFakeSlack();
let opened: [trigger: string, at: number][] = [];
let views = 0;
/** The first modal opened since the last reset, as JSON: the bench checks both apps open the same. */
let firstView = '';

slack.on('views.open', (args) => {
  if (opened.length === 0) firstView = JSON.stringify(args.view);
  opened.push([String(args.trigger_id), monotonicMs()]);
  // Slack answers with the whole view echoed back, as the app's client really has to parse.
  const id = `VBENCH${++views}`;
  return { ok: true, view: { ...args.view, id, hash: `h${views}`, state: { values: {} } } };
});

serveRpc({
  /** Adds organisers users.info knows (with a time zone) and answers the Web API base URL. */
  start: (users: { id: string; tz: string }[]) => {
    for (const u of users) slack.users.set(u.id, u);
    return slack.apiUrl;
  },
  reset: () => {
    opened = [];
    firstView = '';
    slack.reset();
  },
  count: () => opened.length,
  collect: () => ({ opened, usersInfoCalls: slack.callsOf('users.info').length, firstView }),
  stop: async () => {
    await slack.stop();
    setImmediate(() => process.exit(0));
  },
});
