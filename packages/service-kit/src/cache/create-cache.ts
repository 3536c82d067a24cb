import type { Logger } from '../logger';
import { Cache } from './cache';
import { MemoryStore } from './memory.store';
import { RedisStore } from './redis.store';

/** Options of {@link createCache}. */
export interface CacheOptions {
  /** Redis URL; unset → in-process LRU with TTL. */
  redisUrl?: string;
  /** Key prefix, usually the service name. */
  namespace: string;
  logger: Logger;
  /** Entries kept by the in-process LRU (default 10 000). */
  maxEntries?: number;
  /** Redis per-command timeout (default 500 ms): a hung Redis degrades to uncached reads instead of hanging requests. */
  commandTimeoutMs?: number;
  /** How often an invalidation that could not reach Redis is retried (default 500 ms). */
  retryIntervalMs?: number;
}

/** A {@link Cache} backed by Redis when `redisUrl` is set, else by an in-process LRU; same semantics either way. */
export function createCache(options: CacheOptions): Cache {
  const store = options.redisUrl
    ? new RedisStore(options.redisUrl, { namespace: options.namespace, commandTimeoutMs: options.commandTimeoutMs ?? 500 })
    : new MemoryStore(options.maxEntries ?? 10_000);
  return new Cache(store, options.namespace, options.logger.child({ component: 'cache' }), options.retryIntervalMs);
}
