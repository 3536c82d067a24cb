import { DEMO_SKUS } from '@erp/inventory';
import { startTestCatalog, type TestCatalog } from '../src/catalog';

/**
 * Services share no code, so inventory keeps its own copy of the skus of catalog's demo products (it stocks them on
 * first start). This check sits in tools/, the one layer allowed to look at two members: the copy must match what a
 * real catalog serves.
 */
let catalog: TestCatalog;
beforeAll(async () => {
  catalog = await startTestCatalog();
}, 90_000);
afterAll(async () => {
  await catalog?.stop();
});

test('when the catalog demo products exist, then inventory demo stock covers exactly their skus', async () => {
  const products: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await fetch(`${catalog.url}/api/v1/products?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    const page = (await response.json()) as { items: Array<{ sku: string }>; nextCursor?: string | null };
    products.push(...page.items.map((p) => p.sku));
    cursor = page.nextCursor ?? null;
  } while (cursor);
  expect(products.length).toBeGreaterThan(0);
  expect([...DEMO_SKUS].sort()).toEqual(products.sort());
});
