import { startInventory, expectLedgerConsistent, type InventoryHarness } from './harness';

let inv: InventoryHarness;
beforeAll(async () => {
  inv = await startInventory();
});
afterAll(async () => inv.stop());

test('when a sku has more than nine movements, then they are listed oldest first by number and paged without gaps', async () => {
  for (let i = 1; i <= 12; i += 1) {
    expect((await inv.call('POST', '/api/v1/stock/M-1/adjustments', { delta: i, reason: `count ${i}` })).status).toBe(201);
  }
  const first = await inv.call('GET', '/api/v1/stock/M-1/movements?limit=5');
  const items = first.body.items as Array<{ id: string; reason: string }>;
  expect(items.map((m) => m.reason)).toEqual(['count 1', 'count 2', 'count 3', 'count 4', 'count 5']);
  const reasons: string[] = [];
  for (let after: string | undefined; ;) {
    const page = await inv.call('GET', `/api/v1/stock/M-1/movements?limit=5${after ? `&after=${after}` : ''}`);
    const pageItems = page.body.items as Array<{ id: string; reason: string }>;
    reasons.push(...pageItems.map((m) => m.reason));
    if (pageItems.length < 5) break;
    after = pageItems.at(-1)!.id;
  }
  expect(reasons).toEqual(Array.from({ length: 12 }, (_, i) => `count ${i + 1}`));
  await expectLedgerConsistent(inv);
});
