import { createDatabaseDigest, fuzzOpenApi, fuzzTimeoutMs, type DatabaseDigest } from '@erp/testing';
import { startCatalog, type CatalogHarness } from './support/catalog-harness';
import { startIdentity, type TestIdentity } from './support/identity';

/** Every route of catalog's own OpenAPI document, fed generated hostile requests with an admin token (see @erp/testing). */
describe('catalog under generated hostile input', () => {
  let identity: TestIdentity;
  let catalog: CatalogHarness;
  let digest: DatabaseDigest;

  beforeAll(async () => {
    identity = await startIdentity();
    catalog = await startCatalog({ identity, seed: true });
    digest = await createDatabaseDigest(catalog.database.url);
  }, 120_000);

  afterAll(async () => {
    await digest?.close();
    await catalog?.stop();
    await identity?.idp.stop();
  });

  it(
    'when every route gets hostile values, wrong types, broken encodings, oversized and nested bodies, then no 5xx, every 4xx is problem+json and refused writes change nothing',
    async () => {
      const [product] = await catalog.sql<{ id: string; sku: string; category_id: string }>(
        'SELECT id, sku, category_id FROM products LIMIT 1',
      );
      const report = await fuzzOpenApi({
        baseUrl: catalog.url,
        token: identity.adminToken,
        values: { id: [product!.id, product!.category_id], sku: [product!.sku], currency: ['EUR', 'USD'], 'if-match': ['*'] },
        digest: () => digest.read(),
      });
      expect(report.routes).toBeGreaterThan(5);
      expect({ seed: report.seed, failures: report.failures }).toEqual({ seed: report.seed, failures: [] });
    },
    fuzzTimeoutMs(),
  );
});
