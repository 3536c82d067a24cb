import { startInventory, expectLedgerConsistent, type InventoryHarness } from './harness';

let inv: InventoryHarness;
beforeAll(async () => {
  inv = await startInventory();
});
afterAll(async () => inv.stop());
beforeEach(async () => inv.reset());
afterEach(async () => expectLedgerConsistent(inv));

const adjust = (sku: string, delta: number, extra: Record<string, unknown> = {}) =>
  inv.call('POST', `/api/v1/stock/${sku}/adjustments`, { delta, reason: 'count', ...extra });

describe('stock levels and movements', () => {
  test('when stock is adjusted up, then GET /stock/{sku} shows on hand, reserved and available (sku normalised)', async () => {
    const adjusted = await adjust('sku-1', 10);
    expect(adjusted.status).toBe(201);
    const { status, body } = await inv.call('GET', '/api/v1/stock/SKU-1');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      sku: 'SKU-1',
      onHand: 10,
      reserved: 0,
      available: 10,
      locations: [{ location: 'main', onHand: 10, reserved: 0, available: 10 }],
    });
  });

  test('when a sku was never stocked, then GET /stock/{sku} is 404 problem+json', async () => {
    const { status, contentType } = await inv.call('GET', '/api/v1/stock/NOPE-1');
    expect(status).toBe(404);
    expect(contentType).toContain('application/problem+json');
  });

  test('when an adjustment would take on hand below what is reserved, then 409 and nothing changes', async () => {
    await adjust('SKU-1', 5);
    await inv.call('POST', '/api/v1/reservations', { orderId: 'o-1', lines: [{ sku: 'SKU-1', quantity: 4 }] });
    const { status, body } = await adjust('SKU-1', -2);
    expect(status).toBe(409);
    expect(body.type).toBe('https://erp.example/problems/insufficient-stock');
    expect((await inv.call('GET', '/api/v1/stock/SKU-1')).body).toMatchObject({ onHand: 5, reserved: 4, available: 1 });
  });

  test('when a negative adjustment hits an unstocked sku, then 409 and no stock row or movement is left', async () => {
    expect((await adjust('NEW-1', -1)).status).toBe(409);
    expect(await inv.sql('SELECT * FROM stock_levels')).toEqual([]);
    expect(await inv.sql('SELECT * FROM movements')).toEqual([]);
  });

  test('when goods are received and moved between locations, then totals stay and each location shows its part', async () => {
    expect((await inv.call('POST', '/api/v1/locations', { code: 'north', name: 'North hub' })).status).toBe(201);
    const received = await inv.call('POST', '/api/v1/receipts', {
      reference: 'PO-1',
      lines: [
        { sku: 'A-1', quantity: 8 },
        { sku: 'B-1', quantity: 3 },
      ],
    });
    expect(received.status).toBe(201);
    const moved = await inv.call('POST', '/api/v1/transfers', { sku: 'A-1', from: 'main', to: 'north', quantity: 5 });
    expect(moved.status).toBe(201);
    expect(moved.body).toMatchObject({
      sku: 'A-1',
      onHand: 8,
      available: 8,
      locations: [
        { location: 'main', onHand: 3 },
        { location: 'north', onHand: 5 },
      ],
    });
    const tooMuch = await inv.call('POST', '/api/v1/transfers', { sku: 'A-1', from: 'main', to: 'north', quantity: 4 });
    expect(tooMuch.status).toBe(409);
    const ledger = await inv.call('GET', '/api/v1/stock/A-1/movements');
    expect((ledger.body.items as Array<{ kind: string; onHandDelta: number }>).map((m) => [m.kind, m.onHandDelta])).toEqual([
      ['receipt', 8],
      ['transfer_out', -5],
      ['transfer_in', 5],
    ]);
  });

  test('when a reservation spans two locations, then it takes from both and the ledger records each', async () => {
    await inv.call('POST', '/api/v1/locations', { code: 'north', name: 'North hub' });
    await adjust('A-1', 2);
    await adjust('A-1', 2, { location: 'north' });
    const reserved = await inv.call('POST', '/api/v1/reservations', { orderId: 'o-2', lines: [{ sku: 'A-1', quantity: 3 }] });
    expect(reserved.status).toBe(201);
    expect(reserved.body.allocations).toEqual([
      { sku: 'A-1', location: 'main', quantity: 2 },
      { sku: 'A-1', location: 'north', quantity: 1 },
    ]);
    expect((await inv.call('GET', '/api/v1/stock/A-1')).body).toMatchObject({ onHand: 4, reserved: 3, available: 1 });
  });

  test('when thresholds are set, then /low-stock lists exactly the skus whose available stock is below them', async () => {
    await adjust('A-1', 3);
    await adjust('B-1', 20);
    await inv.call('PUT', '/api/v1/stock/A-1/low-stock-threshold', { threshold: 5 });
    await inv.call('PUT', '/api/v1/stock/B-1/low-stock-threshold', { threshold: 5 });
    await inv.call('PUT', '/api/v1/stock/C-1/low-stock-threshold', { threshold: 1 });
    const { body } = await inv.call('GET', '/api/v1/low-stock');
    expect(body.items).toEqual([
      { sku: 'C-1', threshold: 1, available: 0, onHand: 0 },
      { sku: 'A-1', threshold: 5, available: 3, onHand: 3 },
    ]);
    expect((await inv.call('GET', '/api/v1/stock/A-1')).body.lowStockThreshold).toBe(5);
  });

  test('when listing stock, then pages follow sku order and ?skus= picks skus', async () => {
    for (const sku of ['A-1', 'B-1', 'C-1']) await adjust(sku, 1);
    const first = await inv.call('GET', '/api/v1/stock?limit=2');
    expect((first.body.items as Array<{ sku: string }>).map((i) => i.sku)).toEqual(['A-1', 'B-1']);
    const second = await inv.call('GET', `/api/v1/stock?limit=2&after=${String(first.body.next)}`);
    expect((second.body.items as Array<{ sku: string }>).map((i) => i.sku)).toEqual(['C-1']);
    expect(second.body.next).toBeNull();
    const picked = await inv.call('GET', '/api/v1/stock?skus=c-1,a-1');
    expect((picked.body.items as Array<{ sku: string }>).map((i) => i.sku)).toEqual(['A-1', 'C-1']);
  });
});

describe('guarantees enforced by the database', () => {
  test('when anything tries to rewrite the ledger, then PostgreSQL refuses', async () => {
    await adjust('A-1', 1);
    await expect(inv.sql(`UPDATE movements SET on_hand_delta = 5`)).rejects.toThrow(/append-only/);
    await expect(inv.sql(`DELETE FROM movements`)).rejects.toThrow(/append-only/);
  });

  test('when a row would be over-reserved or negative, then the CHECK constraints refuse it', async () => {
    await adjust('A-1', 2);
    await expect(inv.sql(`UPDATE stock_levels SET reserved = 3`)).rejects.toThrow(/stock_reserved_within_on_hand/);
    await expect(inv.sql(`UPDATE stock_levels SET on_hand = -1`)).rejects.toThrow(
      /stock_on_hand_not_negative|stock_reserved_within_on_hand/,
    );
  });

  test('when a stock level is changed behind the ledger, then the verification reports the mismatch', async () => {
    await adjust('A-1', 2);
    await inv.sql(`UPDATE stock_levels SET on_hand = 7`);
    const { body } = await inv.call('GET', '/api/v1/ledger/verification');
    expect(body).toEqual({
      consistent: false,
      mismatches: [{ sku: 'A-1', location: 'main', onHand: 7, reserved: 0, ledgerOnHand: 2, ledgerReserved: 0, activelyReserved: 0 }],
    });
    await inv.sql(`UPDATE stock_levels SET on_hand = 2`);
  });
});

describe('service surface', () => {
  test('when /openapi.json is read, then stock and reservation routes are documented', async () => {
    const { status, body } = await inv.call('GET', '/openapi.json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths as object)).toEqual(
      expect.arrayContaining([
        '/api/v1/stock/{sku}',
        '/api/v1/stock/{sku}/adjustments',
        '/api/v1/reservations',
        '/api/v1/reservations/by-order/{orderId}/release',
        '/api/v1/ledger/verification',
      ]),
    );
  });
});
