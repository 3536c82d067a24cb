import { waitFor } from '@erp/testing';
import { expireReservations } from '../src/domain/close-reservation.use-case';
import { inventoryStore } from '../src/data-access/inventory-store';
import { startInventory, expectLedgerConsistent, type InventoryHarness } from './harness';

// Inventory's clock is moved past RESERVATION_TTL_SECONDS instead of waiting; the real expiry job runs every second.
const TTL_SECONDS = 900;
let clockOffsetMs = 0;
const clock = (): number => Date.now() + clockOffsetMs;

let inv: InventoryHarness;
beforeAll(async () => {
  inv = await startInventory({ RESERVATION_TTL_SECONDS: String(TTL_SECONDS), RESERVATION_EXPIRY_CRON: '* * * * * *' }, {}, { clock });
});
afterAll(async () => inv.stop());
beforeEach(async () => {
  await inv.reset();
  clockOffsetMs = 0;
});
afterEach(async () => expectLedgerConsistent(inv));

const stock = async (sku: string, quantity: number) =>
  inv.call('POST', `/api/v1/stock/${sku}/adjustments`, { delta: quantity, reason: 'count' });
const reserve = (orderId: string, quantity: number, confirm?: boolean) =>
  inv.call(
    'POST',
    '/api/v1/reservations',
    { orderId, lines: [{ sku: 'A-1', quantity }], ...(confirm === undefined ? {} : { confirm }) },
    {},
    'orders',
  );
const reservation = async (orderId: string) => (await inv.call('GET', `/api/v1/reservations/by-order/${orderId}`)).body;
const levels = async () => (await inv.call('GET', '/api/v1/stock/A-1')).body as { onHand: number; reserved: number; available: number };
const action = (orderId: string, name: 'confirm' | 'release' | 'commit') =>
  inv.call('POST', `/api/v1/reservations/by-order/${orderId}/${name}`, undefined, {}, 'orders');

/** Moves the clock past the TTL of every reservation made so far and waits until the job has expired `pendingOrderId`. */
async function passTheTtl(pendingOrderId: string): Promise<void> {
  clockOffsetMs += (TTL_SECONDS + 1) * 1000;
  await waitFor(async () => (await reservation(pendingOrderId)).status === 'expired', {
    timeoutMs: 15_000,
    intervalMs: 100,
    message: `${pendingOrderId} expired`,
  });
}

test('when a pending reservation is not confirmed within the TTL, then the expiry job releases it with an "expiry" ledger entry', async () => {
  await stock('A-1', 3);
  const reserved = await reserve('o-pending', 2);
  expect(reserved.status).toBe(201);
  expect(reserved.body.status).toBe('pending');
  expect(Date.parse(String(reserved.body.expiresAt)) - clock()).toBeGreaterThan((TTL_SECONDS - 60) * 1000);

  await passTheTtl('o-pending');
  expect(await levels()).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
  const movements = await inv.call('GET', '/api/v1/stock/A-1/movements');
  expect((movements.body.items as Array<{ kind: string; reservedDelta: number; actor: string }>).at(-1)).toMatchObject({
    kind: 'expiry',
    reservedDelta: -2,
    actor: 'expiry-job',
  });
  expect((await action('o-pending', 'commit')).status).toBe(409);
  const lateConfirm = await action('o-pending', 'confirm');
  expect(lateConfirm.status).toBe(409);
  expect(lateConfirm.body).toMatchObject({ type: 'https://erp.example/problems/reservation-state', reservationStatus: 'expired' });
});

test('when a reservation is confirmed (at reserve or later), then it never expires: still held long after the TTL', async () => {
  await stock('A-1', 10);
  const atOnce = await reserve('o-confirmed', 2, true);
  expect(atOnce.status).toBe(201);
  expect(atOnce.body).toMatchObject({ status: 'confirmed', expiresAt: null });
  await reserve('o-later', 3);
  const confirmed = await action('o-later', 'confirm');
  expect(confirmed.status).toBe(200);
  expect(confirmed.body).toMatchObject({ status: 'confirmed', expiresAt: null });
  expect((await action('o-later', 'confirm')).status).toBe(200);
  await reserve('o-probe', 1);

  clockOffsetMs += 365 * 24 * 3600 * 1000;
  await passTheTtl('o-probe');
  expect((await reservation('o-confirmed')).status).toBe('confirmed');
  expect((await reservation('o-later')).status).toBe('confirmed');
  expect(await levels()).toMatchObject({ onHand: 10, reserved: 5, available: 5 });
});

test('when a confirmed reservation is released after the TTL, then its stock is available again (ledger "release")', async () => {
  await stock('A-1', 5);
  await reserve('o-cancel', 4, true);
  await reserve('o-probe', 1);
  await passTheTtl('o-probe');

  const released = await action('o-cancel', 'release');
  expect(released.status).toBe(200);
  expect(released.body.status).toBe('released');
  expect(await levels()).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
  const movements = await inv.call('GET', '/api/v1/stock/A-1/movements');
  expect((movements.body.items as Array<{ kind: string; reservedDelta: number }>).at(-1)).toMatchObject({
    kind: 'release',
    reservedDelta: -4,
  });
});

test('when a confirmed reservation is committed after the TTL, then it ships: on hand and reserved drop', async () => {
  await stock('A-1', 6);
  await reserve('o-ship', 4, true);
  await reserve('o-probe', 1);
  await passTheTtl('o-probe');

  const committed = await action('o-ship', 'commit');
  expect(committed.status).toBe(200);
  expect(committed.body.status).toBe('committed');
  expect(await levels()).toMatchObject({ onHand: 2, reserved: 0, available: 2 });
});

test('when confirmations race the expiry of reservations whose time is up, then each has one winner and the stock agrees', async () => {
  const count = 40;
  await stock('A-1', count);
  const orderIds = Array.from({ length: count }, (_, i) => `o-race-${i}`);
  for (const id of orderIds) expect((await reserve(id, 1)).status).toBe(201);
  clockOffsetMs += (TTL_SECONDS + 1) * 1000;

  // the confirmations over HTTP and three expiry runs (the job's work, on the service's own pool) all at once
  const dataSource = inv.service.context.dataSource;
  const [confirms] = await Promise.all([
    Promise.all(orderIds.map((id) => action(id, 'confirm'))),
    ...[0, 1, 2].map(() => expireReservations(inventoryStore(dataSource), new Date(clock()))),
  ]);

  const confirmedIds = orderIds.filter((_, i) => confirms[i]!.status === 200);
  for (const [i, id] of orderIds.entries()) {
    const expected = confirms[i]!.status === 200 ? 'confirmed' : 'expired';
    if (expected === 'expired')
      expect(confirms[i]!.body).toMatchObject({ type: 'https://erp.example/problems/reservation-state', reservationStatus: 'expired' });
    expect((await reservation(id)).status).toBe(expected);
  }
  expect(await levels()).toMatchObject({ onHand: count, reserved: confirmedIds.length });
  // what was confirmed stays held at any later time
  expect(await expireReservations(inventoryStore(dataSource), new Date(clock() + 365 * 24 * 3600 * 1000))).toBe(0);
  expect(await levels()).toMatchObject({ reserved: confirmedIds.length });
});
