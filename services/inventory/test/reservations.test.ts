import { startInventory, expectLedgerConsistent, type InventoryHarness } from './harness';

let inv: InventoryHarness;
beforeAll(async () => {
  inv = await startInventory();
});
afterAll(async () => inv.stop());
beforeEach(async () => inv.reset());
afterEach(async () => expectLedgerConsistent(inv));

const stock = async (sku: string, quantity: number) =>
  inv.call('POST', `/api/v1/stock/${sku}/adjustments`, { delta: quantity, reason: 'count' });
const reserve = (orderId: string, lines: Array<{ sku: string; quantity: number }>) =>
  inv.call('POST', '/api/v1/reservations', { orderId, lines }, {}, 'orders');
const levels = async (sku: string) =>
  (await inv.call('GET', `/api/v1/stock/${sku}`)).body as { onHand: number; reserved: number; available: number };

describe('reservations', () => {
  test('when one line is short, then 409 names the short skus and nothing at all is reserved', async () => {
    await stock('A-1', 5);
    await stock('B-1', 1);
    const { status, body, contentType } = await reserve('o-1', [
      { sku: 'A-1', quantity: 2 },
      { sku: 'B-1', quantity: 2 },
      { sku: 'C-1', quantity: 1 },
    ]);
    expect(status).toBe(409);
    expect(contentType).toContain('application/problem+json');
    expect(body).toMatchObject({
      type: 'https://erp.example/problems/insufficient-stock',
      skus: ['B-1', 'C-1'],
      short: [
        { sku: 'B-1', requested: 2, available: 1 },
        { sku: 'C-1', requested: 1, available: 0 },
      ],
    });
    expect(await levels('A-1')).toMatchObject({ reserved: 0, available: 5 });
    expect(await inv.sql('SELECT * FROM reservations')).toEqual([]);
  });

  test('when the same order reserves twice, then it is reserved once and the second answer is the same reservation', async () => {
    await stock('A-1', 5);
    const first = await reserve('o-1', [{ sku: 'A-1', quantity: 2 }]);
    const second = await reserve('o-1', [{ sku: 'a-1', quantity: 2 }]);
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body.id).toBe(first.body.id);
    expect(await levels('A-1')).toMatchObject({ reserved: 2 });
  });

  test('when an order that took the last units reserves again, then it gets its reservation back, not a 409 for its own units', async () => {
    await stock('A-1', 2);
    const first = await reserve('o-1', [{ sku: 'A-1', quantity: 2 }]);
    const again = await reserve('o-1', [{ sku: 'A-1', quantity: 2 }]);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.id).toBe(first.body.id);
    expect(await levels('A-1')).toMatchObject({ onHand: 2, reserved: 2, available: 0 });
    expect((await reserve('o-2', [{ sku: 'A-1', quantity: 1 }])).status).toBe(409);
  });

  test('when the same order reserves again with other lines, then 409 reservation-mismatch', async () => {
    await stock('A-1', 5);
    await reserve('o-1', [{ sku: 'A-1', quantity: 2 }]);
    const { status, body } = await reserve('o-1', [{ sku: 'A-1', quantity: 3 }]);
    expect(status).toBe(409);
    expect(body.type).toBe('https://erp.example/problems/reservation-mismatch');
  });

  test('when a reservation is released twice (by id, then by order), then the stock comes back once', async () => {
    await stock('A-1', 5);
    const { body } = await reserve('o-1', [{ sku: 'A-1', quantity: 2 }]);
    const first = await inv.call('POST', `/api/v1/reservations/${String(body.id)}/release`);
    const second = await inv.call('POST', '/api/v1/reservations/by-order/o-1/release', undefined, {}, 'orders');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body.status).toBe('released');
    expect(await levels('A-1')).toEqual(expect.objectContaining({ onHand: 5, reserved: 0, available: 5 }));
    const kinds = (await inv.sql<{ kind: string }>(`SELECT kind FROM movements ORDER BY id`)).map((m) => m.kind);
    expect(kinds).toEqual(['adjustment', 'reservation', 'release']);
  });

  test('when a reservation is committed, then on hand and reserved both drop, repeating is harmless, and release is refused', async () => {
    await stock('A-1', 5);
    await reserve('o-1', [{ sku: 'A-1', quantity: 2 }]);
    expect((await inv.call('POST', '/api/v1/reservations/by-order/o-1/commit', undefined, {}, 'orders')).status).toBe(200);
    expect((await inv.call('POST', '/api/v1/reservations/by-order/o-1/commit', undefined, {}, 'orders')).status).toBe(200);
    expect(await levels('A-1')).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
    const release = await inv.call('POST', '/api/v1/reservations/by-order/o-1/release', undefined, {}, 'orders');
    expect(release.status).toBe(409);
    expect(release.body.type).toBe('https://erp.example/problems/reservation-state');
  });

  test('when an order is released before its reservation arrives, then the late reserve is refused and holds nothing', async () => {
    await stock('A-1', 5);
    const released = await inv.call('POST', '/api/v1/reservations/by-order/o-late/release');
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ orderId: 'o-late', status: 'released', lines: [] });
    const late = await reserve('o-late', [{ sku: 'A-1', quantity: 1 }]);
    expect(late.status).toBe(409);
    expect(await levels('A-1')).toMatchObject({ reserved: 0 });
  });

  test('when an unknown reservation is released or committed by id, then 404', async () => {
    expect((await inv.call('POST', '/api/v1/reservations/7f1c2b1e-0000-4000-8000-000000000000/release')).status).toBe(404);
    expect((await inv.call('POST', '/api/v1/reservations/by-order/none/commit')).status).toBe(404);
  });
});

describe('concurrency', () => {
  test('when 60 orders race for the last 10 units, then exactly 10 are reserved, the rest 409, and reserved = on hand', async () => {
    await stock('HOT-1', 10);
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => reserve(`race-${i}`, [{ sku: 'HOT-1', quantity: 1 }])));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(50);
    expect(await levels('HOT-1')).toMatchObject({ onHand: 10, reserved: 10, available: 0 });
  });

  test('when multi-line orders lock the same skus in opposite orders, then none deadlocks and nothing is oversold', async () => {
    const skus = ['X-1', 'X-2', 'X-3', 'X-4'];
    for (const sku of skus) await stock(sku, 25);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const ordered = i % 2 === 0 ? skus : [...skus].reverse();
        return reserve(
          `mix-${i}`,
          ordered.map((sku) => ({ sku, quantity: 1 + (i % 2) })),
        );
      }),
    );
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const confirmed = results.filter((r) => r.status === 201).length;
    const perSku = results
      .filter((r) => r.status === 201)
      .reduce((sum, r) => sum + ((r.body.lines as Array<{ quantity: number }>)[0]?.quantity ?? 0), 0);
    expect(confirmed).toBeGreaterThan(0);
    for (const sku of skus) {
      const level = await levels(sku);
      expect(level.reserved).toBe(perSku);
      expect(level.reserved).toBeLessThanOrEqual(level.onHand);
    }
  });

  test('when the same order id is reserved many times at once, then there is one reservation', async () => {
    await stock('A-1', 50);
    const results = await Promise.all(Array.from({ length: 10 }, () => reserve('same', [{ sku: 'A-1', quantity: 3 }])));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(9);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await levels('A-1')).toMatchObject({ reserved: 3 });
  });

  test('when release and commit of one reservation race, then exactly one of them wins', async () => {
    await stock('A-1', 5);
    await reserve('o-1', [{ sku: 'A-1', quantity: 2 }]);
    const [release, commit] = await Promise.all([
      inv.call('POST', '/api/v1/reservations/by-order/o-1/release', undefined, {}, 'orders'),
      inv.call('POST', '/api/v1/reservations/by-order/o-1/commit', undefined, {}, 'orders'),
    ]);
    expect([release.status, commit.status].sort()).toEqual([200, 409]);
    const level = await levels('A-1');
    expect(level.reserved).toBe(0);
    expect(level.onHand).toBe(commit.status === 200 ? 3 : 5);
  });
});
