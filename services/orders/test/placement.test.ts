import { waitFor } from '@erp/testing';
import {
  addProducts,
  expectLedgerConsistent,
  levels,
  newKey,
  placeOrder,
  startFleet,
  stock,
  type Fleet,
} from '@erp/harness/commerce-fleet';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet();
  await addProducts(fleet, [
    { sku: 'T-A', priceCents: 1250 },
    { sku: 'T-B', priceCents: 399 },
    { sku: 'T-USD', priceCents: 100, currency: 'USD' },
    { sku: 'T-OFF', priceCents: 100, active: false },
    ...['T-X1', 'T-X2', 'T-X3'].map((sku) => ({ sku, priceCents: 10 })),
  ]);
}, 60_000);
afterAll(async () => fleet.stop());
beforeEach(async () => fleet.reset());
afterEach(async () => expectLedgerConsistent(fleet));

describe('placing an order', () => {
  test('when every line is in stock, then 201 confirmed with catalog prices, and inventory shows the reservation', async () => {
    await stock(fleet, 'T-A', 5);
    await stock(fleet, 'T-B', 5);
    const { status, body, headers } = await placeOrder(fleet, {
      customerId: 'c-1',
      lines: [
        { sku: 't-a', quantity: 2 },
        { sku: 'T-B', quantity: 1 },
      ],
    });
    expect(status).toBe(201);
    expect(headers.get('location')).toBe(`/api/v1/orders/${String(body.id)}`);
    expect(body).toMatchObject({
      customerId: 'c-1',
      status: 'confirmed',
      currency: 'EUR',
      totalCents: 2 * 1250 + 399,
      lines: [
        { sku: 'T-A', name: 'Product T-A', quantity: 2, unitPriceCents: 1250, lineTotalCents: 2500 },
        { sku: 'T-B', quantity: 1, unitPriceCents: 399, lineTotalCents: 399 },
      ],
    });
    expect(await levels(fleet, 'T-A')).toMatchObject({ onHand: 5, reserved: 2, available: 3 });
    const reservation = await fleet.inventory.call('GET', `/api/v1/reservations/by-order/${String(body.id)}`);
    expect(reservation.body).toMatchObject({
      status: 'confirmed',
      expiresAt: null,
      lines: [
        { sku: 'T-A', quantity: 2 },
        { sku: 'T-B', quantity: 1 },
      ],
    });
    const stored = await fleet.orders.call('GET', `/api/v1/orders/${String(body.id)}`);
    expect((stored.body.transitions as Array<{ from: string | null; to: string }>).map((t) => [t.from, t.to])).toEqual([
      [null, 'pending'],
      ['pending', 'confirmed'],
    ]);
  });

  test('when a line is short, then 409 problem naming exactly the short skus and nothing stays reserved', async () => {
    await stock(fleet, 'T-A', 5);
    await stock(fleet, 'T-B', 1);
    const { status, body, contentType } = await placeOrder(fleet, {
      customerId: 'c-1',
      lines: [
        { sku: 'T-A', quantity: 2 },
        { sku: 'T-B', quantity: 3 },
      ],
    });
    expect(status).toBe(409);
    expect(contentType).toContain('application/problem+json');
    expect(body).toMatchObject({
      type: 'https://erp.example/problems/insufficient-stock',
      status: 409,
      skus: ['T-B'],
      instance: '/api/v1/orders',
    });
    expect(await levels(fleet, 'T-A')).toMatchObject({ reserved: 0 });
    const failed = await fleet.orders.call('GET', `/api/v1/orders/${String(body.orderId)}`);
    expect(failed.body.status).toBe('failed');
  });

  test('when a sku is unknown or inactive in the catalog, then 422 naming it, and nothing is reserved or ordered', async () => {
    await stock(fleet, 'T-A', 5);
    const unknown = await placeOrder(fleet, {
      customerId: 'c-1',
      lines: [
        { sku: 'T-A', quantity: 1 },
        { sku: 'NOT-THERE', quantity: 1 },
      ],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ type: 'https://erp.example/problems/unknown-sku', skus: ['NOT-THERE'] });
    const inactive = await placeOrder(fleet, { customerId: 'c-1', lines: [{ sku: 'T-OFF', quantity: 1 }] });
    expect(inactive.status).toBe(422);
    expect(inactive.body).toMatchObject({ type: 'https://erp.example/problems/inactive-sku', skus: ['T-OFF'] });
    const mixed = await placeOrder(fleet, {
      customerId: 'c-1',
      lines: [
        { sku: 'T-A', quantity: 1 },
        { sku: 'T-USD', quantity: 1 },
      ],
    });
    expect(mixed.status).toBe(422);
    expect(await fleet.orders.sql('SELECT id FROM orders')).toEqual([]);
    expect(await levels(fleet, 'T-A')).toMatchObject({ reserved: 0 });
  });
});

describe('idempotency', () => {
  test('when the same key and body come again, then the original response is replayed and one order exists', async () => {
    await stock(fleet, 'T-A', 5);
    const key = newKey();
    const body = { customerId: 'c-1', lines: [{ sku: 'T-A', quantity: 1 }] };
    const first = await placeOrder(fleet, body, key);
    const again = await placeOrder(fleet, body, key);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await fleet.orders.sql('SELECT id FROM orders')).toHaveLength(1);
    expect(await levels(fleet, 'T-A')).toMatchObject({ reserved: 1 });
  });

  test('when the sku leaves the catalog after the order was placed, then a repeat with the key still replays the original 201', async () => {
    await addProducts(fleet, [{ sku: 'T-LATE', priceCents: 700 }]);
    await stock(fleet, 'T-LATE', 5);
    const key = newKey();
    const body = { customerId: 'c-1', lines: [{ sku: 'T-LATE', quantity: 1 }] };
    const first = await placeOrder(fleet, body, key);
    expect(first.status).toBe(201);
    const product = await fleet.catalog.call('GET', '/api/v1/products/by-sku/T-LATE');
    const patched = await fleet.catalog.call('PATCH', `/api/v1/products/${String(product.body.id)}`, { active: false });
    expect(patched.status).toBe(200);
    const again = await placeOrder(fleet, body, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    // a new key is priced afresh: the sku is no longer for sale
    expect((await placeOrder(fleet, body)).status).toBe(422);
  });

  test('when the catalog is down, then a repeat of a finished order still replays it, and a new order gets 503 with nothing written', async () => {
    await stock(fleet, 'T-B', 5);
    const key = newKey();
    const body = { customerId: 'c-1', lines: [{ sku: 'T-B', quantity: 1 }] };
    const first = await placeOrder(fleet, body, key);
    expect(first.status).toBe(201);
    fleet.catalogProxy.refuse(true);
    try {
      const again = await placeOrder(fleet, body, key);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      const fresh = await placeOrder(fleet, body);
      expect(fresh.status).toBe(503);
      expect(fresh.body).toMatchObject({ status: 503, dependency: 'catalog' });
      expect(await fleet.orders.sql('SELECT id FROM orders')).toHaveLength(1);
    } finally {
      fleet.catalogProxy.refuse(false);
    }
    // orders' circuit to catalog opened meanwhile: it closes on the first call after the half-open delay
    await waitFor(async () => (await placeOrder(fleet, body)).status === 201, { timeoutMs: 10_000 });
  });

  test('when a failed placement is repeated with its key, then the same 409 comes back', async () => {
    const key = newKey();
    const body = { customerId: 'c-1', lines: [{ sku: 'T-A', quantity: 1 }] };
    const first = await placeOrder(fleet, body, key);
    await stock(fleet, 'T-A', 5);
    const again = await placeOrder(fleet, body, key);
    expect([first.status, again.status]).toEqual([409, 409]);
    expect(again.body).toEqual(first.body);
    expect(again.contentType).toContain('application/problem+json');
  });

  test('when the same key comes with a different body, then 422 and no second order', async () => {
    await stock(fleet, 'T-A', 5);
    const key = newKey();
    await placeOrder(fleet, { customerId: 'c-1', lines: [{ sku: 'T-A', quantity: 1 }] }, key);
    const other = await placeOrder(fleet, { customerId: 'c-1', lines: [{ sku: 'T-A', quantity: 2 }] }, key);
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('https://erp.example/problems/idempotency-key-reused');
    expect(await fleet.orders.sql('SELECT id FROM orders')).toHaveLength(1);
  });

  test('when the same key is sent many times at once, then exactly one order is placed and all get its response', async () => {
    await stock(fleet, 'T-A', 50);
    const key = newKey();
    const body = { customerId: 'c-1', lines: [{ sku: 'T-A', quantity: 2 }] };
    const answers = await Promise.all(Array.from({ length: 8 }, () => placeOrder(fleet, body, key)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await fleet.orders.sql('SELECT id FROM orders')).toHaveLength(1);
    expect(await levels(fleet, 'T-A')).toMatchObject({ reserved: 2 });
  });
});

describe('under contention', () => {
  test('when 40 customers order the last 7 units at once, then exactly 7 are confirmed, the rest 409, and reserved = on hand', async () => {
    await stock(fleet, 'T-A', 7);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => placeOrder(fleet, { customerId: `c-${i}`, lines: [{ sku: 'T-A', quantity: 1 }] })),
    );
    const statuses = answers.map((a) => a.status);
    expect(answers.filter((a) => a.status !== 201 && a.status !== 409).map((a) => a.body)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(7);
    expect(statuses.filter((s) => s === 409)).toHaveLength(33);
    expect(await levels(fleet, 'T-A')).toMatchObject({ onHand: 7, reserved: 7, available: 0 });
    const [row] = await fleet.orders.sql<{ confirmed: number }>(`SELECT count(*)::int AS confirmed FROM orders WHERE status = 'confirmed'`);
    expect(row?.confirmed).toBe(7);
  }, 90_000);

  test('when multi-line orders name the same skus in opposite orders, then none deadlocks and nothing is oversold', async () => {
    const skus = ['T-X1', 'T-X2', 'T-X3'];
    for (const sku of skus) await stock(fleet, sku, 12);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => {
        const ordered = i % 2 === 0 ? skus : [...skus].reverse();
        return placeOrder(fleet, { customerId: `c-${i}`, lines: ordered.map((sku) => ({ sku, quantity: 1 })) });
      }),
    );
    expect(answers.filter((a) => a.status !== 201 && a.status !== 409).map((a) => a.body)).toEqual([]);
    expect(answers.filter((a) => a.status === 201)).toHaveLength(12);
    for (const sku of skus) expect(await levels(fleet, sku)).toMatchObject({ onHand: 12, reserved: 12 });
  }, 90_000);
});

describe('schema', () => {
  test('when a failed placement looks up its cart or its key by order id, then an index serves the lookup (no table scan)', async () => {
    await fleet.orders.sql('SET enable_seqscan = off');
    try {
      const plans = [
        await fleet.orders.sql<{ 'QUERY PLAN': string }>(
          `EXPLAIN UPDATE carts SET status = 'open' WHERE order_id = '00000000-0000-0000-0000-000000000001'`,
        ),
        await fleet.orders.sql<{ 'QUERY PLAN': string }>(
          `EXPLAIN UPDATE idempotency_keys SET completed_at = now() WHERE order_id = '00000000-0000-0000-0000-000000000001' AND completed_at IS NULL`,
        ),
      ].map((rows) => rows.map((row) => row['QUERY PLAN']).join('\n'));
      expect(plans[0]).toContain('carts_by_order');
      expect(plans[1]).toContain('idempotency_keys_by_order');
    } finally {
      await fleet.orders.sql('RESET enable_seqscan');
    }
  });
});
