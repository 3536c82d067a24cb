import type { ProductDto, ProductPageDto } from '../src/domain/product.schema';
import { productBody, startCatalog, type CatalogHarness } from './support/catalog-harness';
import { startIdentity, type TestIdentity } from './support/identity';

/** One real hr for the whole file. */
let identity: TestIdentity;

let catalog: CatalogHarness;

beforeAll(async () => {
  identity = await startIdentity();
  catalog = await startCatalog({ identity });
});

afterAll(async () => {
  await catalog?.stop();
  await identity?.idp.stop();
});

async function create(overrides: Record<string, unknown> = {}): Promise<ProductDto> {
  const response = await catalog.request<ProductDto>('POST', '/api/v1/products', { json: productBody(overrides) });
  if (response.status !== 201) throw new Error(`create: ${response.status} ${response.text}`);
  return response.body;
}

async function list(query: string): Promise<ProductPageDto> {
  const response = await catalog.request<ProductPageDto>('GET', `/api/v1/products?${query}`);
  if (response.status !== 200) throw new Error(`list ${query}: ${response.status} ${response.text}`);
  return response.body;
}

describe('products CRUD', () => {
  test('when a product is created, then it is readable by id and by its normalised sku, with version 1 as ETag', async () => {
    const response = await catalog.request<ProductDto>('POST', '/api/v1/products', { json: productBody({ sku: '  acme-boot-42 ' }) });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe(`/api/v1/products/${response.body.id}`);
    expect(response.headers.get('etag')).toBe('"1"');
    expect(response.body).toMatchObject({
      sku: 'ACME-BOOT-42',
      version: 1,
      active: true,
      categoryId: null,
      attributes: { size: 42, color: 'green' },
    });

    const byId = await catalog.request<ProductDto>('GET', `/api/v1/products/${response.body.id}`);
    const bySku = await catalog.request<ProductDto>('GET', '/api/v1/products/by-sku/acme-boot-42');
    expect(byId.body).toEqual(response.body);
    expect(bySku.body).toEqual(response.body);
  });

  test('when a product is read with its current ETag in If-None-Match, then it is 304 without a body', async () => {
    const product = await create();
    const response = await catalog.request('GET', `/api/v1/products/${product.id}`, { headers: { 'if-none-match': '"1"' } });
    expect(response.status).toBe(304);
    expect(response.text).toBe('');
  });

  test('when a product has an attribute named version, then reads still carry the product version as ETag', async () => {
    const product = await create({ attributes: { version: 99, note: '"version":77' } });
    await catalog.request('PATCH', `/api/v1/products/${product.id}`, { json: { name: 'Second version' } });
    for (const path of [`/api/v1/products/${product.id}`, `/api/v1/products/by-sku/${product.sku}`]) {
      const read = await catalog.request<ProductDto>('GET', path);
      expect(read.headers.get('etag')).toBe('"2"');
      expect(read.body).toMatchObject({ version: 2, attributes: { version: 99, note: '"version":77' } });
    }
  });

  test('when a product is replaced and patched with the current If-Match, then each write bumps the version', async () => {
    const product = await create({ name: 'Old name' });
    const replaced = await catalog.request<ProductDto>('PUT', `/api/v1/products/${product.id}`, {
      json: productBody({ sku: product.sku, name: 'New name', priceCents: 100, currency: 'USD' }),
      headers: { 'if-match': '"1"' },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ name: 'New name', priceCents: 100, currency: 'USD', version: 2 });
    expect(replaced.headers.get('etag')).toBe('"2"');

    const patched = await catalog.request<ProductDto>('PATCH', `/api/v1/products/${product.id}`, {
      json: { active: false },
      headers: { 'if-match': 'W/"2"' },
    });
    expect(patched.body).toMatchObject({ name: 'New name', active: false, version: 3, createdAt: product.createdAt });
    expect(Date.parse(patched.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(product.updatedAt));
  });

  test('when two clients update with the same If-Match, then one succeeds and the other gets 412 with the current version', async () => {
    const product = await create();
    const results = await Promise.all(
      ['A', 'B'].map((name) =>
        catalog.request<ProductDto & { currentVersion?: number }>('PATCH', `/api/v1/products/${product.id}`, {
          json: { name },
          headers: { 'if-match': '"1"' },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    expect(results.find((r) => r.status === 412)?.body.currentVersion).toBe(2);
    const [row] = await catalog.sql<{ version: number }>('SELECT version FROM products WHERE id = $1', [product.id]);
    expect(row?.version).toBe(2);
  });

  test('when two products are created at once with the same sku, then exactly one exists and the other request gets 409', async () => {
    const sku = 'RACE-SKU-1';
    const results = await Promise.all([1, 2, 3].map(() => catalog.request('POST', '/api/v1/products', { json: productBody({ sku }) })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(results.find((r) => r.status === 409)?.body.type).toBe('https://erp.example/problems/duplicate-sku');
    expect(await catalog.sql('SELECT id FROM products WHERE sku = $1', [sku])).toHaveLength(1);
  });

  test('when a product is deleted, then reads by id and sku are 404', async () => {
    const product = await create();
    expect((await catalog.request('DELETE', `/api/v1/products/${product.id}`, { headers: { 'if-match': '"1"' } })).status).toBe(204);
    expect((await catalog.request('GET', `/api/v1/products/${product.id}`)).status).toBe(404);
    const bySku = await catalog.request('GET', `/api/v1/products/by-sku/${product.sku}`);
    expect(bySku.status).toBe(404);
    expect(bySku.contentType).toContain('application/problem+json');
  });
});

describe('product list', () => {
  let ids: Record<string, string>;
  let categories: Record<string, string>;

  beforeAll(async () => {
    const category = async (slug: string, parentId: string | null = null) =>
      (await catalog.request<{ id: string }>('POST', '/api/v1/categories', { json: { slug, name: slug, parentId } })).body.id;
    const outdoor = await category('list-outdoor');
    const camping = await category('list-camping', outdoor);
    const tents = await category('list-tents', camping);
    const kitchen = await category('list-kitchen');
    categories = { outdoor, camping, tents, kitchen };
    ids = {
      tent: (await create({ sku: 'LST-TENT', name: 'Ultralight Tent', description: 'two person', priceCents: 30000, categoryId: tents }))
        .id,
      stove: (
        await create({ sku: 'LST-STOVE', name: 'Camping stove', description: 'gas, 100% steel', priceCents: 5000, categoryId: camping })
      ).id,
      jacket: (
        await create({
          sku: 'LST-JACKET',
          name: 'Rain jacket',
          description: 'waterproof',
          priceCents: 12000,
          currency: 'USD',
          categoryId: outdoor,
          active: false,
        })
      ).id,
      pan: (
        await create({
          sku: 'LST-PAN',
          name: 'Frying pan',
          description: 'cast iron, for camping trips',
          priceCents: 4000,
          categoryId: kitchen,
        })
      ).id,
    };
  });

  const idsOf = (page: ProductPageDto) => page.items.map((item) => item.id).sort();

  test('when searching, then name, sku and description match case-insensitively as substrings', async () => {
    expect(idsOf(await list('q=CAMPING'))).toEqual([ids.stove, ids.pan].sort());
    expect(idsOf(await list('q=lst-tent'))).toEqual([ids.tent]);
    expect(idsOf(await list('q=waterPROOF'))).toEqual([ids.jacket]);
  });

  test('when the search contains LIKE wildcards, then they match literally', async () => {
    expect(idsOf(await list('q=100%25'))).toEqual([ids.stove]);
    expect(idsOf(await list('q=_'))).toEqual([]);
  });

  test('when filtering by a category, then products of its descendants are included', async () => {
    expect(idsOf(await list(`categoryId=${categories.outdoor}`))).toEqual([ids.tent, ids.stove, ids.jacket].sort());
    expect(idsOf(await list(`categoryId=${categories.camping}`))).toEqual([ids.tent, ids.stove].sort());
    expect(idsOf(await list(`categoryId=${categories.tents}`))).toEqual([ids.tent]);
  });

  test('when filtering by active, price range and currency, then only matching products are listed', async () => {
    expect(idsOf(await list(`categoryId=${categories.outdoor}&active=false`))).toEqual([ids.jacket]);
    expect(idsOf(await list('q=lst-&minPriceCents=4500&maxPriceCents=12000'))).toEqual([ids.stove, ids.jacket].sort());
    expect(idsOf(await list('q=lst-&currency=USD'))).toEqual([ids.jacket]);
  });

  test('when sorting by price descending, then items come most expensive first', async () => {
    const page = await list('q=lst-&sort=-priceCents');
    expect(page.items.map((item) => item.sku)).toEqual(['LST-TENT', 'LST-JACKET', 'LST-STOVE', 'LST-PAN']);
  });

  test('when a cursor is reused with another sort or is garbage, then it is a 400 naming cursor', async () => {
    const first = await list('q=lst-&sort=name&limit=1');
    expect(first.nextCursor).not.toBeNull();
    for (const query of [
      `sort=-name&cursor=${first.nextCursor}`,
      'cursor=not-a-cursor',
      `cursor=${Buffer.from('["createdAt","x","y"]').toString('base64url')}`,
    ]) {
      const response = await catalog.request('GET', `/api/v1/products?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.errors?.map((e) => e.field)).toContain('cursor');
    }
  });

  test('when the query has unknown or malformed parameters, then it is a 400 naming them', async () => {
    for (const [query, field] of [
      ['color=red', 'color'],
      ['limit=1000', 'limit'],
      ['sort=price', 'sort'],
      ['minPriceCents=-1', 'minPriceCents'],
      ['categoryId=x', 'categoryId'],
      ['active=yes', 'active'],
    ]) {
      const response = await catalog.request('GET', `/api/v1/products?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.errors?.map((e) => e.field)).toContain(field);
    }
  });

  test('when Postgres plans a search, then it can use the trigram index on search_text', async () => {
    const plan = await catalog.running.context.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL enable_seqscan = off');
      const rows: Array<{ 'QUERY PLAN': string }> = await manager.query(
        `EXPLAIN SELECT id FROM products WHERE search_text LIKE '%' || lower($1) || '%'`,
        ['tent'],
      );
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('products_search_trgm_idx');
  });
});

describe('openapi', () => {
  test('when /openapi.json is fetched, then it documents the routes with the same strict schemas that validate requests', async () => {
    const response = await catalog.request<{
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { required?: string[]; additionalProperties?: boolean } }> } }>
      >;
    }>('GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toMatch(/^3\.1/);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/products',
        '/api/v1/products/{id}',
        '/api/v1/products/by-sku/{sku}',
        '/api/v1/categories',
        '/api/v1/categories/{id}',
        '/api/v1/categories/tree',
      ]),
    );
    const createSchema = response.body.paths['/api/v1/products']?.post?.requestBody?.content['application/json']?.schema;
    expect(createSchema?.required).toEqual(expect.arrayContaining(['sku', 'name', 'priceCents', 'currency']));
    expect(createSchema?.additionalProperties).toBe(false);
  });
});
