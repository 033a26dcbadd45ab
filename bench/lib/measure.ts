// Timing helpers shared by the benches: monotonic nanosecond clock, warm-up then
// repeated runs, medians and percentiles, and a plain-text table. Nothing here decides
// pass or fail for CI; benches print PASS/MISS beside their goals.

import { setPriority } from 'node:os';

/**
 * Ask the scheduler to prefer this process (nice -10) while it measures, so that other
 * work on a shared machine disturbs the figures less. Needs root or CAP_SYS_NICE; returns
 * a note for the bench's header either way.
 */
export function preferCpu(): string {
  try {
    setPriority(-10);
    return 'nice -10';
  } catch {
    return 'default priority (could not raise it)';
  }
}

export function nowNs(): bigint {
  return process.hrtime.bigint();
}

/** Run the garbage collector when node was started with --expose-gc (scripts/bench.mjs does). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) gc();
}

/** Milliseconds of one call of `fn`. */
export function timeOnce(fn: () => unknown): number {
  const start = nowNs();
  fn();
  return Number(nowNs() - start) / 1e6;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // nearest-rank: the smallest value with at least p% of the values at or below it
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export const median = (values: number[]): number => percentile(values, 50);
export const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

export interface Timing {
  /** Fastest run: the least disturbed by other processes on a shared machine. */
  min: number;
  median: number;
}

/**
 * Time several competitors on the same input, interleaved (A B C A B C ...) after a
 * warm-up, so that a change of machine load hits all of them alike. Returns each
 * competitor's fastest and median milliseconds.
 */
export function compareOn(
  fns: Record<string, () => unknown>,
  { warmup, repeats }: { warmup: number; repeats: number },
): Record<string, Timing> {
  const names = Object.keys(fns);
  for (let i = 0; i < warmup; i++) for (const n of names) fns[n]();
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < repeats; i++) {
    // rotate the order so that no competitor always runs first after the others
    for (let j = 0; j < names.length; j++) {
      const n = names[(i + j) % names.length];
      samples[n].push(timeOnce(fns[n]));
    }
  }
  return Object.fromEntries(
    names.map((n) => [n, { min: Math.min(...samples[n]), median: median(samples[n]) }]),
  );
}

export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    line(cells[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n');
}

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  return ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(0);
}

export function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'MISS';
}

/**
 * The exponent k of time ~ size^k: the slope of the least-squares line through
 * (log size, log time) over all sizes, steadier than a ratio of two noisy points.
 */
export function growthExponent(sizes: number[], times: number[]): number {
  const xs = sizes.map(Math.log);
  const ys = times.map(Math.log);
  const mx = sum(xs) / xs.length;
  const my = sum(ys) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return num / den;
}
