import { startInventory, type InventoryHarness } from './harness';

let inv: InventoryHarness;
beforeAll(async () => {
  inv = await startInventory();
});
afterAll(async () => inv.stop());

const huge = 'x'.repeat(5000);
const oversized = JSON.stringify({ orderId: 'o-1', lines: [{ sku: 'A-1', quantity: 1 }], pad: 'y'.repeat(200_000) });

/** Each write route with bodies that must be refused. */
const cases: Array<{ route: string; path: string; bodies: Array<[string, unknown]> }> = [
  {
    route: 'adjustment',
    path: '/api/v1/stock/A-1/adjustments',
    bodies: [
      ['missing delta', { reason: 'x' }],
      ['zero delta', { delta: 0, reason: 'x' }],
      ['fractional delta', { delta: 1.5, reason: 'x' }],
      ['string delta', { delta: '5', reason: 'x' }],
      ['huge delta', { delta: 1e12, reason: 'x' }],
      ['empty reason', { delta: 1, reason: '' }],
      ['huge reason', { delta: 1, reason: huge }],
      ['unknown field', { delta: 1, reason: 'x', price: 3 }],
      ['bad location', { delta: 1, reason: 'x', location: 'Main Hall' }],
      ['array body', [1, 2]],
    ],
  },
  {
    route: 'reservation',
    path: '/api/v1/reservations',
    bodies: [
      ['missing lines', { orderId: 'o-1' }],
      ['empty lines', { orderId: 'o-1', lines: [] }],
      ['zero quantity', { orderId: 'o-1', lines: [{ sku: 'A-1', quantity: 0 }] }],
      ['negative quantity', { orderId: 'o-1', lines: [{ sku: 'A-1', quantity: -1 }] }],
      [
        'duplicate sku',
        {
          orderId: 'o-1',
          lines: [
            { sku: 'A-1', quantity: 1 },
            { sku: 'a-1', quantity: 1 },
          ],
        },
      ],
      ['bad sku', { orderId: 'o-1', lines: [{ sku: 'a b', quantity: 1 }] }],
      ['huge sku', { orderId: 'o-1', lines: [{ sku: huge, quantity: 1 }] }],
      ['unknown line field', { orderId: 'o-1', lines: [{ sku: 'A-1', quantity: 1, price: 1 }] }],
      ['bad order id', { orderId: '../x', lines: [{ sku: 'A-1', quantity: 1 }] }],
      ['too many lines', { orderId: 'o-1', lines: Array.from({ length: 101 }, (_, i) => ({ sku: `S-${i}`, quantity: 1 })) }],
    ],
  },
  {
    route: 'receipt',
    path: '/api/v1/receipts',
    bodies: [
      ['no lines', { reason: 'x' }],
      ['quantity as string', { lines: [{ sku: 'A-1', quantity: '2' }] }],
      ['null body', null],
    ],
  },
  {
    route: 'transfer',
    path: '/api/v1/transfers',
    bodies: [
      ['same location', { sku: 'A-1', from: 'main', to: 'main', quantity: 1 }],
      ['missing to', { sku: 'A-1', from: 'main', quantity: 1 }],
    ],
  },
  {
    route: 'location',
    path: '/api/v1/locations',
    bodies: [
      ['bad code', { code: 'A B', name: 'x' }],
      ['missing name', { code: 'ok' }],
      ['huge name', { code: 'ok', name: huge }],
    ],
  },
];

async function nothingWritten(): Promise<void> {
  const [counts] = await inv.sql<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM movements) AS movements, (SELECT count(*)::int FROM reservations) AS reservations,
            (SELECT count(*)::int FROM stock_levels) AS stock, (SELECT count(*)::int FROM locations) AS locations, (SELECT count(*)::int FROM sku_settings) AS settings`,
  );
  expect(counts).toEqual({ movements: 0, reservations: 0, stock: 0, locations: 1, settings: 0 });
}

describe.each(cases)('POST $route', ({ path, bodies }) => {
  test.each(bodies)('when the body has %s, then 400 problem+json naming the field and nothing is written', async (_what, body) => {
    const { status, body: problem, contentType } = await inv.call('POST', path, JSON.stringify(body));
    expect(status).toBe(400);
    expect(contentType).toContain('application/problem+json');
    // a JSON null is refused by the strict parser itself (no field to name); everything else names its fields
    if (body !== null) expect(Array.isArray(problem.errors) && problem.errors.length > 0).toBe(true);
    await nothingWritten();
  });

  test('when the JSON is malformed, then 400', async () => {
    expect((await inv.call('POST', path, '{"orderId": ')).status).toBe(400);
    await nothingWritten();
  });

  test('when the content type is not JSON, then 415', async () => {
    expect((await inv.call('POST', path, 'delta=1', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    await nothingWritten();
  });

  test('when the body is larger than the limit, then 413', async () => {
    expect((await inv.call('POST', path, oversized)).status).toBe(413);
    await nothingWritten();
  });
});

describe('other write routes', () => {
  test('when a threshold is negative or the sku malformed, then 400 and nothing is written', async () => {
    expect((await inv.call('PUT', '/api/v1/stock/A-1/low-stock-threshold', { threshold: -1 })).status).toBe(400);
    expect((await inv.call('PUT', '/api/v1/stock/a%20b/low-stock-threshold', { threshold: 1 })).status).toBe(400);
    await nothingWritten();
  });

  test('when release/commit get a malformed reservation or order id, then 400', async () => {
    expect((await inv.call('POST', '/api/v1/reservations/not-a-uuid/release')).status).toBe(400);
    expect((await inv.call('POST', '/api/v1/reservations/by-order/a%20b/release', undefined, {}, 'orders')).status).toBe(400);
    await nothingWritten();
  });

  test('when an adjustment names an unknown location, then 404 and nothing is written', async () => {
    const { status, body } = await inv.call('POST', '/api/v1/stock/A-1/adjustments', { delta: 1, reason: 'x', location: 'nowhere' });
    expect(status).toBe(404);
    expect(body.detail).toContain('nowhere');
    await nothingWritten();
  });
});
