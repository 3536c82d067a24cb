import { waitFor } from '@erp/testing';
import { addProducts, expectLedgerConsistent, levels, placeOrder, startFleet, stock, type Fleet } from '@erp/harness/commerce-fleet';

// Issue 12 §3: an order confirmed at 06:07:13 lost its stock to the reservation expiry at 06:22:13. Inventory's clock is
// moved past RESERVATION_TTL_SECONDS here instead of waiting 15 minutes; its real expiry job runs every second.
const TTL_SECONDS = 900;
let clockOffsetMs = 0;
const inventoryClock = (): number => Date.now() + clockOffsetMs;

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({
    inventoryClock,
    inventoryEnv: { RESERVATION_TTL_SECONDS: String(TTL_SECONDS), RESERVATION_EXPIRY_CRON: '* * * * * *' },
  });
  // K-PROBE is reserved directly in inventory (by an admin, no order) to see the expiry job run
  await addProducts(fleet, [
    { sku: 'K-A', priceCents: 500 },
    { sku: 'K-PROBE', priceCents: 100 },
  ]);
}, 60_000);
afterAll(async () => fleet.stop());
beforeEach(async () => {
  await fleet.reset();
  clockOffsetMs = 0;
  await stock(fleet, 'K-A', 10);
  await stock(fleet, 'K-PROBE', 1);
});
afterEach(async () => expectLedgerConsistent(fleet));

async function confirmedOrder(quantity: number): Promise<string> {
  const { status, body } = await placeOrder(fleet, { customerId: 'c-1', lines: [{ sku: 'K-A', quantity }] });
  expect(status).toBe(201);
  return String(body.id);
}

/**
 * Moves inventory's clock past the TTL and waits until its expiry job has run at that time: a reservation that nobody
 * confirmed (made by an admin, as a probe) is then expired.
 */
async function passTheReservationTtl(): Promise<void> {
  const probe = `probe-${Date.now()}`;
  expect(
    (await fleet.inventory.call('POST', '/api/v1/reservations', { orderId: probe, lines: [{ sku: 'K-PROBE', quantity: 1 }] })).status,
  ).toBe(201);
  clockOffsetMs += (TTL_SECONDS + 1) * 1000;
  await waitFor(async () => (await fleet.inventory.call('GET', `/api/v1/reservations/by-order/${probe}`)).body.status === 'expired', {
    timeoutMs: 15_000,
    message: 'the expiry job ran past the TTL',
  });
}

test('when a confirmed order outlives the reservation TTL, then its stock stays reserved and fulfilment ships it', async () => {
  const id = await confirmedOrder(3);
  await passTheReservationTtl();
  expect(await levels(fleet, 'K-A')).toMatchObject({ onHand: 10, reserved: 3, available: 7 });
  expect((await fleet.inventory.call('GET', `/api/v1/reservations/by-order/${id}`)).body).toMatchObject({
    status: 'confirmed',
    expiresAt: null,
  });

  const fulfilled = await fleet.orders.call('POST', `/api/v1/orders/${id}/fulfill`);
  expect(fulfilled.status).toBe(200);
  expect(fulfilled.body.status).toBe('fulfilled');
  expect(await levels(fleet, 'K-A')).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
});

test('when a confirmed order outlives the reservation TTL, then nobody else can buy its stock', async () => {
  await confirmedOrder(10);
  await passTheReservationTtl();
  const second = await placeOrder(fleet, { customerId: 'c-2', lines: [{ sku: 'K-A', quantity: 1 }] });
  expect(second.status).toBe(409);
  expect(second.body).toMatchObject({ type: 'https://erp.example/problems/insufficient-stock', skus: ['K-A'] });
  expect(await levels(fleet, 'K-A')).toMatchObject({ onHand: 10, reserved: 10, available: 0 });
});

test('when a confirmed order is cancelled after the reservation TTL, then its stock is released (not expired)', async () => {
  const id = await confirmedOrder(4);
  await passTheReservationTtl();
  expect((await fleet.orders.call('POST', `/api/v1/orders/${id}/cancel`)).status).toBe(200);
  await waitFor(async () => (await levels(fleet, 'K-A')).reserved === 0, { message: 'stock released' });
  expect((await fleet.inventory.call('GET', `/api/v1/reservations/by-order/${id}`)).body.status).toBe('released');
});
