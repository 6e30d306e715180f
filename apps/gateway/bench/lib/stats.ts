/** Nearest-rank percentile of an unsorted sample (ms or any unit); NaN for an empty sample. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length ? Math.max(...values) : Number.NaN,
    mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN,
  };
}

export const ms = (v: number, digits = 0) =>
  Number.isFinite(v) ? `${v.toFixed(digits)} ms` : 'n/a';
/** The n, p50, p95, p99 and max cells of a latency table row. */
export const latencyCells = (s: Summary, digits = 0) => [
  String(s.n),
  ms(s.p50, digits),
  ms(s.p95, digits),
  ms(s.p99, digits),
  ms(s.max, digits),
];
export const sec = (v: number, digits = 2) =>
  Number.isFinite(v) ? `${v.toFixed(digits)} s` : 'n/a';
export const mib = (bytes: number, digits = 1) => `${(bytes / 1024 / 1024).toFixed(digits)} MiB`;
export const int = (v: number) => Math.round(v).toLocaleString('en-US');

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Rejects with `what` after `ms` (the caller then stops what it started; a later failure of `promise` is ignored). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  promise.catch(() => undefined);
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Full GC when node runs with --expose-gc, twice (weak refs and finalizers settle). */
export async function collectGarbage(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  gc();
  await sleep(50);
  gc();
}
