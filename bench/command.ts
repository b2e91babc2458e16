import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { SlackRequests } from '../test/support/slack-requests.js';
import {
  type Child,
  type LogLevel,
  launch,
  type MemoryFigures,
  monotonicMs,
  type ServerSettings,
  type ServerStats,
} from './servers/ipc.js';

/**
 * `/onetoone` with no text, the hot path: ack, then (ours) the cached users.info time-zone lookup
 * and views.open with the log modal. Driven over loopback against our real app, compiled
 * (`npm run build`, then plain `node` on dist/, as `npm start` runs it), and, in the same run, a
 * bare Bolt app under plain `node` that acks and opens the very same log modal. Each app, and the
 * fake Slack they both call, runs in a process of its own (bench/servers/). The two apps are alternated round
 * by round (which goes first alternates too), because on these shared machines two identical
 * apps differ by ~10% at p50 and ~30% at p99. Every round the fake Slack keeps the first modal
 * each app opened, and the run says whether the two were byte for byte the same (step one of the
 * two-step log, dated today in the organisers' zone): the comparison means nothing otherwise.
 * Memory is also broken down: V8's heap and its old generation at the serving peak (what grows
 * with the heap an app keeps), and RSS and heap once started, before any request.
 *
 * Closed loop: `concurrency` workers each send a signed slash command over keep-alive HTTP and
 * send the next as soon as the ack arrives. A round ends when every modal has reached the fake
 * Slack, so one app's leftover work never runs in the other's round.
 *
 * Options after `--` (with `=`, as bench/run.ts takes bare words for suite names): `--rounds=N`,
 * `--seconds=S` (per app per round), `--concurrency=C`, `--log-level=debug|info|warn|error`,
 * `--bare-listeners=N` (N no-op listeners in the bare app), `--bare-modal=empty` (the bare app opens
 * an empty modal instead of our log modal), `--no-build` (use dist/ as it is), `--pin` (app on core 1, load and fake Slack on core 0), `--cpu-prof` (.cpuprofile files per app in .bench/ours and .bench/bare,
 * one per thread: the biggest is the main thread).
 */

const SIGNING_SECRET = 'bench-signing-secret-0123456789';
const BOT_TOKEN = 'xoxb-bench-token';
/** Organisers sending commands: each one's time zone is looked up once, then cached in SQLite. */
const TIME_ZONE = 'America/Chicago';
const USERS = Array.from({ length: 20 }, (_, i) => `UBENCH${String(i).padStart(3, '0')}`);
/** How long to wait after a round for modals still being opened. */
const DRAIN_MS = 5_000;

interface Options {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  concurrency: number;
  logLevel: LogLevel;
  cpuProf: boolean;
  bareListeners: number;
  bareModal: 'empty' | 'log';
  /** Run `npm run build` first (off with `--no-build`: dist/ is used as it is). */
  build: boolean;
  /**
   * `--pin`: the app under test on a core of its own, away from the load generator and fake
   * Slack. Off by default: on two cores the shared core then limits both apps' throughput.
   */
  pin: boolean;
}

function readOptions(argv: string[]): Options {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const num = (name: string, fallback: number) => {
    const v = Number(value(name));
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  const level = value('log-level');
  return {
    rounds: Math.min(num('rounds', 6), 20),
    seconds: Math.min(num('seconds', 4), 20),
    warmupSeconds: 2,
    concurrency: Math.min(num('concurrency', 8), 64),
    logLevel: level === 'debug' || level === 'warn' || level === 'error' ? level : 'info',
    cpuProf: argv.includes('--cpu-prof'),
    bareListeners: Math.min(Math.floor(num('bare-listeners', 0)), 200),
    bareModal: value('bare-modal') === 'empty' ? 'empty' : 'log',
    build: !argv.includes('--no-build'),
    pin: argv.includes('--pin') && availableParallelism() >= 2,
  };
}

/** SlackRequests, remembering the trigger_id of the command it just built. */
class TracingRequests extends SlackRequests {
  lastTrigger = '';
  override triggerId(): string {
    this.lastTrigger = super.triggerId();
    return this.lastTrigger;
  }
}

/** One app under test: its process and a signed-request sender pointed at it. */
interface Target {
  name: 'ours' | 'bare';
  app: Child;
  send: TracingRequests;
}

interface RoundResult {
  acks: number[];
  toOpen: number[];
  completed: number;
  failed: number;
  /** Commands acknowledged whose modal never reached the fake Slack. */
  missing: number;
  seconds: number;
  /** CPU time the app process spent on this round, in milliseconds. */
  cpuMs: number;
  usersInfoCalls: number;
  /** The round's first modal, as the fake Slack received it (JSON). */
  firstView: string;
}

async function drive(
  target: Target,
  fake: Child,
  seconds: number,
  concurrency: number,
): Promise<RoundResult> {
  const { app, send } = target;
  await fake.call('reset');
  const sent = new Map<string, number>();
  const acks: number[] = [];
  let failed = 0;
  let next = 0;
  const cpuBefore = (await app.call<ServerStats>('stats')).cpuMs;
  const start = monotonicMs();
  const end = start + seconds * 1000;

  const worker = async () => {
    while (monotonicMs() < end) {
      const user = USERS[next++ % USERS.length]!;
      const t0 = monotonicMs();
      const pending = send.command('', { user, team: 'T0001' });
      const trigger = send.lastTrigger;
      try {
        const res = await pending;
        if (res.status !== 200) throw new Error(`status ${res.status}`);
        acks.push(monotonicMs() - t0);
        sent.set(trigger, t0);
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));

  const drainUntil = monotonicMs() + DRAIN_MS;
  while ((await fake.call<number>('count')) < sent.size && monotonicMs() < drainUntil) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const cpuMs = (await app.call<ServerStats>('stats')).cpuMs - cpuBefore;
  const { opened, usersInfoCalls, firstView } = await fake.call<{
    opened: [string, number][];
    usersInfoCalls: number;
    firstView: string;
  }>('collect');
  const openedAt = new Map(opened);
  const toOpen: number[] = [];
  let last = start;
  for (const [trigger, t0] of sent) {
    const at = openedAt.get(trigger);
    if (at === undefined) continue;
    toOpen.push(at - t0);
    last = Math.max(last, at);
  }
  return {
    acks,
    toOpen,
    completed: toOpen.length,
    failed,
    missing: sent.size - toOpen.length,
    seconds: (last - start) / 1000,
    cpuMs,
    usersInfoCalls,
    firstView,
  };
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Summary {
  rps: number;
  ack: { p50: number; p95: number; p99: number };
  open: { p50: number; p95: number };
  /** App CPU milliseconds per completed request: steadier than latency on a shared machine. */
  cpuPerRequest: number;
  roundP50: number[];
  roundRps: number[];
  failed: number;
  missing: number;
  usersInfoCalls: number;
  memory: MemoryFigures;
}

function summarise(rounds: RoundResult[], memory: MemoryFigures): Summary {
  const acks = rounds.flatMap((r) => r.acks).sort((a, b) => a - b);
  const toOpen = rounds.flatMap((r) => r.toOpen).sort((a, b) => a - b);
  const completed = rounds.reduce((n, r) => n + r.completed, 0);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  return {
    rps: completed / seconds,
    ack: { p50: percentile(acks, 50), p95: percentile(acks, 95), p99: percentile(acks, 99) },
    open: { p50: percentile(toOpen, 50), p95: percentile(toOpen, 95) },
    cpuPerRequest: rounds.reduce((n, r) => n + r.cpuMs, 0) / completed,
    roundP50: rounds.map((r) =>
      percentile(
        [...r.acks].sort((a, b) => a - b),
        50,
      ),
    ),
    roundRps: rounds.map((r) => r.completed / r.seconds),
    failed: rounds.reduce((n, r) => n + r.failed, 0),
    missing: rounds.reduce((n, r) => n + r.missing, 0),
    usersInfoCalls: rounds.reduce((n, r) => n + r.usersInfoCalls, 0),
    memory,
  };
}

const MB = 1024 * 1024;
const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

function printTable(ours: Summary, bare: Summary): void {
  type Row = [
    label: string,
    ours: number,
    bare: number,
    digits: number,
    target?: { max?: number; min?: number },
  ];
  const rows: Row[] = [
    ['requests/s (ack + modal opened)', ours.rps, bare.rps, 0, { min: 0.9 }],
    ['ack p50 (ms)', ours.ack.p50, bare.ack.p50, 2, { max: 1.1 }],
    ['ack p95 (ms)', ours.ack.p95, bare.ack.p95, 2, { max: 1.25 }],
    ['ack p99 (ms)', ours.ack.p99, bare.ack.p99, 2],
    ['views.open p50 (ms)', ours.open.p50, bare.open.p50, 2],
    ['views.open p95 (ms)', ours.open.p95, bare.open.p95, 2],
    ['app CPU per request (ms)', ours.cpuPerRequest, bare.cpuPerRequest, 3],
    [
      'peak RSS serving (MB)',
      ours.memory.servingPeakRssBytes / MB,
      bare.memory.servingPeakRssBytes / MB,
      1,
      { max: 1.2 },
    ],
    ['peak RSS incl. start-up (MB)', ours.memory.maxRssBytes / MB, bare.memory.maxRssBytes / MB, 1],
    [
      '  V8 heap at that peak (MB)',
      ours.memory.peakHeapTotalBytes / MB,
      bare.memory.peakHeapTotalBytes / MB,
      1,
    ],
    [
      '    of which old space (MB)',
      ours.memory.peakOldSpaceBytes / MB,
      bare.memory.peakOldSpaceBytes / MB,
      1,
    ],
    ['RSS once started, idle (MB)', ours.memory.readyRssBytes / MB, bare.memory.readyRssBytes / MB, 1],
    ['  V8 heap used then (MB)', ours.memory.readyHeapUsedBytes / MB, bare.memory.readyHeapUsedBytes / MB, 1],
  ];
  const lines = [['', 'ours', 'bare', 'ours/bare', 'target', '']];
  for (const [label, o, b, digits, target] of rows) {
    const ratio = o / b;
    const bound = target?.max !== undefined ? `<= ${target.max}x` : target?.min ? `>= ${target.min}x` : '';
    const met =
      target?.max !== undefined
        ? ratio <= target.max
        : target?.min !== undefined
          ? ratio >= target.min
          : true;
    lines.push([
      label,
      fmt(o, digits),
      fmt(b, digits),
      `${fmt(ratio)}x`,
      bound,
      bound ? (met ? 'ok' : 'MISSED') : '',
    ]);
  }
  const widths = lines[0]!.map((_, c) => Math.max(...lines.map((l) => l[c]!.length)));
  for (const l of lines) {
    console.log(
      l.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '),
    );
  }
}

/**
 * Whether both apps opened the very same modal, byte for byte, in every round (the comparison
 * means nothing otherwise): the bare app builds it with our view code, so a difference is in
 * what ours passes the view (the two-step form's step one, its date in the organiser's zone).
 */
function sameModalLine(ours: RoundResult[], bare: RoundResult[], bareModal: Options['bareModal']): string {
  if (bareModal === 'empty') return 'modal: the bare app opened an empty one (--bare-modal=empty)';
  const mismatch = ours.findIndex((r, i) => r.firstView !== bare[i]?.firstView);
  if (mismatch < 0) {
    const blocks = (JSON.parse(ours[0]?.firstView || '{}') as { blocks?: unknown[] }).blocks?.length ?? 0;
    return `modal: the same in both apps, every round (${ours[0]?.firstView.length ?? 0} bytes of JSON, ${blocks} blocks)`;
  }
  const a = ours[mismatch]!.firstView;
  const b = bare[mismatch]!.firstView;
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  return (
    `modal: NOT THE SAME in round ${mismatch + 1} (${a.length} vs ${b.length} bytes), from: ` +
    `ours ${JSON.stringify(a.slice(at, at + 60))} / bare ${JSON.stringify(b.slice(at, at + 60))}`
  );
}

/**
 * Sets a process's (and all its threads') CPU affinity with taskset. On two cores the load
 * generator and the fake Slack share core 0 and the app under test gets core 1 to itself: the
 * fake Slack's cost of decoding and echoing a large modal then no longer counts against the app
 * that sends it (on real Slack that work happens on Slack's servers). Returns false when taskset
 * is unavailable, and the run goes on unpinned.
 */
function pin(pid: number, cpu: number): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * `npm run build`: our app is measured as production runs it, compiled. A type error elsewhere
 * in the tree (tsc still emits) does not stop the bench while dist/src/main.js is there.
 */
function build(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const started = performance.now();
  try {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch {
    if (!existsSync(join(root, 'dist/src/main.js')))
      throw new Error('npm run build produced no dist/src/main.js');
    console.log('npm run build reported errors; measuring what it emitted');
  }
  console.log(`npm run build: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

export async function run(argv: string[] = process.argv.slice(2)): Promise<void> {
  const options = readOptions(argv);
  if (options.build) build();
  const dir = mkdtempSync(join(tmpdir(), 'onetoone-bench-'));
  const profileDir = join(process.cwd(), '.bench');
  const fake = launch(new URL('./servers/fake-slack.ts', import.meta.url));
  const pinned = options.pin && pin(process.pid, 0) && pin(fake.pid, 0);
  const targets: Target[] = [];
  try {
    const apiUrl = await fake.call<string>(
      'start',
      USERS.map((id) => ({ id, tz: TIME_ZONE })),
    );
    let responses = 0;
    const responseUrl = () => `${apiUrl.replace(/\/api\/$/, '')}/respond/R${++responses}`;
    for (const name of ['ours', 'bare'] as const) {
      const entry = new URL(
        name === 'ours' ? './servers/our-app.mjs' : './servers/bare-bolt.mjs',
        import.meta.url,
      );
      const app = launch(
        entry,
        options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, name)}`] : [],
      );
      if (pinned) pin(app.pid, 1);
      // Listed before it starts, so `finally` stops it even if it fails to start.
      const target: Target = { name, app, send: new TracingRequests('', SIGNING_SECRET, responseUrl) };
      targets.push(target);
      const settings: ServerSettings = {
        apiUrl,
        signingSecret: SIGNING_SECRET,
        botToken: BOT_TOKEN,
        dbPath: join(dir, `${name}.db`),
        logLevel: options.logLevel,
        bareListeners: options.bareListeners,
        bareModal: options.bareModal,
        timeZone: TIME_ZONE,
      };
      const port = await app.call<number>('start', settings);
      target.send = new TracingRequests(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET, responseUrl);
    }
    console.log(
      `${options.rounds} rounds x ${options.seconds}s per app, concurrency ${options.concurrency}, ` +
        `${USERS.length} organisers, log level ${options.logLevel}, Node ${process.version}, ` +
        `${pinned ? 'app pinned to core 1, load and fake Slack to core 0' : 'unpinned'}` +
        `; both apps compiled under plain node, bare app opening ${options.bareModal === 'log' ? 'the same log modal' : 'an empty modal'}` +
        (options.bareListeners ? ` with ${options.bareListeners} extra listeners` : ''),
    );

    // Warm-up: JIT, keep-alive connections, and each organiser's time zone cached by our app.
    for (const target of targets) await drive(target, fake, options.warmupSeconds, options.concurrency);

    const results = new Map<string, RoundResult[]>(targets.map((t) => [t.name, []]));
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? targets : [...targets].reverse();
      for (const target of order) {
        results.get(target.name)!.push(await drive(target, fake, options.seconds, options.concurrency));
      }
    }
    const [ours, bare] = await Promise.all(
      targets.map(async (t) =>
        summarise(results.get(t.name)!, (await t.app.call<ServerStats>('stats')).memory),
      ),
    );

    printTable(ours!, bare!);
    console.log(sameModalLine(results.get('ours')!, results.get('bare')!, options.bareModal));
    const perRound = ours!.roundP50.map((p, i) => fmt(p / bare!.roundP50[i]!)).join(' ');
    console.log(`per-round ack p50 ours/bare: ${perRound}`);
    console.log(
      `per-round requests/s ours/bare: ${ours!.roundRps.map((r, i) => fmt(r / bare!.roundRps[i]!)).join(' ')}`,
    );
    for (const [name, s] of [
      ['ours', ours!],
      ['bare', bare!],
    ] as const) {
      if (s.failed || s.missing) {
        console.log(`${name}: ${s.failed} commands not acked, ${s.missing} modals never opened`);
      }
    }
    console.log(
      `users.info calls while measuring (ours; cached after warm-up, expect 0): ${ours!.usersInfoCalls}`,
    );
    if (options.cpuProf) console.log(`CPU profiles: ${profileDir}/{ours,bare}/`);
  } finally {
    await Promise.all(targets.map((t) => t.app.stop()));
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
