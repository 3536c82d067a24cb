import type { CategoryDto } from '../src/domain/category.schema';
import type { ProductDto, ProductPageDto } from '../src/domain/product.schema';
import { productBody, startCatalog, type CatalogHarness } from './support/catalog-harness';
import { startIdentity, type TestIdentity } from './support/identity';

/** One real hr for the whole file. */
let identity: TestIdentity;

beforeAll(async () => {
  identity = await startIdentity();
});

afterAll(async () => {
  await identity?.idp.stop();
});

/** The same suite against both cache backends: reads after a write are never stale. */
describe.each(['memory', 'redis'] as const)('cached reads with the %s cache', (cacheKind) => {
  let catalog: CatalogHarness;

  beforeAll(async () => {
    catalog = await startCatalog({ identity, cache: cacheKind });
  });

  afterAll(async () => {
    await catalog?.stop();
  });

  const get = async <T>(path: string) => {
    const response = await catalog.request<T>('GET', path);
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${response.text}`);
    return response.body;
  };
  const write = async <T>(method: string, path: string, json?: unknown) => {
    const response = await catalog.request<T>(method, path, json === undefined ? {} : { json });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${response.text}`);
    return response.body;
  };

  test(`when the ${cacheKind} cache is in use, then reads are served from it (a change behind the API's back stays invisible)`, async () => {
    expect(catalog.running.context.cache.kind).toBe(cacheKind);
    const product = await write<ProductDto>('POST', '/api/v1/products', productBody({ name: 'Cached name' }));
    await get(`/api/v1/products/${product.id}`);
    await catalog.sql(`UPDATE products SET name = 'Changed behind the API' WHERE id = $1`, [product.id]);
    expect((await get<ProductDto>(`/api/v1/products/${product.id}`)).name).toBe('Cached name');
  });

  test('when a product is patched, replaced or deleted, then the next read by id shows it', async () => {
    const product = await write<ProductDto>('POST', '/api/v1/products', productBody({ priceCents: 100 }));
    for (let price = 101; price <= 120; price += 1) {
      await get(`/api/v1/products/${product.id}`);
      await write('PATCH', `/api/v1/products/${product.id}`, { priceCents: price });
      expect((await get<ProductDto>(`/api/v1/products/${product.id}`)).priceCents).toBe(price);
    }
    await write('PUT', `/api/v1/products/${product.id}`, productBody({ sku: product.sku, name: 'Replaced' }));
    expect((await get<ProductDto>(`/api/v1/products/${product.id}`)).name).toBe('Replaced');
    await write('DELETE', `/api/v1/products/${product.id}`);
    expect((await catalog.request('GET', `/api/v1/products/${product.id}`)).status).toBe(404);
  });

  test('when a product changes its sku, then the old sku is 404 and the new one shows it', async () => {
    const product = await write<ProductDto>('POST', '/api/v1/products', productBody({ sku: `OLD-${cacheKind}` }));
    expect((await get<ProductDto>(`/api/v1/products/by-sku/OLD-${cacheKind}`)).id).toBe(product.id);
    await write('PATCH', `/api/v1/products/${product.id}`, { sku: `NEW-${cacheKind}` });
    expect((await catalog.request('GET', `/api/v1/products/by-sku/OLD-${cacheKind}`)).status).toBe(404);
    expect((await get<ProductDto>(`/api/v1/products/by-sku/NEW-${cacheKind}`)).id).toBe(product.id);
    await write('PATCH', `/api/v1/products/${product.id}`, { name: 'Renamed' });
    expect((await get<ProductDto>(`/api/v1/products/by-sku/NEW-${cacheKind}`)).name).toBe('Renamed');
  });

  test('when products are created, changed and deleted, then the next list shows it', async () => {
    const query = `/api/v1/products?q=fresh-list-${cacheKind}&sort=sku`;
    expect((await get<ProductPageDto>(query)).items).toEqual([]);
    const a = await write<ProductDto>('POST', '/api/v1/products', productBody({ sku: `FRESH-LIST-${cacheKind}-A` }));
    expect((await get<ProductPageDto>(query)).items.map((p) => p.id)).toEqual([a.id]);
    const b = await write<ProductDto>('POST', '/api/v1/products', productBody({ sku: `FRESH-LIST-${cacheKind}-B` }));
    expect((await get<ProductPageDto>(query)).items.map((p) => p.id)).toEqual([a.id, b.id]);
    await write('PATCH', `/api/v1/products/${a.id}`, { priceCents: 1 });
    expect((await get<ProductPageDto>(query)).items[0]?.priceCents).toBe(1);
    await write('DELETE', `/api/v1/products/${a.id}`);
    expect((await get<ProductPageDto>(query)).items.map((p) => p.id)).toEqual([b.id]);
  });

  test('when a category is renamed or moved, then category reads and category-filtered product lists show it', async () => {
    const parentA = await write<CategoryDto>('POST', '/api/v1/categories', { slug: `a-${cacheKind}`, name: 'A' });
    const parentB = await write<CategoryDto>('POST', '/api/v1/categories', { slug: `b-${cacheKind}`, name: 'B' });
    const child = await write<CategoryDto>('POST', '/api/v1/categories', {
      slug: `child-${cacheKind}`,
      name: 'Child',
      parentId: parentA.id,
    });
    const product = await write<ProductDto>('POST', '/api/v1/products', productBody({ categoryId: child.id }));

    expect((await get<ProductPageDto>(`/api/v1/products?categoryId=${parentA.id}`)).items.map((p) => p.id)).toEqual([product.id]);
    expect((await get<ProductPageDto>(`/api/v1/products?categoryId=${parentB.id}`)).items).toEqual([]);
    await get(`/api/v1/categories/${child.id}`);
    await get('/api/v1/categories/tree');

    await write('PATCH', `/api/v1/categories/${child.id}`, { parentId: parentB.id, name: 'Moved child' });
    expect((await get<ProductPageDto>(`/api/v1/products?categoryId=${parentA.id}`)).items).toEqual([]);
    expect((await get<ProductPageDto>(`/api/v1/products?categoryId=${parentB.id}`)).items.map((p) => p.id)).toEqual([product.id]);
    expect(await get<CategoryDto>(`/api/v1/categories/${child.id}`)).toMatchObject({
      name: 'Moved child',
      parentId: parentB.id,
      ancestorIds: [parentB.id],
    });
    const tree = await get<Array<CategoryDto & { children: CategoryDto[] }>>('/api/v1/categories/tree');
    expect(tree.find((node) => node.id === parentB.id)?.children.map((c) => c.id)).toEqual([child.id]);
  });

  test('when reads race a stream of writes, then every read after a write returns at least that write', async () => {
    const product = await write<ProductDto>('POST', '/api/v1/products', productBody({ priceCents: 0 }));
    for (let price = 1; price <= 15; price += 1) {
      const racingReads = Array.from({ length: 5 }, () => get<ProductDto>(`/api/v1/products/${product.id}`));
      await write('PATCH', `/api/v1/products/${product.id}`, { priceCents: price });
      await Promise.all(racingReads);
      const [afterId, afterList] = await Promise.all([
        get<ProductDto>(`/api/v1/products/${product.id}`),
        get<ProductPageDto>(`/api/v1/products?q=${product.sku.toLowerCase()}`),
      ]);
      expect([afterId.priceCents, afterList.items[0]?.priceCents]).toEqual([price, price]);
    }
  });
});
