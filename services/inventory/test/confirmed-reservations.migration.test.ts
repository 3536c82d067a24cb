import { Writable } from 'node:stream';
import pino from 'pino';
import { createDataSource, migrate } from '@erp/service-kit';
import { createTestDatabase } from '@erp/testing';
import { InitInventory1764300000000 } from '../src/data-access/migrations/1764300000000-init-inventory.migration';
import { expireReservations } from '../src/domain/close-reservation.use-case';
import { inventoryStore } from '../src/data-access/inventory-store';
import { startInventory, expectLedgerConsistent, type InventoryHarness } from './harness';

const silent = pino({ level: 'silent' }, new Writable({ write: (_c, _e, cb) => cb() }));
const YEAR_MS = 365 * 24 * 3600 * 1000;

/** Rows as the first schema held them: every status, a tombstone, and active reservations past and before their expiry. */
const OLD_SHAPE = `
  INSERT INTO stock_levels (sku, location_code, on_hand, reserved) VALUES ('A-1', 'main', 10, 5);
  INSERT INTO reservations (order_id, status, expires_at) VALUES
    ('o-active-overdue', 'active', now() - interval '1 hour'),
    ('o-active', 'active', now() + interval '10 minutes'),
    ('o-released', 'released', now()),
    ('o-expired', 'expired', now() - interval '1 hour'),
    ('o-committed', 'committed', now()),
    ('o-tombstone', 'released', now());
  INSERT INTO reservation_lines (reservation_id, sku, location_code, quantity)
    SELECT id, 'A-1', 'main', q FROM reservations JOIN (VALUES ('o-active-overdue', 3), ('o-active', 2), ('o-released', 1), ('o-expired', 1), ('o-committed', 2)) AS v(o, q) ON v.o = order_id;
  INSERT INTO movements (sku, location_code, kind, on_hand_delta, reserved_delta, reason, reference, actor) VALUES
    ('A-1', 'main', 'receipt', 12, 0, 'received', NULL, 'admin@erp.example'),
    ('A-1', 'main', 'reservation', 0, 3, 'reserved for order', 'o-active-overdue', 'service:orders'),
    ('A-1', 'main', 'reservation', 0, 2, 'reserved for order', 'o-active', 'service:orders'),
    ('A-1', 'main', 'reservation', 0, 1, 'reserved for order', 'o-released', 'service:orders'),
    ('A-1', 'main', 'release', 0, -1, 'reservation released', 'o-released', 'service:orders'),
    ('A-1', 'main', 'reservation', 0, 1, 'reserved for order', 'o-expired', 'service:orders'),
    ('A-1', 'main', 'expiry', 0, -1, 'reservation expired', 'o-expired', 'expiry-job'),
    ('A-1', 'main', 'reservation', 0, 2, 'reserved for order', 'o-committed', 'service:orders'),
    ('A-1', 'main', 'shipment', -2, -2, 'reservation committed (shipped)', 'o-committed', 'service:orders');
`;

let inv: InventoryHarness;
beforeAll(async () => {
  const db = await createTestDatabase('inventory');
  const old = createDataSource({ url: db.url, entities: [], migrations: [InitInventory1764300000000], logger: silent });
  await old.initialize();
  await migrate(old);
  await old.query(OLD_SHAPE);
  await old.destroy();
  inv = await startInventory({}, {}, { db });
});
afterAll(async () => inv.stop());

const reservation = async (orderId: string) => (await inv.call('GET', `/api/v1/reservations/by-order/${orderId}`)).body;

test('when rows of the old shape are migrated, then active reservations are confirmed (no expiry) and the rest keep their state', async () => {
  expect(await reservation('o-active-overdue')).toMatchObject({
    status: 'confirmed',
    expiresAt: null,
    lines: [{ sku: 'A-1', quantity: 3 }],
  });
  expect(await reservation('o-active')).toMatchObject({ status: 'confirmed', expiresAt: null, lines: [{ sku: 'A-1', quantity: 2 }] });
  for (const [orderId, status] of [
    ['o-released', 'released'],
    ['o-expired', 'expired'],
    ['o-committed', 'committed'],
    ['o-tombstone', 'released'],
  ]) {
    expect((await reservation(orderId!)).status).toBe(status);
  }
  expect((await inv.call('GET', '/api/v1/stock/A-1')).body).toMatchObject({ onHand: 10, reserved: 5, available: 5 });
  await expectLedgerConsistent(inv);
});

test('when the expiry job runs long after the migration, then the migrated reservations still hold their stock', async () => {
  expect(await expireReservations(inventoryStore(inv.service.context.dataSource), new Date(Date.now() + YEAR_MS))).toBe(0);
  expect((await inv.call('GET', '/api/v1/stock/A-1')).body).toMatchObject({ reserved: 5 });
});

test('when migrated reservations are committed and released, then stock and ledger follow', async () => {
  expect((await inv.call('POST', '/api/v1/reservations/by-order/o-active-overdue/commit', undefined, {}, 'orders')).status).toBe(200);
  expect((await inv.call('POST', '/api/v1/reservations/by-order/o-active/release', undefined, {}, 'orders')).status).toBe(200);
  expect((await inv.call('GET', '/api/v1/stock/A-1')).body).toMatchObject({ onHand: 7, reserved: 0, available: 7 });
  await expectLedgerConsistent(inv);
});

test('when the migration has run, then the database refuses a pending reservation without expiry and a confirmed one with one', async () => {
  await expect(inv.sql(`INSERT INTO reservations (order_id, status) VALUES ('x-1', 'pending')`)).rejects.toThrow(
    /reservations_pending_expires/,
  );
  await expect(inv.sql(`INSERT INTO reservations (order_id, status, expires_at) VALUES ('x-2', 'confirmed', now())`)).rejects.toThrow(
    /reservations_confirmed_never_expires/,
  );
  await expect(inv.sql(`INSERT INTO reservations (order_id, status, expires_at) VALUES ('x-3', 'active', now())`)).rejects.toThrow(
    /reservations_status/,
  );
});
