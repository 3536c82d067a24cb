import type { Heartbeat, HeartbeatOutcome, Heartbeats } from '@erp/contracts';
import type { ProbeResult } from '../model/target-types';
import { BUCKET_MS, percentile, type HistoryPoint, type HistoryQuery, type HistoryReader } from './history-types';

/**
 * A fixed-size ring of (time, value, up) samples in typed arrays, 9 bytes a sample: a time is kept as the whole
 * milliseconds since the sample before it (Int32), the oldest sample's own time beside the ring (2,000 targets × 3,600
 * samples: 49 MB less than Float64 times).
 */
class Ring {
  private readonly deltas: Int32Array;
  private readonly values: Float32Array;
  private readonly ups: Uint8Array;
  private next = 0;
  private size = 0;
  /** Time of the oldest sample kept, and of the newest (as the deltas rebuild it). */
  private oldest = 0;
  private newest = 0;

  constructor(readonly capacity: number) {
    this.deltas = new Int32Array(capacity);
    this.values = new Float32Array(capacity);
    this.ups = new Uint8Array(capacity);
  }

  push(t: number, value: number, up: boolean): void {
    const delta = this.size === 0 ? 0 : Math.max(-MAX_DELTA_MS, Math.min(MAX_DELTA_MS, Math.round(t - this.newest)));
    if (this.size === 0) this.oldest = t;
    else if (this.size === this.capacity)
      // the oldest sample is overwritten: the next one becomes the oldest
      this.oldest = this.capacity === 1 ? t : this.oldest + (this.deltas[(this.next + 1) % this.capacity] as number);
    this.newest = this.size === 0 || this.capacity === 1 ? t : this.newest + delta;
    this.deltas[this.next] = delta;
    this.values[this.next] = value;
    this.ups[this.next] = up ? 1 : 0;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** Samples in [from, to], oldest first. */
  *between(from: number, to: number): Generator<{ t: number; value: number; up: boolean }> {
    const start = (this.next - this.size + this.capacity) % this.capacity;
    let t = this.oldest;
    for (let i = 0; i < this.size; i += 1) {
      const index = (start + i) % this.capacity;
      if (i > 0) t += this.deltas[index] as number;
      if (t >= from && t <= to) yield { t, value: this.values[index] as number, up: this.ups[index] === 1 };
    }
  }

  /** Copies the values of samples in [from, to] into `out` (which holds `capacity`); returns how many. */
  valuesBetween(from: number, to: number, out: Float32Array): number {
    const start = (this.next - this.size + this.capacity) % this.capacity;
    let n = 0;
    let t = this.oldest;
    for (let i = 0; i < this.size; i += 1) {
      const index = (start + i) % this.capacity;
      if (i > 0) t += this.deltas[index] as number;
      if (t >= from && t <= to) out[n++] = this.values[index] as number;
    }
    return n;
  }

  last(n: number): number[] {
    const count = Math.min(n, this.size);
    const out: number[] = [];
    for (let i = count; i > 0; i -= 1) out.push(this.values[(this.next - i + this.capacity) % this.capacity] as number);
    return out;
  }
}

/** Two polls further apart than this (24.8 days) are kept this far apart. */
const MAX_DELTA_MS = 2 ** 31 - 1;

/** How many heartbeats (polls with outcome and reason) memory keeps per target for the dashboard. */
export const HEARTBEATS_KEPT = 100;

const OUTCOME_LETTER: Record<HeartbeatOutcome, number> = { ok: 111, degraded: 100, fail: 102 }; // o, d, f

/** The last HEARTBEATS_KEPT polls of a target in typed arrays (the reason only where there is one). */
class BeatRing {
  private readonly times = new Float64Array(HEARTBEATS_KEPT);
  private readonly latencies = new Float32Array(HEARTBEATS_KEPT);
  private readonly outcomes = new Uint8Array(HEARTBEATS_KEPT);
  private readonly reasons: (string | null)[] = new Array<string | null>(HEARTBEATS_KEPT).fill(null);
  private next = 0;
  private size = 0;

  push(beat: Heartbeat): void {
    this.times[this.next] = beat.at;
    this.latencies[this.next] = beat.latencyMs;
    this.outcomes[this.next] = OUTCOME_LETTER[beat.outcome];
    this.reasons[this.next] = beat.reason;
    this.next = (this.next + 1) % HEARTBEATS_KEPT;
    this.size = Math.min(this.size + 1, HEARTBEATS_KEPT);
  }

  /** The last `n`, oldest first. */
  last(n: number): Heartbeat[] {
    const columns = this.columns(n);
    const letters: Record<string, HeartbeatOutcome> = { o: 'ok', d: 'degraded', f: 'fail' };
    return columns.at.map((at, i) => ({
      at,
      outcome: letters[columns.outcome[i] as string] as HeartbeatOutcome,
      latencyMs: columns.latencyMs[i] as number,
      reason: columns.reasons[i] ?? null,
    }));
  }

  /** The last `n`, oldest first, in columns. */
  columns(n: number): Heartbeats {
    const count = Math.min(n, this.size);
    const at: number[] = new Array<number>(count);
    const latencyMs: number[] = new Array<number>(count);
    const letters = new Uint8Array(count);
    const reasons: Record<string, string> = {};
    for (let i = 0; i < count; i += 1) {
      const index = (this.next - count + i + HEARTBEATS_KEPT) % HEARTBEATS_KEPT;
      at[i] = this.times[index] as number;
      latencyMs[i] = Math.round((this.latencies[index] as number) * 10) / 10;
      letters[i] = this.outcomes[index] as number;
      const reason = this.reasons[index];
      if (reason) reasons[i] = reason;
    }
    return { at, latencyMs, outcome: String.fromCharCode(...letters), reasons };
  }
}

const NO_HEARTBEATS: Heartbeats = { at: [], latencyMs: [], outcome: '', reasons: {} };

/**
 * One poll as a heartbeat: `fail` when the poll failed (reason: its error, else its failing checks), `degraded` when it
 * answered but breached a threshold (reason: the breaches), `ok` otherwise.
 */
export function heartbeatOf(result: ProbeResult, breaches: string[]): Heartbeat {
  const latencyMs = Math.round(result.latencyMs * 10) / 10;
  if (!result.ok) {
    const failing = result.checks.filter((c) => c.status === 'fail').map((c) => c.name);
    const reason = result.error ?? (failing.length ? `failing: ${failing.join(', ')}` : `${result.failure ?? 'poll'} failure`);
    return { at: result.at, outcome: 'fail', latencyMs, reason };
  }
  if (breaches.length) return { at: result.at, outcome: 'degraded', latencyMs, reason: breaches.join('; ') };
  return { at: result.at, outcome: 'ok', latencyMs, reason: null };
}

/** How long a computed p95 is reused before it is computed again from the ring. */
const P95_REUSE_MS = 30_000;

/**
 * Recent history in memory: per target the last `samplesPerTarget` poll latencies, and per numeric check
 * the last `samplesPerTarget / 10` values (at least 60). Serves the dashboard always, and the API when INFLUX_URL is unset.
 */
export class MemoryHistory implements HistoryReader {
  readonly source = 'memory' as const;
  private probes = new Map<string, Ring>();
  private checks = new Map<string, Map<string, Ring>>();
  private beats = new Map<string, BeatRing>();
  private p95s = new Map<string, { at: number; windowMs: number; value: number | null }>();
  private scratch = new Float32Array(0);

  constructor(private samplesPerTarget: number) {}

  setCapacity(samplesPerTarget: number): void {
    if (samplesPerTarget === this.samplesPerTarget) return;
    this.samplesPerTarget = samplesPerTarget;
    this.probes.clear();
    this.checks.clear();
  }

  /** Keeps a poll: its latency (and each numeric check) for history, and its heartbeat when given. */
  record(result: ProbeResult, beat?: Heartbeat): void {
    if (beat) {
      let beats = this.beats.get(result.target);
      if (!beats) this.beats.set(result.target, (beats = new BeatRing()));
      beats.push(beat);
    }
    let ring = this.probes.get(result.target);
    if (!ring) this.probes.set(result.target, (ring = new Ring(this.samplesPerTarget)));
    ring.push(result.at, result.latencyMs, result.ok);
    let checks = this.checks.get(result.target);
    for (const check of result.checks) {
      if (check.value === null) continue;
      if (!checks) this.checks.set(result.target, (checks = new Map()));
      let checkRing = checks.get(check.name);
      if (!checkRing) checks.set(check.name, (checkRing = new Ring(Math.max(60, Math.floor(this.samplesPerTarget / 10)))));
      checkRing.push(result.at, check.value, check.status !== 'fail');
    }
  }

  /** Forgets targets that are no longer configured. */
  retain(names: Set<string>): void {
    for (const name of [...this.probes.keys()]) if (!names.has(name)) this.probes.delete(name);
    for (const name of [...this.checks.keys()]) if (!names.has(name)) this.checks.delete(name);
    for (const name of [...this.beats.keys()]) if (!names.has(name)) this.beats.delete(name);
    for (const name of [...this.p95s.keys()]) if (!names.has(name)) this.p95s.delete(name);
  }

  /** The last `n` heartbeats of a target, oldest first (kept since the observer started, at most HEARTBEATS_KEPT). */
  recentHeartbeats(target: string, n: number): Heartbeat[] {
    return this.beats.get(target)?.last(n) ?? [];
  }

  /** The same in columns: what the overview's snapshot carries for every target. */
  recentHeartbeatColumns(target: string, n: number): Heartbeats {
    return this.beats.get(target)?.columns(n) ?? NO_HEARTBEATS;
  }

  /** p95 of a target's poll latency over the last `windowMs` (null without polls); a value is reused for 30 s, so 500 targets cost little. */
  latencyP95(target: string, windowMs: number, now = Date.now()): number | null {
    const cached = this.p95s.get(target);
    if (cached && cached.windowMs === windowMs && now - cached.at < P95_REUSE_MS) return cached.value;
    const ring = this.probes.get(target);
    let value: number | null = null;
    if (ring) {
      if (this.scratch.length < ring.capacity) this.scratch = new Float32Array(ring.capacity);
      const n = ring.valuesBetween(now - windowMs, now, this.scratch);
      // The same nearest rank as percentile(), found by selection: sorting 3,600 floats × 500 targets took ~0.5 s.
      value = n === 0 ? null : Math.round(selectKth(this.scratch, n, Math.min(n - 1, Math.max(0, Math.ceil(0.95 * n) - 1))) * 10) / 10;
    }
    if (value !== null) this.p95s.set(target, { at: now, windowMs, value });
    return value;
  }

  /** The last `n` poll latencies of a target (for sparklines). */
  recentLatencies(target: string, n: number): number[] {
    return this.probes.get(target)?.last(n) ?? [];
  }

  async history(query: HistoryQuery): Promise<HistoryPoint[]> {
    const ring = query.check ? this.checks.get(query.service)?.get(query.check) : this.probes.get(query.service);
    if (!ring) return [];
    const samples = [...ring.between(query.from, query.to)];
    if (query.resolution === 'raw') {
      return samples.slice(-query.limit).map((s) => ({
        t: new Date(s.t).toISOString(),
        count: 1,
        mean: s.value,
        p50: s.value,
        p95: s.value,
        p99: s.value,
        max: s.value,
        up: s.up ? 1 : 0,
      }));
    }
    const bucketMs = BUCKET_MS[query.resolution];
    const buckets = new Map<number, { values: number[]; ups: number }>();
    for (const s of samples) {
      const key = Math.floor(s.t / bucketMs) * bucketMs;
      let bucket = buckets.get(key);
      if (!bucket) buckets.set(key, (bucket = { values: [], ups: 0 }));
      bucket.values.push(s.value);
      bucket.ups += s.up ? 1 : 0;
    }
    return [...buckets.entries()].slice(-query.limit).map(([t, b]) => summarize(t, b.values, b.ups));
  }

  async summary(
    from: number,
    to: number,
    checks: string[],
  ): Promise<Map<string, { p95: number | null; samples: number; checks: Record<string, number | null> }>> {
    const out = new Map<string, { p95: number | null; samples: number; checks: Record<string, number | null> }>();
    for (const [service, ring] of this.probes) {
      const values = [...ring.between(from, to)].map((s) => s.value).sort((a, b) => a - b);
      const means: Record<string, number | null> = {};
      for (const check of checks) {
        const series = [...(this.checks.get(service)?.get(check)?.between(from, to) ?? [])].map((s) => s.value);
        means[check] = series.length ? series.reduce((a, b) => a + b, 0) / series.length : null;
      }
      out.set(service, { p95: percentile(values, 95), samples: values.length, checks: means });
    }
    return out;
  }
}

function summarize(t: number, values: number[], ups: number): HistoryPoint {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return {
    t: new Date(t).toISOString(),
    count: sorted.length,
    mean,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? null,
    up: ups / sorted.length,
  };
}

/** The k-th smallest of values[0..n) (Hoare's quickselect, in place, O(n) on average). */
export function selectKth(values: Float32Array, n: number, k: number): number {
  let left = 0;
  let right = n - 1;
  while (left < right) {
    const pivot = values[(left + right) >> 1] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) < pivot) i += 1;
      while ((values[j] as number) > pivot) j -= 1;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k] as number;
}
