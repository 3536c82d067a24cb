import { waitFor } from '@erp/testing';
import { startInventory, expectLedgerConsistent, type InventoryHarness } from './harness';

let inv: InventoryHarness;
beforeAll(async () => {
  inv = await startInventory({ RESERVATION_TTL_SECONDS: '1', RESERVATION_EXPIRY_CRON: '* * * * * *' });
});
afterAll(async () => inv.stop());

test('when a reservation is not committed in time, then the expiry job releases it with an "expiry" ledger entry', async () => {
  await inv.call('POST', '/api/v1/stock/A-1/adjustments', { delta: 3, reason: 'count' });
  const reserved = await inv.call('POST', '/api/v1/reservations', { orderId: 'o-exp', lines: [{ sku: 'A-1', quantity: 2 }] });
  expect(reserved.status).toBe(201);
  const expired = await waitFor(
    async () => {
      const { body } = await inv.call('GET', '/api/v1/reservations/by-order/o-exp');
      return body.status === 'expired' ? body : null;
    },
    { timeoutMs: 10_000, intervalMs: 100, message: 'reservation expired' },
  );
  expect(expired.status).toBe('expired');
  expect((await inv.call('GET', '/api/v1/stock/A-1')).body).toMatchObject({ onHand: 3, reserved: 0, available: 3 });
  const movements = await inv.call('GET', '/api/v1/stock/A-1/movements');
  expect((movements.body.items as Array<{ kind: string; reservedDelta: number; actor: string }>).at(-1)).toMatchObject({ kind: 'expiry', reservedDelta: -2, actor: 'expiry-job' });
  const commit = await inv.call('POST', '/api/v1/reservations/by-order/o-exp/commit');
  expect(commit.status).toBe(409);
  await expectLedgerConsistent(inv);
});
