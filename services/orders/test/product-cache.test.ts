import { Redis } from 'ioredis';
import pino from 'pino';
import { CATALOG_PRODUCT_CHANGES_CHANNEL } from '@erp/contracts';
import { waitFor } from '@erp/testing';
import { createProductCache, type CatalogProduct, type ProductCache } from '../src/data-access/catalog.gateway';
import { addProducts, expectLedgerConsistent, placeOrder, startFleet, stock, type Fleet } from '@erp/harness/commerce-fleet';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const silent = pino({ level: 'silent' });
const product = (sku: string, priceCents = 100): CatalogProduct => ({
  sku,
  name: `Product ${sku}`,
  priceCents,
  currency: 'EUR',
  active: true,
});

/** Redis CLIENT KILL of the connections named `name`: what a restart of Redis or a network cut does to a subscriber. */
async function killConnections(redis: Redis, name: string): Promise<void> {
  const list = await redis.client('LIST');
  const ids = String(list)
    .split('\n')
    .filter((line) => line.includes(` name=${name} `))
    .map((line) => /\bid=(\d+)/.exec(line)?.[1])
    .filter((id): id is string => id !== undefined);
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) await redis.client('KILL', 'ID', id);
}

describe('the product cache (real Redis)', () => {
  let redis: Redis;
  let cache: ProductCache | undefined;
  const connectionName = `orders-product-cache-test-${process.pid}`;

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });
  afterAll(() => redis.disconnect());
  afterEach(async () => cache?.close());

  async function liveCache(ttlMs = 60_000): Promise<ProductCache> {
    cache = createProductCache({ redisUrl: REDIS_URL, ttlMs, logger: silent, connectionName });
    await waitFor(() => cache!.live, { timeoutMs: 5000 });
    return cache;
  }

  test('when subscribed, then a kept product is served; a notice drops exactly the skus it names', async () => {
    const c = await liveCache();
    c.set(product('PC-A'), c.generation);
    c.set(product('PC-B'), c.generation);
    expect(c.get('PC-A')).toEqual(product('PC-A'));
    await redis.publish(CATALOG_PRODUCT_CHANGES_CHANNEL, JSON.stringify({ skus: ['PC-A'] }));
    await waitFor(() => c.get('PC-A') === undefined, { timeoutMs: 5000 });
    expect(c.get('PC-B')).toEqual(product('PC-B'));
  });

  test('when a notice cannot be read, then every kept product is dropped (it may name any of them)', async () => {
    const c = await liveCache();
    c.set(product('PC-A'), c.generation);
    await redis.publish(CATALOG_PRODUCT_CHANGES_CHANNEL, JSON.stringify({ skus: 'PC-A' }));
    await waitFor(() => c.size === 0, { timeoutMs: 5000 });
    expect(c.get('PC-A')).toBeUndefined();
  });

  test('when a notice arrives while a catalog answer is on its way, then that answer is not kept (it may predate the change)', async () => {
    const c = await liveCache();
    const before = c.generation;
    await redis.publish(CATALOG_PRODUCT_CHANGES_CHANNEL, JSON.stringify({ skus: ['PC-OTHER'] }));
    await waitFor(() => c.generation !== before, { timeoutMs: 5000 });
    c.set(product('PC-A'), before);
    expect(c.get('PC-A')).toBeUndefined();
    c.set(product('PC-A'), c.generation);
    expect(c.get('PC-A')).toEqual(product('PC-A'));
  });

  test('when an entry is older than the TTL, then it is no longer served', async () => {
    const c = await liveCache(300);
    c.set(product('PC-A'), c.generation);
    expect(c.get('PC-A')).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(c.get('PC-A')).toBeUndefined();
  });

  test('when the subscription is lost, then nothing is served or kept until it is back, and what was kept before is gone', async () => {
    const c = await liveCache();
    c.set(product('PC-A'), c.generation);
    await killConnections(redis, connectionName);
    await waitFor(() => !c.live, { timeoutMs: 5000 });
    expect(c.get('PC-A')).toBeUndefined();
    c.set(product('PC-B'), c.generation);
    expect(c.get('PC-B')).toBeUndefined();
    await waitFor(() => c.live, { timeoutMs: 10_000 });
    expect(c.size).toBe(0);
    c.set(product('PC-B'), c.generation);
    expect(c.get('PC-B')).toEqual(product('PC-B'));
  });
});

describe('placement with the product cache (catalog publishes changes, orders keeps prices)', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({
      catalogEnv: { REDIS_URL, CATALOG_CACHE_PREFIX: `orders-test-${process.pid}:` },
      // short catalog timeouts: the tests cut orders off from catalog on purpose
      ordersEnv: { REDIS_URL, CATALOG_CACHE_TTL_MS: '60000', CATALOG_TIMEOUT_MS: '300', BREAKER_HALF_OPEN_MS: '100' },
    });
    await addProducts(fleet, [{ sku: 'PC-PRICE', priceCents: 1000 }]);
  }, 60_000);
  afterAll(async () => fleet.stop());
  afterEach(async () => expectLedgerConsistent(fleet));

  test('when catalog changes a price, then orders stops using the price it kept, and prices new orders at the new price', async () => {
    await stock(fleet, 'PC-PRICE', 1000);
    const body = { customerId: 'c-1', lines: [{ sku: 'PC-PRICE', quantity: 1 }] };
    // the cache subscribes in the background: wait until a placement is answered with catalog unreachable
    fleet.catalogProxy.pause();
    try {
      await waitFor(
        async () => {
          fleet.catalogProxy.resume();
          expect((await placeOrder(fleet, body)).status).toBe(201);
          fleet.catalogProxy.pause();
          return (await placeOrder(fleet, body)).status === 201;
        },
        { timeoutMs: 15_000 },
      );
      // served from orders' memory: catalog does not answer, the order is priced all the same
      const cached = await placeOrder(fleet, body);
      expect(cached).toMatchObject({ status: 201, body: { totalCents: 1000 } });

      const product = await fleet.catalog.call('GET', '/api/v1/products/by-sku/PC-PRICE');
      expect((await fleet.catalog.call('PATCH', `/api/v1/products/${String(product.body.id)}`, { priceCents: 1500 })).status).toBe(200);
      // the notice drops the kept price: with catalog still unreachable, orders can no longer price the line
      await waitFor(async () => (await placeOrder(fleet, body)).status === 503, { timeoutMs: 10_000 });
    } finally {
      fleet.catalogProxy.resume();
    }
    await waitFor(
      async () => {
        const fresh = await placeOrder(fleet, body);
        return fresh.status === 201 && fresh.body.totalCents === 1500;
      },
      { timeoutMs: 10_000 },
    );
  });
});
