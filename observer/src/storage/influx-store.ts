import { escape, InfluxDB, type IPoint } from 'influx';
import type { Logger } from 'pino';
import { continuousQueries, RP } from './influx-schema';

/** Settings of the InfluxDB writer (the `influx` block of observer_config.json). */
export interface InfluxStoreOptions {
  batchSize: number;
  flushIntervalMs: number;
  maxBufferedPoints: number;
  writeTimeoutMs: number;
  rawRetention: string;
  rollup1mRetention: string;
  rollup1hRetention: string;
  rollup1mResampleEvery: string;
}

/** Counters the API and the observer's own metrics show. */
export interface InfluxStoreStats {
  up: boolean;
  ready: boolean;
  buffered: number;
  dropped: number;
  written: number;
  lastError: string | null;
}

/** The pool retries nothing and never parks the host for long: the store does its own retrying. */
const shortBackoff = {
  getDelay: () => 100,
  next() {
    return this;
  },
  reset() {
    return this;
  },
};

/** Parses INFLUX_URL (`http://[user:pass@]host:port/database`). */
export function parseInfluxUrl(url: string): {
  host: string;
  port: number;
  protocol: 'http' | 'https';
  database: string;
  username?: string;
  password?: string;
} {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\/+|\/+$/g, ''));
  if (!database || database.includes('/')) throw new Error('INFLUX_URL: expected http://host:port/<database>');
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 8086),
    protocol: parsed.protocol === 'https:' ? 'https' : 'http',
    database,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) } : {}),
  };
}

/**
 * Batched, ordered writes to InfluxDB 1.x. Points wait in a bounded buffer and go out in batches
 * (at `batchSize` points or every `flushIntervalMs`). While InfluxDB is down or slow nothing is lost within the bound;
 * past it the oldest points are dropped and counted. When InfluxDB comes back the buffer is written oldest first.
 * The database, retention policies and continuous queries are (re)created whenever the store (re)connects.
 */
export class InfluxStore {
  readonly client: InfluxDB;
  readonly database: string;
  /** Points waiting, each already a line of the line protocol (a string costs the heap far less than a point's objects). */
  private buffer: string[] = [];
  private readonly writeUrl: string;
  private readonly authorization: string | null;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private ready = false;
  private up = false;
  private dropped = 0;
  private written = 0;
  private lastError: string | null = null;
  private retryAt = 0;
  private failures = 0;

  constructor(
    url: string,
    private options: InfluxStoreOptions,
    private readonly logger: Logger,
  ) {
    const parsed = parseInfluxUrl(url);
    this.database = parsed.database;
    const query = new URLSearchParams({ db: parsed.database, rp: RP.raw, precision: 'ms' });
    this.writeUrl = `${parsed.protocol}://${parsed.host.includes(':') && !parsed.host.startsWith('[') ? `[${parsed.host}]` : parsed.host}:${parsed.port}/write?${query}`;
    this.authorization =
      parsed.username === undefined ? null : `Basic ${Buffer.from(`${parsed.username}:${parsed.password ?? ''}`).toString('base64')}`;
    this.client = new InfluxDB({ ...parsed, pool: { maxRetries: 0, requestTimeout: options.writeTimeoutMs, backoff: shortBackoff } });
  }

  setOptions(options: InfluxStoreOptions): void {
    const changed = JSON.stringify(options) !== JSON.stringify(this.options);
    this.options = options;
    if (changed) this.ready = false;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.options.flushIntervalMs);
    void this.flush();
  }

  /** Queues points (in the raw retention policy). */
  write(points: IPoint[]): void {
    for (const point of points) this.buffer.push(lineOf(point));
    const over = this.buffer.length - this.options.maxBufferedPoints;
    if (over > 0) {
      this.buffer.splice(0, over);
      this.dropped += over;
    }
    if (this.buffer.length >= this.options.batchSize) void this.flush();
  }

  /** Writes what is buffered, oldest first; resolves when this attempt is over (it may leave points behind if InfluxDB is down). */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => (this.flushing = null));
    return this.flushing;
  }

  stats(): InfluxStoreStats {
    return {
      up: this.up,
      ready: this.ready,
      buffered: this.buffer.length,
      dropped: this.dropped,
      written: this.written,
      lastError: this.lastError,
    };
  }

  /** Stops the timer and tries once more to write what is left. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.retryAt = 0;
    await this.flush().catch(() => undefined);
  }

  private async drain(): Promise<void> {
    if (Date.now() < this.retryAt) return;
    try {
      if (!this.ready) await this.setup();
      // One request per flush for what is buffered now (more only while catching up past batchSize);
      // points arriving meanwhile wait for the next flush.
      let due = this.buffer.length;
      while (due > 0 && this.buffer.length > 0) {
        const batch = this.buffer.slice(0, Math.min(due, this.options.batchSize));
        due -= batch.length;
        const droppedBefore = this.dropped;
        await this.post(batch.join('\n'));
        // Points dropped while the write was in flight were the oldest ones, i.e. the head of this batch.
        this.buffer.splice(0, Math.max(0, batch.length - (this.dropped - droppedBefore)));
        this.written += batch.length;
      }
      if (!this.up) this.logger.info({ database: this.database }, 'InfluxDB writes flowing');
      this.up = true;
      this.failures = 0;
      this.lastError = null;
    } catch (error) {
      this.failures += 1;
      this.retryAt = Date.now() + Math.min(10_000, 250 * 2 ** Math.min(this.failures, 6));
      this.lastError = (error as Error).message;
      if (this.up || this.failures === 1)
        this.logger.warn({ err: error, buffered: this.buffer.length }, 'InfluxDB write failed; buffering');
      this.up = false;
      this.ready = false;
    }
  }

  /** One write request (the raw retention policy, ms precision); throws on anything but 2xx. */
  private async post(body: string): Promise<void> {
    const response = await fetch(this.writeUrl, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain; charset=utf-8', ...(this.authorization ? { authorization: this.authorization } : {}) },
      signal: AbortSignal.timeout(this.options.writeTimeoutMs),
    });
    if (response.ok) {
      await response.arrayBuffer();
      return;
    }
    const text = (await response.text().catch(() => '')).slice(0, 500);
    throw new Error(`InfluxDB write answered ${response.status} ${response.statusText}: ${text}`);
  }

  /** Creates the database, the retention policies and the continuous queries (idempotent). */
  async setup(): Promise<void> {
    const db = this.database;
    const o = this.options;
    await this.client.query(`CREATE DATABASE "${db}"`);
    const existing = new Set((await this.client.showRetentionPolicies(db)).map((p) => p.name));
    const policies = [
      { name: RP.raw, duration: o.rawRetention, isDefault: true },
      { name: RP.rollup1m, duration: o.rollup1mRetention, isDefault: false },
      { name: RP.rollup1h, duration: o.rollup1hRetention, isDefault: false },
    ];
    for (const policy of policies) {
      const spec = { database: db, duration: policy.duration, replication: 1, isDefault: policy.isDefault };
      if (existing.has(policy.name)) await this.client.alterRetentionPolicy(policy.name, spec);
      else await this.client.createRetentionPolicy(policy.name, spec);
    }
    const present = new Set((await this.client.showContinousQueries(db)).map((cq) => cq.name));
    for (const cq of continuousQueries(db, o.rollup1mResampleEvery)) {
      if (present.has(cq.name)) await this.client.dropContinuousQuery(cq.name, db);
      await this.client.createContinuousQuery(cq.name, cq.query, db, cq.resample);
    }
    this.ready = true;
  }
}

/**
 * A point as a line of InfluxDB's line protocol, exactly as the influx client writes it (tags in their order, fields
 * sorted). Built by one join: a flat string, where `+=` would leave a rope of a dozen pieces in the buffer until the flush.
 */
export function lineOf(point: IPoint): string {
  const parts: string[] = [point.measurement ?? ''];
  const tags = point.tags ?? {};
  for (const name in tags) parts.push(',', escape.tag(name), '=', escape.tag(tags[name] as string));
  const fields = point.fields ?? {};
  const names = Object.keys(fields).sort();
  for (let i = 0; i < names.length; i += 1) {
    const name = names[i] as string;
    const value = fields[name];
    parts.push(i === 0 ? ' ' : ',', escape.tag(name), '=', typeof value === 'string' ? escape.quoted(value) : String(value));
  }
  const at = point.timestamp;
  if (at) parts.push(' ', String(typeof at === 'number' || typeof at === 'string' ? at : at.getTime()));
  return parts.join('');
}
