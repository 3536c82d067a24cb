import { ServiceUnavailableError, UnprocessableError } from '@erp/errors';
import {
  VITAL_METRICS,
  VITAL_RATINGS,
  type VitalAggregate,
  type VitalMetric,
  type VitalRating,
  type VitalSample,
  type VitalsStore,
} from '../storage/vitals-store';

export { VITAL_METRICS, VITAL_RATINGS, type VitalMetric, type VitalRating };

/**
 * Web Vitals' own thresholds (web.dev/articles/vitals, the web-vitals library): a value up to `good` is good, up to
 * `poor` needs improvement, above it is poor. Milliseconds, except CLS (unitless).
 */
export const VITAL_THRESHOLDS: Readonly<Record<VitalMetric, { good: number; poor: number; unit: 'ms' | '' }>> = {
  LCP: { good: 2500, poor: 4000, unit: 'ms' },
  INP: { good: 200, poor: 500, unit: 'ms' },
  CLS: { good: 0.1, poor: 0.25, unit: '' },
  FCP: { good: 1800, poor: 3000, unit: 'ms' },
  TTFB: { good: 800, poor: 1800, unit: 'ms' },
};

/** How many distinct page ids one observer process accepts (each is a tag value in InfluxDB: bounded series). */
export const MAX_VITALS_PAGES = 100;

export const VITALS_RANGES = { '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
export type VitalsRange = keyof typeof VITALS_RANGES;

/** The rating of a value by Web Vitals' thresholds (the observer judges; the page's own rating is not trusted). */
export function rateVital(metric: VitalMetric, value: number): VitalRating {
  const t = VITAL_THRESHOLDS[metric];
  return value <= t.good ? 'good' : value <= t.poor ? 'needs-improvement' : 'poor';
}

export interface WebVitalsDeps {
  store: VitalsStore;
  /** Page ids seen by this process (capped at MAX_VITALS_PAGES). */
  pages: Set<string>;
}

/** A beacon as validated at the edge. */
export interface VitalsBeacon {
  page: string;
  metrics: Array<{ name: VitalMetric; value: number; rating: VitalRating; id: string; navigationType: string }>;
}

/** Stores one beacon's values (rated by the observer). A page id beyond the first MAX_VITALS_PAGES is refused (422). */
export function recordVitals(deps: WebVitalsDeps, beacon: VitalsBeacon, now: number): number {
  if (!deps.pages.has(beacon.page)) {
    if (deps.pages.size >= MAX_VITALS_PAGES)
      throw new UnprocessableError(`This observer already records ${MAX_VITALS_PAGES} pages; a new page id is not accepted`, undefined, {
        type: 'too-many-vitals-pages',
      });
    deps.pages.add(beacon.page);
  }
  const samples: VitalSample[] = beacon.metrics.map((m) => ({
    page: beacon.page,
    metric: m.name,
    value: m.value,
    rating: rateVital(m.name, m.value),
    at: now,
  }));
  deps.store.record(samples);
  return samples.length;
}

export interface VitalsSummary {
  range: VitalsRange;
  from: string;
  to: string;
  source: 'influx' | 'memory';
  thresholds: typeof VITAL_THRESHOLDS;
  pages: Array<{
    page: string;
    metrics: Array<{ name: VitalMetric; p75: number; rating: VitalRating; count: number; ratings: VitalAggregate['ratings'] }>;
  }>;
}

/** Per page and metric over the range: p75 (Web Vitals' reporting convention), its rating, the count and the ratings' spread. */
export async function vitalsSummary(deps: Pick<WebVitalsDeps, 'store'>, range: VitalsRange, now: number): Promise<VitalsSummary> {
  const from = now - VITALS_RANGES[range];
  const rows = await deps.store.aggregate(from, now).catch((error: unknown) => {
    throw new ServiceUnavailableError('InfluxDB did not answer the Web Vitals query', undefined, error);
  });
  const byPage = new Map<string, VitalsSummary['pages'][number]>();
  for (const row of rows) {
    let page = byPage.get(row.page);
    if (!page) byPage.set(row.page, (page = { page: row.page, metrics: [] }));
    page.metrics.push({ name: row.metric, p75: row.p75, rating: rateVital(row.metric, row.p75), count: row.count, ratings: row.ratings });
  }
  const order = (m: VitalMetric) => VITAL_METRICS.indexOf(m);
  const pages = [...byPage.values()].sort((a, b) => a.page.localeCompare(b.page));
  for (const page of pages) page.metrics.sort((a, b) => order(a.name) - order(b.name));
  return {
    range,
    from: new Date(from).toISOString(),
    to: new Date(now).toISOString(),
    source: deps.store.source,
    thresholds: VITAL_THRESHOLDS,
    pages,
  };
}
