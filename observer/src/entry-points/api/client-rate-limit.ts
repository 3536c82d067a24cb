/**
 * A token bucket per client key (the caller's address), in memory: `perMinute` requests in a burst, refilled at
 * `perMinute` per minute. At most `maxClients` buckets are kept; full (idle) ones are dropped first, then the oldest.
 */
export class ClientRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly refillPerMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly maxClients = 10_000,
  ) {
    this.refillPerMs = perMinute / 60_000;
  }

  /** Takes one token for `key`: 0 when the request may go on, else the seconds until a token is back (for Retry-After). */
  take(key: string, now: number): number {
    let bucket = this.buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.refillPerMs);
      bucket.at = now;
      // Map order is insertion order: re-insert so the oldest-used buckets come first when pruning.
      this.buckets.delete(key);
      this.buckets.set(key, bucket);
    } else {
      if (this.buckets.size >= this.maxClients) this.prune(now);
      bucket = { tokens: this.perMinute, at: now };
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000));
  }

  private prune(now: number): void {
    for (const [key, b] of this.buckets) if (b.tokens + (now - b.at) * this.refillPerMs >= this.perMinute) this.buckets.delete(key);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < this.maxClients) break;
      this.buckets.delete(key);
    }
  }
}
