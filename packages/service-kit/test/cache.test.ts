import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createTcpProxy, waitFor } from '@erp/testing';
import { createCache, createLogger, type Cache } from '../src';

const REDIS_URL = 'redis://127.0.0.1:6379';
const logger = createLogger({ name: 'cache-test', level: 'silent' });

/** A promise the test resolves by hand, so concurrent loads can be held open without sleeping. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const backends = [
  { kind: 'memory', redisUrl: undefined },
  { kind: 'redis', redisUrl: REDIS_URL },
] as const;

describe.each(backends)('cache ($kind)', ({ kind, redisUrl }) => {
  let namespace: string;
  let cache: Cache;

  beforeEach(() => {
    namespace = `kit-test-${randomBytes(4).toString('hex')}`;
    cache = createCache({ redisUrl, namespace, logger });
  });

  afterEach(async () => {
    await cache.close();
    if (redisUrl) {
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${namespace}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });

  it('when created, then it reports its backend', () => {
    expect(cache.kind).toBe(kind);
  });

  it('when a value is set, then get returns a JSON copy and del removes it', async () => {
    const when = new Date('2026-01-02T03:04:05.000Z');
    await cache.set('a', { n: 1, when, list: [1, 'two'] }, 60);
    expect(await cache.get('a')).toEqual({ n: 1, when: '2026-01-02T03:04:05.000Z', list: [1, 'two'] });
    await cache.del('a');
    expect(await cache.get('a')).toBeUndefined();
  });

  it('when the TTL passes, then the entry is gone', async () => {
    await cache.set('short', 'v', 0.05);
    await waitFor(async () => (await cache.get('short')) === undefined, { timeoutMs: 3000, message: 'entry to expire' });
  });

  it('when wrap misses and then hits, then the loader runs once and stats count both', async () => {
    const loader = jest.fn(async () => ({ price: 42 }));
    expect(await cache.wrap('p1', 60, loader)).toEqual({ price: 42 });
    expect(await cache.wrap('p1', 60, loader)).toEqual({ price: 42 });
    expect(loader).toHaveBeenCalledTimes(1);
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, hitRate: 0.5 });
    expect(await cache.get('p1')).toEqual({ price: 42 });
  });

  it('when 50 callers miss the same key at once, then the loader runs once and all get its value', async () => {
    const gate = deferred<void>();
    const loader = jest.fn(async () => {
      await gate.promise;
      return { sku: 'hot' };
    });
    const calls = Array.from({ length: 50 }, () => cache.wrap('hot', 60, loader, { tags: ['products'] }));
    await waitFor(() => loader.mock.calls.length === 1, { message: 'the single load to start' });
    gate.resolve();
    const results = await Promise.all(calls);
    expect(loader).toHaveBeenCalledTimes(1);
    expect(results).toHaveLength(50);
    expect(results.every((r) => r.sku === 'hot')).toBe(true);
  });

  it('when the loader fails, then every waiter gets the error, nothing is cached, and the next call loads again', async () => {
    const failing = jest.fn(async () => {
      throw new Error('db down');
    });
    const both = [cache.wrap('f', 60, failing), cache.wrap('f', 60, failing)];
    await expect(both[0]).rejects.toThrow('db down');
    await expect(both[1]).rejects.toThrow('db down');
    expect(failing).toHaveBeenCalledTimes(1);
    expect(await cache.wrap('f', 60, async () => 'ok')).toBe('ok');
  });

  it('when a tag is invalidated, then entries with it reload and entries without it stay cached', async () => {
    await cache.wrap('product:1', 60, async () => 'v1', { tags: ['products', 'product:1'] });
    await cache.wrap('category:1', 60, async () => 'c1', { tags: ['categories'] });
    await cache.invalidate('product:1');
    expect(await cache.wrap('product:1', 60, async () => 'v2', { tags: ['products', 'product:1'] })).toBe('v2');
    const categoryLoader = jest.fn(async () => 'c2');
    expect(await cache.wrap('category:1', 60, categoryLoader, { tags: ['categories'] })).toBe('c1');
    expect(categoryLoader).not.toHaveBeenCalled();
  });

  it('when a load that started before an invalidation ends after it, then its stale value is never served', async () => {
    let current = 'old';
    let loading = false;
    const gate = deferred<void>();
    const slowRead = cache.wrap(
      'product:9',
      60,
      async () => {
        const seen = current;
        loading = true;
        await gate.promise;
        return seen;
      },
      { tags: ['product:9'] },
    );
    await waitFor(() => loading, { message: 'the slow read to have read the old value' });
    current = 'new';
    await cache.invalidate(['product:9']);
    gate.resolve();
    expect(await slowRead).toBe('old');
    for (let i = 0; i < 3; i += 1) {
      expect(await cache.wrap('product:9', 60, async () => current, { tags: ['product:9'] })).toBe('new');
    }
  });

  it('when wrapRaw misses then hits, then both return the same JSON text and share the entry with wrap', async () => {
    const loader = jest.fn(async () => ({ sku: 'A-1', priceCents: 1999 }));
    const miss = await cache.wrapRaw('raw', 60, loader, { tags: ['products'] });
    const hit = await cache.wrapRaw('raw', 60, loader, { tags: ['products'] });
    expect(miss?.text).toBe('{"sku":"A-1","priceCents":1999}');
    expect(hit?.text).toBe(miss?.text);
    expect(hit?.value()).toEqual({ sku: 'A-1', priceCents: 1999 });
    expect(await cache.wrap('raw', 60, loader, { tags: ['products'] })).toEqual({ sku: 'A-1', priceCents: 1999 });
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('when wrapRaw hits, then the bytes and derived values match the text, and an invalidation gives a fresh entry', async () => {
    let qty = 1;
    const loader = async () => ({ sku: 'B-2', qty });
    const qtyOf = jest.fn((text: string) => (JSON.parse(text) as { qty: number }).qty);
    const first = await cache.wrapRaw('shared', 60, loader, { tags: ['b'] });
    const hits = [await cache.wrapRaw('shared', 60, loader, { tags: ['b'] }), await cache.wrapRaw('shared', 60, loader, { tags: ['b'] })];
    for (const hit of hits) {
      expect(hit?.bytes.toString('utf8')).toBe('{"sku":"B-2","qty":1}');
      expect(hit?.derive(qtyOf)).toBe(1);
    }
    // in process, every hit is the entry's own RawJson: bytes and derived values are computed once per entry
    if (kind === 'memory') {
      expect(hits[0]).toBe(hits[1]);
      expect(qtyOf).toHaveBeenCalledTimes(1);
    }
    qty = 2;
    await cache.invalidate('b');
    const fresh = await cache.wrapRaw('shared', 60, loader, { tags: ['b'] });
    expect(fresh?.bytes.toString('utf8')).toBe('{"sku":"B-2","qty":2}');
    expect(fresh?.derive(qtyOf)).toBe(2);
    expect(first?.derive(qtyOf)).toBe(1);
  });

  it('when the loader returns undefined, then nothing is stored', async () => {
    const loader = jest.fn(async () => undefined);
    await cache.wrap('nothing', 60, loader);
    await cache.wrap('nothing', 60, loader);
    expect(loader).toHaveBeenCalledTimes(2);
  });
});

describe('cache (redis) across instances and outages', () => {
  const namespace = `kit-test-shared-${randomBytes(4).toString('hex')}`;

  it('when one instance invalidates a tag, then another instance on the same Redis reloads', async () => {
    const a = createCache({ redisUrl: REDIS_URL, namespace, logger });
    const b = createCache({ redisUrl: REDIS_URL, namespace, logger });
    try {
      expect(await a.wrap('k', 60, async () => 'first', { tags: ['t'] })).toBe('first');
      expect(await b.wrap('k', 60, async () => 'unused', { tags: ['t'] })).toBe('first');
      await a.invalidate('t');
      expect(await b.wrap('k', 60, async () => 'second', { tags: ['t'] })).toBe('second');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('when Redis stops answering, then wrap still returns the loaded value and ping fails', async () => {
    const proxy = await createTcpProxy({ targetPort: 6379 });
    const cache = createCache({ redisUrl: proxy.rewrite(REDIS_URL), namespace, logger, commandTimeoutMs: 200 });
    try {
      await cache.ping();
      proxy.pause();
      expect(await cache.wrap('during-outage', 60, async () => 'from-db', { tags: ['t'] })).toBe('from-db');
      await expect(cache.ping()).rejects.toThrow();
      proxy.resume();
      await waitFor(() => cache.ping().then(() => true), { message: 'redis to answer again' });
    } finally {
      await cache.close();
      await proxy.close();
    }
  });

  it('when Redis stops answering during a write, then invalidate does not fail, reads skip the stale entry, and the invalidation lands later', async () => {
    const proxy = await createTcpProxy({ targetPort: 6379 });
    const writer = createCache({ redisUrl: proxy.rewrite(REDIS_URL), namespace, logger, commandTimeoutMs: 200, retryIntervalMs: 50 });
    const other = createCache({ redisUrl: REDIS_URL, namespace, logger });
    try {
      let row = 'v1';
      const read = (cache: Cache) => cache.wrap('item', 60, async () => row, { tags: ['items'] });
      expect(await read(writer)).toBe('v1');
      proxy.pause();
      row = 'v2';
      await writer.invalidate('items');
      expect(writer.pendingInvalidations).toBe(1);
      expect(await read(writer)).toBe('v2');
      proxy.resume();
      await waitFor(() => writer.pendingInvalidations === 0, { message: 'the pending invalidation to land' });
      expect(await read(other)).toBe('v2');
      expect(await read(writer)).toBe('v2');
    } finally {
      await writer.close();
      await other.close();
      await proxy.close();
    }
  });
});
