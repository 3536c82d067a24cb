import { waitFor } from '@erp/testing';
import { newKey, startFleet, type Answer, type Fleet } from '@erp/harness/commerce-fleet';
import { tamper } from './tokens';

// Access tokens live 2 s here (plus the verifiers' 5 s clock tolerance): one test watches a token expire, every other
// test logs in afresh, and orders' own service token is renewed by its token source throughout.
let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ idpEnv: { AUTH_ACCESS_TOKEN_TTL_S: '2' } });
  const admin = await as('admin');
  const created = await fleet.catalog.call(
    'POST',
    '/api/v1/products',
    { sku: 'AU-A', name: 'Product AU-A', priceCents: 500, currency: 'EUR', active: true },
    admin,
  );
  expect(created.status).toBe(201);
}, 60_000);
afterAll(async () => fleet.stop());
beforeEach(async () => {
  await fleet.reset();
  expect(
    (await fleet.inventory.call('POST', '/api/v1/stock/AU-A/adjustments', { delta: 10, reason: 'test stock' }, await as('admin'))).status,
  ).toBe(201);
});

/** Headers with a fresh token of a demo user. */
const as = async (who: 'admin' | 'manager' | 'employee') => ({ authorization: `Bearer ${await fleet.idp.login(`${who}@erp.example`)}` });
const order = { customerId: 'c-1', lines: [{ sku: 'AU-A', quantity: 2 }] };
const place = async (headers: Record<string, string>, key = newKey()): Promise<Answer> =>
  fleet.orders.call('POST', '/api/v1/orders', order, { ...headers, 'idempotency-key': key }, 'anonymous');
const count = async (table: string) => (await fleet.orders.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
const reserved = async () =>
  ((await fleet.inventory.call('GET', '/api/v1/stock/AU-A', undefined, {}, 'anonymous')).body as { reserved: number }).reserved;

describe('who may call orders', () => {
  test('when an order is placed anonymously, then 401 problem+json and nothing is written or reserved', async () => {
    const { status, contentType, body } = await place({});
    expect(status).toBe(401);
    expect(contentType).toContain('application/problem+json');
    expect(body.status).toBe(401);
    expect([await count('orders'), await count('idempotency_keys'), await reserved()]).toEqual([0, 0, 0]);
  });

  test.each([
    ['POST', '/api/v1/carts', { customerId: 'c-1' }],
    ['PUT', '/api/v1/carts/7f1c2b1e-0000-4000-8000-000000000000/lines/AU-A', { quantity: 1 }],
    ['POST', '/api/v1/orders/7f1c2b1e-0000-4000-8000-000000000000/cancel', undefined],
    ['POST', '/api/v1/orders/7f1c2b1e-0000-4000-8000-000000000000/fulfill', undefined],
    ['POST', '/api/v1/subscriptions', { url: 'http://127.0.0.1:9/hook', events: ['order.confirmed'] }],
    ['GET', '/api/v1/orders', undefined],
    ['GET', '/api/v1/customers/c-1/orders', undefined],
  ])('when %s %s is called anonymously, then 401 and nothing is written', async (method, path, body) => {
    expect((await fleet.orders.call(method, path, body, {}, 'anonymous')).status).toBe(401);
    expect([await count('carts'), await count('subscriptions')]).toEqual([0, 0]);
  });

  test('when an employee registers a webhook or fulfils an order, then 403 (admin / manager only)', async () => {
    const employee = await as('employee');
    const subscribe = await fleet.orders.call(
      'POST',
      '/api/v1/subscriptions',
      { url: 'http://127.0.0.1:9/hook', events: ['order.confirmed'] },
      employee,
      'anonymous',
    );
    expect(subscribe.status).toBe(403);
    expect(subscribe.contentType).toContain('application/problem+json');
    const placed = await place(employee);
    expect(placed.status).toBe(201);
    expect(
      (await fleet.orders.call('POST', `/api/v1/orders/${String(placed.body.id)}/fulfill`, undefined, employee, 'anonymous')).status,
    ).toBe(403);
    expect(
      (await fleet.orders.call('POST', `/api/v1/orders/${String(placed.body.id)}/fulfill`, undefined, await as('manager'), 'anonymous'))
        .status,
    ).toBe(200);
    expect(await count('subscriptions')).toBe(0);
  });

  test('when an employee places an order, then orders reserves it in inventory with its service account (inventory admits only service:orders and admin)', async () => {
    const employee = await as('employee');
    const { status, body } = await place(employee);
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'confirmed', totalCents: 1000 });
    expect(await reserved()).toBe(2);
    const actors = await fleet.inventory.sql<{ actor: string }>(`SELECT actor FROM movements WHERE kind = 'reservation'`);
    expect(actors).toEqual([{ actor: 'service:orders' }]);
    // the employee's own token is not enough to reserve directly
    expect(
      (
        await fleet.inventory.call(
          'POST',
          '/api/v1/reservations',
          { orderId: 'direct', lines: [{ sku: 'AU-A', quantity: 1 }] },
          employee,
          'anonymous',
        )
      ).status,
    ).toBe(403);
  });

  test('when orders keeps placing while its service token is renewed, then every placement reserves', async () => {
    const employee = await as('employee');
    expect((await place(employee)).status).toBe(201);
    // past the 2 s token lifetime and the 5 s tolerance: the first service token is dead by now
    await waitFor(
      async () => ((await fleet.orders.call('GET', '/api/v1/orders', undefined, employee, 'anonymous')).status === 401 ? true : undefined),
      {
        timeoutMs: 20_000,
        intervalMs: 250,
        message: 'the first tokens to expire',
      },
    );
    expect((await place(await as('employee'))).status).toBe(201);
    expect(await reserved()).toBe(4);
  });

  test('when a token is tampered with (roles raised), then 401 and nothing is written', async () => {
    const forged = tamper((await as('employee')).authorization.slice('Bearer '.length));
    const { status, contentType } = await fleet.orders.call(
      'POST',
      '/api/v1/subscriptions',
      { url: 'http://127.0.0.1:9/hook', events: ['order.confirmed'] },
      { authorization: `Bearer ${forged}` },
      'anonymous',
    );
    expect(status).toBe(401);
    expect(contentType).toContain('application/problem+json');
    expect(await count('subscriptions')).toBe(0);
  });

  test('when a token has expired, then 401 "expired"', async () => {
    const employee = await as('employee');
    const refused = await waitFor(
      async () => {
        const reply = await fleet.orders.call('GET', '/api/v1/orders', undefined, employee, 'anonymous');
        return reply.status === 401 ? reply : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250, message: 'token expiry' },
    );
    expect(String(refused.body.detail)).toMatch(/expired/);
  });

  test('when health and the OpenAPI document are read anonymously, then they answer', async () => {
    expect((await fleet.orders.call('GET', '/health/live', undefined, {}, 'anonymous')).status).toBe(200);
    const { status, body } = await fleet.orders.call('GET', '/openapi.json', undefined, {}, 'anonymous');
    expect(status).toBe(200);
    const paths = body.paths as Record<string, Record<string, { 'x-roles'?: string[] }>>;
    expect(paths['/api/v1/subscriptions']?.post?.['x-roles']).toEqual(['admin']);
  });
});

describe('object-level: a caller sees the orders and carts they placed; managers and admins see all', () => {
  test('when an employee reads or cancels an order someone else placed, then 404 like a missing one, and the manager sees it', async () => {
    const byAdmin = await place(await as('admin'));
    const id = String(byAdmin.body.id);
    const employee = await as('employee');
    const read = await fleet.orders.call('GET', `/api/v1/orders/${id}`, undefined, employee, 'anonymous');
    expect(read.status).toBe(404);
    expect(read.contentType).toContain('application/problem+json');
    expect((await fleet.orders.call('POST', `/api/v1/orders/${id}/cancel`, undefined, employee, 'anonymous')).status).toBe(404);
    expect((await fleet.orders.call('GET', `/api/v1/orders/${id}`, undefined, await as('manager'), 'anonymous')).status).toBe(200);
    expect(await reserved()).toBe(2);
  });

  test("when an employee lists orders or a customer's history, then only the orders they placed appear", async () => {
    await place(await as('admin'));
    const own = await place(await as('employee'));
    const employee = await as('employee');
    for (const path of ['/api/v1/orders', '/api/v1/customers/c-1/orders']) {
      const { body } = await fleet.orders.call('GET', path, undefined, employee, 'anonymous');
      expect((body.items as Array<{ id: string }>).map((o) => o.id)).toEqual([own.body.id]);
      const all = await fleet.orders.call('GET', path, undefined, await as('manager'), 'anonymous');
      expect((all.body.items as unknown[]).length).toBe(2);
    }
  });

  test("when an employee reads, fills or checks out someone else's cart, then 404 and the cart is unchanged", async () => {
    const cart = await fleet.orders.call('POST', '/api/v1/carts', { customerId: 'c-1' }, await as('admin'), 'anonymous');
    const path = `/api/v1/carts/${String(cart.body.id)}`;
    const employee = await as('employee');
    expect((await fleet.orders.call('GET', path, undefined, employee, 'anonymous')).status).toBe(404);
    expect((await fleet.orders.call('PUT', `${path}/lines/AU-A`, { quantity: 1 }, employee, 'anonymous')).status).toBe(404);
    expect(
      (await fleet.orders.call('POST', `${path}/checkout`, undefined, { ...employee, 'idempotency-key': newKey() }, 'anonymous')).status,
    ).toBe(404);
    expect(await count('cart_lines')).toBe(0);
  });

  test('when two callers send the same Idempotency-Key, then each gets their own order (keys never replay another caller)', async () => {
    const key = newKey();
    const first = await place(await as('admin'), key);
    const second = await place(await as('employee'), key);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).not.toBe(first.body.id);
  });
});
