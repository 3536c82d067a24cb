import { waitFor } from '@erp/testing';
import { startInventory, type InventoryHarness } from './harness';
import { tamper } from './tokens';

// Access tokens live 2 s here (plus the verifier's 5 s clock tolerance), so one test can watch a token expire.
let inv: InventoryHarness;
beforeAll(async () => {
  inv = await startInventory({}, { AUTH_ACCESS_TOKEN_TTL_S: '2' });
});
afterAll(async () => inv.stop());
beforeEach(async () => inv.reset());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const count = async (table: string) => (await inv.sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;
const writes: Array<[string, string, unknown]> = [
  ['POST', '/api/v1/stock/A-1/adjustments', { delta: 5, reason: 'count' }],
  ['POST', '/api/v1/receipts', { lines: [{ sku: 'A-1', quantity: 1 }] }],
  ['POST', '/api/v1/transfers', { sku: 'A-1', from: 'main', to: 'north', quantity: 1 }],
  ['PUT', '/api/v1/stock/A-1/low-stock-threshold', { threshold: 3 }],
  ['POST', '/api/v1/locations', { code: 'north', name: 'North' }],
  ['POST', '/api/v1/reservations', { orderId: 'o-1', lines: [{ sku: 'A-1', quantity: 1 }] }],
  ['POST', '/api/v1/reservations/by-order/o-1/release', undefined],
  ['POST', '/api/v1/reservations/by-order/o-1/commit', undefined],
];

describe('who may call', () => {
  test.each(writes)('when %s %s is called anonymously, then 401 problem+json and nothing is written', async (method, path, body) => {
    const { status, contentType, body: problem } = await inv.call(method, path, body, {}, 'anonymous');
    expect(status).toBe(401);
    expect(contentType).toContain('application/problem+json');
    expect(problem.status).toBe(401);
    expect([await count('movements'), await count('reservations'), await count('locations'), await count('sku_settings')]).toEqual([
      0, 0, 1, 0,
    ]);
  });

  test('when an employee adjusts stock, then 403 and nothing is written', async () => {
    const { status, contentType } = await inv.call(
      'POST',
      '/api/v1/stock/A-1/adjustments',
      { delta: 5, reason: 'count' },
      bearer(await inv.idp.login('employee@erp.example')),
    );
    expect(status).toBe(403);
    expect(contentType).toContain('application/problem+json');
    expect(await count('movements')).toBe(0);
  });

  test('when a manager adjusts stock, then 201 and the ledger names the manager from the token', async () => {
    expect(
      (
        await inv.call(
          'POST',
          '/api/v1/stock/A-1/adjustments',
          { delta: 5, reason: 'count' },
          bearer(await inv.idp.login('manager@erp.example')),
        )
      ).status,
    ).toBe(201);
    expect(await inv.sql('SELECT actor FROM movements')).toEqual([{ actor: 'manager@erp.example' }]);
  });

  test('when a manager (not the orders service) reserves stock, then 403', async () => {
    await inv.call(
      'POST',
      '/api/v1/stock/A-1/adjustments',
      { delta: 5, reason: 'count' },
      bearer(await inv.idp.login('admin@erp.example')),
    );
    const reserve = () => inv.call('POST', '/api/v1/reservations', { orderId: 'o-1', lines: [{ sku: 'A-1', quantity: 1 }] }, bearer(token));
    let token = await inv.idp.login('manager@erp.example');
    expect((await reserve()).status).toBe(403);
    token = await inv.idp.serviceToken('orders');
    expect((await reserve()).status).toBe(201);
    expect(await inv.sql('SELECT actor FROM movements WHERE kind = $1', ['reservation'])).toEqual([{ actor: 'service:orders' }]);
  });

  test('when a token is tampered with (roles raised), then 401 and nothing is written', async () => {
    const forged = tamper(await inv.idp.login('employee@erp.example'));
    const { status, contentType } = await inv.call('POST', '/api/v1/stock/A-1/adjustments', { delta: 5, reason: 'count' }, bearer(forged));
    expect(status).toBe(401);
    expect(contentType).toContain('application/problem+json');
    expect(await count('movements')).toBe(0);
  });

  test('when a token has expired, then 401 "expired"', async () => {
    const token = await inv.idp.login('admin@erp.example');
    const refused = await waitFor(
      async () => {
        const reply = await inv.call('POST', '/api/v1/locations', { code: 'late', name: 'Late' }, bearer(token));
        if (reply.status === 201) await inv.sql(`DELETE FROM locations WHERE code = 'late'`);
        return reply.status === 401 ? reply : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250, message: 'token expiry' },
    );
    expect(String(refused.body.detail)).toMatch(/expired/);
  });

  test('when stock, low stock and locations are read anonymously, then they answer (stock is not personal data)', async () => {
    for (const path of ['/api/v1/stock', '/api/v1/low-stock', '/api/v1/locations'])
      expect((await inv.call('GET', path, undefined, {}, 'anonymous')).status).toBe(200);
  });

  test('when the ledger or a reservation is read anonymously, then 401 (they name people and orders)', async () => {
    for (const path of ['/api/v1/stock/A-1/movements', '/api/v1/ledger/verification', '/api/v1/reservations/by-order/o-1']) {
      expect((await inv.call('GET', path, undefined, {}, 'anonymous')).status).toBe(401);
    }
  });

  test('when health and the OpenAPI document are read anonymously, then they answer and the document declares the roles', async () => {
    expect((await inv.call('GET', '/health/live', undefined, {}, 'anonymous')).status).toBe(200);
    const { status, body } = await inv.call('GET', '/openapi.json', undefined, {}, 'anonymous');
    expect(status).toBe(200);
    const paths = body.paths as Record<string, Record<string, { 'x-roles'?: string[] }>>;
    expect(paths['/api/v1/reservations']?.post?.['x-roles']).toEqual(['service:orders', 'admin']);
    expect(paths['/api/v1/stock/{sku}/adjustments']?.post?.['x-roles']).toEqual(['admin', 'manager']);
  });
});
