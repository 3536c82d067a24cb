import { addProducts, expectLedgerConsistent, levels, newKey, startFleet, stock, type Fleet } from '@erp/harness/commerce-fleet';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet();
  await addProducts(fleet, [
    { sku: 'C-A', priceCents: 1000 },
    { sku: 'C-B', priceCents: 250 },
    { sku: 'C-OFF', priceCents: 10, active: false },
  ]);
}, 60_000);
afterAll(async () => fleet.stop());
beforeEach(async () => {
  await fleet.reset();
  await stock(fleet, 'C-A', 10);
  await stock(fleet, 'C-B', 1);
});
afterEach(async () => expectLedgerConsistent(fleet));

async function cartWith(lines: Array<[string, number]>): Promise<string> {
  const created = await fleet.orders.call('POST', '/api/v1/carts', { customerId: 'carol' });
  expect(created.status).toBe(201);
  const id = String(created.body.id);
  for (const [sku, quantity] of lines)
    expect((await fleet.orders.call('PUT', `/api/v1/carts/${id}/lines/${sku}`, { quantity })).status).toBe(200);
  return id;
}

const checkout = (id: string, key = newKey()) =>
  fleet.orders.call('POST', `/api/v1/carts/${id}/checkout`, undefined, { 'idempotency-key': key });

describe('carts', () => {
  test('when lines are added, changed and removed, then the cart shows them priced from the catalog', async () => {
    const id = await cartWith([
      ['C-A', 1],
      ['c-b', 2],
    ]);
    await fleet.orders.call('PUT', `/api/v1/carts/${id}/lines/C-A`, { quantity: 3 });
    const { body } = await fleet.orders.call('GET', `/api/v1/carts/${id}`);
    expect(body).toMatchObject({
      status: 'open',
      currency: 'EUR',
      totalCents: 3 * 1000 + 2 * 250,
      lines: [
        { sku: 'C-A', quantity: 3, unitPriceCents: 1000, lineTotalCents: 3000, available: true },
        { sku: 'C-B', quantity: 2, unitPriceCents: 250, lineTotalCents: 500, available: true },
      ],
    });
    const removed = await fleet.orders.call('DELETE', `/api/v1/carts/${id}/lines/C-B`);
    expect(removed.status).toBe(200);
    expect((removed.body.lines as unknown[]).length).toBe(1);
    expect((await fleet.orders.call('DELETE', `/api/v1/carts/${id}/lines/C-B`)).status).toBe(404);
  });

  test('when a sku that is not in the cart is removed, then 404 and the cart is left exactly as it was', async () => {
    const id = await cartWith([['C-A', 1]]);
    const before = await fleet.orders.sql('SELECT * FROM carts WHERE id = $1', [id]);
    const removed = await fleet.orders.call('DELETE', `/api/v1/carts/${id}/lines/C-B`);
    expect(removed.status).toBe(404);
    expect(removed.contentType).toBe('application/problem+json; charset=utf-8');
    expect(await fleet.orders.sql('SELECT * FROM carts WHERE id = $1', [id])).toEqual(before);
  });

  test('when the catalog price changes, then the cart follows it (the client never sets a price)', async () => {
    const id = await cartWith([['C-A', 1]]);
    const product = await fleet.catalog.call('GET', '/api/v1/products/by-sku/C-A');
    const patched = await fleet.catalog.call('PATCH', `/api/v1/products/${String(product.body.id)}`, { priceCents: 1200 });
    expect(patched.status).toBe(200);
    try {
      expect((await fleet.orders.call('GET', `/api/v1/carts/${id}`)).body.totalCents).toBe(1200);
      const placed = await checkout(id);
      expect(placed.body).toMatchObject({ totalCents: 1200, lines: [{ sku: 'C-A', unitPriceCents: 1200 }] });
    } finally {
      await fleet.catalog.call('PATCH', `/api/v1/products/${String(product.body.id)}`, { priceCents: 1000 });
    }
  });

  test('when a sku is unknown or inactive, then adding it is 422 and the cart is unchanged', async () => {
    const id = await cartWith([]);
    expect((await fleet.orders.call('PUT', `/api/v1/carts/${id}/lines/NOPE-9`, { quantity: 1 })).status).toBe(422);
    expect((await fleet.orders.call('PUT', `/api/v1/carts/${id}/lines/C-OFF`, { quantity: 1 })).status).toBe(422);
    expect((await fleet.orders.call('GET', `/api/v1/carts/${id}`)).body.lines).toEqual([]);
  });

  test('when a cart is checked out, then it becomes a confirmed order, the cart is closed, and a repeat with the key replays', async () => {
    const id = await cartWith([['C-A', 2]]);
    const key = newKey();
    const placed = await checkout(id, key);
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status: 'confirmed', customerId: 'carol', totalCents: 2000 });
    expect((await fleet.orders.call('GET', `/api/v1/carts/${id}`)).body).toMatchObject({ status: 'checked_out', orderId: placed.body.id });
    expect(await levels(fleet, 'C-A')).toMatchObject({ reserved: 2 });
    const replay = await checkout(id, key);
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(placed.body.id);
    const again = await checkout(id);
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('https://erp.example/problems/cart-not-open');
    expect((await fleet.orders.call('PUT', `/api/v1/carts/${id}/lines/C-B`, { quantity: 1 })).status).toBe(409);
    expect(await fleet.orders.sql('SELECT id FROM orders')).toHaveLength(1);
  });

  test('when stock is short at checkout, then 409 names the sku and the cart stays open for another try', async () => {
    const id = await cartWith([
      ['C-A', 1],
      ['C-B', 2],
    ]);
    const failed = await checkout(id);
    expect(failed.status).toBe(409);
    expect(failed.body.skus).toEqual(['C-B']);
    expect((await fleet.orders.call('GET', `/api/v1/carts/${id}`)).body.status).toBe('open');
    await fleet.orders.call('PUT', `/api/v1/carts/${id}/lines/C-B`, { quantity: 1 });
    expect((await checkout(id)).status).toBe(201);
    expect(await levels(fleet, 'C-B')).toMatchObject({ reserved: 1, available: 0 });
  });

  test('when an empty or unknown cart is checked out, then 422 / 404 and no order', async () => {
    const id = await cartWith([]);
    expect((await checkout(id)).status).toBe(422);
    expect((await checkout('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect(await fleet.orders.sql('SELECT id FROM orders')).toEqual([]);
  });
});
