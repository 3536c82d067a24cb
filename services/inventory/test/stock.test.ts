import { startInventory, expectLedgerConsistent, type InventoryHarness } from './harness';

let inv: InventoryHarness;
beforeAll(async () => {
  inv = await startInventory();
});
afterAll(async () => inv.stop());
beforeEach(async () => inv.reset());
afterEach(async () => expectLedgerConsistent(inv));

describe('stock levels', () => {
  test('when stock is adjusted up, then GET /stock/{sku} shows on hand, reserved and available', async () => {
    const adjusted = await inv.call('POST', '/api/v1/stock/sku-1/adjustments', { delta: 10, reason: 'count' });
    expect(adjusted.status).toBe(201);
    const { status, body } = await inv.call('GET', '/api/v1/stock/SKU-1');
    expect(status).toBe(200);
    expect(body).toMatchObject({ sku: 'SKU-1', onHand: 10, reserved: 0, available: 10, locations: [{ location: 'main', onHand: 10, reserved: 0, available: 10 }] });
  });
});
