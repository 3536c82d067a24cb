import { adminDatabaseUrl, createDatabaseDigest, fuzzOpenApi, fuzzTimeoutMs, waitFor, type DatabaseDigest } from '@erp/testing';
import { addProducts, newKey, placeOrder, startFleet, stock, type Fleet, type Node } from '@erp/harness/commerce-fleet';

/**
 * Every route of orders' own OpenAPI document, fed generated hostile requests with an admin token (see @erp/testing),
 * with real catalog and inventory behind it: a refused request may change neither orders' tables nor inventory's.
 */
describe('orders under generated hostile input', () => {
  let fleet: Fleet;
  let digests: DatabaseDigest[];
  let values: Record<string, string[]>;

  /** A digest of the database behind `node` (its URL from the server's name for it). */
  async function digestOf(node: Node, exclude: string[]): Promise<DatabaseDigest> {
    const [{ name }] = (await node.sql<{ name: string }>('SELECT current_database() AS name')) as [{ name: string }];
    const url = new URL(adminDatabaseUrl());
    url.pathname = `/${name}`;
    return createDatabaseDigest(url.toString(), { exclude });
  }

  beforeAll(async () => {
    fleet = await startFleet();
    await addProducts(fleet, [
      { sku: 'FZ-ONE', priceCents: 1999 },
      { sku: 'FZ-TWO', priceCents: 500 },
    ]);
    await stock(fleet, 'FZ-ONE', 100);
    await stock(fleet, 'FZ-TWO', 100);
    const order = await placeOrder(fleet, { customerId: 'fuzz-customer', lines: [{ sku: 'FZ-ONE', quantity: 1 }] }, newKey());
    const cart = await fleet.orders.call('POST', '/api/v1/carts', { customerId: 'fuzz-customer' });
    if (order.status !== 201 || cart.status !== 201) throw new Error(`fixtures: order ${order.status}, cart ${cart.status}`);
    values = {
      id: [String(order.body.id), String(cart.body.id)],
      sku: ['FZ-ONE', 'FZ-TWO'],
      customerId: ['fuzz-customer'],
      'idempotency-key': [newKey()],
    };
    // the outbox, its webhook deliveries and compensations are worked off by background jobs, not by the requests
    digests = [await digestOf(fleet.orders, ['outbox', 'deliveries', 'compensations']), await digestOf(fleet.inventory, [])];
  }, 120_000);

  afterAll(async () => {
    await Promise.all((digests ?? []).map((d) => d.close()));
    await fleet?.stop();
  });

  it(
    'when every route gets hostile values, wrong types, broken encodings, oversized and nested bodies, then no 5xx, every 4xx is problem+json and refused writes change nothing',
    async () => {
      const report = await fuzzOpenApi({
        baseUrl: fleet.orders.url,
        token: fleet.tokens.admin,
        values,
        // by design (README): a placement short of stock (409) is kept as a failed order, and a refused placement's answer
        // (409, 422) is stored with its Idempotency-Key so that a retry gets the same answer; bad input (400) writes nothing
        recordedRefusals: [409, 422],
        // a cancel or a failed placement releases its stock in inventory through a compensation, after the answer
        settle: () =>
          waitFor(async () => (await fleet.orders.sql('SELECT 1 FROM compensations WHERE done_at IS NULL')).length === 0, {
            timeoutMs: 20_000,
            message: 'compensations done',
          }).then(() => undefined),
        digest: async () => {
          const [orders, inventory] = await Promise.all(digests.map((d) => d.read()));
          return { ...prefixed('orders', orders!), ...prefixed('inventory', inventory!) };
        },
      });
      expect(report.routes).toBeGreaterThan(10);
      expect({ seed: report.seed, failures: report.failures }).toEqual({ seed: report.seed, failures: [] });
    },
    fuzzTimeoutMs(),
  );
});

/** `tables` with each name prefixed by the service that owns it. */
function prefixed(service: string, tables: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tables).map(([table, digest]) => [`${service}.${table}`, digest]));
}
