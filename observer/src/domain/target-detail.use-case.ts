import type { Heartbeat, ObservedService } from '@erp/contracts';
import { NotFoundError, ValidationError } from '@erp/errors';
import type { ActivityRepository } from '../data-access/activity.repository';
import type { AlertRepository } from '../data-access/alert.repository';
import type { Incident } from '../model/incident';
import { percentile, type HistoryReader } from '../storage/history-types';
import type { LatencyBucket, StoredPoll } from '../storage/influx-history';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The ranges the page offers; a custom one is `from`/`to`. */
export const RANGE_PRESETS = { '1h': HOUR_MS, '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS } as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
/** Longest range: what PostgreSQL keeps of state changes and events (90 days) and rollup_1m by default. */
export const MAX_RANGE_DAYS = 90;
/** Shortest range: one minute. */
export const MIN_RANGE_MS = MINUTE_MS;
/** Times outside these years are refused (InfluxDB stores 1677–2262; nothing older than the epoch exists here). */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);
/** Bucket sizes for raw data (≤ 1 h): the smallest giving at most ~120 buckets. */
const RAW_BUCKETS_MS = [5_000, 10_000, 15_000, 30_000, 60_000];
const RECENT_POLLS = 50;

/** Where a range's latency comes from: InfluxDB's raw samples (≤ 1 h), its 1-minute rollup (≤ 24 h) or 1-hour rollup. */
export type DetailResolution = 'raw' | '1m' | '1h';

/** How long InfluxDB keeps each retention policy (ms; Infinity for INF). */
export interface Retentions {
  raw: number;
  rollup1m: number;
  rollup1h: number;
}

/** What the use-case reads: the state stage's view, the history stores, incidents and the event log. */
export interface TargetDetailDeps {
  services: () => ObservedService[];
  /** The history reader: the in-memory history when InfluxDB is not configured (then latency is bucketed from it). */
  history: HistoryReader;
  /** The last polls this process saw of a target, with outcome and reason (memory), oldest first. */
  heartbeats: (target: string, n: number) => Heartbeat[];
  /** InfluxDB, when configured. */
  influx: {
    latencyBuckets(q: { service: string; from: number; to: number; source: DetailResolution; bucketMs: number }): Promise<LatencyBucket[]>;
    storedPolls(service: string, from: number, to: number, limit: number): Promise<StoredPoll[]>;
    retentions(): Retentions;
  } | null;
  alerts: Pick<AlertRepository, 'incidentsBetween'>;
  activity: Pick<ActivityRepository, 'transitionsOf' | 'listEvents'>;
  now?: () => number;
}

export interface RangeInput {
  range?: RangePreset;
  from?: string;
  to?: string;
}

export type BandState = 'UP' | 'PENDING' | 'DOWN' | 'MAINTENANCE' | 'DEGRADED';

export interface TargetDetail {
  target: ObservedService;
  range: { from: string; to: string; preset: RangePreset | null; maxDays: number };
  source: 'influx' | 'memory';
  resolution: DetailResolution;
  bucketSeconds: number;
  series: {
    t: string;
    count: number;
    p50: number | null;
    p95: number | null;
    p99: number | null;
    max: number | null;
    errorRate: number | null;
  }[];
  summary: { samples: number; p50: number | null; p95: number | null; p99: number | null; errorRate: number | null; downSeconds: number };
  bands: { state: BandState; from: string; to: string }[];
  incidents: {
    id: string;
    kind: Incident['kind'];
    cause: string;
    startedAt: string;
    endedAt: string | null;
    durationSeconds: number;
    detail: string;
  }[];
  watchdog: { id: string; at: string; kind: string; severity: string; message: string }[];
  checks: { at: string | null; status: string | null; items: ObservedService['checks'] };
  recentChecks: {
    at: string;
    outcome: 'ok' | 'degraded' | 'fail';
    latencyMs: number | null;
    httpStatus: number | null;
    state: string | null;
    reason: string | null;
  }[];
}

/** Turns the query into [from, to]: a preset ending now, or a custom range; refuses reversed, too short or too long ones. */
export function resolveRange(input: RangeInput, now: number): { from: number; to: number; preset: RangePreset | null } {
  const errors: { field: string; message: string; in: 'query' }[] = [];
  if (input.range && (input.from || input.to))
    errors.push({ field: 'range', message: 'give either range or from and to, not both', in: 'query' });
  if (!input.range && (input.from === undefined) !== (input.to === undefined))
    errors.push({ field: input.from ? 'to' : 'from', message: 'a custom range needs both from and to', in: 'query' });
  if (errors.length) throw new ValidationError(errors);
  if (!input.from || !input.to) {
    const preset = input.range ?? '1h';
    return { from: now - RANGE_PRESETS[preset], to: now, preset };
  }
  const from = Date.parse(input.from);
  const to = Date.parse(input.to);
  for (const [field, t] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (!(t >= EARLIEST && t <= LATEST)) errors.push({ field, message: 'expected a time between 1970 and 2100', in: 'query' });
  if (errors.length) throw new ValidationError(errors);
  if (to <= from) throw new ValidationError([{ field: 'to', message: 'to must be after from', in: 'query' }], 'to must be after from');
  if (to - from < MIN_RANGE_MS)
    throw new ValidationError(
      [{ field: 'to', message: 'the range must span at least 1 minute', in: 'query' }],
      'the range must span at least 1 minute',
    );
  if (to - from > MAX_RANGE_DAYS * DAY_MS)
    throw new ValidationError(
      [{ field: 'to', message: `the range may span at most ${MAX_RANGE_DAYS} days`, in: 'query' }],
      `the range may span at most ${MAX_RANGE_DAYS} days`,
    );
  return { from, to, preset: null };
}

/**
 * Picks the data for a range: raw samples for ranges up to 1 h (grouped into 5–60 s buckets), the 1-minute rollup up to
 * 24 h, the 1-hour rollup beyond — each only while its retention still covers `from`, else the next coarser one.
 */
export function chooseResolution(
  from: number,
  to: number,
  now: number,
  retention: Retentions,
): { resolution: DetailResolution; bucketMs: number } {
  const span = to - from;
  if (span <= HOUR_MS && from >= now - retention.raw)
    return { resolution: 'raw', bucketMs: RAW_BUCKETS_MS.find((b) => span / b <= 120) ?? MINUTE_MS };
  if (span <= DAY_MS && from >= now - retention.rollup1m) return { resolution: '1m', bucketMs: MINUTE_MS };
  return { resolution: '1h', bucketMs: HOUR_MS };
}

/** Parses an InfluxQL retention such as `7d`, `168h`, `104w` (or INF) into ms. */
export function retentionMs(duration: string): number {
  const match = /^(\d+)([smhdw])$/.exec(duration.trim());
  if (!match) return Infinity;
  const unit = { s: 1_000, m: MINUTE_MS, h: HOUR_MS, d: DAY_MS, w: 7 * DAY_MS }[match[2] as 's' | 'm' | 'h' | 'd' | 'w'];
  const value = Number(match[1]) * unit;
  return value === 0 ? Infinity : value;
}

/** Everything the target detail page shows for one target over one range. */
export async function getTargetDetail(deps: TargetDetailDeps, name: string, input: RangeInput): Promise<TargetDetail> {
  const now = deps.now?.() ?? Date.now();
  const target = deps.services().find((s) => s.name === name);
  if (!target) throw new NotFoundError('Target', name);
  const { from, to, preset } = resolveRange(input, now);
  const influx = deps.influx;
  const { resolution, bucketMs } = chooseResolution(
    from,
    to,
    now,
    influx ? influx.retentions() : { raw: Infinity, rollup1m: Infinity, rollup1h: Infinity },
  );

  const [buckets, transitions, incidents, events, recentChecks] = await Promise.all([
    influx
      ? influx.latencyBuckets({ service: name, from, to, source: resolution, bucketMs })
      : memoryBuckets(deps.history, name, from, to, bucketMs),
    deps.activity.transitionsOf(name, new Date(from), new Date(to)),
    deps.alerts.incidentsBetween(new Date(from), new Date(to)),
    deps.activity.listEvents({ target: name, source: 'watchdog', before: new Date(to + 1), limit: 500 }),
    recentPolls(deps, name, from, to),
  ]);

  const mine = incidents.filter((i) => i.cause === name || i.affected.some((a) => a.target === name));
  const end = Math.min(to, now);
  const degraded = mine
    .filter((i) => i.kind === 'degraded')
    .flatMap((i) => i.affected.filter((a) => a.target === name))
    .map((a) => ({ from: Date.parse(a.since), to: a.endedAt ? Date.parse(a.endedAt) : end }));
  const bands = splitDegraded(stateIntervals(transitions, from, end), degraded);

  const series = buckets.map((b) => ({
    t: new Date(b.t).toISOString(),
    count: b.count,
    p50: round(b.p50),
    p95: round(b.p95),
    p99: round(b.p99),
    max: round(b.max),
    errorRate: b.up === null ? null : round(1 - b.up, 4),
  }));

  return {
    target,
    range: { from: new Date(from).toISOString(), to: new Date(to).toISOString(), preset, maxDays: MAX_RANGE_DAYS },
    source: influx ? 'influx' : 'memory',
    resolution,
    bucketSeconds: bucketMs / 1000,
    series,
    summary: summarize(buckets, bands),
    bands: bands.map((b) => ({ state: b.state, from: new Date(b.from).toISOString(), to: new Date(b.to).toISOString() })),
    incidents: mine.map((i) => {
      const affected = i.affected.find((a) => a.target === name);
      return {
        id: i.id,
        kind: i.kind,
        cause: i.cause,
        startedAt: i.startedAt.toISOString(),
        endedAt: i.endedAt ? i.endedAt.toISOString() : null,
        durationSeconds: ((i.endedAt?.getTime() ?? now) - i.startedAt.getTime()) / 1000,
        detail: affected?.detail ?? '',
      };
    }),
    watchdog: events
      .filter((e) => e.at.getTime() >= from)
      .map((e) => ({ id: e.id, at: e.at.toISOString(), kind: e.kind, severity: e.severity, message: e.message })),
    checks: { at: target.lastCheckAt, status: target.status, items: target.checks },
    recentChecks,
  };
}

const round = (v: number | null, digits = 2): number | null => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits);

/** Buckets of the in-memory samples (as far back as memory reaches), with the same percentiles as InfluxDB's raw ones. */
async function memoryBuckets(memory: HistoryReader, service: string, from: number, to: number, bucketMs: number): Promise<LatencyBucket[]> {
  const samples = await memory.history({ service, check: null, from, to, resolution: 'raw', limit: 1_000_000 });
  const groups = new Map<number, { values: number[]; ups: number }>();
  for (const s of samples) {
    const key = Math.floor(Date.parse(s.t) / bucketMs) * bucketMs;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { values: [], ups: 0 }));
    if (s.mean !== null) group.values.push(s.mean);
    group.ups += s.up ?? 0;
  }
  return [...groups.entries()]
    .filter(([, g]) => g.values.length > 0)
    .map(([t, g]) => {
      const sorted = g.values.sort((a, b) => a - b);
      return {
        t,
        count: sorted.length,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: sorted[sorted.length - 1] ?? null,
        up: g.ups / sorted.length,
      };
    });
}

/**
 * The last polls in the range, newest first: those this process saw come from memory with their outcome and reason;
 * with InfluxDB they get the status code and state stored there, and older ones come from InfluxDB alone (no reason).
 */
async function recentPolls(deps: TargetDetailDeps, name: string, from: number, to: number): Promise<TargetDetail['recentChecks']> {
  const beats = deps
    .heartbeats(name, 1_000)
    .filter((b) => b.at >= from && b.at <= to)
    .reverse()
    .slice(0, RECENT_POLLS);
  const stored = deps.influx ? await deps.influx.storedPolls(name, from, to, RECENT_POLLS) : [];
  const byTime = new Map(stored.map((p) => [p.at, p]));
  const rows: TargetDetail['recentChecks'] = beats.map((b) => {
    const s = byTime.get(b.at);
    byTime.delete(b.at);
    return {
      at: new Date(b.at).toISOString(),
      outcome: b.outcome,
      latencyMs: b.latencyMs,
      httpStatus: s?.httpStatus ?? null,
      state: s?.state ?? null,
      reason: b.reason,
    };
  });
  const oldestBeat = beats.length ? (beats[beats.length - 1] as Heartbeat).at : Infinity;
  for (const s of stored) {
    if (!byTime.has(s.at) || s.at >= oldestBeat) continue;
    rows.push({
      at: new Date(s.at).toISOString(),
      outcome: s.ok ? 'ok' : 'fail',
      latencyMs: s.latencyMs === null ? null : Math.round(s.latencyMs * 10) / 10,
      httpStatus: s.httpStatus,
      state: s.state,
      reason: null,
    });
  }
  return rows.sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, RECENT_POLLS);
}

interface Interval {
  state: BandState;
  from: number;
  to: number;
}

/** The states over [from, end] from the transitions (the first may be before `from`: the state at `from`). */
export function stateIntervals(transitions: { toState: string; at: Date }[], from: number, end: number): Interval[] {
  const out: Interval[] = [];
  let current: { state: BandState; since: number } | null = null;
  for (const t of transitions) {
    const at = Math.max(from, t.at.getTime());
    if (at > end) break;
    if (current && at > current.since) out.push({ state: current.state, from: current.since, to: at });
    current = { state: t.toState as BandState, since: at };
  }
  if (current && end > current.since) out.push({ state: current.state, from: current.since, to: end });
  return out;
}

/** Marks the parts of UP intervals covered by a degradation as DEGRADED. */
export function splitDegraded(intervals: Interval[], degraded: { from: number; to: number }[]): Interval[] {
  if (degraded.length === 0) return intervals;
  const out: Interval[] = [];
  const spans = [...degraded].sort((a, b) => a.from - b.from);
  for (const interval of intervals) {
    if (interval.state !== 'UP') {
      out.push(interval);
      continue;
    }
    let cursor = interval.from;
    for (const d of spans) {
      const start = Math.max(d.from, cursor);
      const stop = Math.min(d.to, interval.to);
      if (stop <= start) continue;
      if (start > cursor) out.push({ state: 'UP', from: cursor, to: start });
      out.push({ state: 'DEGRADED', from: start, to: stop });
      cursor = stop;
    }
    if (cursor < interval.to) out.push({ state: 'UP', from: cursor, to: interval.to });
  }
  return out;
}

function summarize(buckets: LatencyBucket[], bands: Interval[]): TargetDetail['summary'] {
  const samples = buckets.reduce((n, b) => n + b.count, 0);
  const weighted = (pick: (b: LatencyBucket) => number | null) => {
    let total = 0;
    let weight = 0;
    for (const b of buckets) {
      const v = pick(b);
      if (v === null) continue;
      total += v * b.count;
      weight += b.count;
    }
    return weight ? total / weight : null;
  };
  const peak = (pick: (b: LatencyBucket) => number | null) =>
    buckets.reduce<number | null>((m, b) => {
      const v = pick(b);
      return v === null ? m : m === null ? v : Math.max(m, v);
    }, null);
  const up = weighted((b) => b.up);
  return {
    samples,
    p50: round(weighted((b) => b.p50)),
    p95: round(peak((b) => b.p95)),
    p99: round(peak((b) => b.p99)),
    errorRate: up === null ? null : round(1 - up, 4),
    downSeconds: Math.round(bands.filter((b) => b.state === 'DOWN').reduce((s, b) => s + (b.to - b.from), 0) / 1000),
  };
}
