/**
 * Request latency and 5xx counts over a sliding window, in fixed memory: a ring of time slots, each a
 * log-bucketed histogram (5 % wide buckets from 10 µs to ~90 s). Recording is O(1); a snapshot sums
 * the live slots (a few thousand additions), so percentiles never sort samples.
 */
const MIN_MS = 0.01;
const RATIO = 1.05;
const LOG_RATIO = Math.log(RATIO);
const BUCKETS = 330;

export interface LatencySnapshot {
  count: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
}

function bucketOf(ms: number): number {
  if (!(ms > MIN_MS)) return 0;
  const index = Math.ceil(Math.log(ms / MIN_MS) / LOG_RATIO);
  return index < BUCKETS ? index : BUCKETS - 1;
}

/** Geometric middle of a bucket: within 2.5 % of any value that fell into it. */
function valueOf(bucket: number): number {
  return bucket === 0 ? MIN_MS : MIN_MS * Math.pow(RATIO, bucket - 0.5);
}

export class LatencyWindow {
  private readonly counts: Uint32Array;
  private readonly epochs: Float64Array;
  private readonly totals: Float64Array;
  private readonly errors: Float64Array;

  /** `slotMs` × `slots` is the window length (default 12 × 5 s = 60 s). */
  constructor(
    private readonly slotMs = 5_000,
    private readonly slots = 12,
  ) {
    this.counts = new Uint32Array(slots * BUCKETS);
    this.epochs = new Float64Array(slots).fill(-1);
    this.totals = new Float64Array(slots);
    this.errors = new Float64Array(slots);
  }

  /** Records one request that took `ms` and finished at monotonic time `now` (performance.now()). */
  record(ms: number, isError: boolean, now: number): void {
    const epoch = Math.floor(now / this.slotMs);
    const slot = epoch % this.slots;
    if (this.epochs[slot] !== epoch) this.resetSlot(slot, epoch);
    this.counts[slot * BUCKETS + bucketOf(ms)]! += 1;
    this.totals[slot]! += 1;
    if (isError) this.errors[slot]! += 1;
  }

  /** Counts and percentiles over the slots that are still inside the window at `now`. */
  snapshot(now: number): LatencySnapshot {
    const current = Math.floor(now / this.slotMs);
    const merged = new Float64Array(BUCKETS);
    let count = 0;
    let errors = 0;
    for (let slot = 0; slot < this.slots; slot++) {
      const epoch = this.epochs[slot]!;
      if (epoch < 0 || epoch <= current - this.slots || epoch > current) continue;
      count += this.totals[slot]!;
      errors += this.errors[slot]!;
      const base = slot * BUCKETS;
      for (let bucket = 0; bucket < BUCKETS; bucket++) merged[bucket]! += this.counts[base + bucket]!;
    }
    return {
      count,
      errors,
      p50: percentile(merged, count, 0.5),
      p95: percentile(merged, count, 0.95),
      p99: percentile(merged, count, 0.99),
    };
  }

  private resetSlot(slot: number, epoch: number): void {
    this.counts.fill(0, slot * BUCKETS, (slot + 1) * BUCKETS);
    this.epochs[slot] = epoch;
    this.totals[slot] = 0;
    this.errors[slot] = 0;
  }
}

function percentile(merged: Float64Array, count: number, q: number): number {
  if (count === 0) return 0;
  const rank = Math.ceil(q * count);
  let seen = 0;
  for (let bucket = 0; bucket < BUCKETS; bucket++) {
    seen += merged[bucket]!;
    if (seen >= rank) return valueOf(bucket);
  }
  return valueOf(BUCKETS - 1);
}
