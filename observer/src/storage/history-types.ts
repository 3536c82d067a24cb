/** Resolution of a history query: every sample, or 1-minute / 1-hour buckets. */
export type Resolution = 'raw' | '1m' | '1h';

/** One point of a history series. For `raw`, every statistic is the sample itself. */
export interface HistoryPoint {
  t: string;
  count: number;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  /** Share of polls that succeeded (probe series only). */
  up: number | null;
}

export interface HistoryQuery {
  service: string;
  /** A check name (`cpu:utilization`), or null for the observer's own poll latency. */
  check: string | null;
  from: number;
  to: number;
  resolution: Resolution;
  limit: number;
}

/** Where history comes from: InfluxDB when configured, memory otherwise. */
export interface HistoryReader {
  readonly source: 'influx' | 'memory';
  history(query: HistoryQuery): Promise<HistoryPoint[]>;
  /** Per service over [from, to]: p95 of poll latency and the mean of each listed check (for reports). */
  summary(
    from: number,
    to: number,
    checks: string[],
  ): Promise<Map<string, { p95: number | null; samples: number; checks: Record<string, number | null> }>>;
}

export const BUCKET_MS: Record<Exclude<Resolution, 'raw'>, number> = { '1m': 60_000, '1h': 3_600_000 };

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? null;
}
