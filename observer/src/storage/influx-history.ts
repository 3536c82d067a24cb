import { escape, type InfluxDB } from 'influx';
import { M, RP } from './influx-schema';
import type { HistoryPoint, HistoryQuery, HistoryReader } from './history-types';

type Row = Record<string, unknown> & { time: Date };

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const range = (from: number, to: number) => `time >= ${Math.floor(from)}ms AND time <= ${Math.floor(to)}ms`;

/** History from InfluxDB: raw samples, or the 1-minute / 1-hour rollups the continuous queries maintain. */
export class InfluxHistory implements HistoryReader {
  readonly source = 'influx' as const;

  constructor(private readonly client: InfluxDB) {}

  /** Latency percentiles and the share of good polls per bucket (see {@link latencyBuckets}). */
  latencyBuckets(q: Parameters<typeof latencyBuckets>[1]): Promise<LatencyBucket[]> {
    return latencyBuckets(this.client, q);
  }

  /** The newest polls of a target in [from, to], newest first (see {@link storedPolls}). */
  storedPolls(service: string, from: number, to: number, limit: number): Promise<StoredPoll[]> {
    return storedPolls(this.client, service, from, to, limit);
  }

  async history(query: HistoryQuery): Promise<HistoryPoint[]> {
    const measurement = query.check ? M.check : M.probe;
    const valueField = query.check ? 'value' : 'latency';
    const where = `"service" = ${escape.stringLit(query.service)}${query.check ? ` AND "check" = ${escape.stringLit(query.check)}` : ''} AND ${range(query.from, query.to)}`;
    if (query.resolution === 'raw') {
      const upField = query.check ? '' : ', "up"';
      const rows = (await this.client.query(
        `SELECT "${valueField}"${upField} FROM "${RP.raw}"."${measurement}" WHERE ${where} ORDER BY time DESC LIMIT ${query.limit}`,
      )) as unknown as Row[];
      return rows.reverse().map((r) => {
        const v = num(r[valueField]);
        return { t: r.time.toISOString(), count: 1, mean: v, p50: v, p95: v, p99: v, max: v, up: num(r.up) };
      });
    }
    const rp = query.resolution === '1m' ? RP.rollup1m : RP.rollup1h;
    const fields = query.check ? '"value", "p95", "max"' : '"latency", "p50", "p95", "p99", "max", "up", "samples"';
    const rows = (await this.client.query(
      `SELECT ${fields} FROM "${rp}"."${measurement}" WHERE ${where} ORDER BY time DESC LIMIT ${query.limit}`,
    )) as unknown as Row[];
    return rows.reverse().map((r) => ({
      t: r.time.toISOString(),
      count: num(r.samples) ?? 1,
      mean: num(r[valueField]),
      p50: num(r.p50),
      p95: num(r.p95),
      p99: num(r.p99),
      max: num(r.max),
      up: num(r.up),
    }));
  }

  /** From the 1-minute rollup (p95 = mean of the minutes' p95), so it stays cheap over weeks and works past the raw retention. */
  async summary(
    from: number,
    to: number,
    checks: string[],
  ): Promise<Map<string, { p95: number | null; samples: number; checks: Record<string, number | null> }>> {
    const out = new Map<string, { p95: number | null; samples: number; checks: Record<string, number | null> }>();
    const probes = (await this.client.query(
      `SELECT mean("p95") AS "p95", sum("samples") AS "samples" FROM "${RP.rollup1m}"."${M.probe}" WHERE ${range(from, to)} GROUP BY "service"`,
    )) as unknown as (Row & { service: string })[];
    for (const row of probes) out.set(row.service, { p95: num(row.p95), samples: num(row.samples) ?? 0, checks: {} });
    if (checks.length) {
      const list = checks.map((c) => `"check" = ${escape.stringLit(c)}`).join(' OR ');
      const rows = (await this.client.query(
        `SELECT mean("value") AS "mean" FROM "${RP.rollup1m}"."${M.check}" WHERE (${list}) AND ${range(from, to)} GROUP BY "service", "check"`,
      )) as unknown as (Row & { service: string; check: string })[];
      for (const row of rows) {
        const entry = out.get(row.service);
        if (entry) entry.checks[row.check] = num(row.mean);
      }
    }
    return out;
  }
}

/** Latency percentiles and the share of good polls of one time bucket (epoch ms at its start). */
export interface LatencyBucket {
  t: number;
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  /** Share of polls that succeeded, 0–1. */
  up: number | null;
}

/** One poll as the raw `probe` measurement keeps it (the reason of a failure is not stored there). */
export interface StoredPoll {
  at: number;
  ok: boolean;
  latencyMs: number | null;
  httpStatus: number | null;
  status: string | null;
  state: string | null;
}

/**
 * Percentiles per bucket for one target. `raw`: computed by InfluxDB from every sample, grouped into `bucketMs`
 * buckets; `1m` / `1h`: the rollups as the continuous queries wrote them (1 h: p50 is the mean of the minutes' p50,
 * p95/p99 the max of the minutes', an upper bound).
 */
export async function latencyBuckets(
  client: InfluxDB,
  q: { service: string; from: number; to: number; source: 'raw' | '1m' | '1h'; bucketMs: number },
): Promise<LatencyBucket[]> {
  const where = `"service" = ${escape.stringLit(q.service)} AND ${range(q.from, q.to)}`;
  const query =
    q.source === 'raw'
      ? `SELECT percentile("latency", 50) AS "p50", percentile("latency", 95) AS "p95", percentile("latency", 99) AS "p99", max("latency") AS "max", mean("up") AS "up", count("latency") AS "samples" FROM "${RP.raw}"."${M.probe}" WHERE ${where} GROUP BY time(${Math.round(q.bucketMs / 1000)}s) fill(none)`
      : `SELECT "p50", "p95", "p99", "max", "up", "samples" FROM "${q.source === '1m' ? RP.rollup1m : RP.rollup1h}"."${M.probe}" WHERE ${where} ORDER BY time ASC LIMIT 100000`;
  const rows = (await client.query(query)) as unknown as Row[];
  return rows
    .map((r) => ({
      t: r.time.getTime(),
      count: num(r.samples) ?? 0,
      p50: num(r.p50),
      p95: num(r.p95),
      p99: num(r.p99),
      max: num(r.max),
      up: num(r.up),
    }))
    .filter((b) => b.count > 0);
}

/** The newest `limit` polls of a target in [from, to] from the raw `probe` measurement, newest first. */
export async function storedPolls(client: InfluxDB, service: string, from: number, to: number, limit: number): Promise<StoredPoll[]> {
  const rows = (await client.query(
    `SELECT "latency", "up", "http_status", "status", "state" FROM "${RP.raw}"."${M.probe}" WHERE "service" = ${escape.stringLit(service)} AND ${range(from, to)} ORDER BY time DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
  )) as unknown as Row[];
  return rows.map((r) => ({
    at: r.time.getTime(),
    ok: num(r.up) === 1,
    latencyMs: num(r.latency),
    httpStatus: num(r.http_status),
    status: typeof r.status === 'string' && r.status !== 'none' ? r.status : null,
    state: typeof r.state === 'string' ? r.state : null,
  }));
}
