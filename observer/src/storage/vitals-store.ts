import type { IPoint } from 'influx';
import { M, RP } from './influx-schema';
import type { InfluxStore } from './influx-store';

/** The Web Vitals metrics a page reports (web-vitals' names). */
export const VITAL_METRICS = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;
export type VitalMetric = (typeof VITAL_METRICS)[number];
export const VITAL_RATINGS = ['good', 'needs-improvement', 'poor'] as const;
export type VitalRating = (typeof VITAL_RATINGS)[number];

/** One measured value of one page load, as stored. */
export interface VitalSample {
  page: string;
  metric: VitalMetric;
  value: number;
  rating: VitalRating;
  /** ms since the epoch (when the observer received it). */
  at: number;
}

/** Per page and metric over a time range: the 75th percentile, how many values, and how many of each rating. */
export interface VitalAggregate {
  page: string;
  metric: VitalMetric;
  p75: number;
  count: number;
  ratings: Record<VitalRating, number>;
}

/** Where Web Vitals go: InfluxDB when configured, memory otherwise. */
export interface VitalsStore {
  readonly source: 'influx' | 'memory';
  record(samples: VitalSample[]): void;
  aggregate(from: number, to: number): Promise<VitalAggregate[]>;
}

/**
 * The percentile InfluxQL's `percentile(field, N)` returns (nearest rank: the value at index floor(n × N / 100 + 0.5) − 1
 * of the sorted values, clamped), so memory and InfluxDB agree on the same values.
 */
export function nearestRankPercentile(values: number[], percentile: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.floor((sorted.length * percentile) / 100 + 0.5) - 1));
  return sorted[index] as number;
}

const emptyRatings = (): Record<VitalRating, number> => ({ good: 0, 'needs-improvement': 0, poor: 0 });

/** The `web_vitals` point of one sample. */
export function vitalPoint(sample: VitalSample): IPoint {
  return {
    measurement: M.webVitals,
    tags: { page: sample.page, metric: sample.metric, rating: sample.rating },
    fields: { value: sample.value },
    timestamp: sample.at,
  };
}

/** Web Vitals in InfluxDB: written through the observer's batched store (raw retention), aggregated by InfluxQL. */
export class InfluxVitalsStore implements VitalsStore {
  readonly source = 'influx' as const;

  constructor(private readonly influx: Pick<InfluxStore, 'write' | 'client'>) {}

  record(samples: VitalSample[]): void {
    this.influx.write(samples.map(vitalPoint));
  }

  async aggregate(from: number, to: number): Promise<VitalAggregate[]> {
    const where = `time >= ${Math.floor(from)}ms AND time <= ${Math.floor(to)}ms`;
    const source = `"${RP.raw}"."${M.webVitals}"`;
    const [percentiles, ratings] = (await this.influx.client.query([
      `SELECT percentile("value", 75) AS "p75", count("value") AS "count" FROM ${source} WHERE ${where} GROUP BY "page", "metric"`,
      `SELECT count("value") AS "count" FROM ${source} WHERE ${where} GROUP BY "page", "metric", "rating"`,
    ])) as unknown as [Row[], Row[]];
    const out = new Map<string, VitalAggregate>();
    for (const row of percentiles) {
      if (typeof row.p75 !== 'number' || !isMetric(row.metric)) continue;
      out.set(`${row.page}\n${row.metric}`, {
        page: String(row.page),
        metric: row.metric,
        p75: row.p75,
        count: Number(row.count) || 0,
        ratings: emptyRatings(),
      });
    }
    for (const row of ratings) {
      const entry = out.get(`${row.page}\n${row.metric}`);
      if (entry && isRating(row.rating)) entry.ratings[row.rating] = Number(row.count) || 0;
    }
    return [...out.values()];
  }
}

type Row = Record<string, unknown>;
const isMetric = (v: unknown): v is VitalMetric => VITAL_METRICS.includes(v as VitalMetric);
const isRating = (v: unknown): v is VitalRating => VITAL_RATINGS.includes(v as VitalRating);

/** Web Vitals kept in memory (no InfluxDB): the newest `perSeries` values per page and metric, none older than `maxAgeMs`. */
export class MemoryVitalsStore implements VitalsStore {
  readonly source = 'memory' as const;
  private readonly series = new Map<string, VitalSample[]>();

  constructor(
    private readonly perSeries = 5_000,
    private readonly maxAgeMs = 7 * 86_400_000,
  ) {}

  record(samples: VitalSample[]): void {
    for (const sample of samples) {
      const key = `${sample.page}\n${sample.metric}`;
      let list = this.series.get(key);
      if (!list) this.series.set(key, (list = []));
      list.push(sample);
      if (list.length > this.perSeries) list.splice(0, list.length - this.perSeries);
    }
  }

  async aggregate(from: number, to: number): Promise<VitalAggregate[]> {
    const out: VitalAggregate[] = [];
    const oldest = Date.now() - this.maxAgeMs;
    for (const [key, list] of this.series) {
      // Drop what has aged out (values arrive in time order).
      const stale = list.findIndex((s) => s.at >= oldest);
      if (stale === -1) {
        this.series.delete(key);
        continue;
      }
      if (stale > 0) list.splice(0, stale);
      const inRange = list.filter((s) => s.at >= from && s.at <= to);
      const p75 = nearestRankPercentile(
        inRange.map((s) => s.value),
        75,
      );
      if (p75 === null) continue;
      const ratings = emptyRatings();
      for (const s of inRange) ratings[s.rating] += 1;
      const first = inRange[0] as VitalSample;
      out.push({ page: first.page, metric: first.metric, p75, count: inRange.length, ratings });
    }
    return out;
  }
}
