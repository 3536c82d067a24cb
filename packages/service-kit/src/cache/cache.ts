import type { Logger } from '../logger';
import type { CacheStore } from './cache-store';

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
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly store: CacheStore,
    private readonly namespace: string,
    private readonly logger: Logger,
  ) {}

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
    let storedKey: string;
    let raw: string | undefined;
    try {
      if (options.tags && options.tags.length > 0) {
        ({ key: storedKey, value: raw } = await this.store.getTagged(this.keyOf(key), this.tagKeys(options.tags)));
      } else {
        storedKey = this.keyOf(key);
        raw = await this.store.get(storedKey);
      }
    } catch (error) {
      this.logger.warn({ err: error, key }, 'cache read failed; loading without cache');
      this.misses += 1;
      return this.singleFlight(`!${this.keyOf(key)}`, loader, undefined, ttlSeconds);
    }
    if (raw !== undefined) {
      this.hits += 1;
      return JSON.parse(raw) as T;
    }
    this.misses += 1;
    return this.singleFlight(storedKey, loader, storedKey, ttlSeconds);
  }

  /** Runs `loader` once for all concurrent callers of `flightKey`; stores its result under `storeKey` when given. */
  private singleFlight<T>(flightKey: string, loader: () => Promise<T>, storeKey: string | undefined, ttlSeconds: number): Promise<T> {
    const running = this.inFlight.get(flightKey);
    if (running) return running as Promise<T>;
    const load = (async () => {
      try {
        const value = await loader();
        if (storeKey !== undefined && value !== undefined && ttlSeconds > 0) {
          try {
            await this.store.set(storeKey, JSON.stringify(value), ttlSeconds);
          } catch (error) {
            this.logger.warn({ err: error, key: storeKey }, 'cache write failed');
          }
        }
        return value;
      } finally {
        this.inFlight.delete(flightKey);
      }
    })();
    this.inFlight.set(flightKey, load);
    return load;
  }

  /**
   * Makes every entry stored with any of `tags` unreachable (gives the tags new versions). Call it after the write has
   * committed. Throws when the store cannot be reached, so the caller knows readers may still see the old value until TTL.
   */
  async invalidate(tags: string | string[]): Promise<void> {
    const list = Array.isArray(tags) ? tags : [tags];
    await this.store.bumpTags(this.tagKeys(list));
  }

  /** Resolves when the store answers (Redis PING); used by the health check. */
  ping(): Promise<void> {
    return this.store.ping();
  }

  close(): Promise<void> {
    return this.store.close();
  }

  stats(): CacheStats {
    const total = this.hits + this.misses;
    return { hits: this.hits, misses: this.misses, hitRate: total === 0 ? 0 : this.hits / total };
  }
}
