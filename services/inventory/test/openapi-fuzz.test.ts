import { createDatabaseDigest, fuzzOpenApi, fuzzTimeoutMs, type DatabaseDigest } from '@erp/testing';
import { startTestCatalog, type TestCatalog } from '@erp/harness/catalog';
import { startInventory, type InventoryHarness } from './harness';

/** Every route of inventory's own OpenAPI document, fed generated hostile requests with an admin token (see @erp/testing). */
describe('inventory under generated hostile input', () => {
  let catalog: TestCatalog;
  let inventory: InventoryHarness;
  let digest: DatabaseDigest;
  let reservationId: string;

  beforeAll(async () => {
    catalog = await startTestCatalog();
    inventory = await startInventory({ CATALOG_URL: catalog.url });
    expect(
      (
        await inventory.call('POST', '/api/v1/receipts', {
          lines: [
            { sku: 'LT-WORK-15', quantity: 50 },
            { sku: 'HP-ANC-700', quantity: 50 },
          ],
        })
      ).status,
    ).toBe(201);
    const reserved = await inventory.call('POST', '/api/v1/reservations', {
      orderId: 'fuzz-order-1',
      lines: [{ sku: 'LT-WORK-15', quantity: 1 }],
    });
    expect(reserved.status).toBe(201);
    reservationId = String(reserved.body.id);
    digest = await createDatabaseDigest(inventory.db.url);
  }, 120_000);

  afterAll(async () => {
    await digest?.close();
    await inventory?.stop();
    await catalog?.stop();
  });

  it(
    'when every route gets hostile values, wrong types, broken encodings, oversized and nested bodies, then no 5xx, every 4xx is problem+json and refused writes change nothing',
    async () => {
      const report = await fuzzOpenApi({
        baseUrl: inventory.url,
        token: inventory.tokens.admin,
        values: {
          sku: ['LT-WORK-15', 'HP-ANC-700', 'ACC-KB-MECH', 'FZ-NOSUCH-SKU'],
          id: [reservationId],
          orderId: ['fuzz-order-1'],
          location: ['main'],
          from: ['main'],
          to: ['main'],
        },
        digest: () => digest.read(),
      });
      expect(report.routes).toBeGreaterThan(10);
      expect({ seed: report.seed, failures: report.failures }).toEqual({ seed: report.seed, failures: [] });
    },
    fuzzTimeoutMs(),
  );
});
