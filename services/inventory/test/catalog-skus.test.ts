import { createTcpProxy, type TcpProxy } from '@erp/testing';
import { startTestCatalog, type TestCatalog } from '@erp/harness/catalog';
import { startInventory, type InventoryHarness } from './harness';

/**
 * Inventory stocks only what catalog sells: the first adjustment, receipt or threshold of a sku inventory has never
 * held is checked against a real catalog (`GET /api/v1/products/by-sku/{sku}`), reached through a TCP proxy that the
 * test cuts to make catalog unreachable.
 */
const UNKNOWN = ['FZ-NOSUCH-SKU', '99999999999999999999999'];

let catalog: TestCatalog;
let proxy: TcpProxy;
let inventory: InventoryHarness;

/** Rows inventory has written about skus (what a refused request must leave alone). */
async function written(): Promise<Record<string, number>> {
  const [row] = await inventory.sql<Record<string, number>>(
    'SELECT (SELECT count(*)::int FROM movements) AS movements, (SELECT count(*)::int FROM stock_levels) AS levels, (SELECT count(*)::int FROM sku_settings) AS settings',
  );
  return row!;
}

beforeAll(async () => {
  // catalog's demo products; reads are public, so its token verifier is never asked (nothing here writes to catalog)
  catalog = await startTestCatalog();
  proxy = await createTcpProxy({ targetPort: catalog.port });
  inventory = await startInventory({ CATALOG_URL: `http://127.0.0.1:${proxy.port}` });
});

afterAll(async () => {
  await inventory?.stop();
  await proxy?.close();
  await catalog?.stop();
});

beforeEach(async () => {
  await inventory.reset();
});

it.each(UNKNOWN)('when catalog never had sku %s, then an adjustment is 422 naming it and nothing is written', async (sku) => {
  const before = await written();
  const response = await inventory.call('POST', `/api/v1/stock/${sku}/adjustments`, { delta: 5, reason: 'count' });
  expect(response.status).toBe(422);
  expect(response.contentType).toBe('application/problem+json; charset=utf-8');
  expect(response.body).toMatchObject({ type: 'https://erp.example/problems/unknown-sku', skus: [sku] });
  expect(await written()).toEqual(before);
});

it('when a receipt mixes catalog products and skus catalog never had, then 422 names only the unknown ones and nothing is received', async () => {
  const response = await inventory.call('POST', '/api/v1/receipts', {
    lines: [{ sku: 'LT-WORK-15', quantity: 3 }, ...UNKNOWN.map((sku) => ({ sku, quantity: 1 }))],
  });
  expect(response.status).toBe(422);
  expect(response.body).toMatchObject({ type: 'https://erp.example/problems/unknown-sku', skus: UNKNOWN });
  expect(await written()).toEqual({ movements: 0, levels: 0, settings: 0 });
});

it('when catalog never had the sku, then setting its low-stock threshold is 422 and nothing is stored', async () => {
  const response = await inventory.call('PUT', '/api/v1/stock/FZ-NOSUCH-SKU/low-stock-threshold', { threshold: 3 });
  expect(response.status).toBe(422);
  expect(response.body).toMatchObject({ skus: ['FZ-NOSUCH-SKU'] });
  expect(await written()).toEqual({ movements: 0, levels: 0, settings: 0 });
});

it('when catalog sells the sku, then adjustment, receipt and threshold are accepted', async () => {
  expect((await inventory.call('POST', '/api/v1/stock/LT-WORK-15/adjustments', { delta: 5, reason: 'count' })).status).toBe(201);
  expect((await inventory.call('POST', '/api/v1/receipts', { lines: [{ sku: 'HP-ANC-700', quantity: 2 }] })).status).toBe(201);
  expect((await inventory.call('PUT', '/api/v1/stock/ACC-KB-MECH/low-stock-threshold', { threshold: 3 })).status).toBe(200);
  expect((await inventory.call('GET', '/api/v1/stock/LT-WORK-15')).body).toMatchObject({ onHand: 5 });
});

describe('when catalog is unreachable', () => {
  beforeEach(async () => {
    expect((await inventory.call('POST', '/api/v1/stock/LT-WORK-15/adjustments', { delta: 5, reason: 'count' })).status).toBe(201);
    proxy.pause();
    proxy.cutAll();
  });
  afterEach(() => proxy.resume());

  it('then a sku inventory already holds can still be adjusted and received (catalog is not asked)', async () => {
    expect((await inventory.call('POST', '/api/v1/stock/LT-WORK-15/adjustments', { delta: -2, reason: 'damaged' })).status).toBe(201);
    expect((await inventory.call('POST', '/api/v1/receipts', { lines: [{ sku: 'LT-WORK-15', quantity: 4 }] })).status).toBe(201);
    expect((await inventory.call('GET', '/api/v1/stock/LT-WORK-15')).body).toMatchObject({ onHand: 7 });
  });

  it('then a sku inventory never held is refused with 503 naming catalog, and nothing is written', async () => {
    const before = await written();
    const response = await inventory.call('POST', '/api/v1/stock/HP-ANC-700/adjustments', { delta: 5, reason: 'count' });
    expect(response.status).toBe(503);
    expect(response.contentType).toBe('application/problem+json; charset=utf-8');
    expect(response.body).toMatchObject({ dependency: 'catalog' });
    expect(await written()).toEqual(before);
  });
});
