import { CATALOG_PRODUCT_CHANGES_CHANNEL } from '@erp/contracts';
import { createLogger, subscribe, type Subscription } from '@erp/service-kit';
import { createTcpProxy, waitFor, type TcpProxy } from '@erp/testing';
import type { ProductDto } from '../src/domain/product.schema';
import { REDIS_URL, productBody, startCatalog, type CatalogHarness } from './support/catalog-harness';
import { startIdentity, type TestIdentity } from './support/identity';

let identity: TestIdentity;
let redisProxy: TcpProxy;
let catalog: CatalogHarness;
let subscription: Subscription;
const notices: Array<{ skus: string[] }> = [];

beforeAll(async () => {
  identity = await startIdentity();
  // catalog publishes through a proxy the tests can cut; the listener below reaches Redis directly
  redisProxy = await createTcpProxy({ targetPort: Number(new URL(REDIS_URL).port || 6379) });
  catalog = await startCatalog({ identity, cache: 'redis', env: { REDIS_URL: redisProxy.rewrite(REDIS_URL) } });
  subscription = subscribe(
    REDIS_URL,
    CATALOG_PRODUCT_CHANGES_CHANNEL,
    { message: (payload) => notices.push(payload as { skus: string[] }) },
    createLogger({ name: 'notice-listener', level: 'silent' }),
  );
  await waitFor(() => subscription.live);
});

afterAll(async () => {
  await subscription?.close();
  redisProxy?.refuse(false);
  await catalog?.stop();
  await redisProxy?.close();
  await identity?.idp.stop();
});

const noticeFor = (sku: string) => () => notices.some((n) => n.skus.includes(sku));

test('when products are created, renamed and deleted, then each write publishes the skus it changed', async () => {
  const created = await catalog.request<ProductDto>('POST', '/api/v1/products', { json: productBody({ sku: 'NOTICE-A' }) });
  expect(created.status).toBe(201);
  await waitFor(noticeFor('NOTICE-A'));

  const renamed = await catalog.request<ProductDto>('PATCH', `/api/v1/products/${created.body.id}`, {
    json: { sku: 'NOTICE-B', priceCents: 999 },
  });
  expect(renamed.status).toBe(200);
  await waitFor(() => notices.some((n) => n.skus.includes('NOTICE-A') && n.skus.includes('NOTICE-B')));

  notices.length = 0;
  expect((await catalog.request('DELETE', `/api/v1/products/${created.body.id}`)).status).toBe(204);
  await waitFor(noticeFor('NOTICE-B'));
});

test('when Redis cannot take the notice, then the write still succeeds (it has committed) and later writes publish again', async () => {
  const created = await catalog.request<ProductDto>('POST', '/api/v1/products', { json: productBody({ sku: 'NOTICE-C' }) });
  expect(created.status).toBe(201);
  redisProxy.refuse(true);
  try {
    const patched = await catalog.request<ProductDto>('PATCH', `/api/v1/products/${created.body.id}`, { json: { priceCents: 1234 } });
    expect(patched.status).toBe(200);
    expect(
      (await catalog.sql<{ price_cents: number }>('SELECT price_cents FROM products WHERE sku = $1', ['NOTICE-C']))[0]?.price_cents,
    ).toBe(1234);
  } finally {
    redisProxy.refuse(false);
  }
  notices.length = 0;
  await waitFor(
    async () => {
      await catalog.request('PATCH', `/api/v1/products/${created.body.id}`, { json: { priceCents: 1300 } });
      return notices.some((n) => n.skus.includes('NOTICE-C'));
    },
    { timeoutMs: 15_000, intervalMs: 300 },
  );
});
