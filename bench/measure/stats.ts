/** What one load run measured: completed requests over the measured time and their latencies. */
export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  meanMs: number;
  /** Responses that were not 2xx, and connection errors or timeouts (both should be 0). */
  failures: number;
  /** The failures by status code (`error`, `timeout` for the others). */
  failuresBy?: Record<string, number>;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function summarize(latenciesMs: number[], seconds: number, failures: number): LoadResult {
  const sorted = Float64Array.from(latenciesMs).sort();
  const sum = latenciesMs.reduce((a, b) => a + b, 0);
  return {
    requests: latenciesMs.length,
    seconds,
    perSecond: latenciesMs.length / seconds,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms: percentile(sorted, 99),
    meanMs: latenciesMs.length > 0 ? sum / latenciesMs.length : Number.NaN,
    failures,
  };
}

/** Cycles through a fixed list, shared by every connection, so consecutive requests differ. */
export function rotation<T>(items: readonly T[]): () => T {
  let next = 0;
  return () => items[next++ % items.length] as T;
}
