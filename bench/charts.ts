import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

/**
 * The chart pictures (src/charts): the 8-week trend (`/onetoone stats`, the digest) and ranked
 * horizontal bars (a campaign's themes, 30 bars: the most one picture draws). Targets (issue 11):
 * a chart rendered in < 200 ms and < 100 MB extra memory.
 *
 * Measured in a fresh Node process (forked, so the other suites' heaps do not blur the figures):
 * - the RSS that importing src/charts adds before any render (≈ 0: Vega and resvg load lazily,
 *   so a bot that draws no chart pays nothing for them);
 * - cold: the first render of each chart, the first one including loading Vega and resvg;
 * - warm: p50/p95 over RUNS renders after WARMUP, Vega's SVG and resvg's PNG split out;
 * - memory: RSS after the first render of each chart; RSS and heap after all the renders (after
 *   a GC); and the highest RSS sampled after each render; each against the process before the
 *   first import. A fresh process starts with a small heap, so these are upper bounds for a bot
 *   whose heap is already grown.
 */

const WARMUP = 5;
const RUNS = 60;

interface Figures {
  importRssMb: number;
  coldTrendMs: number;
  coldRankedMs: number;
  /** RSS after the first render of each chart (the libraries loaded and one picture each). */
  firstRendersRssMb: number;
  trend: number[];
  trendSvg: number[];
  trendPng: number[];
  ranked: number[];
  /** CPU time (user + system) of the same renders: what they cost on an idle core. */
  trendCpu: number[];
  rankedCpu: number[];
  rssAfterMb: number;
  peakRssMb: number;
  heapAfterMb: number;
  pngBytes: { trend: number; ranked: number };
  size: { trend: string; ranked: string };
}

const MB = 1024 * 1024;

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function line(name: string, samples: number[]): string {
  return `${name.padEnd(34)} p50 ${percentile(samples, 50).toFixed(1).padStart(6)} ms   p95 ${percentile(samples, 95).toFixed(1).padStart(6)} ms`;
}

async function measure(): Promise<Figures> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  gc();
  const base = process.memoryUsage();
  const trendModule = await import('../src/charts/weekly-trend.js');
  const rankedModule = await import('../src/charts/ranked-bars.js');
  const engine = await import('../src/charts/engine.js');
  gc();
  const importRssMb = (process.memoryUsage().rss - base.rss) / MB;

  const trendInput = {
    weeks: ['5 Oct', '12 Oct', '19 Oct', '26 Oct', '2 Nov', '9 Nov', '16 Nov', 'this week'].map(
      (label, i) => ({
        label,
        count: [3, 5, 0, 7, 4, 6, 2, 1][i]!,
        goal: i < 3 ? 4 : 5,
      }),
    ),
    goal: 5,
    title: 'Your one-to-ones, the last 8 weeks',
    unit: ['one-to-one', 'one-to-ones'] as const,
  };
  const THEMES = ['housing', 'work and wages', 'health', 'safety', 'schools', 'transport', 'immigration'];
  const rankedInput = {
    bars: Array.from({ length: 30 }, (_, i) => ({
      label: `${THEMES[i % THEMES.length]} ${i + 1}`,
      count: 300 - i * 9,
    })),
    title: 'Themes heard, by distinct people',
    unit: ['person', 'people'] as const,
  };

  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  let lastCpuMs = 0;
  const timed = async (fn: () => Promise<unknown>): Promise<number> => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await fn();
    const ms = performance.now() - start;
    const used = process.cpuUsage(cpu);
    lastCpuMs = (used.user + used.system) / 1000;
    sample();
    return ms;
  };

  const coldTrendMs = await timed(() => trendModule.renderWeeklyTrendPng(trendInput));
  const coldRankedMs = await timed(() => rankedModule.renderRankedBarsPng(rankedInput));
  const firstRendersRssMb = (process.memoryUsage().rss - base.rss) / MB;
  const trend: number[] = [];
  const trendSvg: number[] = [];
  const trendPng: number[] = [];
  const ranked: number[] = [];
  const trendCpu: number[] = [];
  const rankedCpu: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t = await timed(() => trendModule.renderWeeklyTrendPng(trendInput));
    const tCpu = lastCpuMs;
    let svg = '';
    const s = await timed(async () => {
      svg = await trendModule.renderWeeklyTrendSvg(trendInput);
    });
    const p = await timed(() => engine.svgToPng(svg));
    const r = await timed(() => rankedModule.renderRankedBarsPng(rankedInput));
    if (i >= WARMUP) {
      trendCpu.push(tCpu);
      rankedCpu.push(lastCpuMs);
      trend.push(t);
      trendSvg.push(s);
      trendPng.push(p);
      ranked.push(r);
    }
    // A bot's event loop turns between renders: resvg's native buffers are freed by finalisers
    // that run there (after the GC that V8 schedules on its own).
    await new Promise((resolve) => setImmediate(resolve));
  }
  const lastTrend = await trendModule.renderWeeklyTrendPng(trendInput);
  const lastRanked = await rankedModule.renderRankedBarsPng(rankedInput);
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  const after = process.memoryUsage();
  return {
    importRssMb,
    coldTrendMs,
    coldRankedMs,
    firstRendersRssMb,
    trend,
    trendSvg,
    trendPng,
    ranked,
    trendCpu,
    rankedCpu,
    rssAfterMb: (after.rss - base.rss) / MB,
    peakRssMb: (peak - base.rss) / MB,
    heapAfterMb: (after.heapUsed - base.heapUsed) / MB,
    pngBytes: { trend: lastTrend.png.length, ranked: lastRanked.png.length },
    size: {
      trend: `${lastTrend.width}×${lastTrend.height}`,
      ranked: `${lastRanked.width}×${lastRanked.height}`,
    },
  };
}

export async function run(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    env: { ...process.env, CHARTS_BENCH_CHILD: '1' },
  });
  const figures = await new Promise<Figures>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Figures));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`charts bench child exited ${code}`));
    });
  });
  const f = figures;
  console.log(`importing src/charts (no render yet):  +${f.importRssMb.toFixed(1)} MB RSS`);
  console.log(`cold: first trend (loads Vega, resvg): ${f.coldTrendMs.toFixed(0)} ms`);
  console.log(`cold: first ranked bars (30 bars):     ${f.coldRankedMs.toFixed(0)} ms`);
  console.log(`RSS after those two first renders:     +${f.firstRendersRssMb.toFixed(0)} MB`);
  console.log(line(`warm: trend PNG (${f.size.trend}, ${(f.pngBytes.trend / 1024).toFixed(0)} KB)`, f.trend));
  console.log(line('  its CPU time', f.trendCpu));
  console.log(line('  of which Vega → SVG', f.trendSvg));
  console.log(line('  of which resvg SVG → PNG', f.trendPng));
  console.log(
    line(`warm: ranked PNG (${f.size.ranked}, ${(f.pngBytes.ranked / 1024).toFixed(0)} KB)`, f.ranked),
  );
  console.log(line('  its CPU time', f.rankedCpu));
  console.log(
    `(wall times include waiting for a core: load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`,
  );
  console.log(
    `memory after ${WARMUP + RUNS} renders of each: RSS +${f.rssAfterMb.toFixed(0)} MB (peak +${f.peakRssMb.toFixed(0)} MB), heap +${f.heapAfterMb.toFixed(1)} MB`,
  );
  // Targets (issue 11): < 200 ms and < 100 MB extra. Time is judged on CPU time, which a busy
  // machine does not inflate (the renders are synchronous, on one core); memory on what stays
  // after rendering, the transient peak printed beside it.
  const cpu = Math.max(percentile(f.trendCpu, 95), percentile(f.rankedCpu, 95));
  const wall = Math.max(percentile(f.trend, 95), percentile(f.ranked, 95));
  const extra = Math.max(f.firstRendersRssMb, f.rssAfterMb);
  console.log(
    `targets: < 200 ms ${cpu < 200 ? 'met' : 'MISSED'} (CPU p95 ${cpu.toFixed(0)} ms; wall p95 ${wall.toFixed(0)} ms); ` +
      `< 100 MB extra ${extra < 100 ? 'met' : 'MISSED'} (+${extra.toFixed(0)} MB; transient peak +${f.peakRssMb.toFixed(0)} MB)`,
  );
}

if (process.env.CHARTS_BENCH_CHILD === '1' && process.send) {
  const figures = await measure();
  process.send(figures, () => process.exit(0));
}
