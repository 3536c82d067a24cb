import { createTestDatabase, type TestDatabase } from '@erp/testing';
import { demoCategories, demoProducts } from '../src/data-access/demo-catalog';
import type { ProductDto } from '../src/domain/product.schema';
import { snapshotTables } from './support/bad-input';
import { startCatalog, type CatalogHarness } from './support/catalog-harness';
import { startIdentity, type TestIdentity } from './support/identity';

/** One real hr for the whole file. */
let identity: TestIdentity;

beforeAll(async () => {
  identity = await startIdentity();
});

const databases: TestDatabase[] = [];

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase('catalog_seed');
  databases.push(database);
  return database;
}

async function counts(catalog: CatalogHarness): Promise<{ products: number; categories: number; seeds: number }> {
  const [row] = await catalog.sql<{ products: number; categories: number; seeds: number }>(
    `SELECT (SELECT count(*)::int FROM products) AS products, (SELECT count(*)::int FROM categories) AS categories, (SELECT count(*)::int FROM seed_history) AS seeds`,
  );
  if (!row) throw new Error('no counts');
  return row;
}

afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
  await identity?.idp.stop();
});

describe('demo data', () => {
  test('when the catalog first starts with seeding on, then every demo product is there in its category', async () => {
    const catalog = await startCatalog({ identity, seed: true, database: await freshDatabase() });
    try {
      expect(await counts(catalog)).toEqual({ products: demoProducts.length, categories: demoCategories.length, seeds: 1 });
      const headphones = await catalog.request<ProductDto>('GET', '/api/v1/products/by-sku/HP-ANC-700');
      expect(headphones.body).toMatchObject({ name: 'Noise-cancelling headphones 700', priceCents: 29900, currency: 'EUR' });
      const [category] = await catalog.sql<{ slug: string }>('SELECT slug FROM categories WHERE id = $1', [headphones.body.categoryId]);
      expect(category?.slug).toBe('headphones');
    } finally {
      await catalog.stop();
    }
  });

  test('when the catalog restarts, then the seed changes nothing, even after a demo product was deleted', async () => {
    const database = await freshDatabase();
    const first = await startCatalog({ identity, seed: true, database });
    const deleted = await first.request<ProductDto>('GET', '/api/v1/products/by-sku/CMP-TENT-2P');
    expect((await first.request('DELETE', `/api/v1/products/${deleted.body.id}`)).status).toBe(204);
    const before = await snapshotTables(first);
    await first.stop();

    const second = await startCatalog({ identity, seed: true, database });
    try {
      expect(await snapshotTables(second)).toBe(before);
      expect((await second.request('GET', '/api/v1/products/by-sku/CMP-TENT-2P')).status).toBe(404);
    } finally {
      await second.stop();
    }
  });

  test('when two instances start at once on a migrated, unseeded database, then the demo data is seeded exactly once', async () => {
    const database = await freshDatabase();
    await (await startCatalog({ identity, seed: false, database })).stop();
    const [a, b] = await Promise.all([startCatalog({ identity, seed: true, database }), startCatalog({ identity, seed: true, database })]);
    try {
      expect(await counts(a)).toEqual({ products: demoProducts.length, categories: demoCategories.length, seeds: 1 });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test('when CATALOG_SEED is false, then the catalog starts empty', async () => {
    const catalog = await startCatalog({ identity, seed: false, database: await freshDatabase() });
    try {
      expect(await counts(catalog)).toEqual({ products: 0, categories: 0, seeds: 0 });
    } finally {
      await catalog.stop();
    }
  });
});
