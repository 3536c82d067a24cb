import { PRODUCT_SORTS, type ProductDto, type ProductPageDto, type ProductSort } from '../src/domain/product.schema';
import { productBody, startCatalog, type CatalogHarness } from './support/catalog-harness';
import { startIdentity, type TestIdentity } from './support/identity';

/** One real hr for the whole file. */
let identity: TestIdentity;

let catalog: CatalogHarness;
let inserted = 0;

const NAMES = ['Anvil', 'Bucket', 'Compass', 'Drill', 'Easel', 'Funnel', 'Gauge', 'Hammer', 'Ink', 'Jack'];

/** Inserts products whose names, prices and skus spread over the whole sort range (so some land before the cursor, some after). */
async function insertProducts(count: number): Promise<string[]> {
  const created = await Promise.all(
    Array.from({ length: count }, () => {
      inserted += 1;
      const n = inserted;
      return catalog.request<ProductDto>('POST', '/api/v1/products', {
        json: productBody({
          sku: `PG-${String((n * 7919) % 100_000).padStart(5, '0')}-${n}`,
          name: `${NAMES[n % NAMES.length]} ${n % 3}`,
          priceCents: (n * 37) % 5 === 0 ? 1000 : (n * 7919) % 20_000,
          description: 'pagination',
        }),
      });
    }),
  );
  return created.map((response) => {
    if (response.status !== 201) throw new Error(`insert: ${response.status} ${response.text}`);
    return response.body.id;
  });
}

beforeAll(async () => {
  identity = await startIdentity();
  catalog = await startCatalog({ identity });
  await insertProducts(45);
});

afterAll(async () => {
  await catalog?.stop();
  await identity?.idp.stop();
});

/** Pages through `q=pagination` with `sort`, inserting products concurrently with every page request. */
async function pageThroughWhileInserting(sort: ProductSort): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query: string = `q=pagination&sort=${sort}&limit=10${cursor ? `&cursor=${cursor}` : ''}`;
    const [response] = await Promise.all([catalog.request<ProductPageDto>('GET', `/api/v1/products?${query}`), insertProducts(2)]);
    if (response.status !== 200) throw new Error(`page: ${response.status} ${response.text}`);
    seen.push(...response.body.items.map((item) => item.id));
    cursor = response.body.nextCursor;
    pages += 1;
  } while (cursor !== null && pages < 1000);
  return seen;
}

describe('cursor pagination under concurrent inserts', () => {
  test.each(PRODUCT_SORTS.map((sort) => [sort]))(
    'when paging with sort=%s while products are inserted, then no row repeats and every row that existed is served once',
    async (sort) => {
      const existedBefore = (await catalog.sql<{ id: string }>('SELECT id FROM products')).map((row) => row.id);
      const seen = await pageThroughWhileInserting(sort);
      expect(new Set(seen).size).toBe(seen.length);
      const seenSet = new Set(seen);
      expect(existedBefore.length).toBeGreaterThanOrEqual(45);
      expect(existedBefore.filter((id) => !seenSet.has(id))).toEqual([]);
    },
  );

  test('when paging, then the pages follow the sort order with ties broken by id', async () => {
    const seen: ProductDto[] = [];
    let cursor: string | null = null;
    do {
      const response: { body: ProductPageDto } = await catalog.request<ProductPageDto>(
        'GET',
        `/api/v1/products?q=pagination&sort=-priceCents&limit=9${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...response.body.items);
      cursor = response.body.nextCursor;
    } while (cursor !== null);
    const expected = [...seen].sort((a, b) => b.priceCents - a.priceCents || (a.id < b.id ? 1 : -1));
    expect(seen.map((p) => p.id)).toEqual(expected.map((p) => p.id));
  });
});
