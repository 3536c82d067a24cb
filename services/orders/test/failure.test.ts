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
  fleet = await startFleet({
    ordersEnv: { INVENTORY_TIMEOUT_MS: '300', INVENTORY_RETRIES: '1', STALE_PENDING_SECONDS: '5', IDEMPOTENCY_CLEANUP_CRON: '* * * * * *' },
  });
  await addProducts(fleet, [{ sku: 'F-A', priceCents: 500 }]);
}, 60_000);
afterAll(async () => fleet.stop());
beforeEach(async () => fleet.reset());
afterEach(async () => {
  fleet.inventoryProxy.resume();
  await expectLedgerConsistent(fleet);
});

/** Waits until every compensation is done and returns the order's reservation status in inventory. */
async function settled(orderId: string): Promise<string> {
  await waitFor(async () => (await fleet.orders.sql(`SELECT 1 FROM compensations WHERE done_at IS NULL`)).length === 0, {
    timeoutMs: 15_000,
    message: 'compensations done',
  });
  const reservation = await fleet.inventory.call('GET', `/api/v1/reservations/by-order/${orderId}`);
  return String(reservation.body.status);
}

describe('when inventory misbehaves during placement', () => {
  test('when inventory is slow, then the order fails cleanly (503) and, once inventory is back, nothing stays reserved', async () => {
    await stock(fleet, 'F-A', 5);
    fleet.inventoryProxy.pause();
    const { status, body } = await placeOrder(fleet, { customerId: 'c-1', lines: [{ sku: 'F-A', quantity: 2 }] });
    expect(status).toBe(503);
    expect(body).toMatchObject({ type: 'https://erp.example/problems/service-unavailable', dependency: 'inventory' });
    const orderId = String(body.orderId);
    expect((await fleet.orders.call('GET', `/api/v1/orders/${orderId}`)).body.status).toBe('failed');
    // the held-back reserve calls reach inventory only now, racing the compensation
    fleet.inventoryProxy.resume();
    expect(await settled(orderId)).toBe('released');
    expect(await levels(fleet, 'F-A')).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
  });

  test('when inventory is down, then the order fails cleanly and the release is retried until inventory is up', async () => {
    await stock(fleet, 'F-A', 5);
    await fleet.inventory.down();
    try {
      const { status, body } = await placeOrder(fleet, { customerId: 'c-1', lines: [{ sku: 'F-A', quantity: 1 }] });
      expect(status).toBe(503);
      const orderId = String(body.orderId);
      await waitFor(
        async () => {
          const [row] = await fleet.orders.sql<{ attempts: number }>(`SELECT attempts FROM compensations WHERE order_id = $1`, [orderId]);
          return (row?.attempts ?? 0) >= 2;
        },
        { timeoutMs: 10_000, message: 'compensation retried while inventory is down' },
      );
      await fleet.inventory.up();
      expect(await settled(orderId)).toBe('released');
      expect(await levels(fleet, 'F-A')).toMatchObject({ reserved: 0 });
      const late = await fleet.inventory.call('POST', '/api/v1/reservations', { orderId, lines: [{ sku: 'F-A', quantity: 1 }] });
      expect(late.status).toBe(409);
    } finally {
      await fleet.inventory.up();
    }
  });

  test('when a failed placement is retried with the same key, then the same 503 comes back and no second order is made', async () => {
    await stock(fleet, 'F-A', 5);
    fleet.inventoryProxy.pause();
    const key = newKey();
    const body = { customerId: 'c-1', lines: [{ sku: 'F-A', quantity: 1 }] };
    const first = await placeOrder(fleet, body, key);
    fleet.inventoryProxy.resume();
    const again = await placeOrder(fleet, body, key);
    expect([first.status, again.status]).toEqual([503, 503]);
    expect(again.body).toEqual(first.body);
    expect(await fleet.orders.sql('SELECT id FROM orders')).toHaveLength(1);
    await settled(String(first.body.orderId));
  });

  test('when a confirmed order is cancelled while inventory is down, then it is cancelled now and its stock released later', async () => {
    await stock(fleet, 'F-A', 5);
    const placed = await placeOrder(fleet, { customerId: 'c-1', lines: [{ sku: 'F-A', quantity: 3 }] });
    expect(placed.status).toBe(201);
    await fleet.inventory.down();
    try {
      const cancelled = await fleet.orders.call('POST', `/api/v1/orders/${String(placed.body.id)}/cancel`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
    } finally {
      await fleet.inventory.up();
    }
    expect(await settled(String(placed.body.id))).toBe('released');
    expect(await levels(fleet, 'F-A')).toMatchObject({ reserved: 0, available: 5 });
  });

  test('when a placement was interrupted (process died with the order pending), then the recovery job fails it and releases its stock', async () => {
    await stock(fleet, 'F-A', 5);
    const orderId = '6f0f8a3e-1d7e-4f0a-9a55-000000000001';
    // what a crash between "reserve" and "confirm" leaves behind: a pending order, its claimed key, a live reservation
    await fleet.orders.sql(
      `INSERT INTO orders (id, customer_id, status, total_cents, currency, created_at) VALUES ($1, 'c-1', 'pending', 500, 'EUR', now() - interval '1 hour')`,
      [orderId],
    );
    await fleet.orders.sql(`INSERT INTO idempotency_keys (scope, key, request_hash, order_id) VALUES ('orders', 'crashed', 'h', $1)`, [
      orderId,
    ]);
    expect((await fleet.inventory.call('POST', '/api/v1/reservations', { orderId, lines: [{ sku: 'F-A', quantity: 1 }] })).status).toBe(
      201,
    );
    await waitFor(async () => (await fleet.orders.call('GET', `/api/v1/orders/${orderId}`)).body.status === 'failed', {
      timeoutMs: 10_000,
      message: 'stale order failed',
    });
    expect(await settled(orderId)).toBe('released');
    const [key] = await fleet.orders.sql<{ response_status: number }>(`SELECT response_status FROM idempotency_keys WHERE key = 'crashed'`);
    expect(key?.response_status).toBe(503);
  });
});

describe('idempotency key retention', () => {
  test('when the cleanup job runs, then finished keys older than 24 h go and younger ones stay', async () => {
    for (const [key, age] of [
      ['old', '25 hours'],
      ['young', '23 hours'],
    ]) {
      await fleet.orders.sql(
        `INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body, created_at, completed_at)
         VALUES ('orders', $1, 'h', 201, '{}'::jsonb, now() - $2::interval, now() - $2::interval)`,
        [key, age],
      );
    }
    await waitFor(async () => (await fleet.orders.sql(`SELECT 1 FROM idempotency_keys WHERE key = 'old'`)).length === 0, {
      message: 'old key deleted',
    });
    expect(await fleet.orders.sql(`SELECT key FROM idempotency_keys`)).toEqual([{ key: 'young' }]);
  });
});
