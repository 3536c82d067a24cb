import type { Logger } from '../logger';
import { RawJson } from '../raw-json';
import type { CacheStore } from './cache-store';
import { MemoryStore } from './memory.store';

/** A finished load: the loader's value and its JSON text (undefined when the value is undefined). */
interface Loaded<T> {
  value: T;
  text: string | undefined;
}

/** What a lookup found: the stored text (or, in process, the shared entry) and where a load would be stored. */
interface Found {
  raw?: string;
  entry?: RawJson;
  flightKey: string;
  storeKey?: string;
}

/** Options of {@link Cache.wrap}. */
export interface WrapOptions {
  /** Tags the entry depends on; `invalidate(tag)` makes every entry carrying it unreachable. */
  tags?: string[];
}

/** Hit/miss counters since start. */
export interface CacheStats {
  hits: number;
  misses: number;
  hitRate: number;
}

/**
 * Cache-aside with single-flight loads and tag-versioned invalidation, over a Redis or in-process store.
 * Values are stored as JSON, so both backends behave identically (a Date comes back as its ISO string).
 */
export class Cache {
  private readonly inFlight = new Map<string, Promise<Loaded<unknown>>>();
  /** Tag keys whose invalidation could not reach the store yet; reads carrying them bypass the cache. */
  private readonly pendingTags = new Set<string>();
  private retryTimer: NodeJS.Timeout | undefined;
  private hits = 0;
  private misses = 0;
  /** The store when it is the in-process one: its lookups are synchronous. */
  private readonly memory: MemoryStore | undefined;

  constructor(
    private readonly store: CacheStore,
    private readonly namespace: string,
    private readonly logger: Logger,
    private readonly retryIntervalMs = 500,
  ) {
    this.memory = store instanceof MemoryStore ? store : undefined;
  }

  /** `redis` or `memory`. */
  get kind(): CacheStore['kind'] {
    return this.store.kind;
  }

  private keyOf(key: string): string {
    return `${this.namespace}:k:${key}`;
  }

  private tagKeys(tags: string[]): string[] {
    return tags.map((tag) => `${this.namespace}:t:${tag}`);
  }

  /** The value stored under `key` (by `set` or an untagged `wrap`), or undefined. */
  async get<T>(key: string): Promise<T | undefined> {
    const raw = await this.store.get(this.keyOf(key));
    if (raw === undefined) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    return JSON.parse(raw) as T;
  }

  /** Stores `value` (JSON-serialisable) for `ttlSeconds`. */
  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    if (value === undefined || ttlSeconds <= 0) return;
    await this.store.set(this.keyOf(key), JSON.stringify(value), ttlSeconds);
  }

  /** Removes untagged entries (tagged ones are removed with `invalidate`). */
  async del(...keys: string[]): Promise<void> {
    await this.store.del(keys.map((key) => this.keyOf(key)));
  }

  /**
   * Returns the cached value of `key`, or loads it with `loader` and stores it for `ttlSeconds`. Concurrent misses on the
   * same key in this process share one load. With `tags`, the entry is stored under the tags' current versions, so an
   * `invalidate` of any of them makes it unreachable — also when a load that started before the invalidation ends after
   * it. When the store fails (Redis down or slow) the loader's value is returned uncached.
   */
  async wrap<T>(key: string, ttlSeconds: number, loader: () => Promise<T>, options: WrapOptions = {}): Promise<T> {
    const found = this.memory ? this.lookupInMemory(this.memory, key, options.tags) : await this.lookup(key, options.tags);
    if (found.entry !== undefined) return JSON.parse(found.entry.text) as T;
    if (found.raw !== undefined) return JSON.parse(found.raw) as T;
    return (await this.singleFlight(found.flightKey, loader, found.storeKey, ttlSeconds)).value;
  }

  /**
   * Like {@link wrap}, but returns the stored JSON text as {@link RawJson}: a route can send it without parsing and
   * re-serializing it. `undefined` when the loader returned undefined. With the in-process store a hit is the entry's
   * own (shared, immutable) RawJson, so its bytes are encoded once per entry.
   */
  async wrapRaw<T>(key: string, ttlSeconds: number, loader: () => Promise<T>, options: WrapOptions = {}): Promise<RawJson | undefined> {
    const found = this.memory ? this.lookupInMemory(this.memory, key, options.tags) : await this.lookup(key, options.tags);
    if (found.entry !== undefined) return found.entry;
    if (found.raw !== undefined) return new RawJson(found.raw);
    const loaded = await this.singleFlight(found.flightKey, loader, found.storeKey, ttlSeconds);
    return loaded.text === undefined ? undefined : new RawJson(loaded.text);
  }

  /** {@link lookup} for the in-process store, synchronously (no await on the hot path of a hit). */
  private lookupInMemory(memory: MemoryStore, key: string, tags: string[] | undefined): Found {
    const base = this.keyOf(key);
    if (tags && this.pendingTags.size > 0 && this.tagKeys(tags).some((tag) => this.pendingTags.has(tag))) {
      this.misses += 1;
      return { flightKey: `!${base}` };
    }
    let storeKey = base;
    let entry: RawJson | undefined;
    if (tags && tags.length > 0) ({ key: storeKey, value: entry } = memory.peekTagged(base, this.tagKeys(tags)));
    else entry = memory.peek(base);
    if (entry !== undefined) this.hits += 1;
    else this.misses += 1;
    return { entry, flightKey: storeKey, storeKey };
  }

  /** Reads the entry for `key` under the tags' current versions; on a store failure, no key to store under. */
  private async lookup(key: string, tags: string[] | undefined): Promise<Found> {
    const base = this.keyOf(key);
    if (tags && this.pendingTags.size > 0 && this.tagKeys(tags).some((tag) => this.pendingTags.has(tag))) {
      this.misses += 1;
      return { flightKey: `!${base}` };
    }
    try {
      let storeKey = base;
      let raw: string | undefined;
      if (tags && tags.length > 0) ({ key: storeKey, value: raw } = await this.store.getTagged(base, this.tagKeys(tags)));
      else raw = await this.store.get(base);
      if (raw !== undefined) this.hits += 1;
      else this.misses += 1;
      return { raw, flightKey: storeKey, storeKey };
    } catch (error) {
      this.logger.warn({ err: error, key }, 'cache read failed; loading without cache');
      this.misses += 1;
      return { flightKey: `!${base}` };
    }
  }

  /** Runs `loader` once for all concurrent callers of `flightKey`; stores its JSON under `storeKey` when given. */
  private singleFlight<T>(
    flightKey: string,
    loader: () => Promise<T>,
    storeKey: string | undefined,
    ttlSeconds: number,
  ): Promise<Loaded<T>> {
    const running = this.inFlight.get(flightKey);
    if (running) return running as Promise<Loaded<T>>;
    const load = (async (): Promise<Loaded<T>> => {
      try {
        const value = await loader();
        const text = value === undefined ? undefined : JSON.stringify(value);
        if (storeKey !== undefined && text !== undefined && ttlSeconds > 0) {
          try {
            await this.store.set(storeKey, text, ttlSeconds);
          } catch (error) {
            this.logger.warn({ err: error, key: storeKey }, 'cache write failed');
          }
        }
        return { value, text };
      } finally {
        this.inFlight.delete(flightKey);
      }
    })();
    this.inFlight.set(flightKey, load);
    return load;
  }

  /**
   * Makes every entry stored with any of `tags` unreachable (gives the tags new versions). Call it after the write has
   * committed. When the store cannot be reached, it does not fail the write: the tags are kept as pending, reads in this
   * process that carry them bypass the cache, and the invalidation is retried every `retryIntervalMs` until it lands.
   */
  async invalidate(tags: string | string[]): Promise<void> {
    const keys = this.tagKeys(Array.isArray(tags) ? tags : [tags]);
    try {
      await this.store.bumpTags(keys);
    } catch (error) {
      for (const key of keys) this.pendingTags.add(key);
      this.logger.warn({ err: error, tags: keys }, 'cache invalidation failed; bypassing these tags and retrying');
      this.retryTimer ??= setInterval(() => void this.flushPending(), this.retryIntervalMs).unref();
    }
  }

  /** Number of tags whose invalidation has not reached the store yet. */
  get pendingInvalidations(): number {
    return this.pendingTags.size;
  }

  private async flushPending(): Promise<void> {
    const keys = [...this.pendingTags];
    try {
      await this.store.bumpTags(keys);
    } catch {
      return;
    }
    for (const key of keys) this.pendingTags.delete(key);
    if (this.pendingTags.size === 0 && this.retryTimer) {
      clearInterval(this.retryTimer);
      this.retryTimer = undefined;
      this.logger.info({ tags: keys }, 'pending cache invalidations applied');
    }
  }

  /** Resolves when the store answers (Redis PING); used by the health check. */
  ping(): Promise<void> {
    return this.store.ping();
  }

  /** Tries pending invalidations once more, then closes the store. */
  async close(): Promise<void> {
    if (this.retryTimer) {
      clearInterval(this.retryTimer);
      this.retryTimer = undefined;
      await this.flushPending();
      if (this.pendingTags.size > 0) this.logger.error({ tags: [...this.pendingTags] }, 'cache invalidations lost on close');
    }
    await this.store.close();
  }

  stats(): CacheStats {
    const total = this.hits + this.misses;
    return { hits: this.hits, misses: this.misses, hitRate: total === 0 ? 0 : this.hits / total };
  }
}
