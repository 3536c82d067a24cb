import { addProducts, newKey, startFleet, stock, type Fleet } from '@erp/harness/commerce-fleet';

let fleet: Fleet;
let cartId: string;
beforeAll(async () => {
  fleet = await startFleet();
  await addProducts(fleet, [{ sku: 'B-A', priceCents: 100 }]);
  await stock(fleet, 'B-A', 10);
  cartId = String((await fleet.orders.call('POST', '/api/v1/carts', { customerId: 'c-1' })).body.id);
}, 60_000);
afterAll(async () => fleet.stop());

const huge = 'x'.repeat(5000);
const oversized = JSON.stringify({ customerId: 'c-1', lines: [{ sku: 'B-A', quantity: 1 }], pad: 'y'.repeat(200_000) });
const line = { sku: 'B-A', quantity: 1 };

/** Nothing but the one empty cart may exist, and inventory holds nothing. */
async function nothingWritten(): Promise<void> {
  const [counts] = await fleet.orders.sql<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM orders) AS orders, (SELECT count(*)::int FROM idempotency_keys) AS keys, (SELECT count(*)::int FROM cart_lines) AS cart_lines,
            (SELECT count(*)::int FROM carts) AS carts, (SELECT count(*)::int FROM subscriptions) AS subscriptions, (SELECT count(*)::int FROM outbox) AS outbox`,
  );
  expect(counts).toEqual({ orders: 0, keys: 0, cart_lines: 0, carts: 1, subscriptions: 0, outbox: 0 });
  expect((await fleet.inventory.call('GET', '/api/v1/stock/B-A')).body).toMatchObject({ reserved: 0 });
}

const routes: Array<{
  route: string;
  method: string;
  path: () => string;
  headers?: Record<string, string>;
  bodies: Array<[string, unknown]>;
}> = [
  {
    route: 'POST /orders',
    method: 'POST',
    path: () => '/api/v1/orders',
    headers: { 'idempotency-key': 'bad-input-key' },
    bodies: [
      ['no customerId', { lines: [line] }],
      ['no lines', { customerId: 'c-1' }],
      ['empty lines', { customerId: 'c-1', lines: [] }],
      ['a client-set price', { customerId: 'c-1', lines: [{ ...line, priceCents: 1 }] }],
      ['an unknown field', { customerId: 'c-1', lines: [line], totalCents: 1 }],
      ['quantity 0', { customerId: 'c-1', lines: [{ sku: 'B-A', quantity: 0 }] }],
      ['quantity as a string', { customerId: 'c-1', lines: [{ sku: 'B-A', quantity: '1' }] }],
      ['quantity 1e9', { customerId: 'c-1', lines: [{ sku: 'B-A', quantity: 1e9 }] }],
      ['a duplicate sku', { customerId: 'c-1', lines: [line, { sku: 'b-a', quantity: 2 }] }],
      ['a malformed sku', { customerId: 'c-1', lines: [{ sku: '--', quantity: 1 }] }],
      ['a huge customerId', { customerId: huge, lines: [line] }],
      ['customerId as a number', { customerId: 7, lines: [line] }],
      ['a JSON array', [line]],
    ],
  },
  {
    route: 'POST /carts',
    method: 'POST',
    path: () => '/api/v1/carts',
    bodies: [
      ['no customerId', {}],
      ['a bad customerId', { customerId: 'a b' }],
      ['an unknown field', { customerId: 'c', x: 1 }],
    ],
  },
  {
    route: 'PUT /carts/{id}/lines/{sku}',
    method: 'PUT',
    path: () => `/api/v1/carts/${cartId}/lines/B-A`,
    bodies: [
      ['quantity 0', { quantity: 0 }],
      ['fractional quantity', { quantity: 1.5 }],
      ['no quantity', {}],
      ['an unknown field', { quantity: 1, priceCents: 5 }],
    ],
  },
  {
    route: 'POST /subscriptions',
    method: 'POST',
    path: () => '/api/v1/subscriptions',
    bodies: [
      ['a non-http url', { url: 'file:///etc/passwd', events: ['order.confirmed'] }],
      ['not a url', { url: 'hello', events: ['order.confirmed'] }],
      ['an unknown event', { url: 'http://127.0.0.1:1/x', events: ['order.exploded'] }],
      ['no events', { url: 'http://127.0.0.1:1/x', events: [] }],
      ['a huge url', { url: `http://127.0.0.1/${huge}`, events: ['order.confirmed'] }],
    ],
  },
];

describe.each(routes)('$route', ({ method, path, headers, bodies }) => {
  test.each(bodies)('when the body has %s, then 400 problem+json naming the field, nothing written', async (_what, body) => {
    const { status, body: problem, contentType } = await fleet.orders.call(method, path(), body, headers);
    expect(status).toBe(400);
    expect(contentType).toContain('application/problem+json');
    expect((problem.errors as unknown[]).length).toBeGreaterThan(0);
    await nothingWritten();
  });

  test('when the JSON is malformed, then 400; when it is not JSON, then 415; when it is too large, then 413', async () => {
    expect((await fleet.orders.call(method, path(), '{"lines": [', headers)).status).toBe(400);
    expect((await fleet.orders.call(method, path(), 'a=1', { ...headers, 'content-type': 'text/plain' })).status).toBe(415);
    expect((await fleet.orders.call(method, path(), oversized, headers)).status).toBe(413);
    await nothingWritten();
  });
});

describe('headers and ids', () => {
  test('when POST /orders has no Idempotency-Key, or a malformed one, then 400 naming the header', async () => {
    const missing = await fleet.orders.call('POST', '/api/v1/orders', { customerId: 'c-1', lines: [line] });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'idempotency-key', in: 'headers' })]);
    const tooLong = await fleet.orders.call(
      'POST',
      '/api/v1/orders',
      { customerId: 'c-1', lines: [line] },
      { 'idempotency-key': 'k'.repeat(256) },
    );
    expect(tooLong.status).toBe(400);
    await nothingWritten();
  });

  test('when checkout has no Idempotency-Key, then 400 and the cart stays as it was', async () => {
    expect((await fleet.orders.call('POST', `/api/v1/carts/${cartId}/checkout`)).status).toBe(400);
    await nothingWritten();
  });

  test('when ids in paths are malformed, then 400; when unknown, then 404', async () => {
    for (const path of ['/api/v1/orders/nope/cancel', '/api/v1/orders/nope/fulfill', '/api/v1/carts/nope/checkout']) {
      expect((await fleet.orders.call('POST', path, undefined, { 'idempotency-key': newKey() })).status).toBe(400);
    }
    expect((await fleet.orders.call('PUT', `/api/v1/carts/${cartId}/lines/a%20b`, { quantity: 1 })).status).toBe(400);
    expect((await fleet.orders.call('PUT', '/api/v1/carts/00000000-0000-4000-8000-000000000000/lines/B-A', { quantity: 1 })).status).toBe(
      404,
    );
    expect((await fleet.orders.call('DELETE', '/api/v1/subscriptions/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    await nothingWritten();
  });

  test('when list filters are malformed, then 400', async () => {
    for (const query of ['status=shipped', 'limit=0', 'limit=1000', 'createdFrom=yesterday', 'customerId=a%20b', 'unknown=1']) {
      expect((await fleet.orders.call('GET', `/api/v1/orders?${query}`)).status).toBe(400);
    }
  });
});

describe('service surface', () => {
  test('when /openapi.json is read, then the order, cart and subscription routes are documented', async () => {
    const { status, body } = await fleet.orders.call('GET', '/openapi.json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths as object)).toEqual(
      expect.arrayContaining([
        '/api/v1/orders',
        '/api/v1/orders/{id}/cancel',
        '/api/v1/orders/{id}/fulfill',
        '/api/v1/carts/{id}/checkout',
        '/api/v1/subscriptions',
      ]),
    );
  });

  test('when /health is read, then catalog and inventory are checks of their own', async () => {
    const { body } = await fleet.orders.call('GET', '/health');
    expect(Object.keys(body.checks as object)).toEqual(
      expect.arrayContaining(['postgres:responseTime', 'catalog:responseTime', 'inventory:responseTime']),
    );
  });
});
