import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * The campaign report's chart picture (issue 11): 30 ranked themes (the most one picture draws)
 * as a PNG, in a fresh Node process so its memory is the chart's alone: resident memory before
 * the chart module is loaded, then the first render (which loads Vega and resvg), then RUNS more.
 * Figures: first and median render time, and the extra memory (peak RSS during the renders minus
 * RSS before). Targets: < 200 ms a chart, < 100 MB extra.
 */

const RUNS = 20;

interface ChartFigures {
  firstMs: number;
  medianMs: number;
  medianCpuMs: number;
  maxMs: number;
  pngBytes: number;
  baselineMb: number;
  /** RSS once the first chart is drawn (Vega and resvg loaded). */
  firstMb: number;
  peakMb: number;
}

/** The child: runs when this file is executed directly (`tsx bench/lib/campaign-chart.ts child`). */
async function child(): Promise<void> {
  const baseline = process.memoryUsage().rss;
  const { renderRankedBarsPng } = await import('../../src/charts/ranked-bars.js');
  const bars = Array.from({ length: 30 }, (_, i) => ({
    label: `${['Housing', 'Work and wages', 'Cost of living', 'Safety', 'Schools'][i % 5]} ${i + 1}`,
    count: 200 - i * 6,
  }));
  const input = {
    bars,
    title: 'Themes heard: Spring listening (people who raised each)',
    unit: ['person', 'people'] as const,
  };
  let start = performance.now();
  let png = await renderRankedBarsPng(input);
  const firstMs = performance.now() - start;
  const firstRss = process.memoryUsage().rss;
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    start = performance.now();
    const before = process.cpuUsage();
    png = await renderRankedBarsPng(input);
    const used = process.cpuUsage(before);
    times.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const figures: ChartFigures = {
    firstMs,
    medianMs: times[Math.floor(times.length / 2)]!,
    medianCpuMs: cpu[Math.floor(cpu.length / 2)]!,
    maxMs: times.at(-1)!,
    pngBytes: png.png.length,
    baselineMb: baseline / 1e6,
    firstMb: firstRss / 1e6,
    // maxRSS is in kilobytes: the process's peak, which the renders set (nothing else ran).
    peakMb: (process.resourceUsage().maxRSS * 1024) / 1e6,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

export async function measureChart(): Promise<void> {
  const file = fileURLToPath(import.meta.url);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file, 'child'], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
    });
    const f = JSON.parse(stdout.trim().split('\n').at(-1)!) as ChartFigures;
    console.log(
      `chart (30 themes, ${(f.pngBytes / 1024).toFixed(0)} KB PNG): first ${f.firstMs.toFixed(0)} ms (loads Vega and resvg), ` +
        `then median ${f.medianMs.toFixed(1)} ms wall, ${f.medianCpuMs.toFixed(1)} ms CPU, max ${f.maxMs.toFixed(1)} ms (${RUNS} runs); target < 200 ms`,
    );
    console.log(
      `chart memory: RSS ${f.baselineMb.toFixed(0)} MB before, ${f.firstMb.toFixed(0)} MB after the first chart (${(f.firstMb - f.baselineMb).toFixed(0)} MB extra; target < 100 MB), ` +
        `peak ${f.peakMb.toFixed(0)} MB after ${RUNS + 1} charts (${(f.peakMb - f.baselineMb).toFixed(0)} MB extra)`,
    );
  } catch (error) {
    console.log(`chart: not measured (${(error as Error).message.split('\n')[0]})`);
  }
}

if (process.argv[2] === 'child' && fileURLToPath(import.meta.url) === process.argv[1]) await child();
